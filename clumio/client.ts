import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { RequestError, type Got, type OptionsInit, type Response, type RetryObject } from 'got';
import { normaliseBaseUrl } from './base-url.js';
import { endpoints, expandPath, type EndpointName, type RestoreEndpointName } from './endpoints.js';
import {
  ClumioAuthError,
  ClumioError,
  ClumioHttpError,
  ClumioNetworkError,
  ClumioOutcomeUnknownError,
  ClumioProtocolError,
  ClumioThrottledError,
  type HttpErrorDetails,
} from './errors.js';
import {
  calculateDelay,
  defaultRetrySettings,
  failedBeforeSending,
  GET_RETRY_STATUS_CODES,
  NETWORK_ERROR_CODES,
  type RetrySettings,
} from './retry.js';
import type { RateGovernor } from './rate-governor.js';
import type { TokenProvider } from './token.js';
import type { Filter, ListEnvelope, RestoreAccepted, Task } from './types.js';

type SendOptions = Pick<OptionsInit, 'json' | 'searchParams' | 'timeout' | 'retry' | 'agent'>;

/**
 * The restore POST opens a connection of its own. A kept-alive socket may have been closed by Clumio while
 * it sat idle (or while Lambda froze the container between invocations); a POST written to it fails after
 * sending, so its restore would be `unknown`. On a new connection the POST either reaches Clumio or fails
 * before anything was sent.
 */
const newConnection = {
  http: new HttpAgent({ keepAlive: false }),
  https: new HttpsAgent({ keepAlive: false }),
};

/** Page size of every list call (clumio-api §2.2: 100 is what Clumio's own tools use). */
export const PAGE_LIMIT = 100;

/** A request that failed and will be sent again: what the caller may tell a waiting user. */
export interface RetryNotice {
  /** The Clumio host (`us-west-2.api.clumio.com`). */
  readonly host: string;
  readonly method: string;
  readonly path: string;
  /** What went wrong: a network error code (`ENOTFOUND`) or `HTTP 503`. */
  readonly reason: string;
  /** Which retry this is (1 = the second attempt), of `limit`. */
  readonly retry: number;
  readonly limit: number;
  /** How long until it is sent again. */
  readonly delayMs: number;
}

export interface ClumioClientOptions {
  /** Any form of clumio-api §1; normalised here. */
  readonly baseUrl: string;
  readonly token: TokenProvider;
  readonly retry?: Partial<RetrySettings>;
  /** Paces every attempt (retries included) and learns from 429s; shared by the clients of a process. */
  readonly governor?: RateGovernor;
  /** Told before each retry waits (this client writes nothing anywhere). */
  readonly onRetry?: (notice: RetryNotice) => void;
  /** Milliseconds: connect, and the whole of one attempt. The restore POST waits `restoreResponseMs`. */
  readonly timeouts?: {
    readonly connectMs?: number;
    readonly requestMs?: number;
    readonly restoreResponseMs?: number;
  };
}

export interface CallOptions {
  /** Values for `{name}` segments of the endpoint's path. */
  readonly params?: Readonly<Record<string, string>>;
  readonly filter?: Filter;
  readonly sort?: string;
  /** Other query parameters (`lookback_days`, `embed`, …). */
  readonly query?: Readonly<Record<string, string | number>>;
}

export interface ListOptions extends CallOptions {
  /** Page size; default and maximum PAGE_LIMIT. */
  readonly limit?: number;
}

export interface PageOptions extends ListOptions {
  /** The `start` of the page (ListPage.next of the page before); absent: the first page. */
  readonly start?: string;
}

export interface ListPage<T> {
  readonly items: readonly T[];
  /** The `start` of the next page; undefined on the last page. */
  readonly next?: string;
}

/** The only code that talks HTTP to Clumio. */
export class ClumioClient {
  readonly baseUrl: string;
  /** The host of the base URL, as messages name it. */
  readonly host: string;
  private readonly http: Got;
  private readonly settings: RetrySettings;
  private readonly restoreResponseMs: number;
  private readonly retryDelay: (retry: RetryObject) => number;
  /** Set on the first 401: the token is dead, so nothing more is sent with it (no retry storm). */
  private refusedToken: ClumioAuthError | undefined;

