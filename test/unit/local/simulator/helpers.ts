import got from 'got';
import type { WireLink, RunningSimulator } from '../../../../local/simulator/index.js';

export interface Envelope<T = Record<string, unknown>> {
  _embedded: { items: T[] };
  _links: Record<string, WireLink>;
  current_count: number;
  filter_applied?: string;
  limit: number;
  start: string;
  total_count?: number;
  total_pages_count?: number;
}

export interface ErrorResponse {
  errors: { error_code: number; error_message: string }[];
}

export interface Answer<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
}

export interface SimulatorCallOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Accept header; omitted = none sent. */
  accept?: string;
  /** Bearer token; default the simulator's; null = no Authorization header. */
  token?: string | null;
  json?: unknown;
  headers?: Record<string, string>;
}

/** One real HTTP request, no retries, any status accepted. */
export async function call<T = unknown>(
  sim: RunningSimulator,
  path: string,
  opts: SimulatorCallOptions = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? sim.token : opts.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  if (opts.accept !== undefined) headers['accept'] = opts.accept;
  const url = path.startsWith('http') ? path : `${sim.url}${path}`;
  const res = await got(url, {
    method: opts.method ?? (opts.json === undefined ? 'GET' : 'POST'),
    headers,
    json: opts.json,
    throwHttpErrors: false,
    retry: { limit: 0 },
  });
  return { status: res.statusCode, headers: res.headers, body: JSON.parse(res.body) as T, text: res.body };
}

export function list<T = Record<string, unknown>>(
  sim: RunningSimulator,
  path: string,
  opts: SimulatorCallOptions = {},
) {
  return call<Envelope<T>>(sim, path, opts);
}

/** `path?limit=…&filter=<url-encoded JSON>&…` */
export function withQuery(path: string, query: Record<string, string | number | object | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

export function messages(body: unknown): string[] {
  return (body as ErrorResponse).errors.map((e) => e.error_message);
}

/** Follows `_links._next.href` verbatim until the last page; returns every item and each page. */
export async function followAll<T>(
  sim: RunningSimulator,
  first: string,
): Promise<{ items: T[]; pages: Envelope<T>[] }> {
  const items: T[] = [];
  const pages: Envelope<T>[] = [];
  let next: string | undefined = first;
  while (next !== undefined) {
    const page: Answer<Envelope<T>> = await list<T>(sim, next);
    if (page.status !== 200) throw new Error(`GET ${next} answered ${page.status}: ${page.text}`);
    pages.push(page.body);
    items.push(...page.body._embedded.items);
    next = page.body._links['_next']?.href;
  }
  return { items, pages };
}

export const FIXED_NOW = new Date('2024-06-15T10:30:00Z');
