import {
  flag,
  listOf,
  matching,
  nonNegativeInt,
  oneOf,
  optional,
  required,
  strictObject,
  text,
  timestamp,
  utcTimestamp,
  withDefault,
} from '../core/fields.js';
import { restoreFrom } from '../core/group-fields.js';
import { mapLimit } from '../core/concurrency.js';
import { backupQuery, windowOf } from './backup-choice.js';
import { firstMatching, listAllMatching } from './checked-list.js';
import { checkRestoreFrom } from './point-in-time.js';
import { noBackupEntry, noMatchEntry, pointInTimeRecord, restoreRecord } from './record.js';
import { setFields, targetSpec } from './target-fields.js';
import {
  defineListing,
  defineRestorer,
  defineRestorerInput,
  PlanError,
  type BackupWindow,
  type FoundAsset,
  type GroupOf,
  type GroupPlan,
  type LookupContext,
} from './types.js';

const s3StorageClasses = [
  'S3 Standard',
  'S3 Standard-IA',
  'S3 Intelligent-Tiering',
  'S3 One Zone-IA',
] as const;

const bucketName = matching(
  'an S3 bucket name (3-63 lowercase letters, digits, "." or "-", starting and ending with a letter or digit)',
  /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
);

/**
 * Clumio's SourceObjectFilters, exactly: an unknown key fails validation instead of the restore.
 */
const objectFilters = strictObject('an object of S3 object filters', {
  latest_version_only: withDefault(flag, true),
  object_key_prefix: optional(text),
  object_key_suffix: optional(text),
  object_key_contains: optional(text),
  object_key_matches: optional(text),
  etag: optional(text),
  version_id: optional(text),
  min_object_size_bytes: optional(nonNegativeInt),
  max_object_size_bytes: optional(nonNegativeInt),
  storage_classes: optional(listOf(oneOf(s3StorageClasses), 'a list of S3 storage classes')),
});

const protectionGroupInput = defineRestorerInput({
  resourceType: 'ProtectionGroup',
  // The group is found by name; source_account/source_region only narrow its buckets.
  sourceRequired: false,
  fields: {
    search_pg_name: required(text),
    /**
     * `backup` (default): the chosen backup; `point_in_time`: the objects as they were at `search_time`
     * (required), within the continuous-backup intervals of every bucket restored.
     */
    restore_from: restoreFrom,
    /** With `point_in_time`: restore only objects modified since this time (RFC 3339 with a zone). */
    search_time_start: optional(timestamp),
    /** Buckets of the group to restore; unset = all of them. */
    search_bucket_names: optional(listOf(bucketName, 'a list of S3 bucket names')),
    search_object_filters: withDefault(objectFilters, { latest_version_only: true }),
    target_bucket: required(bucketName),
    target_prefix: optional(text),
    target_overwrite: withDefault(flag, true),
    /** When set, objects are restored in this class instead of their original one. */
    target_storage_class: optional(oneOf(s3StorageClasses)),
  },
  aliases: {},
  deprecated: {},
  check(group, report) {
    checkRestoreFrom(group, report, {
      type: 'ProtectionGroup',
      timeRequired: true,
      onlyPointInTime: ['search_time_start'],
    });
    const { search_time: end, search_time_start: start } = group;
    if (start !== undefined && end !== undefined && Date.parse(start) >= Date.parse(end)) {
      report.problem('search_time_start', `must come before search_time (${end})`);
    }
    const filters = group.search_object_filters;
    const min = filters?.min_object_size_bytes;
    const max = filters?.max_object_size_bytes;
    if (min !== undefined && max !== undefined && min > max) {
      report.problem(
        ['search_object_filters', 'min_object_size_bytes'],
        `must not exceed max_object_size_bytes (${min} > ${max})`,
      );
    }
  },
});

type ProtectionGroupRestoreGroup = GroupOf<typeof protectionGroupInput>;

interface ProtectionGroupItem {
  readonly id: string;
  readonly name: string;
}

interface GroupBucket {
  /** The protection_group_s3_asset_id. */
  readonly id: string;
  readonly bucket_name: string;
  readonly account_native_id?: string;
  readonly aws_region?: string;
}

interface Bucket {
  readonly id: string;
  readonly name: string;
  readonly environment_id: string;
  readonly aws_region: string;
}

