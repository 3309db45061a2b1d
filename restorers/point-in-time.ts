import { ClumioHttpError } from '../clumio/index.js';
import type { CommonGroupFields, RestoreFrom } from '../core/group-fields.js';
import type { RestoreRecord } from '../core/records.js';
import type { Tag } from '../core/tags.js';
import { describeTags, findAssets, searchTagsOf, type AssetKind } from './asset-search.js';
import { checkDistinctNames } from './naming.js';
import { pointInTimeRecord, type PlannedRequest, type RestoreRequest } from './record.js';
import { searched } from './plan-group.js';
import {
  atField,
  PlanError,
  type PlanProblem,
  type Environment,
  type GroupPlan,
  type GroupReport,
  type LookupContext,
} from './types.js';

/**
 * Point-in-time restores (`restore_from: point_in_time`): no backup is chosen; each matching resource is
 * restored as it was at `search_time`, checked first against the restorable window Clumio reports for it.
 */

/** The fields of a group with a point-in-time source that its rules read. */
interface PointInTimeFields {
  readonly restore_from?: RestoreFrom;
  readonly search_time?: string;
  readonly search_direction?: string;
  readonly start_search_day_offset?: number;
  readonly end_search_day_offset?: number;
}

/**
 * The rules of `restore_from` on a type that has point-in-time sources: `point_in_time` restores the
 * moment `search_time` exactly (so no `after` window and no day offsets), and `timeRequired` types need
 * that moment; `onlyPointInTime` fields mean nothing for a backup restore.
 */
export function checkRestoreFrom(
  group: Partial<PointInTimeFields> & Readonly<Record<string, unknown>>,
  report: GroupReport,
  rules: {
    readonly type: string;
    readonly timeRequired: boolean;
    readonly onlyPointInTime: readonly string[];
  },
): void {
  if (group.restore_from !== 'point_in_time') {
    for (const field of rules.onlyPointInTime) {
      if (group[field] !== undefined) report.problem(field, 'only with restore_from "point_in_time"');
    }
    return;
  }
  if (rules.timeRequired && group.search_time === undefined && !report.failed('search_time')) {
    report.problem(
      'search_time',
      `required for ${rules.type} when restore_from is "point_in_time" (the moment to restore)`,
    );
  }
  if (group.search_direction === 'after') {
    report.problem(
      'search_direction',
      'not with restore_from "point_in_time": the resource is restored as it was at search_time exactly',
    );
  }
  for (const offset of ['start_search_day_offset', 'end_search_day_offset'] as const) {
    const value = group[offset];
    if (typeof value === 'number' && value !== 0) {
      report.problem(offset, 'not with restore_from "point_in_time": the moment restored is search_time');
    }
  }
}

/** A restorable window as Clumio reports it on a resource, with the names of its two fields. */
export interface RestorableWindow {
  readonly earliest: string | null | undefined;
  readonly latest: string | null | undefined;
  /** `earliest_aws_snapshot_restorable_timestamp … latest_…`, for messages. */
  readonly fields: string;
  /** What a window of nulls means (`it has no AWS snapshots`). */
  readonly none: string;
}

/** Whether the window is there at all (both bounds set). */
function hasWindow(window: RestorableWindow): boolean {
  return typeof window.earliest === 'string' && typeof window.latest === 'string';
}

/** A resource without a window cannot be restored from a point in time: a problem of restore_from. */
function noWindow(window: RestorableWindow): PlanError {
  return new PlanError({
    field: 'restore_from',
    message: `no point-in-time window: ${window.none} (Clumio reports ${window.fields} as null)`,
  });
}

/** PlanError unless the window is there: the latest restorable moment needs one too. */
export function requireWindow(window: RestorableWindow): void {
  if (!hasWindow(window)) throw noWindow(window);
}

/**
 * The moment to restore a resource to: `time` when it lies in the window (bounds included); a `time`
 * still to come means the latest restorable moment. PlanError, naming the window, otherwise.
 */
export function momentInWindow(time: string | undefined, now: Date, window: RestorableWindow): string {
  if (time === undefined) {
    throw new PlanError({ field: 'search_time', message: 'required for a point-in-time restore' });
  }
  const { earliest, latest } = window;
  if (earliest === null || earliest === undefined || latest === null || latest === undefined) {
    throw noWindow(window);
  }
  if (Date.parse(time) > now.getTime()) return latest;
  const at = Date.parse(time);
  if (at < Date.parse(earliest) || at > Date.parse(latest)) {
    throw new PlanError({
      field: 'search_time',
      message: `${time} is outside its restorable window ${earliest} to ${latest} (${window.fields})`,
    });
  }
  return time;
}

/** `{key, value}` of an asset's tags (a datasource item also carries the tag's Clumio ids). */
export function plainTags(tags: readonly Tag[] | null | undefined): Tag[] {
  return (tags ?? []).map(({ key, value }) => ({ key, value }));
}

