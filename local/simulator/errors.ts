/** The Clumio error body (reference §10): every problem is one entry. */
export interface ErrorBody {
  readonly errors: readonly { readonly error_code: number; readonly error_message: string }[];
}

/** A failure answered with `errors[]`; error_code repeats the HTTP status (Clumio documents no catalogue of codes). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: readonly string[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(messages.join('; '));
  }
}

export function errorBody(status: number, messages: readonly string[]): ErrorBody {
  return { errors: messages.map((error_message) => ({ error_code: status, error_message })) };
}

export function badRequest(...messages: string[]): ApiError {
  return new ApiError(400, messages);
}

export function notFound(message: string): ApiError {
  return new ApiError(404, [message]);
}