interface ProtectionGroupBackup {
  readonly id: string;
  readonly start_timestamp: string;
}

/** The target of a protection-group restore: the bucket, prefix, overwrite and storage class. */
function protectionGroupTarget(group: ProtectionGroupRestoreGroup, bucket: Bucket) {
  return {
    bucket_id: bucket.id,
    environment_id: bucket.environment_id,
    prefix: group.target_prefix ?? null,
    overwrite: group.target_overwrite,
    restore_original_storage_class: group.target_storage_class === undefined,
    storage_class: group.target_storage_class ?? null,
  };
}

/** POST /restores/protection-groups body (clumio-api §8.5, DESIGN §3.3). */
export function protectionGroupRestoreBody(
  group: ProtectionGroupRestoreGroup,
  backup: ProtectionGroupBackup,
  assetIds: readonly string[],
  bucket: Bucket,
) {
  return {
    source: {
      backup_id: backup.id,
      object_filters: { ...group.search_object_filters },
      protection_group_s3_asset_ids: assetIds,
    },
    target: protectionGroupTarget(group, bucket),
  };
}

/**
 * POST /restores/protection-groups body from a point in time: `source.pitr` (the SDK's
 * ProtectionGroupRestoreSourcePitrOptions) ending at `timestamp`, from search_time_start when given.
 */
function protectionGroupPointInTimeBody(
  group: ProtectionGroupRestoreGroup,
  protectionGroupId: string,
  timestamp: string,
  assetIds: readonly string[],
  bucket: Bucket,
) {
  return {
    source: {
      pitr: {
        protection_group_id: protectionGroupId,
        restore_start_timestamp: group.search_time_start ?? null,
        restore_end_timestamp: timestamp,
      },
      object_filters: { ...group.search_object_filters },
      protection_group_s3_asset_ids: assetIds,
    },
    target: protectionGroupTarget(group, bucket),
  };
}

/** An item of GET …/s3-assets/{id}/pitr-intervals: a span the bucket can be restored to any moment of. */
interface PitrInterval {
  readonly start_timestamp: string;
  readonly end_timestamp: string;
}

/**
 * The moment the buckets are restored to: search_time when it lies in an interval of every one of
 * them; a search_time still to come means the latest moment they all reach. PlanError naming each
 * bucket's intervals otherwise.
 */
function bucketsMoment(
  time: string | undefined,
  now: Date,
  buckets: readonly { readonly name: string; readonly intervals: readonly PitrInterval[] }[],
): string {
  if (time === undefined) {
    throw new PlanError({ field: 'search_time', message: 'required for a point-in-time restore' });
  }
  const empty = buckets.filter((b) => b.intervals.length === 0);
  if (empty.length > 0) {
    throw new PlanError(
      empty.map(({ name }) => ({
        field: 'restore_from',
        message: `bucket ${name} has no point-in-time window: the protection group has no continuous backup of it (its pitr-intervals list is empty)`,
      })),
    );
  }
  if (Date.parse(time) > now.getTime()) {
    const ends = buckets.map((b) => Math.max(...b.intervals.map((i) => Date.parse(i.end_timestamp))));
    return utcTimestamp(Math.min(...ends));
  }
  const at = Date.parse(time);
  const outside = buckets.filter(
    ({ intervals }) =>
      !intervals.some((i) => at >= Date.parse(i.start_timestamp) && at <= Date.parse(i.end_timestamp)),
  );
  if (outside.length > 0) {
    throw new PlanError(
      outside.map(({ name, intervals }) => ({
        field: 'search_time',
        message:
          `${time} is outside the restorable windows of bucket ${name}: ` +
          `${intervals.map((i) => `${i.start_timestamp} to ${i.end_timestamp}`).join(', ')} (its pitr-intervals)`,
      })),
    );
  }
  return time;
}

/** The pitr-intervals of each bucket restored: every page, one list per bucket. */
function intervalsOf(ctx: LookupContext, assets: readonly GroupBucket[]) {
  return mapLimit(assets, ctx.lookupConcurrency, async (asset) => ({
    name: asset.bucket_name,
    intervals: await ctx.client.listAll<PitrInterval>('protectionGroupS3AssetPitrIntervals', {
      params: { protection_group_s3_asset_id: asset.id },
    }),
  }));
}

