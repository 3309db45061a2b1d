/**
 * One error hierarchy for everything that talks to Clumio. Messages carry the method, the path and
 * Clumio's own error text; they never carry the token, a header or a request body.
 */
export class ClumioError extends Error {
  override readonly name: string = 'ClumioError';
}

/** Bad client configuration: base URL, missing token, secret that cannot be read. */
export class ClumioConfigError extends ClumioError {
  override readonly name: string = 'ClumioConfigError';
}

export interface HttpErrorDetails {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** Clumio's `errors[0].error_code`, when the body had one. */
  readonly errorCode?: number;
  /** Every `errors[].error_message`, joined; or a short excerpt of a non-Clumio body. */
  readonly errorMessage?: string;
}

/** Clumio answered with a status outside 2xx. */
export class ClumioHttpError extends ClumioError implements HttpErrorDetails {
  override readonly name: string = 'ClumioHttpError';
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly errorCode?: number;
  readonly errorMessage?: string;

  constructor(details: HttpErrorDetails, summary?: string) {
    const what = details.errorMessage ? `: ${details.errorMessage}` : '';
    super(
      `${summary ?? 'Clumio request failed'} (${details.method} ${details.path} -> HTTP ${details.status})${what}`,
    );
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    if (details.errorCode !== undefined) this.errorCode = details.errorCode;
    if (details.errorMessage !== undefined) this.errorMessage = details.errorMessage;
  }
}

/** 401 or 403: the token is missing, expired, or not allowed to do this. Never retried. */
export class ClumioAuthError extends ClumioHttpError {
  override readonly name: string = 'ClumioAuthError';
  constructor(details: HttpErrorDetails) {
    super(
      details,
      details.status === 401
        ? 'Clumio refused the API token (expired or invalid); no further requests are sent with it'
        : 'Clumio denied this request to the API token (check its role and organizational unit)',
    );
  }
}

/** 429 after every allowed retry. */
export class ClumioThrottledError extends ClumioHttpError {
  override readonly name: string = 'ClumioThrottledError';
  constructor(details: HttpErrorDetails) {
    super(details, 'Clumio kept throttling the request (100 requests/s per organization)');
  }
}

/** No HTTP answer at all (DNS, refused connection, reset, timeout), after every allowed retry. */
export class ClumioNetworkError extends ClumioError {
  override readonly name: string = 'ClumioNetworkError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly code: string,
    /** The Clumio host it was sent to (`us-west-2.api.clumio.com`, `127.0.0.1:8080`). */
    readonly host: string,
  ) {
    super(`Clumio at ${host} could not be reached (${method} ${path}: ${code})`);
  }
}

/**
 * A restore POST that was sent but whose outcome is unknown (timeout, reset, 5xx): Clumio may have
 * started the restore. It is never re-sent, because a second POST could start a duplicate restore.
 */
export class ClumioOutcomeUnknownError extends ClumioError {
  override readonly name: string = 'ClumioOutcomeUnknownError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(
      `outcome unknown: ${method} ${path} was sent but ${reason}; Clumio may have started it, ` +
        'so it was not sent again (check the Clumio task list before retrying by hand)',
    );
  }
}

/** Clumio answered 2xx with a body this client does not understand. */
export class ClumioProtocolError extends ClumioError {
  override readonly name: string = 'ClumioProtocolError';
}
