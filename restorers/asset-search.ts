import type { EndpointName, Filter } from '../clumio/index.js';
import type { CommonGroupFields } from '../core/group-fields.js';
import { mergeTags, type Tag } from '../core/tags.js';
import { listMatching, pageMatching } from './checked-list.js';
import type { Discovery, FoundAsset, ListScope, LookupContext } from './types.js';

/**
 * Finding the assets of an asset-based type (EBS, EC2, RDS, DynamoDB), with server-side filters wherever
 * Clumio has them: a group's matches for bulkRestore, an environment's assets for bulkList.
 */

/** The fields of an asset list item every search reads. */
export interface AssetListItem {
  readonly id: string;
}

/** How one asset type is listed and how its backups are found (clumio-api §5.1, §7.1). */
export interface AssetKind<A, B> {
  /** The group field that pins one resource (`search_volume_id`, …), for messages. */
  readonly pinField: string;
  /** What one asset is called in messages (`volume`, `instance`, …). */
  readonly noun: string;
  readonly assetList: EndpointName;
  readonly backupList: EndpointName;
  /** Backup-list filter field holding the asset's Clumio id (`volume_id`, …). */
  readonly backupAssetField: string;
  /** Asset-list filter narrowing to an AWS id or name; matched exactly afterwards (`$contains` is loose). */
  readonly nativePinFilter: (pin: string) => Filter;
  /** Whether a pin is an AWS id rather than a Clumio id. */
  readonly isNativeId: (pin: string) => boolean;
  readonly nativeIdOf: (asset: A) => string;
  readonly nativeIdOfBackup: (backup: B) => string;
  /** Backups that cannot be restored by this type's request are passed over (e.g. RDS granular). */
  readonly restorable?: (backup: B) => boolean;
}

/** What a restore group searches for. */
export interface AssetSearch {
  readonly account: string;
  readonly region: string;
  /** Tags every match carries (all of them); none: every resource of the environment. */
  readonly tags: readonly Tag[];
  readonly pin?: string;
}

/** The tags a group's matches must all carry: search_tags, and search_tag_key=search_tag_value. */
export function searchTagsOf(group: CommonGroupFields): Tag[] {
  const single =
    group.search_tag_key !== undefined && group.search_tag_value !== undefined
      ? [{ key: group.search_tag_key, value: group.search_tag_value }]
      : [];
  return mergeTags(single, group.search_tags ?? {});
}