/** The chosen backup of a protection group: the first in the window's order, one request. */
function groupBackup(
  ctx: LookupContext,
  protectionGroupId: string,
  window: BackupWindow,
): Promise<ProtectionGroupBackup | undefined> {
  return firstMatching<ProtectionGroupBackup>(
    ctx,
    'protectionGroupBackups',
    backupQuery(window, 'protection_group_id', protectionGroupId),
  );
}

async function findGroup(ctx: LookupContext, name: string): Promise<ProtectionGroupItem> {
  const groups = await listAllMatching<ProtectionGroupItem>(ctx, 'protectionGroups', {
    filter: { name: { $eq: name } },
  });
  const [found, ...others] = groups;
  if (found === undefined)
    throw new PlanError({ field: 'search_pg_name', message: `no protection group named ${name}` });
  if (others.length > 0) {
    throw new PlanError({
      field: 'search_pg_name',
      message: `${groups.length} protection groups are named ${name}`,
    });
  }
  return found;
}

/** The group's buckets, narrowed by account, region and names; deleted buckets included (a disaster may delete them). */
async function findGroupBuckets(
  ctx: LookupContext,
  group: ProtectionGroupRestoreGroup,
  protectionGroupId: string,
): Promise<GroupBucket[]> {
  const names = group.search_bucket_names;
  const filter: Record<string, Record<string, unknown>> = {
    protection_group_id: { $eq: protectionGroupId },
    is_deleted: { $in: ['true', 'false'] },
  };
  if (group.source_account !== undefined) filter.account_native_id = { $eq: group.source_account };
  if (group.source_region !== undefined) filter.aws_region = { $eq: group.source_region };
  if (names?.length === 1) filter.bucket_name = { $eq: names[0] };
  const buckets = await listAllMatching<GroupBucket>(ctx, 'protectionGroupS3Assets', { filter });
  if (names === undefined) return buckets;
  const missing = names.filter((n) => !buckets.some((b) => b.bucket_name === n));
  if (missing.length > 0) {
    const where = [group.source_account, group.source_region].filter((v) => v !== undefined).join(' ');
    throw new PlanError({
      field: 'search_bucket_names',
      message:
        `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in protection group ` +
        `${group.search_pg_name}${where ? ` (in ${where})` : ''}`,
    });
  }
  return buckets.filter((b) => names.includes(b.bucket_name));
}

async function findTargetBucket(ctx: LookupContext, group: ProtectionGroupRestoreGroup): Promise<Bucket> {
  const filter: Record<string, Record<string, unknown>> = {
    account_native_id: { $eq: group.target_account },
    name: { $in: [group.target_bucket] },
  };
  if (group.target_region !== undefined) filter.aws_region = { $eq: group.target_region };
  const [bucket] = await listAllMatching<Bucket>(ctx, 's3Buckets', { filter });
  if (bucket === undefined) {
    const where = [group.target_account, group.target_region].filter((v) => v !== undefined).join(' ');
    throw new PlanError({
      field: 'target_bucket',
      message: `Clumio knows no bucket ${group.target_bucket} in ${where}`,
    });
  }
  return bucket;
}

/** `source_asset_types.ProtectionGroup.protection_groups[]`: a group by name, and which of its buckets. */
const listedGroup = strictObject('a protection group {"name", "bucket_names"}', {
  name: required(text),
  /** Unset: every bucket of the group. */
  bucket_names: optional(listOf(bucketName, 'a list of S3 bucket names')),
});

/**
 * bulkList: one group per protection group and region, holding its buckets there (the region's
 * environment and the status filters narrow them on the server). Found by name, as the restore side finds it.
 */