  constructor(options: ClumioClientOptions) {
    this.baseUrl = normaliseBaseUrl(options.baseUrl);
    this.host = new URL(this.baseUrl).host;
    this.settings = { ...defaultRetrySettings, ...options.retry };
    this.retryDelay = announced(
      calculateDelay(this.settings),
      this.host,
      this.settings.limit,
      options.onRetry,
    );
    const connectMs = options.timeouts?.connectMs ?? 10_000;
    const requestMs = options.timeouts?.requestMs ?? 60_000;
    this.restoreResponseMs = options.timeouts?.restoreResponseMs ?? 120_000;
    const token = options.token;
    const governor = options.governor;
    this.http = got.extend({
      prefixUrl: this.baseUrl,
      responseType: 'json',
      throwHttpErrors: false,
      timeout: { connect: connectMs, request: requestMs },
      retry: {
        limit: this.settings.limit,
        methods: ['GET'],
        statusCodes: GET_RETRY_STATUS_CODES,
        errorCodes: NETWORK_ERROR_CODES,
        maxRetryAfter: this.settings.maxRetryAfterMs,
        calculateDelay: this.retryDelay,
      },
      hooks: {
        beforeRequest: [
          async (request) => {
            request.headers.authorization = `Bearer ${await token()}`;
            await governor?.acquire();
          },
        ],
        afterResponse: [
          (response) => {
            if (response.statusCode === 429) governor?.throttled();
            return response;
          },
        ],
      },
    });
  }

  /** One GET of a single resource (a task, an environment, …). */
  async get<T>(name: EndpointName, options: CallOptions = {}): Promise<T> {
    const endpoint = endpoints[name];
    const path = expandPath(endpoint.path, options.params);
    return this.send<T>('GET', path, endpoint.accept, { searchParams: queryOf(options) });
  }

  /**
   * Every item of a list, page after page, as the official SDK paginators read one: every page is
   * requested with this call's own `limit`, `filter`, `sort` and query, and only `start` is taken from
   * `_links._next.href` (page number or opaque token alike), until there is no next link. Nothing
   * documents that Clumio's links keep the filter; and the href's host is never contacted.
   */
  async *list<T>(name: EndpointName, options: ListOptions = {}): AsyncGenerator<T, void, undefined> {
    const endpoint = endpoints[name];
    const path = expandPath(endpoint.path, options.params);
    const query = { limit: String(Math.min(options.limit ?? PAGE_LIMIT, PAGE_LIMIT)), ...queryOf(options) };
    const starts = new Set<string>();
    if (this.refusedToken) throw new ClumioAuthError(details(this.refusedToken));
    const pages = this.http.paginate<T, unknown>(path.replace(/^\//, ''), {
      method: 'GET',
      headers: { accept: endpoint.accept },
      searchParams: query,
      responseType: 'json',
      pagination: {
        transform: (response) => {
          const page = this.answer<ListEnvelope<T>>('GET', path, response);
          const items = page._embedded?.items ?? [];
          if (!Array.isArray(items))
            throw new ClumioProtocolError(`GET ${path}: _embedded.items is not a list`);
          return items as T[];
        },
        paginate: ({ response }) => {
          if (this.refusedToken) throw new ClumioAuthError(details(this.refusedToken));
          const start = nextStart(response.body as ListEnvelope<T>, path, starts);
          return start === undefined ? false : { searchParams: { ...query, start } };
        },
        // got stops silently after requestLimit pages; a list ends only where Clumio says it does.
        requestLimit: Number.POSITIVE_INFINITY,
      },
    });
    try {
      yield* pages;
    } catch (error) {
      throw error instanceof ClumioError ? error : translateNetworkError(error, 'GET', path, this.host);
    }
  }

  /**
   * One page of a list, for a listing that goes on in another process: its items and the `start` of
   * the next page (undefined on the last). As the SDK paginators page, every page is asked with this
   * call's own `limit`, filter and sort, and only `start` is taken from `_links._next.href`.
   */
  async page<T>(name: EndpointName, options: PageOptions = {}): Promise<ListPage<T>> {
    const endpoint = endpoints[name];
    const path = expandPath(endpoint.path, options.params);
    const limit = Math.min(options.limit ?? PAGE_LIMIT, PAGE_LIMIT);
    const searchParams: Record<string, string> = { limit: String(limit), ...queryOf(options) };
    if (options.start !== undefined) searchParams.start = options.start;
    const page = await this.send<ListEnvelope<T>>('GET', path, endpoint.accept, { searchParams });
    const items = page._embedded?.items ?? [];
    if (!Array.isArray(items)) throw new ClumioProtocolError(`GET ${path}: _embedded.items is not a list`);
    // A page that sends back to the one asked (its own start) would loop, as in list().
    const next = nextStart(page, path, new Set(options.start === undefined ? [] : [options.start]));
    return next === undefined ? { items } : { items, next };
  }

