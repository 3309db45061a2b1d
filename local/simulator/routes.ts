import type { Links, SharedDataset } from './dataset-types.js';
import type { DatasetIndex } from './dataset-index.js';
import { pageEnvelope, tokenEnvelope, type ListRequest } from './envelopes.js';
import { notFound } from './errors.js';
import { parseFilter, type ParsedFilter, type FilterSpec } from './filters.js';
import { checkLookback, parseEmbed, parseLimit, parsePageNumber, parseSort, parseToken } from './query.js';
import type { TaskStore } from './tasks.js';

/** One accepted restore POST, as `restores()` reports it. */
export interface StartedRestore {
  readonly taskId: string;
  readonly path: string;
  readonly body: unknown;
  /** The source backup; null for point-in-time sources (RDS snapshot, DynamoDB continuous, PG pitr). */
  readonly backupId: string | null;
  /** Clumio id of the source asset (protection group, PG S3 asset, volume, …). */
  readonly assetId: string;
  readonly at: string;
}

/** What the handlers share: the data, the tasks and the restores started. */
export interface SimulatorState {
  readonly dataset: SharedDataset;
  readonly index: DatasetIndex;
  readonly tasks: TaskStore;
  readonly restores: StartedRestore[];
  /** SimulatorOptions.maxPageSize. */
  readonly maxPageSize: number;
}

export interface RequestContext {
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly state: SimulatorState;
  /** '' for relative links or the server origin for absolute ones (SimulatorOptions.absoluteLinks). */
  readonly linkBase: string;
  /** SimulatorOptions.linkQuery. */
  readonly linkQuery: 'query' | 'start';
}

export interface Reply {
  readonly status: number;
  readonly body: unknown;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** Path with `{name}` segments. */
  readonly pattern: string;
  /** Accept resource name and the versions served (reference §4). */
  readonly resource: string;
  readonly versions: readonly number[];
  /** Documented query parameters; others are refused. */
  readonly params: readonly string[];
  handle(ctx: RequestContext): Reply;
}

export interface ListDefinition<T> {
  readonly path: string;
  readonly resource: string;
  readonly versions?: readonly number[];
  readonly style: 'page' | 'token';
  readonly filters: FilterSpec<T>;
  readonly filterApplied: boolean;
  /** Backup lists: `sort` by start_timestamp; items must come oldest first. */
  readonly sortable?: boolean;
  readonly lookback?: boolean;
  readonly embeds?: readonly string[];
  readonly links?: Links;
  /** Candidate items, narrowed through an index where the filter pins an indexed field. */
  items(ctx: RequestContext, filter: ParsedFilter<T>): readonly T[];
  embed?(item: T, name: string, ctx: RequestContext): unknown;
  /** The wire form of an item when it differs from the stored one (same object each time: cached JSON). */
  view?(item: T): unknown;
}

/** A GET list with the documented query parameters, filters, sort and envelope. */
export function listRoute<T>(def: ListDefinition<T>): Route {
  const params = [
    'limit',
    'start',
    'filter',
    ...(def.sortable === true ? ['sort'] : []),
    ...(def.lookback === true ? ['lookback_days'] : []),
    ...(def.embeds === undefined ? [] : ['embed']),
  ];
  const deleted = def.filters['is_deleted'];
  return {
    method: 'GET',
    pattern: def.path,
    resource: def.resource,
    versions: def.versions ?? [1],
    params,
    handle(ctx) {
      const q = ctx.query;
      const limit = Math.min(parseLimit(q.get('limit')), ctx.state.maxPageSize);
      const start = def.style === 'page' ? parsePageNumber(q.get('start')) : parseToken(q.get('start'));
      const order = def.sortable === true ? parseSort(q.get('sort')) : 'asc';
      if (def.lookback === true) checkLookback(q.get('lookback_days'));
      const embed = def.embeds === undefined ? undefined : parseEmbed(q.get('embed'), def.embeds);
      const filter = parseFilter(q.get('filter'), def.filters, `GET ${def.path}`);
      // Datasource lists show active assets only unless is_deleted is filtered (reference §7.1).
      const activeOnly = deleted !== undefined && !filter.has('is_deleted');
      const matched = def
        .items(ctx, filter)
        .filter((item) => filter.test(item) && !(activeOnly && deleted.get(item) === true));
      if (order === 'desc') matched.reverse();

      const req: ListRequest = {
        path: ctx.path,
        limit,
        carried: [...q.entries()].filter(([k]) => k !== 'limit' && k !== 'start'),
        base: ctx.linkBase,
        startOnly: ctx.linkQuery === 'start',
      };
      const extras = {
        filterApplied: def.filterApplied
          ? filter.raw === undefined
            ? ''
            : JSON.stringify(filter.raw)
          : undefined,
        links: def.links,
      };
      const present =
        embed !== undefined && def.embed !== undefined
          ? (item: T) => def.embed?.(item, embed, ctx)
          : def.view === undefined
            ? undefined
            : (item: T) => def.view?.(item);
      const body =
        def.style === 'page'
          ? pageEnvelope(matched, start, req, extras, present)
          : tokenEnvelope(matched, start, req, extras, present);
      return { status: 200, body };
    },
  };
}

/** A GET of one item by the last path parameter; unknown id → 404. */
export function readRoute<T>(def: {
  readonly pattern: string;
  readonly resource: string;
  readonly versions?: readonly number[];
  readonly lookback?: boolean;
  readonly what: string;
  find(id: string, ctx: RequestContext): T | undefined;
}): Route {
  const param = /\{([a-z0-9_]+)\}$/.exec(def.pattern)?.[1] ?? '';
  return {
    method: 'GET',
    pattern: def.pattern,
    resource: def.resource,
    versions: def.versions ?? [1],
    params: def.lookback === true ? ['lookback_days'] : [],
    handle(ctx) {
      if (def.lookback === true) checkLookback(ctx.query.get('lookback_days'));
      const id = ctx.params[param] ?? '';
      const item = def.find(id, ctx);
      if (item === undefined) throw notFound(`${def.what} "${id}" not found`);
      return { status: 200, body: item };
    },
  };
}

export type RouteMatch =
  | { readonly route: Route; readonly params: Record<string, string> }
  | { readonly allowed: readonly string[] };

/** Matches a path to a route; literal segments win over parameters (…/s3-assets over …/{backup_id}). */
export class Router {
  private readonly routes: readonly { route: Route; segments: readonly string[] }[];

  constructor(routes: readonly Route[]) {
    const literals = (segments: readonly string[]): number =>
      segments.filter((s) => !s.startsWith('{')).length;
    this.routes = routes
      .map((route) => ({ route, segments: route.pattern.split('/') }))
      .sort((a, b) => literals(b.segments) - literals(a.segments));
  }

  match(method: string, path: string): RouteMatch | undefined {
    const segments = path.split('/');
    const allowed: string[] = [];
    for (const { route, segments: pattern } of this.routes) {
      const params = matchSegments(pattern, segments);
      if (params === undefined) continue;
      if (route.method === method) return { route, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { allowed } : undefined;
  }
}

function matchSegments(
  pattern: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] ?? '';
    const actual = segments[i] ?? '';
    if (expected.startsWith('{')) {
      if (actual === '') return undefined;
      try {
        params[expected.slice(1, -1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) return undefined;
  }
  return params;
}
