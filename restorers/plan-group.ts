import { mapPrefix } from '../core/concurrency.js';
import type { CommonGroupFields } from '../core/group-fields.js';
import type { Tag } from '../core/tags.js';
import type { NoBackupEntry, NoMatchEntry, RestoreRecord } from '../core/records.js';
import {
  assetPage,
  assetQueries,
  describeTags,
  searchTagsOf,
  type AssetKind,
  type AssetListItem,
  type AssetSearch,
  type ListingPosition,
} from './asset-search.js';
import { chooseBackup, windowOf, type BackupListItem } from './backup-choice.js';
import { nameClashes } from './naming.js';
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
  type FoundAsset,
  type GroupPlan,
  type GroupProgress,
  type LookupContext,
  type PlanPiece,
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

interface AssetBackup<B> extends FoundAsset {
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

type Outcome = { record: RestoreRecord } | { noBackup: NoBackupEntry } | { problems: PlanProblem[] };

/** Matching assets per saved batch of a group planned in pieces: what a later piece reads at a time. */
const ASSETS_PER_BATCH = 1000;

const batchName = (batch: number): string => `assets-${batch}`;

/**
 * Where an asset group stands between pieces. Its matching assets are listed first (every page, in
 * order), because a request may depend on how many matched (RDS and DynamoDB names); then their backups
 * are looked up in listing order, so the records come out as they would in one piece.
 */
interface AssetProgress extends GroupProgress {
  /** Where the listing goes on; absent once every matching asset is listed. */
  readonly listing?: ListingPosition;
  /** How many listed assets each saved batch holds, in listing order. */
  readonly batches: readonly number[];
  /** The listed assets whose backups were looked up: the first so many. */
  readonly lookedUp: number;
  /** Resources so far without a request: with any, name clashes are not reported (as in one piece). */
  readonly problems: number;
  /** Restored names so far with the resource each restores, for types whose names must be unique. */
  readonly names: readonly (readonly [string, string])[];
  readonly clashes: readonly string[];
}

const started: AssetProgress = {
  listing: { query: 0 },
  batches: [],
  lookedUp: 0,
  problems: 0,
  names: [],
  clashes: [],
};

/**
 * Plans a group of an asset-based type: the target environment once, the matching assets with their
 * chosen backups, and one request per backup. Every asset whose request cannot be built is named in one
 * PlanError, so a user fixes them all at once. With `ctx.piece`, only as much as the piece allows.
 */
export async function planAssetGroup<
  A extends AssetListItem,
  B extends BackupListItem & { start_timestamp: string },
>(planning: AssetGroupPlanning<A, B>): Promise<GroupPlan> {
  if (planning.ctx.piece !== undefined) return planPiece(planning, planning.ctx.piece);
  // At once: the steps of a piece with nothing to stop them, the batches kept in memory.
  const kept = new Map<string, unknown>();
  const plan = await planPiece(planning, {
    resume: undefined,
    take: () => true,
    save: (name, value) => Promise.resolve(void kept.set(name, value)),
    load: <T>(name: string) => Promise.resolve(kept.get(name) as T),
  });
  if (plan.problems !== undefined && plan.problems.length > 0) throw new PlanError(plan.problems);
  return {
    records: plan.records,
    noBackup: plan.noBackup,
    ...(plan.noMatch !== undefined ? { noMatch: plan.noMatch } : {}),
  };
}

async function planPiece<A extends AssetListItem, B extends BackupListItem & { start_timestamp: string }>(
  planning: AssetGroupPlanning<A, B>,
  piece: PlanPiece,
): Promise<GroupPlan> {
  const { group, ctx, kind, pin, build } = planning;
  const window = windowOf(group, ctx.now);
  const target = await atField(
    'target_account/target_region',
    ctx.directory.environment(group.target_account, group.target_region),
  );
  planning.checkTarget?.(target);
  const tags = searchTagsOf(group);
  const location = { account: group.source_account, region: group.source_region };
  const search: AssetSearch = { ...location, tags, ...(pin ? { pin } : {}) };
  const outcome = ({ assetId, nativeId, backup }: AssetBackup<B>, matched: number): Outcome => {
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
  };
  if (pin !== undefined && !kind.isNativeId(pin) && tags.length === 0) {
    // A pin by Clumio id without a tag needs no asset listing at all: the backup list takes the id directly.
    const found = await pinnedBackup(ctx, kind, search, pin, window);
    return account(planning, { ...started, batches: [1] }, [outcome(found, 1)]);
  }
  let progress = (piece.resume as AssetProgress | undefined) ?? started;
  if (progress.listing !== undefined) {
    progress = await listAssets(planning, piece, search, progress);
    if (progress.listing !== undefined) return { records: [], noBackup: [], problems: [], progress };
  }
  const matched = progress.batches.reduce((a, b) => a + b, 0);
  if (pin !== undefined && matched === 0) {
    // A resource named explicitly and not found is a mistake to show, not an empty match.
    const tagged = tags.length > 0 ? ` with tag ${describeTags(tags)}` : '';
    throw new PlanError({
      field: kind.pinField,
      message: `no resource ${pin} in account ${search.account} in ${search.region}${tagged}`,
    });
  }
  if (matched === 0) return { records: [], noBackup: [], problems: [], noMatch: searched(group, kind, tags) };
  const outcomes = await lookUp(planning, piece, progress, async (asset) =>
    outcome({ ...asset, backup: await chooseBackup(ctx, kind, asset.assetId, window) }, matched),
  );
  return account(planning, progress, outcomes);
}

async function pinnedBackup<A, B extends BackupListItem>(
  ctx: LookupContext,
  kind: AssetKind<A, B>,
  search: AssetSearch,
  pin: string,
  window: BackupWindow,
): Promise<AssetBackup<B>> {
  const backup = await chooseBackup(ctx, kind, pin, window);
  if (
    backup !== undefined &&
    (backup.account_native_id !== search.account || backup.aws_region !== search.region)
  ) {
    throw new PlanError({
      field: kind.pinField,
      message:
        `${pin} is a resource of account ${backup.account_native_id} in ${backup.aws_region}, ` +
        `not of the group's source ${search.account} in ${search.region}`,
    });
  }
  return { assetId: pin, nativeId: backup ? kind.nativeIdOfBackup(backup) : pin, backup };
}

/**
 * Lists the group's matching assets page after page while the piece allows, ids only (whole asset
 * items are not kept), saved in batches for the lookups.
 */
async function listAssets<A extends AssetListItem, B>(
  planning: AssetGroupPlanning<A, B>,
  piece: PlanPiece,
  search: AssetSearch,
  progress: AssetProgress,
): Promise<AssetProgress> {
  const { ctx, kind } = planning;
  const queries = await atField('source_account/source_region', assetQueries(ctx, kind, search));
  let at = queries.length === 0 ? undefined : progress.listing;
  // Alternative queries may list an asset twice: the first one counts, as in one piece.
  const seen = queries.length > 1 ? new Set(await listedIds(piece, progress.batches)) : undefined;
  const listed: FoundAsset[] = [];
  while (at !== undefined && piece.take()) {
    const page = await assetPage(ctx, kind, search, queries, at);
    for (const asset of page.assets) {
      if (seen?.has(asset.id) === true) continue;
      seen?.add(asset.id);
      listed.push({ assetId: asset.id, nativeId: kind.nativeIdOf(asset) });
    }
    at = page.next;
  }
  const batches = [...progress.batches];
  for (let first = 0; first < listed.length; first += ASSETS_PER_BATCH) {
    const batch = listed.slice(first, first + ASSETS_PER_BATCH);
    await piece.save(batchName(batches.length), batch);
    batches.push(batch.length);
  }
  const { listing: _listed, ...rest } = progress;
  return at === undefined ? { ...rest, batches } : { ...rest, listing: at, batches };
}

async function listedIds(piece: PlanPiece, batches: readonly number[]): Promise<string[]> {
  const ids: string[] = [];
  for (let batch = 0; batch < batches.length; batch++) {
    for (const asset of await piece.load<FoundAsset[]>(batchName(batch))) ids.push(asset.assetId);
  }
  return ids;
}

/** The outcomes of the listed assets from `progress.lookedUp` on, in order, while the piece allows. */
async function lookUp<A, B>(
  planning: AssetGroupPlanning<A, B>,
  piece: PlanPiece,
  progress: AssetProgress,
  each: (asset: FoundAsset) => Promise<Outcome>,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let first = 0;
  for (const [batch, size] of progress.batches.entries()) {
    const from = progress.lookedUp + outcomes.length - first;
    first += size;
    if (from >= size) continue;
    const rest = (await piece.load<FoundAsset[]>(batchName(batch))).slice(from);
    const done = await mapPrefix(rest, planning.ctx.lookupConcurrency, () => piece.take(), each);
    for (const o of done) outcomes.push(o);
    if (done.length < rest.length) break;
  }
  return outcomes;
}

/** This piece's records, no-backup entries and problems; the group's progress unless it is done. */
function account<A, B>(
  planning: AssetGroupPlanning<A, B>,
  progress: AssetProgress,
  outcomes: readonly Outcome[],
): GroupPlan {
  const records = outcomes.flatMap((o) => ('record' in o ? [o.record] : []));
  const noBackup = outcomes.flatMap((o) => ('noBackup' in o ? [o.noBackup] : []));
  const problems = outcomes.flatMap((o) => ('problems' in o ? o.problems : []));
  const { nameOf } = planning;
  const seen = new Map(progress.names);
  const clashes = [...progress.clashes, ...(nameOf === undefined ? [] : nameClashes(records, nameOf, seen))];
  const next: AssetProgress = {
    ...progress,
    lookedUp: progress.lookedUp + outcomes.length,
    problems: progress.problems + problems.length,
    names: [...seen],
    clashes,
  };
  const matched = progress.batches.reduce((a, b) => a + b, 0);
  if (next.lookedUp < matched) return { records, noBackup, problems, progress: next };
  if (next.problems === 0 && clashes.length > 0) throw new PlanError(clashes);
  return { records, noBackup, problems };
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
