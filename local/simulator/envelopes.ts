import type { WireLink, Links } from './dataset-types.js';
import { ItemList } from './json.js';

export function link(href: string, type = 'get'): WireLink {
  return { href, templated: false, type };
}

/** What a list link needs to reproduce the request: path, page size and the other query parameters. */
export interface ListRequest {
  readonly path: string;
  readonly limit: number;
  /** Query parameters other than limit/start (filter, sort, lookback_days, embed), in request order. */
  readonly carried: readonly (readonly [string, string])[];
  /** '' for relative hrefs, or the server origin for absolute ones. */
  readonly base: string;
  /** Hrefs with `start` only (SimulatorOptions.linkQuery 'start'). */
  readonly startOnly: boolean;
}

function href(req: ListRequest, start: string | undefined): string {
  const startPart = start === undefined ? [] : [`start=${encodeURIComponent(start)}`];
  const parts = req.startOnly
    ? startPart
    : [
        `limit=${req.limit}`,
        ...startPart,
        ...req.carried.map(([key, value]) => `${key}=${encodeURIComponent(value)}`),
      ];
  return `${req.base}${req.path}${parts.length > 0 ? `?${parts.join('&')}` : ''}`;
}

export interface EnvelopeExtras {
  /** Present only on the lists reference §4 names. */
  readonly filterApplied?: string;
  readonly links?: Links;
}

/** Page-number envelope of reference §3.2: 1-based pages, totals, _first/_last/_next/_prev/_self. */
export function pageEnvelope<T>(
  matched: readonly T[],
  page: number,
  req: ListRequest,
  extras: EnvelopeExtras,
  present: (item: T) => unknown = (item) => item,
): Record<string, unknown> {
  const total = matched.length;
  const pages = Math.ceil(total / req.limit);
  const items = matched.slice((page - 1) * req.limit, page * req.limit).map(present);
  const links: Links = {
    _first: link(href(req, '1')),
    _last: link(href(req, String(Math.max(pages, 1)))),
    _self: link(href(req, String(page))),
  };
  if (page < pages) links['_next'] = link(href(req, String(page + 1)));
  if (page > 1) links['_prev'] = link(href(req, String(Math.min(page - 1, Math.max(pages, 1)))));
  return {
    _embedded: { items: new ItemList(items) },
    _links: { ...links, ...extras.links },
    current_count: items.length,
    ...(extras.filterApplied === undefined ? {} : { filter_applied: extras.filterApplied }),
    limit: req.limit,
    start: String(page),
    total_count: total,
    total_pages_count: pages,
  };
}

const TOKEN_PREFIX = 'offset:';

/** Opaque page token of the token-style lists: base64url of the item offset. */
function encodeToken(offset: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${offset}`).toString('base64url');
}

export function decodeToken(token: string): number | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX)) return undefined;
  const offset = Number(text.slice(TOKEN_PREFIX.length));
  return Number.isSafeInteger(offset) && offset >= 0 ? offset : undefined;
}

/** Token envelope of reference §3.3: no totals; _first/_next/_self only. */
export function tokenEnvelope<T>(
  matched: readonly T[],
  offset: number,
  req: ListRequest,
  extras: EnvelopeExtras,
  present: (item: T) => unknown = (item) => item,
): Record<string, unknown> {
  const items = matched.slice(offset, offset + req.limit).map(present);
  const links: Links = {
    _first: link(href(req, undefined)),
    _self: link(href(req, offset === 0 ? undefined : encodeToken(offset))),
  };
  if (offset + req.limit < matched.length) links['_next'] = link(href(req, encodeToken(offset + req.limit)));
  return {
    _embedded: { items: new ItemList(items) },
    _links: { ...links, ...extras.links },
    current_count: items.length,
    ...(extras.filterApplied === undefined ? {} : { filter_applied: extras.filterApplied }),
    limit: req.limit,
    start: encodeToken(offset),
  };
}
