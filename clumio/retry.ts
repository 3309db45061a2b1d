import type { RequestError, RetryObject } from 'got';

/**
 * The retry policy of DESIGN §7.
 * - GET: 429, 5xx and network errors, jittered exponential backoff, Retry-After honoured.
 * - Restore POST: only where Clumio surely did not act: 429 (throttled requests are not processed)
 *   and failures before the request left this machine. Anything after sending is "outcome unknown".
 */
export interface RetrySettings {
  /** Retries after the first attempt (DESIGN §7: at least 5). */
  readonly limit: number;
  /** First backoff; doubles per retry. */
  readonly baseDelayMs: number;
  /** Cap on one computed backoff. */
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails instead. */
  readonly maxRetryAfterMs: number;
}

export const defaultRetrySettings: RetrySettings = {
  limit: 6,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

export const GET_RETRY_STATUS_CODES = [429, 500, 502, 503, 504];

/** Network errors got may see on any request, sent or not. */
export const NETWORK_ERROR_CODES = [
  'ETIMEDOUT',
  'ECONNRESET',
  'EADDRINUSE',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'ENETUNREACH',
  'EAI_AGAIN',
];

/** Errors raised before any byte of the request was written: no server can have acted on it. */
const NOT_SENT_ERROR_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRINUSE']);
const NOT_SENT_TIMEOUT_PHASES = new Set(['lookup', 'connect', 'secureConnect']);

/** True when the request surely never reached the server. */
export function failedBeforeSending(error: RequestError): boolean {
  if (error.response !== undefined) return false;
  if (NOT_SENT_ERROR_CODES.has(error.code)) return true;
  const phase = (error as RequestError & { event?: string }).event;
  return error.code === 'ETIMEDOUT' && phase !== undefined && NOT_SENT_TIMEOUT_PHASES.has(phase);
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out but still wait. */
export function backoffDelay(
  attempt: number,
  settings: RetrySettings,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  return Math.max(1, Math.round(ceiling / 2 + random() * (ceiling / 2)));
}

/**
 * got's `calculateDelay`. got has already applied limit/methods/statusCodes/errorCodes (and computed a
 * Retry-After delay into `computedValue`); this adds the restore-POST rule and the jitter.
 */
export function calculateDelay(settings: RetrySettings) {
  return ({ attemptCount, error, retryAfter, computedValue }: RetryObject): number => {
    const method = error.options.method.toUpperCase();
    if (method === 'POST') {
      const throttled = error.response?.statusCode === 429;
      if (!throttled && !failedBeforeSending(error)) return 0;
    }
    if (retryAfter !== undefined) return afterRetryAfter(computedValue);
    return backoffDelay(attemptCount, settings);
  };
}

/**
 * At least what Retry-After asks, plus up to as much again (at most 1 s): callers throttled together
 * would otherwise all come back in the same instant and be throttled together again.
 */
export function afterRetryAfter(retryAfterMs: number, random: () => number = Math.random): number {
  return retryAfterMs + Math.round(random() * Math.min(retryAfterMs, 1000));
}