  /** All items of a list in memory; for lists known to be small (environments, tags of one key). */
  async listAll<T>(name: EndpointName, options: ListOptions = {}): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this.list<T>(name, options)) out.push(item);
    return out;
  }

  /** The first item of a sorted, filtered list, with one request (`limit=1`): how a backup is chosen. */
  async first<T>(name: EndpointName, options: CallOptions = {}): Promise<T | undefined> {
    for await (const item of this.list<T>(name, { ...options, limit: 1 })) return item;
    return undefined;
  }

  /**
   * Starts a restore. Retried only on 429 and on failures before sending; any other failure after
   * sending is a ClumioOutcomeUnknownError, never a second POST.
   */
  async startRestore(name: RestoreEndpointName, body: unknown): Promise<RestoreAccepted> {
    const endpoint = endpoints[name];
    const response = await this.send<{ task_id?: unknown }>('POST', endpoint.path, endpoint.accept, {
      json: body,
      agent: newConnection,
      timeout: { response: this.restoreResponseMs },
      retry: {
        limit: this.settings.limit,
        methods: ['POST'],
        statusCodes: [429],
        errorCodes: NETWORK_ERROR_CODES,
        maxRetryAfter: this.settings.maxRetryAfterMs,
        calculateDelay: this.retryDelay,
      },
    });
    const taskId = response.task_id;
    if (typeof taskId !== 'string' && typeof taskId !== 'number') {
      throw new ClumioProtocolError(`POST ${endpoint.path} was accepted but the answer has no task_id`);
    }
    return { taskId: String(taskId) };
  }

  /**
   * One cheap authenticated GET (the first connected environment): proves, before a run writes or starts
   * anything, that Clumio can be reached and accepts the token. Throws what any call would throw.
   */
  async checkAccess(): Promise<void> {
    await this.first('environments');
  }

  /** One read of a task: the state machine waits between reads, never this client. */
  readTask(taskId: string): Promise<Task> {
    return this.get<Task>('task', { params: { task_id: taskId } });
  }

  /**
   * Asks Clumio to abort a task (200: the task, now `aborting`). Retried like a read: asking twice to
   * abort the same task cannot start anything.
   */
  async abortTask(taskId: string): Promise<Task> {
    const endpoint = endpoints.abortTask;
    return this.send<Task>('PATCH', expandPath(endpoint.path, { task_id: taskId }), endpoint.accept, {
      json: { status: 'aborting' },
      retry: {
        limit: this.settings.limit,
        methods: ['PATCH'],
        statusCodes: GET_RETRY_STATUS_CODES,
        errorCodes: NETWORK_ERROR_CODES,
        maxRetryAfter: this.settings.maxRetryAfterMs,
        calculateDelay: calculateDelay(this.settings),
      },
    });
  }

  private async send<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    accept: string,
    extra: SendOptions,
  ): Promise<T> {
    const pathOnly = path.split('?')[0] ?? path;
    if (this.refusedToken) throw new ClumioAuthError(details(this.refusedToken));
    let response: Response<unknown>;
    try {
      response = await this.http<unknown>(path.replace(/^\//, ''), {
        ...extra,
        method,
        headers: { accept },
        responseType: 'json',
        resolveBodyOnly: false,
      });
    } catch (error) {
      throw translateNetworkError(error, method, pathOnly, this.host);
    }
    return this.answer<T>(method, pathOnly, response);
  }

  /** The body of a 2xx answer; any other status as the error it means. */
  private answer<T>(method: 'GET' | 'POST' | 'PATCH', pathOnly: string, response: Response<unknown>): T {
    const status = response.statusCode;
    if (status >= 200 && status < 300) return response.body as T;
    const info = { method, path: pathOnly, status, ...clumioErrorOf(response.body) };
    if (status === 401) {
      this.refusedToken = new ClumioAuthError(info);
      throw this.refusedToken;
    }
    if (status === 403) throw new ClumioAuthError(info);
    if (status === 429) throw new ClumioThrottledError(info);
    if (method === 'POST' && status >= 500) {
      throw new ClumioOutcomeUnknownError(method, pathOnly, `Clumio answered HTTP ${status}`);
    }
    throw new ClumioHttpError(info);
  }
}

