import { decodeToken } from './envelopes.js';
import { badRequest } from './errors.js';

/** Query parameters are checked against the endpoint's documented set so client mistakes surface. */
export function checkParams(query: URLSearchParams, allowed: readonly string[], where: string): void {
  const unknown = [...new Set(query.keys())].filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw badRequest(
      ...unknown.map(
        (k) =>
          `query parameter "${k}" is not supported by ${where}; supported: ${allowed.join(', ') || 'none'}`,
      ),
    );
  }
}

const MAX_LIMIT = 100;

function positiveInteger(text: string): number | undefined {
  return /^\d+$/.test(text) && Number(text) >= 1 ? Number(text) : undefined;
}

/** Page size: default 100; larger values are clamped to 100 (reference §12.2 leaves both open). */
export function parseLimit(text: string | null): number {
  if (text === null) return MAX_LIMIT;
  const limit = positiveInteger(text);
  if (limit === undefined) throw badRequest(`limit must be a positive integer, got "${text}"`);
  return Math.min(limit, MAX_LIMIT);
}

export function parsePageNumber(text: string | null): number {
  if (text === null) return 1;
  const page = positiveInteger(text);
  if (page === undefined) throw badRequest(`start must be a 1-based page number, got "${text}"`);
  return page;
}

/** Offset behind a token-style list's `start`; none = the first page. */
export function parseToken(text: string | null): number {
  if (text === null || text === '') return 0;
  const offset = decodeToken(text);
  if (offset === undefined) throw badRequest(`start "${text}" is not a page token of this list`);
  return offset;
}

export type SortOrder = 'asc' | 'desc';

export function parseSort(text: string | null): SortOrder {
  if (text === null || text === '-start_timestamp') return 'desc';
  if (text === 'start_timestamp') return 'asc';
  throw badRequest(`sort "${text}" is not supported; use start_timestamp or -start_timestamp`);
}

/** BR's comment says 1–60 is the valid range (reference §12.9); the simulator enforces it. */
export function checkLookback(text: string | null): void {
  if (text === null) return;
  const days = positiveInteger(text);
  if (days === undefined || days > 60)
    throw badRequest(`lookback_days must be an integer from 1 to 60, got "${text}"`);
}

export function parseEmbed(text: string | null, allowed: readonly string[]): string | undefined {
  if (text === null) return undefined;
  if (!allowed.includes(text)) {
    throw badRequest(`embed "${text}" is not supported here; supported: ${allowed.join(', ') || 'none'}`);
  }
  return text;
}
