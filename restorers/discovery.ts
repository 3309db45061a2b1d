import type { ClumioClient, EndpointName, Filter, RestoreEndpointName } from '../clumio/index.js';
import { mapLimit } from '../core/concurrency.js';
import type { NoBackupEntry, RestoreRecord } from '../core/records.js';
import { searchWindow, type SearchWindow } from '../core/window.js';
import { optional, region, tagMap, zoneInRegion, type FieldProps } from '../core/fields.js';
import type { CommonGroupFields } from '../core/group-fields.js';
import type { ChosenBackup, Discovery, FoundAsset, GroupPlan, ListScope, RestorerListing } from './types.js';

/**
 * Discovery shared by the asset-based restorers (EBS, EC2, RDS, DynamoDB): environments, tag ids,
 * assets and the chosen backup of each asset, with server-side filters wherever Clumio has them.
 */

/** Problems found while planning a group (unknown environment, a target value nobody supplies, …). */
export class PlanError extends Error {
  override readonly name = 'PlanError';
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.join('; '));
    this.problems = list;
  }
}

export interface Environment {
  readonly id: string;
  readonly account_native_id: string;
  readonly aws_region: string;
  readonly aws_az?: readonly string[];
}

/** The backup list query of a window (core/window.ts): `start_timestamp` filter and sort. */
export interface BackupWindow {
  readonly sort: string;
  readonly filter: Filter;
}

/** Environments and tag ids, looked up once per run and reused by every group. */
export class Directory {
  private readonly environments = new Map<string, Promise<Environment>>();
  private readonly tags = new Map<string, Promise<string[]>>();

  constructor(private readonly client: ClumioClient) {}

  /** The Clumio environment of an account + region. */
  environment(account: string, region: string): Promise<Environment> {
    const key = `${account}/${region}`;
    let found = this.environments.get(key);
    if (found === undefined) {
      found = this.lookupEnvironment(account, region);
      this.environments.set(key, found);
    }
    return found;
  }

  /** Clumio ids of the tag `key=value` in an environment (exact key and value; usually one). */
  tagIds(environmentId: string, key: string, value: string): Promise<string[]> {
    const cacheKey = JSON.stringify([environmentId, key, value]);
    let found = this.tags.get(cacheKey);
    if (found === undefined) {
      found = this.lookupTagIds(environmentId, key, value);
      this.tags.set(cacheKey, found);
    }
    return found;
  }

  private async lookupEnvironment(account: string, region: string): Promise<Environment> {
    const env = await this.client.first<Environment>('environments', {
      filter: { account_native_id: { $eq: account }, aws_region: { $eq: region } },
    });
    if (env === undefined) {
      throw new PlanError(
        `no Clumio environment for account ${account} in ${region} (is it connected to Clumio?)`,
      );
    }
    return env;
  }

  private async lookupTagIds(environmentId: string, key: string, value: string): Promise<string[]> {
    // `value $contains` is the only value operator of the tag list (clumio-api §6.3); exact match here.
    const ids: string[] = [];
    for await (const tag of this.client.list<{ id: string; key: string; value: string }>('environmentTags', {
      params: { environment_id: environmentId },
      filter: { value: { $contains: value } },
    })) {
      if (tag.key === key && tag.value === value) ids.push(tag.id);
    }
    return ids;
  }
}

export interface PlanContext {
  readonly client: ClumioClient;
  readonly now: Date;
  readonly directory: Directory;
  /** Backup lookups in flight at once (Clumio allows 100 requests/s per organization). */
  readonly lookupConcurrency: number;
}

