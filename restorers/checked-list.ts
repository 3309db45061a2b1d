import type { EndpointName, Filter, ListOptions, ListPage, PageOptions } from '../clumio/index.js';
import type { LookupContext, LookupLog } from './types.js';

/**
 * Lists whose every item is checked against the filter that asked for it (DESIGN §3.2). Clumio filters
 * on the server; an item that does not match what was asked (another environment, another asset's
 * backup, a backup outside the window, an asset without the tag) is dropped here and counted in one log
 * line per list, so a server that ignored a filter can never make the product restore something else.
 */

type Item = Readonly<Record<string, unknown>>;

/**
 * Filter fields whose value is not the item field of the same name. An RDS backup names its database
 * `resource_id` in the older model and `database_id` in the current one (the filter field is
 * `resource_id` in both); a protection group's S3 asset names its group `group_id`.
 */
const VALUES: Readonly<Record<string, (item: Item) => unknown>> = {
  'tags.id': (item) => (Array.isArray(item['tags']) ? item['tags'].map((t: Item) => t['id']) : undefined),
  backup_status: (item) => (item['backup_status_info'] as Item | null | undefined)?.['backup_status'],
  resource_id: (item) => item['resource_id'] ?? item['database_id'],
  protection_group_id: (item) => item['protection_group_id'] ?? item['group_id'],
};

function valueOf(item: Item, field: string): unknown {
  return (VALUES[field] ?? ((i: Item) => i[field]))(item);
}

/** Booleans are filtered as "true"/"false" strings as often as as booleans. */
function same(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'boolean' || typeof expected === 'boolean')
    return String(actual) === String(expected);
  return actual === expected;
}

function instant(value: unknown): number {
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

function holds(op: string, actual: unknown, expected: unknown): boolean {
  switch (op) {
    case '$eq':
      return same(actual, expected);
    case '$in':
      return Array.isArray(expected) && expected.some((e) => same(actual, e));
    case '$all':
      return Array.isArray(expected) && Array.isArray(actual) && expected.every((e) => actual.includes(e));
    case '$contains':
      // Clumio compares case-insensitively; callers that need an exact name match it themselves.
      return (
        typeof actual === 'string' &&
        typeof expected === 'string' &&
        actual.toLowerCase().includes(expected.toLowerCase())
      );
    case '$lte':
      return instant(actual) <= instant(expected);
    case '$lt':
      return instant(actual) < instant(expected);
    case '$gt':
      return instant(actual) > instant(expected);
    case '$gte':
      return instant(actual) >= instant(expected);
    default:
      throw new Error(`no client-side check for filter operator ${op}`);
  }
}

/** How an item departs from a filter (the first condition it fails), or undefined when it matches. */
export function filterMismatch(filter: Filter, item: Item): string | undefined {
  for (const [field, conditions] of Object.entries(filter)) {
    const actual = valueOf(item, field);
    for (const [op, expected] of Object.entries(conditions)) {
      if (!holds(op, actual, expected)) {
        return `${field} ${JSON.stringify(actual) ?? 'absent'} does not satisfy ${op} ${JSON.stringify(expected)}`;
      }
    }
  }
  return undefined;
}

/** Counts the items a list dropped and logs them once, when the list is done or abandoned. */
class Drops {
  private count = 0;
  private example: string | undefined;

  constructor(
    private readonly log: LookupLog,
    private readonly list: EndpointName,
  ) {}

  keep(filter: Filter | undefined, item: unknown): boolean {
    const why = filter === undefined ? undefined : filterMismatch(filter, item as Item);
    if (why === undefined) return true;
    this.count++;
    this.example ??= `${String((item as Item)['id'])}: ${why}`;
    return false;
  }

  report(): void {
    if (this.count === 0) return;
    this.log.warn('dropped list items that do not match the filter sent', {
      list: this.list,
      dropped: this.count,
      example: this.example,
    });
  }
}

/** Every item of a list that matches its filter. */
export async function* listMatching<T>(
  ctx: Pick<LookupContext, 'client' | 'log'>,
  name: EndpointName,
  options: ListOptions = {},
): AsyncGenerator<T, void, undefined> {
  const drops = new Drops(ctx.log, name);
  try {
    for await (const item of ctx.client.list<T>(name, options)) {
      if (drops.keep(options.filter, item)) yield item;
    }
  } finally {
    drops.report();
  }
}

/** One page of a list (ClumioClient.page), the items that match its filter; drops logged per page. */
export async function pageMatching<T>(
  ctx: Pick<LookupContext, 'client' | 'log'>,
  name: EndpointName,
  options: PageOptions,
): Promise<ListPage<T>> {
  const drops = new Drops(ctx.log, name);
  const page = await ctx.client.page<T>(name, options);
  const items = page.items.filter((item) => drops.keep(options.filter, item));
  drops.report();
  return page.next === undefined ? { items } : { items, next: page.next };
}

/** Every item of a small list that matches its filter, in memory. */
export async function listAllMatching<T>(
  ctx: Pick<LookupContext, 'client' | 'log'>,
  name: EndpointName,
  options: ListOptions = {},
): Promise<T[]> {
  const out: T[] = [];
  for await (const item of listMatching<T>(ctx, name, options)) out.push(item);
  return out;
}

/**
 * The first item of a sorted, filtered list that matches its filter: one `limit=1` request when the
 * server filtered as asked, else the list paged on (the same filter and sort) to the first that does.
 */
export async function firstMatching<T>(
  ctx: Pick<LookupContext, 'client' | 'log'>,
  name: EndpointName,
  options: Omit<ListOptions, 'limit'>,
  accept: (item: T) => boolean = () => true,
): Promise<T | undefined> {
  const first = await ctx.client.first<T>(name, options);
  if (first === undefined) return undefined;
  if (options.filter === undefined || filterMismatch(options.filter, first as Item) === undefined) {
    if (accept(first)) return first;
  }
  for await (const item of listMatching<T>(ctx, name, options)) {
    if (accept(item)) return item;
  }
  return undefined;
}