/** An asset item with where it lives: a pinned read must be checked against the group's source. */
interface LocatedAsset {
  readonly id: string;
  readonly account_native_id: string;
  readonly aws_region: string;
}

/** A group of an asset-based type restored from a point in time. */
interface PointInTimeGroup extends CommonGroupFields {
  readonly ResourceType: string;
  readonly source_account: string;
  readonly source_region: string;
  readonly target_account: string;
  readonly target_region: string;
}

/** `M`: the moment type, `string` or `string | null` where the latest restorable moment can be asked for. */
interface PointInTimePlanning<A extends LocatedAsset, B, M extends string | null> {
  readonly group: PointInTimeGroup;
  readonly ctx: LookupContext;
  readonly kind: AssetKind<A, B>;
  /** Reads one asset by its Clumio id: a pin by id needs no listing. */
  readonly read: { readonly endpoint: 'rdsResource' | 'dynamodbTable'; readonly param: string };
  readonly pin: string | undefined;
  /** The moment one asset is restored to (null: the latest restorable moment); PlanError outside its window. */
  readonly moment: (asset: A) => M;
  readonly build: (
    found: { readonly asset: A; readonly timestamp: M },
    context: { readonly target: Environment; readonly matched: number },
  ) => PlannedRequest;
  readonly nameOf?: (request: RestoreRequest) => string;
}

async function readPinned<A extends LocatedAsset, B, M extends string | null>(
  planning: PointInTimePlanning<A, B, M>,
  pin: string,
): Promise<A> {
  const { ctx, group, kind, read } = planning;
  try {
    const asset = await ctx.client.get<A>(read.endpoint, { params: { [read.param]: pin } });
    if (asset.account_native_id !== group.source_account || asset.aws_region !== group.source_region) {
      throw new PlanError({
        field: kind.pinField,
        message:
          `${pin} is a resource of account ${asset.account_native_id} in ${asset.aws_region}, ` +
          `not of the group's source ${group.source_account} in ${group.source_region}`,
      });
    }
    return asset;
  } catch (error) {
    if (error instanceof ClumioHttpError && error.status === 404) {
      throw new PlanError({ field: kind.pinField, message: `no resource ${pin}` });
    }
    throw error;
  }
}

/**
 * Plans a point-in-time group of an asset-based type: the target environment, the matching assets (a
 * pin by Clumio id read directly), each one's moment within its window, and one request each. Every
 * asset that cannot be restored is named in one PlanError.
 */
export async function planPointInTimeGroup<A extends LocatedAsset, B, M extends string | null>(
  planning: PointInTimePlanning<A, B, M>,
): Promise<GroupPlan> {
  const { group, ctx, kind, pin, build, nameOf } = planning;
  const target = await atField(
    'target_account/target_region',
    ctx.directory.environment(group.target_account, group.target_region),
  );
  const tags = searchTagsOf(group);
  const location = { account: group.source_account, region: group.source_region };
  const assets =
    pin !== undefined && !kind.isNativeId(pin) && tags.length === 0
      ? [await readPinned(planning, pin)]
      : await atField(
          'source_account/source_region',
          findAssets(ctx, kind, { ...location, tags, ...(pin !== undefined && { pin }) }),
        );
  if (pin !== undefined && assets.length === 0) {
    const tagged = tags.length > 0 ? ` with tag ${describeTags(tags)}` : '';
    throw new PlanError({
      field: kind.pinField,
      message: `no resource ${pin} in account ${location.account} in ${location.region}${tagged}`,
    });
  }
  if (assets.length === 0) return { records: [], noBackup: [], noMatch: searched(group, kind, tags) };
  type Outcome = { record: RestoreRecord } | { problems: PlanProblem[] };
  const outcomes = assets.map((asset): Outcome => {
    const nativeId = kind.nativeIdOf(asset);
    try {
      const timestamp = planning.moment(asset);
      return {
        record: pointInTimeRecord({
          group,
          source: { ...location, resourceId: asset.id, resourceNativeId: nativeId },
          timestamp,
          target: { account: group.target_account, region: group.target_region, environmentId: target.id },
          request: build({ asset, timestamp }, { target, matched: assets.length }),
        }),
      };
    } catch (error) {
      if (!(error instanceof PlanError)) throw error;
      return { problems: error.problems.map((p) => ({ ...p, message: `${nativeId}: ${p.message}` })) };
    }
  });
  const problems = outcomes.flatMap((o) => ('problems' in o ? o.problems : []));
  if (problems.length > 0) throw new PlanError(problems);
  const records = outcomes.flatMap((o) => ('record' in o ? [o.record] : []));
  if (nameOf !== undefined) checkDistinctNames(records, nameOf);
  return { records, noBackup: [] };
}