/** `k=v and k2=v2`, for messages. */
export function describeTags(tags: readonly Tag[]): string {
  return tags.map((tag) => `${tag.key}=${tag.value}`).join(' and ');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Clumio ids are UUIDs; a pin that is not one is an AWS identifier or name. */
export function isClumioId(pin: string): boolean {
  return UUID.test(pin);
}

/** Where a listing of a search's assets stands: which of its queries, and the `start` of its next page. */
export interface ListingPosition {
  readonly query: number;
  readonly start?: string;
}

/**
 * The asset-list filters of a search over the source environment, deleted assets included (a disaster
 * may have deleted them): one with every tag's id in one `$all`, or one per combination when a tag has
 * several ids (alternatives: `$all` over all of them would demand every one), or none when a tag is
 * not there.
 */
export async function assetQueries<A, B>(
  ctx: LookupContext,
  kind: AssetKind<A, B>,
  search: AssetSearch,
): Promise<Filter[]> {
  const env = await ctx.directory.environment(search.account, search.region);
  const filter: Record<string, Record<string, unknown>> = {
    environment_id: { $eq: env.id },
    is_deleted: { $in: ['true', 'false'] },
  };
  const pin = search.pin;
  const narrowed =
    pin !== undefined && kind.isNativeId(pin) ? { ...filter, ...kind.nativePinFilter(pin) } : filter;
  const tagIds: string[][] = [];
  for (const tag of search.tags) {
    const ids = await ctx.directory.tagIds(env.id, tag.key, tag.value);
    if (ids.length === 0) return [];
    tagIds.push(ids);
  }
  // Every tag in one `$all`; several ids for one key=value (rare) are alternatives, one query each.
  return combinations(tagIds).map((ids) =>
    ids.length === 0 ? narrowed : { ...narrowed, 'tags.id': { $all: ids } },
  );
}

/**
 * One page of a search's assets, those that match it, and where the listing goes on: the next page of
 * the same query, else the next query; undefined after the last page of the last query. A listing of
 * several queries may see an asset twice: the caller keeps the first.
 */
export async function assetPage<A extends AssetListItem, B>(
  ctx: LookupContext,
  kind: AssetKind<A, B>,
  search: AssetSearch,
  queries: readonly Filter[],
  at: ListingPosition,
): Promise<{ readonly assets: A[]; readonly next?: ListingPosition }> {
  const query = queries[at.query];
  if (query === undefined) return { assets: [] };
  const page = await pageMatching<A>(ctx, kind.assetList, {
    filter: query,
    ...(at.start !== undefined ? { start: at.start } : {}),
  });
  const pin = search.pin;
  const native = pin !== undefined && kind.isNativeId(pin);
  // A Clumio-id pin has no list filter on these endpoints, and a native one is loose: matched here.
  const assets = page.items.filter(
    (asset) => pin === undefined || (native ? kind.nativeIdOf(asset) === pin : asset.id === pin),
  );
  if (page.next !== undefined) return { assets, next: { query: at.query, start: page.next } };
  return at.query + 1 < queries.length ? { assets, next: { query: at.query + 1 } } : { assets };
}

/** Every asset of a search at once, every page of every query, each once (point-in-time groups). */
export async function findAssets<A extends AssetListItem, B>(
  ctx: LookupContext,
  kind: AssetKind<A, B>,
  search: AssetSearch,
): Promise<A[]> {
  const queries = await assetQueries(ctx, kind, search);
  const seen = new Set<string>();
  const out: A[] = [];
  let at: ListingPosition | undefined = queries.length === 0 ? undefined : { query: 0 };
  while (at !== undefined) {
    const page = await assetPage(ctx, kind, search, queries, at);
    for (const asset of page.assets) {
      if (seen.has(asset.id)) continue;
      seen.add(asset.id);
      out.push(asset);
    }
    at = page.next;
  }
  return out;
}

/** Every combination that takes one item of each list: `[[a, b], [c]]` → `[[a, c], [b, c]]`. */
function combinations(lists: readonly (readonly string[])[]): string[][] {
  return lists.reduce<string[][]>(
    (acc, list) => acc.flatMap((prefix) => list.map((x) => [...prefix, x])),
    [[]],
  );
}

/**
 * Every asset of a kind in one environment with the status filters and all of `tags`, every page (no
 * cap: a disaster does not stop at a hundred assets). Tags are matched by their Clumio ids with
 * `tags.id $all`; a key=value with several ids (rare) is an alternative, so one list runs per combination.
 */
export async function discoverAssets<A extends AssetListItem, B>(
  ctx: LookupContext,
  kind: AssetKind<A, B>,
  scope: ListScope,
  tags: Readonly<Record<string, string>>,
): Promise<Discovery> {
  const tagIds: string[][] = [];
  for (const [key, value] of Object.entries(tags)) {
    const ids = await ctx.directory.tagIds(scope.environmentId, key, value);
    if (ids.length === 0) return { assets: [], notes: [`no asset is tagged ${key}=${value} there`] };
    tagIds.push(ids);
  }
  const filter = { environment_id: { $eq: scope.environmentId }, ...scope.statusFilter };
  const seen = new Set<string>();
  const assets: FoundAsset[] = [];
  for (const ids of combinations(tagIds)) {
    const query = ids.length > 0 ? { ...filter, 'tags.id': { $all: ids } } : filter;
    for await (const asset of listMatching<A>(ctx, kind.assetList, { filter: query })) {
      if (seen.has(asset.id)) continue;
      seen.add(asset.id);
      assets.push({ assetId: asset.id, nativeId: kind.nativeIdOf(asset) });
    }
  }
  return { assets, notes: [] };
}
