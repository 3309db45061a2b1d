import { mapLimit } from '../core/concurrency.js';
import type { CommonGroupFields } from '../core/group-fields.js';
import type { Tag } from '../core/tags.js';
import type { NoBackupEntry, NoMatchEntry, RestoreRecord } from '../core/records.js';
import {
  describeTags,
  findAssets,
  searchTagsOf,
  type AssetKind,
  type AssetListItem,
  type AssetSearch,
} from './asset-search.js';
import { chooseBackup, windowOf, type BackupListItem } from './backup-choice.js';
import { checkDistinctNames } from './naming.js';
import {
  noBackupEntry,
  noMatchEntry,
  restoreRecord,
  type PlannedRequest,
  type RestoreRequest,
} from './record.js';
import {
  atField,
  PlanError,
  type BackupWindow,
  type Environment,
  type GroupPlan,
  type LookupContext,
  type PlanProblem,
} from './types.js';

/** The fields of a group of an asset-based type (EBS, EC2, RDS, DynamoDB) that planning reads. */
interface AssetGroup extends CommonGroupFields {
  readonly ResourceType: string;
  readonly source_account: string;
  readonly source_region: string;
  readonly target_account: string;
  readonly target_region: string;
}

interface AssetBackup<B> {
  readonly assetId: string;
  readonly nativeId: string;
  /** undefined: no restorable backup in the window. */
  readonly backup: B | undefined;
}

/** How a restorer plans its groups with `planAssetGroup`. */
interface AssetGroupPlanning<A, B> {
  readonly group: AssetGroup;
  readonly ctx: LookupContext;
  readonly kind: AssetKind<A, B>;
  /** The group's pin (its `kind.pinField`), if it names one resource. */
  readonly pin: string | undefined;
  /** Rules on the target environment, checked before any asset is looked up (a zone it lacks). */
  readonly checkTarget?: (target: Environment) => void;
  /** The request restoring one asset from its chosen backup; `matched`: how many the group matched. */
  readonly build: (
    found: { readonly assetId: string; readonly nativeId: string; readonly backup: B },
    context: { readonly target: Environment; readonly matched: number },
  ) => PlannedRequest;
  /** The name a request gives the restored resource, when it must be unique (RDS, DynamoDB). */
  readonly nameOf?: (request: RestoreRequest) => string;
}

/**
 * The assets matching a search, each with its chosen backup. A pin by Clumio id without a tag needs no
 * asset listing at all: the backup list takes the id directly.
 */
async function findAssetBackups<A extends AssetListItem, B extends BackupListItem, R>(
  ctx: LookupContext,
  kind: AssetKind<A, B>,
  search: AssetSearch,
  window: BackupWindow,
  /** Called as each backup is chosen, so a large group keeps only what `each` returns, not every item. */
  each: (found: AssetBackup<B>, matched: number) => R,
): Promise<R[]> {
  if (search.pin !== undefined && !kind.isNativeId(search.pin) && search.tags.length === 0) {
    const backup = await chooseBackup(ctx, kind, search.pin, window);
    if (
      backup !== undefined &&
      (backup.account_native_id !== search.account || backup.aws_region !== search.region)
    ) {
      throw new PlanError({
        field: kind.pinField,
        message:
          `${search.pin} is a resource of account ${backup.account_native_id} in ${backup.aws_region}, ` +
          `not of the group's source ${search.account} in ${search.region}`,
      });
    }
    return [
      each({ assetId: search.pin, nativeId: backup ? kind.nativeIdOfBackup(backup) : search.pin, backup }, 1),
    ];
  }
  // Ids only: the whole asset items are not kept while their backups are looked up.
  const found = await atField('source_account/source_region', findAssets(ctx, kind, search));
  const assets = found.map((asset) => ({
    assetId: asset.id,
    nativeId: kind.nativeIdOf(asset),
  }));
  if (search.pin !== undefined && assets.length === 0) {
    // A resource named explicitly and not found is a mistake to show, not an empty match.
    const tagged = search.tags.length > 0 ? ` with tag ${describeTags(search.tags)}` : '';
    throw new PlanError({
      field: kind.pinField,
      message: `no resource ${search.pin} in account ${search.account} in ${search.region}${tagged}`,
    });
  }
  return mapLimit(assets, ctx.lookupConcurrency, async (asset) =>
    each({ ...asset, backup: await chooseBackup(ctx, kind, asset.assetId, window) }, assets.length),
  );
}

/**
 * Plans a group of an asset-based type: the target environment once, the matching assets with their
 * chosen backups, and one request per backup. Every asset whose request cannot be built is named in one
 * PlanError, so a user fixes them all at once.
 */
export async function planAssetGroup<
  A extends AssetListItem,
  B extends BackupListItem & { start_timestamp: string },
>(planning: AssetGroupPlanning<A, B>): Promise<GroupPlan> {
  const { group, ctx, kind, pin, build, nameOf } = planning;
  const window = windowOf(group, ctx.now);
  const target = await atField(
    'target_account/target_region',
    ctx.directory.environment(group.target_account, group.target_region),
  );
  planning.checkTarget?.(target);
  const tags = searchTagsOf(group);
  const location = { account: group.source_account, region: group.source_region };
  type Outcome = { record: RestoreRecord } | { noBackup: NoBackupEntry } | { problems: PlanProblem[] };
  const outcomes = await findAssetBackups(
    ctx,
    kind,
    { ...location, tags, ...(pin ? { pin } : {}) },
    window,
    ({ assetId, nativeId, backup }, matched): Outcome => {
      const source = { ...location, resourceId: assetId, resourceNativeId: nativeId };
      if (backup === undefined) {
        return { noBackup: noBackupEntry(group, source, `no backup ${window.describe()}`) };
      }
      try {
        return {
          record: restoreRecord({
            group,
            source,
            backup,
            target: { account: group.target_account, region: group.target_region, environmentId: target.id },
            request: build({ assetId, nativeId, backup }, { target, matched }),
          }),
        };
      } catch (error) {
        if (!(error instanceof PlanError)) throw error;
        return {
          problems: error.problems.map((p) => ({ ...p, message: `${nativeId}: ${p.message}` })),
        };
      }
    },
  );
  if (outcomes.length === 0) return { records: [], noBackup: [], noMatch: searched(group, kind, tags) };
  const records = outcomes.flatMap((o) => ('record' in o ? [o.record] : []));
  const noBackup = outcomes.flatMap((o) => ('noBackup' in o ? [o.noBackup] : []));
  const problems = outcomes.flatMap((o) => ('problems' in o ? o.problems : []));
  if (problems.length > 0) throw new PlanError(problems);
  if (nameOf !== undefined) checkDistinctNames(records, nameOf);
  return { records, noBackup };
}

/** What a group that matched nothing searched: its type, tags and source. */
export function searched<A, B>(group: AssetGroup, kind: AssetKind<A, B>, tags: readonly Tag[]): NoMatchEntry {
  const noun = `${group.ResourceType} ${kind.noun}s`;
  const what = tags.length === 0 ? noun : `${noun} with tag ${describeTags(tags)}`;
  return noMatchEntry(
    group,
    { account: group.source_account, region: group.source_region },
    `${what} in ${group.source_account}/${group.source_region}`,
  );
}