/** How one asset type is listed and how its backups are found (clumio-api §5.1, §7.1). */
export interface AssetKind<A, B> {
  /** The group field that pins one resource (`search_volume_id`, …), for messages. */
  readonly pinField: string;
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

export interface AssetSearch {
  readonly account: string;
  readonly region: string;
  readonly tag?: { readonly key: string; readonly value: string };
  readonly pin?: string;
}

export interface AssetBackup<B> {
  readonly assetId: string;
  readonly nativeId: string;
  /** undefined: no restorable backup in the window. */
  readonly backup: B | undefined;
}

interface AssetItem {
  readonly id: string;
}

interface BackupItem {
  readonly id: string;
  readonly account_native_id?: string;
  readonly aws_region?: string;
}

/**
 * The assets matching a search, each with its chosen backup. A pin by Clumio id without a tag needs no
 * asset listing at all: the backup list takes the id directly.
 */
export async function findAssetBackups<A extends AssetItem, B extends BackupItem, R>(
  ctx: PlanContext,
  kind: AssetKind<A, B>,
  search: AssetSearch,
  window: BackupWindow,
  /** Called as each backup is chosen, so a large group keeps only what `each` returns, not every item. */
  each: (found: AssetBackup<B>, matched: number) => R,
): Promise<R[]> {
  if (search.pin !== undefined && !kind.isNativeId(search.pin) && search.tag === undefined) {
    const backup = await chooseBackup(ctx, kind, search.pin, window);
    if (
      backup !== undefined &&
      (backup.account_native_id !== search.account || backup.aws_region !== search.region)
    ) {
      throw new PlanError(
        `${search.pin} is a resource of account ${backup.account_native_id} in ${backup.aws_region}, ` +
          `not of the group's source ${search.account} in ${search.region}`,
      );
    }
    return [
      each({ assetId: search.pin, nativeId: backup ? kind.nativeIdOfBackup(backup) : search.pin, backup }, 1),
    ];
  }
  // Ids only: the whole asset items are not kept while their backups are looked up.
  const assets = (await findAssets(ctx, kind, search)).map((asset) => ({
    assetId: asset.id,
    nativeId: kind.nativeIdOf(asset),
  }));
  if (search.pin !== undefined && assets.length === 0) {
    // A resource named explicitly and not found is a mistake to show, not an empty match.
    const tagged = search.tag ? ` with tag ${search.tag.key}=${search.tag.value}` : '';
    throw new PlanError(
      `${kind.pinField}: no resource ${search.pin} in account ${search.account} in ${search.region}${tagged}`,
    );
  }
  return mapLimit(assets, ctx.lookupConcurrency, async (asset) =>
    each({ ...asset, backup: await chooseBackup(ctx, kind, asset.assetId, window) }, assets.length),
  );
}

/** Assets of the source environment, deleted ones included (a disaster may have deleted them). */
export async function findAssets<A extends AssetItem, B>(
  ctx: PlanContext,
  kind: AssetKind<A, B>,
  search: AssetSearch,
): Promise<A[]> {
  const env = await ctx.directory.environment(search.account, search.region);
  const filter: Record<string, Record<string, unknown>> = {
    environment_id: { $eq: env.id },
    is_deleted: { $in: ['true', 'false'] },
  };
  if (search.tag !== undefined) {
    const ids = await ctx.directory.tagIds(env.id, search.tag.key, search.tag.value);
    if (ids.length === 0) return [];
    // Several ids for one key=value are alternatives; `$all` over all of them would demand every one.
    if (ids.length === 1) filter['tags.id'] = { $all: ids };
    else
      return dedupe(
        (
          await Promise.all(
            ids.map((id) => listAssets(ctx, kind, { ...filter, 'tags.id': { $all: [id] } }, search)),
          )
        ).flat(),
      );
  }
  return listAssets(ctx, kind, filter, search);
}

async function listAssets<A extends AssetItem, B>(
  ctx: PlanContext,
  kind: AssetKind<A, B>,
  filter: Record<string, Record<string, unknown>>,
  search: AssetSearch,
): Promise<A[]> {
  const pin = search.pin;
  const native = pin !== undefined && kind.isNativeId(pin);
  const query = native ? { ...filter, ...kind.nativePinFilter(pin) } : filter;
  const out: A[] = [];
  for await (const asset of ctx.client.list<A>(kind.assetList, { filter: query })) {
    // A Clumio-id pin has no list filter on these endpoints: matched here.
    if (pin === undefined || (native ? kind.nativeIdOf(asset) === pin : asset.id === pin)) out.push(asset);
  }
  return out;
}

function dedupe<A extends AssetItem>(assets: A[]): A[] {
  const seen = new Set<string>();
  return assets.filter((a) => !seen.has(a.id) && seen.add(a.id));
}

/**
 * The chosen backup of one asset: one request (`limit=1`) with the asset id, the window and the sort.
 * Only when that backup is not restorable does it page on to the next restorable one.
 */
export async function chooseBackup<A, B extends BackupItem>(
  ctx: PlanContext,
  kind: AssetKind<A, B>,
  assetId: string,
  window: BackupWindow,
): Promise<B | undefined> {
  const options = {
    filter: { ...window.filter, [kind.backupAssetField]: { $eq: assetId } },
    sort: window.sort,
  };
  const first = await ctx.client.first<B>(kind.backupList, options);
  if (first === undefined || kind.restorable === undefined || kind.restorable(first)) return first;
  for await (const backup of ctx.client.list<B>(kind.backupList, options)) {
    if (kind.restorable(backup)) return backup;
  }
  return undefined;
}

/** The search window of a group (DESIGN §3.2). */
export function windowOf(group: CommonGroupFields, now: Date): SearchWindow {
  return searchWindow(
    {
      direction: group.search_direction,
      startOffset: group.start_search_day_offset,
      endOffset: group.end_search_day_offset,
    },
    now,
  );
}

/** The fields of a group of an asset-based type (EBS, EC2, RDS, DynamoDB) that discovery reads. */
export interface AssetGroup extends CommonGroupFields {
  readonly ResourceType: string;
  readonly source_account: string;
  readonly source_region: string;
  readonly target_account: string;
  readonly target_region: string;
}

/** What a restorer builds for one asset and its chosen backup. */
export interface RestoreRequest {
  readonly endpoint: RestoreEndpointName;
  readonly body: unknown;
}

export interface FoundBackup<B> {
  readonly assetId: string;
  readonly nativeId: string;
  readonly backup: B;
}

/** Everything a restorer's request builder may need besides the group and the backup. */
export interface BuildContext {
  readonly target: Environment;
  /** How many resources the group matched: names must differ when there are several. */
  readonly matched: number;
}

/**
 * Plans a group of an asset-based type: the target environment once, the matching assets with their
 * chosen backups, and one request per backup. Every asset whose request cannot be built is named in one
 * PlanError, so a user fixes them all at once.
 */
export async function planAssetGroup<A extends AssetItem, B extends BackupItem & { start_timestamp: string }>(
  group: AssetGroup,
  ctx: PlanContext,
  kind: AssetKind<A, B>,
  pin: string | undefined,
  build: (found: FoundBackup<B>, context: BuildContext) => RestoreRequest,
  /** The name a request gives the restored resource, when it must be unique (RDS, DynamoDB). */
  nameOf?: (request: RestoreRequest) => string,
): Promise<GroupPlan> {
  const window = windowOf(group, ctx.now);
  const target = await ctx.directory.environment(group.target_account, group.target_region);
  const tag =
    group.search_tag_key !== undefined && group.search_tag_value !== undefined
      ? { key: group.search_tag_key, value: group.search_tag_value }
      : undefined;
  const source = { account: group.source_account, region: group.source_region };
  type Outcome = { record: RestoreRecord } | { noBackup: NoBackupEntry } | { problems: string[] };
  const outcomes = await findAssetBackups(
    ctx,
    kind,
    {
      account: group.source_account,
      region: group.source_region,
      ...(tag ? { tag } : {}),
      ...(pin ? { pin } : {}),
    },
    window,
    ({ assetId, nativeId, backup }, matched): Outcome => {
      if (backup === undefined) {
        return {
          noBackup: {
            groupIndex: group.groupIndex,
            resourceType: group.ResourceType,
            source: { ...source, resourceId: assetId, resourceNativeId: nativeId },
            reason: `no backup: ${window.describe()}`,
          },
        };
      }
      try {
        return {
          record: {
            groupIndex: group.groupIndex,
            resourceType: group.ResourceType,
            source: {
              ...source,
              resourceId: assetId,
              resourceNativeId: nativeId,
              backupId: backup.id,
              backupTimestamp: backup.start_timestamp,
            },
            target: { account: group.target_account, region: group.target_region, environmentId: target.id },
            request: build({ assetId, nativeId, backup }, { target, matched }),
          },
        };
      } catch (error) {
        if (!(error instanceof PlanError)) throw error;
        return { problems: error.problems.map((p) => `${nativeId}: ${p}`) };
      }
    },
  );
  const records = outcomes.flatMap((o) => ('record' in o ? [o.record] : []));
  const noBackup = outcomes.flatMap((o) => ('noBackup' in o ? [o.noBackup] : []));
  const problems = outcomes.flatMap((o) => ('problems' in o ? o.problems : []));
  if (problems.length > 0) throw new PlanError(problems);
  checkDistinctNames(records, nameOf);
  return { records, noBackup };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Clumio ids are UUIDs; a pin that is not one is an AWS identifier or name. */
export function isClumioId(pin: string): boolean {
  return UUID.test(pin);
}

/** Two restores of one group must not create resources of the same name: the second would fail. */
function checkDistinctNames(
  records: readonly RestoreRecord[],
  nameOf?: (request: RestoreRequest) => string,
): void {
  if (nameOf === undefined) return;
  const seen = new Map<string, string>();
  const clashes: string[] = [];
  for (const record of records) {
    const name = nameOf(record.request);
    const other = seen.get(name);
    if (other !== undefined)
      clashes.push(`${other} and ${record.source.resourceNativeId} would both be restored as ${name}`);
    seen.set(name, record.source.resourceNativeId ?? record.source.resourceId);
  }
  if (clashes.length > 0) throw new PlanError(clashes);
}

/** The AZ must be one Clumio knows in the target environment (when it lists them). */
export function checkZone(target: Environment, zone: string | undefined, field: string): void {
  if (zone === undefined || target.aws_az === undefined || target.aws_az.length === 0) return;
  if (!target.aws_az.includes(zone)) {
    throw new PlanError(
      `${field} ${zone} is not an availability zone of account ${target.account_native_id} in ` +
        `${target.aws_region} (Clumio knows ${target.aws_az.join(', ')})`,
    );
  }
}

/**
 * The name of one of several restored resources: `<base>-<source name>`, within `max` characters and
 * AWS's rules (no trailing or double hyphen).
 */
export function suffixedName(base: string, source: string, max: number): string {
  return `${base}-${source}`
    .replace(/[^A-Za-z0-9-]/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, max)
    .replace(/-+$/, '');
}

// ---------------------------------------------------------------------------------------------------
// bulkList discovery
// ---------------------------------------------------------------------------------------------------

// clumio-api §6.1 is unsure which of the two Clumio calls a working connection; neither means a broken one.
const CONNECTED = ['connected', 'installed'];

/**
 * The connected environments of an account, every page of the token-style list (the reference
 * implementation read one page of 100). Connection status is checked here rather than in the filter, so
 * either spelling of "connected" works.
 */
export async function connectedEnvironments(
  client: ClumioClient,
  account: string,
): Promise<(Environment & { readonly connection_status?: string })[]> {
  const environments = await client.listAll<Environment & { connection_status?: string }>('environments', {
    filter: { account_native_id: { $eq: account } },
  });
  return environments.filter(
    (env) =>
      env.account_native_id === account &&
      (env.connection_status === undefined || CONNECTED.includes(env.connection_status)),
  );
}

/** The member of every type's `target_specs.<Type>`: the region its groups restore to (default: the source's). */
export const targetRegionSpec = { target_region: optional(region) } as const;

/** `source_asset_types.<Type>` of the asset-based types: tags every listed asset carries (ANDed). */
export const assetSelection = { asset_tags: optional(tagMap) } as const;

/** Every combination that takes one item of each list: `[[a, b], [c]]` → `[[a, c], [b, c]]`. */
function combinations(lists: readonly (readonly string[])[]): string[][] {
  return lists.reduce<string[][]>(
    (acc, list) => acc.flatMap((prefix) => list.map((x) => [...prefix, x])),
    [[]],
  );
}

/**
 * Every asset of a kind in one environment with the status filters and all of `tags`, every page (no
 * cap: the reference implementation aborted above 100). Tags are matched by their Clumio ids with
 * `tags.id $all`; a key=value with several ids (rare) is an alternative, so one list runs per combination.
 */
export async function discoverAssets<A extends AssetItem, B>(
  ctx: PlanContext,
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
    for await (const asset of ctx.client.list<A>(kind.assetList, { filter: query })) {
      if (seen.has(asset.id)) continue;
      seen.add(asset.id);
      assets.push({ assetId: asset.id, nativeId: kind.nativeIdOf(asset) });
    }
  }
  return { assets, notes: [] };
}

/**
 * The listing of an asset-based type: discovery by environment, tags and status, and the backup the
 * restore side would choose for the pinned asset (the same `chooseBackup`); the type supplies its spec and
 * how it writes a group.
 */
export function assetListing<A extends AssetItem, B extends BackupItem & ChosenBackup, P extends FieldProps>(
  kind: AssetKind<A, B>,
  parts: Pick<RestorerListing<typeof assetSelection, P, B>, 'spec' | 'checkSpec' | 'formatGroup'>,
): RestorerListing<typeof assetSelection, P, B> {
  return {
    ...parts,
    selection: assetSelection,
    discover: (ctx, scope, selection) => discoverAssets(ctx, kind, scope, selection.asset_tags ?? {}),
    findBackup: (ctx, asset, window) => chooseBackup(ctx, kind, asset.assetId, window),
  };
}

/**
 * The availability zone a listed group restores into: the spec's when it lies in the target region (a
 * spec serves every region listed), else `fallback` (the backup's) when that does; else none, and the
 * validator asks for one where the type needs it.
 */
export function zoneFor(
  region: string,
  specZone: string | undefined,
  fallback: string | null | undefined,
): string | undefined {
  if (specZone !== undefined && zoneInRegion(specZone, region)) return specZone;
  if (fallback !== undefined && fallback !== null && zoneInRegion(fallback, region)) return fallback;
  return undefined;
}

/**
 * `<base>-<suffix>` within `max` characters: the base is cut, never the suffix, so the name always
 * differs from `base` itself (the resource it restores may still exist under that name).
 */
export function withSuffix(base: string, suffix: string, max: number): string {
  return suffixedName(base.slice(0, Math.max(1, max - suffix.length - 1)), suffix, max);
}