function details(error: ClumioHttpError): HttpErrorDetails {
  return {
    method: error.method,
    path: error.path,
    status: error.status,
    ...(error.errorCode !== undefined ? { errorCode: error.errorCode } : {}),
    ...(error.errorMessage !== undefined ? { errorMessage: error.errorMessage } : {}),
  };
}

/**
 * The `start` of the next page, from `_links._next.href` (decoded once; re-encoded when sent), as the
 * SDK paginators take it; undefined on the last page. A link without `start`, or one back to a page
 * already read, would loop: a protocol error.
 */
function nextStart<T>(page: ListEnvelope<T>, path: string, starts: Set<string>): string | undefined {
  const href = page._links?._next?.href;
  if (href === undefined || href === null || href === '') return undefined;
  if (typeof page.start === 'string') starts.add(page.start);
  let start: string | null;
  try {
    start = new URL(href, 'http://clumio.invalid').searchParams.get('start');
  } catch {
    start = null;
  }
  if (start === null || start === '') {
    throw new ClumioProtocolError(`GET ${path}: the next page link has no start (${href.slice(0, 200)})`);
  }
  if (starts.has(start)) {
    throw new ClumioProtocolError(`GET ${path}: the next page link repeats a page already read`);
  }
  starts.add(start);
  return start;
}

function queryOf(options: CallOptions): Record<string, string> {
  const out: Record<string, string> = {};
  if (options.filter !== undefined) out.filter = JSON.stringify(options.filter);
  if (options.sort !== undefined) out.sort = options.sort;
  for (const [k, v] of Object.entries(options.query ?? {})) out[k] = String(v);
  return out;
}

/** Clumio's `{"errors":[{error_code, error_message}]}`, or a short excerpt of any other body. */
function clumioErrorOf(body: unknown): { errorCode?: number; errorMessage?: string } {
  if (body !== null && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors)) {
    const errors = (body as { errors: { error_code?: unknown; error_message?: unknown }[] }).errors;
    const messages = errors.map((e) => e.error_message).filter((m): m is string => typeof m === 'string');
    const code = errors[0]?.error_code;
    return {
      ...(typeof code === 'number' ? { errorCode: code } : {}),
      ...(messages.length > 0 ? { errorMessage: messages.join('; ') } : {}),
    };
  }
  if (typeof body === 'string' && body.trim() !== '') return { errorMessage: body.trim().slice(0, 200) };
  return {};
}

/** got's errors carry the request options (and so the Authorization header): never let one escape. */
function translateNetworkError(error: unknown, method: string, path: string, host: string): Error {
  if (!(error instanceof RequestError)) {
    return new ClumioNetworkError(method, path, error instanceof Error ? error.name : 'unknown', host);
  }
  const code = error.code || error.name;
  if (method === 'POST') {
    const phase = (error as RequestError & { event?: string }).event;
    const reason =
      code === 'ETIMEDOUT'
        ? `no answer came in time (${phase ?? 'timeout'})`
        : `the connection failed (${code})`;
    if (!failedBeforeSending(error)) return new ClumioOutcomeUnknownError(method, path, reason);
  }
  return new ClumioNetworkError(method, path, code, host);
}

/**
 * got's `calculateDelay`, telling `onRetry` of each retry it allows. Here rather than in a beforeRetry
 * hook, which got calls after the wait: a user should hear what is being waited for before the wait.
 */
function announced(
  delay: (retry: RetryObject) => number,
  host: string,
  limit: number,
  onRetry: ((notice: RetryNotice) => void) | undefined,
): (retry: RetryObject) => number {
  return (retry) => {
    const delayMs = delay(retry);
    if (delayMs > 0 && onRetry !== undefined) {
      const { error } = retry;
      const status = error.response?.statusCode;
      onRetry({
        host,
        method: error.options.method.toUpperCase(),
        path: error.options.url instanceof URL ? error.options.url.pathname : '',
        reason: status !== undefined ? `HTTP ${status}` : error.code || error.name,
        retry: retry.attemptCount,
        limit,
        delayMs,
      });
    }
    return delayMs;
  };
}