const protectionGroupListing = defineListing({
  selection: {
    protection_groups: required(listOf(listedGroup, 'a list of protection groups {"name", "bucket_names"}')),
  },
  spec: targetSpec(protectionGroupInput.fields, [
    'restore_from',
    'target_bucket',
    'target_prefix',
    'search_object_filters',
    'target_overwrite',
    'target_storage_class',
  ]),
  async discover(ctx, scope, selection) {
    const assets: FoundAsset[] = [];
    const notes: string[] = [];
    for (const wanted of selection.protection_groups) {
      const named = await listAllMatching<ProtectionGroupItem>(ctx, 'protectionGroups', {
        filter: { name: { $eq: wanted.name } },
      });
      const [pg, ...others] = named;
      if (pg === undefined || others.length > 0) {
        notes.push(
          pg === undefined
            ? `no protection group is named ${wanted.name}`
            : `${named.length} protection groups are named ${wanted.name}; a restore group finds one by its name, so none is listed`,
        );
        continue;
      }
      const names = wanted.bucket_names;
      const filter: Record<string, Readonly<Record<string, unknown>>> = {
        protection_group_id: { $eq: pg.id },
        environment_id: { $eq: scope.environmentId },
        ...scope.statusFilter,
      };
      if (names?.length === 1) filter.bucket_name = { $eq: names[0] };
      const buckets = (await listAllMatching<GroupBucket>(ctx, 'protectionGroupS3Assets', { filter }))
        .map((b) => b.bucket_name)
        .filter((name) => names === undefined || names.includes(name));
      if (buckets.length > 0) {
        assets.push({ assetId: pg.id, nativeId: pg.name, bucketNames: [...new Set(buckets)].sort() });
      }
    }
    return { assets, notes };
  },
  findBackup: (ctx, asset, window) => groupBackup(ctx, asset.assetId, window),
  formatGroup(asset, _backup, spec) {
    return setFields({
      search_pg_name: asset.nativeId,
      restore_from: spec.restore_from,
      search_bucket_names: asset.bucketNames,
      search_object_filters: spec.search_object_filters,
      target_bucket: spec.target_bucket,
      target_prefix: spec.target_prefix,
      target_overwrite: spec.target_overwrite,
      target_storage_class: spec.target_storage_class,
    });
  },
});

export const protectionGroup = defineRestorer(
  protectionGroupInput,
  async (group, ctx): Promise<GroupPlan> => {
    const window = windowOf(group, ctx.now);
    const [pg, bucket] = await Promise.all([
      findGroup(ctx, group.search_pg_name),
      findTargetBucket(ctx, group),
    ]);
    const assets = await findGroupBuckets(ctx, group, pg.id);
    const where = {
      ...(group.source_account !== undefined ? { account: group.source_account } : {}),
      ...(group.source_region !== undefined ? { region: group.source_region } : {}),
    };
    if (assets.length === 0) {
      const scope = [where.account, where.region].filter((v) => v !== undefined).join('/');
      return {
        records: [],
        noBackup: [],
        noMatch: noMatchEntry(
          group,
          where,
          `buckets of protection group ${pg.name}${scope === '' ? '' : ` in ${scope}`}`,
        ),
      };
    }
    // Where the selected buckets are, when the group does not say: the row names its account and region.
    const source = {
      account: where.account ?? joined(assets.map((a) => a.account_native_id)),
      region: where.region ?? joined(assets.map((a) => a.aws_region)),
      resourceId: pg.id,
      resourceNativeId: pg.name,
    };
    const target = {
      account: group.target_account,
      region: bucket.aws_region,
      environmentId: bucket.environment_id,
    };
    const assetIds = assets.map((a) => a.id);
    if (group.restore_from === 'point_in_time') {
      const moment = bucketsMoment(group.search_time, ctx.now, await intervalsOf(ctx, assets));
      return {
        noBackup: [],
        records: [
          pointInTimeRecord({
            group,
            source,
            timestamp: moment,
            target,
            request: {
              endpoint: 'restoreProtectionGroup',
              body: protectionGroupPointInTimeBody(group, pg.id, moment, assetIds, bucket),
            },
          }),
        ],
      };
    }
    const backup = await groupBackup(ctx, pg.id, window);
    if (backup === undefined) {
      return { records: [], noBackup: [noBackupEntry(group, source, `no backup ${window.describe()}`)] };
    }
    return {
      noBackup: [],
      records: [
        restoreRecord({
          group,
          source,
          backup,
          target,
          request: {
            endpoint: 'restoreProtectionGroup',
            body: protectionGroupRestoreBody(group, backup, assetIds, bucket),
          },
        }),
      ],
    };
  },
  protectionGroupListing,
  (group) => ({
    bucket: group.target_bucket,
    ...(group.target_prefix ? { prefix: group.target_prefix } : {}),
  }),
);

/** The distinct values, sorted and joined (`us-east-1, us-west-2`); undefined when there is none. */
function joined(values: readonly (string | undefined)[]): string | undefined {
  const distinct = [...new Set(values.filter((v) => v !== undefined))].sort();
  return distinct.length === 0 ? undefined : distinct.join(', ');
}
