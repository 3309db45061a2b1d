import { field, started, tagIds } from '../asset-filters.js';
import { BodyChecker, type Node } from '../body-checker.js';
import { byId, environmentOwner, ownedBy, table, type DatasetIndex, type Table } from '../dataset-index.js';
import type {
  AssetTag,
  AwsEnvironment,
  BackupStatusInfo,
  Links,
  ProtectionInfo,
  ProtectionStatus,
} from '../dataset-types.js';
import { link } from '../envelopes.js';
import { notFound } from '../errors.js';
import { checkRestorable, environmentOf, known, restoreRoute, type ValidRestore } from '../restore-routes.js';
import { listRoute, readRoute } from '../routes.js';
import { byStart, lastStart, type EnvContext, type Seeder } from '../seed.js';
import { MS_PER_DAY, MS_PER_MINUTE, rfc3339 } from '../time.js';
import type { SimulatedType, TypeSeeding } from './contract.js';

// ---- wire shapes (reference §5.6, §7.3, §7.4) --------------------------------------------------------

export interface S3Bucket {
  _links: Links;
  id: string;
  environment_id: string;
  name: string;
  account_native_id: string;
  aws_region: string;
  creation_timestamp: string;
  organizational_unit_id: string;
  protection_group_count: number;
  is_versioning_enabled: boolean;
  is_encryption_enabled: boolean;
  is_replication_enabled: boolean;
  event_bridge_enabled: boolean;
  object_count: number;
  size_bytes: number;
  last_backup_timestamp: string | null;
  last_continuous_backup_timestamp: string | null;
  last_backtrack_sync_timestamp: string | null;
  tags: AssetTag[];
  versioning_setting: { status: string; mfa_delete: string | null };
  encryption_setting: {
    server_side_encryption_configuration: {
      rules: {
        apply_server_side_encryption_by_default: { sse_algorithm: string; kms_master_key_id: string | null };
        bucket_key_enabled: boolean;
      }[];
    };
  };
  replication_setting: Record<string, unknown> | null;
  cloudwatch_metrics: Record<string, unknown> | null;
  bucket_size_bytes_breakdown: Record<string, number>;
}

export interface ProtectionGroup {
  _links: Links;
  _embedded: Record<string, unknown>;
  id: string;
  name: string;
  description: string;
  organizational_unit_id: string;
  bucket_count: number;
  bucket_rule: string;
  object_filter: {
    latest_version_only: boolean;
    prefix_filters: { excluded_sub_prefixes: string[]; prefix: string }[];
    storage_classes: string[];
    earliest_last_modified_timestamp: string | null;
  };
  protection_status: ProtectionStatus;
  protection_info: ProtectionInfo | null;
  protection_stats: Record<string, number>;
  backup_status_stats: {
    success_count: number;
    partial_success_count: number;
    failure_count: number;
    no_backup_count: number;
  };
  backup_tier_stats: Record<string, unknown>[];
  backup_target_aws_region: string;
  is_backup_target_region_configured: boolean;
  is_deleted: boolean;
  created_timestamp: string;
  modified_timestamp: string;
  last_backup_timestamp: string | null;
  last_continuous_backup_timestamp: string | null;
  earliest_available_backup_timestamp: string | null;
  total_backed_up_object_count: number;
  total_backed_up_size_bytes: number;
  version: number;
}

/** A bucket inside a protection group (endpoint 7); its `id` is the protection_group_s3_asset_id. */
export interface PgS3Asset {
  _links: Links;
  id: string;
  group_id: string;
  group_name: string;
  bucket_id: string;
  bucket_name: string;
  environment_id: string;
  account_native_id: string;
  aws_region: string;
  added_by_user: boolean;
  added_by_bucket_rule: boolean;
  is_deleted: boolean;
  protection_status: ProtectionStatus;
  protection_info: ProtectionInfo | null;
  backup_status_info: BackupStatusInfo;
  backup_target_aws_region: string;
  backup_tier_stats: Record<string, unknown>[];
  created_timestamp: string;
  last_backup_timestamp: string | null;
  last_continuous_backup_timestamp: string | null;
  earliest_available_backup_timestamp: string | null;
  total_backed_up_object_count: number;
  total_backed_up_size_bytes: number;
  unsupported_reason: string | null;
  organizational_unit_id: string;
}

export interface PgBackupCounts {
  backed_up_object_count: number;
  backed_up_size_bytes: number;
  failed_object_count: number;
  failed_size_bytes: number;
  missing_object_count: number;
  missing_size_bytes: number;
  malicious_object_count: number;
  malicious_objects_list_link: string;
}

export interface PgBackup extends PgBackupCounts {
  _links: Links;
  id: string;
  protection_group_id: string;
  protection_group_name: string;
  protection_group_version: number;
  start_timestamp: string;
  expiration_timestamp: string;
  type: 'protection_group_backup';
}

/** Endpoint 5a item; `parent_protection_group_backup_id` is also a documented filter field. */
export interface PgS3AssetBackup extends PgBackupCounts {
  _links: Links;
  id: string;
  protection_group_id: string;
  protection_group_s3_asset_id: string;
  parent_protection_group_backup_id: string;
  protection_group_version: number;
  bucket_id: string;
  bucket_name: string;
  aws_region: string;
  start_timestamp: string;
  expiration_timestamp: string;
  type: 'protection_group_s3_asset_backup';
}

/** An item of the pitr-intervals list of one S3 asset: a span it can be restored to any moment of. */
export interface PgS3AssetPitrInterval {
  start_timestamp: string;
  end_timestamp: string;
}

/** The continuous-backup intervals of one PG S3 asset (none: the group has no continuous backup). */
export interface PgS3AssetPitr {
  readonly assetId: string;
  readonly intervals: readonly PgS3AssetPitrInterval[];
}

interface ProtectionGroupPart {
  readonly items: {
    readonly buckets: readonly S3Bucket[];
    readonly protectionGroups: readonly ProtectionGroup[];
    readonly pgS3Assets: readonly PgS3Asset[];
    readonly pgS3AssetPitr: readonly PgS3AssetPitr[];
  };
  readonly backups: {
    readonly protectionGroups: readonly PgBackup[];
    readonly pgS3Assets: readonly PgS3AssetBackup[];
  };
}

// ---- dataset ------------------------------------------------------------------------------------------

const BUCKETS = [
  { slug: 'finance-data', app: 'analytics' },
  { slug: 'logs', app: 'web' },
  { slug: 'web-assets', app: 'web' },
] as const;

/** Which bucket (by slug) of which environment (by short name) each protection group holds. */
const PROTECTION_GROUPS = [
  {
    name: 'pg-finance',
    bucket: 'finance-data',
    envs: ['prod-use1', 'prod-usw2', 'dev-use1'],
    continuous: true,
  },
  {
    name: 'pg-logs',
    bucket: 'logs',
    envs: ['prod-use1', 'prod-usw2', 'prod-euw1', 'dev-usw2'],
    continuous: false,
  },
] as const;

/**
 * The continuous-backup intervals of a group with continuous backup, in days before now: two spans with
 * a gap (a paused backup), the newer one up to five minutes ago.
 */
const PITR_INTERVAL_DAYS = [
  [20, 12],
  [10, 0],
] as const;

/** The buckets protection-group restores write into, in the dr account. */
const DR_BUCKETS: Record<string, string> = {
  'us-east-1': 'dr-restore-bucket',
  'us-west-2': 'dr-restore-bucket-usw2',
};

class ProtectionGroupSeeding implements TypeSeeding<ProtectionGroupPart> {
  private readonly buckets: S3Bucket[] = [];
  private readonly groups: ProtectionGroup[] = [];
  private readonly assets: PgS3Asset[] = [];
  private readonly groupBackups: PgBackup[] = [];
  private readonly assetBackups: PgS3AssetBackup[] = [];
  private readonly pitr: PgS3AssetPitr[] = [];

  constructor(private readonly s: Seeder) {}

  environment(ctx: EnvContext): void {
    BUCKETS.forEach((spec) => this.bucket(ctx, `${ctx.short}-${spec.slug}`, spec.app));
  }

  restoreTarget(ctx: EnvContext): void {
    this.bucket(ctx, DR_BUCKETS[ctx.env.aws_region] ?? `dr-restore-${ctx.env.aws_region}`, 'restore');
  }

  finish(contexts: readonly EnvContext[]): void {
    for (const spec of PROTECTION_GROUPS) this.protectionGroup(spec, contexts);
  }

  part(): ProtectionGroupPart {
    return {
      items: {
        buckets: this.buckets,
        protectionGroups: this.groups,
        pgS3Assets: this.assets,
        pgS3AssetPitr: this.pitr,
      },
      backups: {
        protectionGroups: this.groupBackups.sort(byStart),
        pgS3Assets: this.assetBackups.sort(byStart),
      },
    };
  }

  private bucket(ctx: EnvContext, name: string, app: string): void {
    const s = this.s;
    const id = s.id(`bucket/${name}`);
    const objects = s.int(`objects/${name}`, 1_000, 2_000_000);
    this.buckets.push({
      _links: { _self: link(`/datasources/aws/s3-buckets/${id}`) },
      id,
      environment_id: ctx.env.id,
      name,
      account_native_id: ctx.env.account_native_id,
      aws_region: ctx.env.aws_region,
      creation_timestamp: s.ago(300 + s.int(`created/${name}`, 0, 300)),
      organizational_unit_id: s.ou.id,
      protection_group_count: 0,
      is_versioning_enabled: true,
      is_encryption_enabled: true,
      is_replication_enabled: false,
      event_bridge_enabled: false,
      object_count: objects,
      size_bytes: objects * 250_000,
      last_backup_timestamp: null,
      last_continuous_backup_timestamp: null,
      last_backtrack_sync_timestamp: null,
      tags: s.assetTags(ctx, app),
      versioning_setting: { status: 'Enabled', mfa_delete: 'Disabled' },
      encryption_setting: {
        server_side_encryption_configuration: {
          rules: [
            {
              apply_server_side_encryption_by_default: { sse_algorithm: 'AES256', kms_master_key_id: null },
              bucket_key_enabled: false,
            },
          ],
        },
      },
      replication_setting: null,
      cloudwatch_metrics: null,
      bucket_size_bytes_breakdown: { standard_storage_bytes: objects * 250_000 },
    });
  }

  private protectionGroup(spec: (typeof PROTECTION_GROUPS)[number], contexts: readonly EnvContext[]): void {
    const s = this.s;
    const id = s.id(`pg/${spec.name}`);
    const created = s.ago(200);
    const starts = s.schedule(`pg/${spec.name}`, 'daily', s.nowMs, 5);
    const members = spec.envs.flatMap((short) => {
      const ctx = contexts.find((c) => c.short === short);
      const bucket = this.buckets.find((b) => b.name === `${short}-${spec.bucket}`);
      return ctx === undefined || bucket === undefined ? [] : [{ ctx, bucket }];
    });
    const pgBackups = starts.map((at, i) => {
      const counts = this.pgCounts(`pg-backup/${id}/${at}`);
      const backup: PgBackup = {
        _links: {
          _self: link(`/backups/protection-groups/${id}_${rfc3339(at)}`),
          'restore-protection-group': link('/restores/protection-groups', 'post'),
        },
        // Clumio documents protection-group backup ids as <uuid>_<timestamp>.<number>.
        id: `${s.id(`pg-backup/${id}/${at}`)}_${rfc3339(at)}.${String(10000 + i)}`,
        protection_group_id: id,
        protection_group_name: spec.name,
        protection_group_version: 3,
        start_timestamp: rfc3339(at),
        expiration_timestamp: s.expiration(at),
        type: 'protection_group_backup',
        ...counts,
      };
      backup._links._self = link(`/backups/protection-groups/${backup.id}`);
      this.groupBackups.push(backup);
      return backup;
    });
    const last = lastStart(starts);
    const earliest = starts.length > 0 ? rfc3339(starts[0] ?? 0) : null;
    const intervals: PgS3AssetPitrInterval[] = spec.continuous
      ? PITR_INTERVAL_DAYS.map(([from, to]) => ({
          start_timestamp: rfc3339(s.nowMs - from * MS_PER_DAY),
          end_timestamp: rfc3339(s.nowMs - to * MS_PER_DAY - 5 * MS_PER_MINUTE),
        }))
      : [];
    const lastContinuous = intervals[intervals.length - 1]?.end_timestamp ?? null;
    let totalObjects = 0;
    let totalBytes = 0;
    for (const { ctx, bucket } of members) {
      bucket.protection_group_count += 1;
      bucket.last_backup_timestamp = last;
      const assetId = s.id(`pg-asset/${id}/${bucket.id}`);
      totalObjects += bucket.object_count;
      totalBytes += bucket.size_bytes;
      this.assets.push({
        _links: {
          _self: link(`/datasources/protection-groups/s3-assets/${assetId}`),
          'restore-protection-group-s3-asset': link('/restores/protection-groups/s3-assets', 'post'),
          'list-backup-protection-group-s3-assets': link('/backups/protection-groups/s3-assets'),
        },
        id: assetId,
        group_id: id,
        group_name: spec.name,
        bucket_id: bucket.id,
        bucket_name: bucket.name,
        environment_id: ctx.env.id,
        account_native_id: ctx.env.account_native_id,
        aws_region: ctx.env.aws_region,
        added_by_user: true,
        added_by_bucket_rule: false,
        is_deleted: false,
        protection_status: 'protected',
        protection_info: s.protectionInfo('analytics'),
        backup_status_info: {
          backup_status: starts.length > 0 ? 'success' : 'no_backup',
          last_successful_policy_start_timestamp: last,
          last_failed_policy_start_timestamp: null,
          operation_info_list: [],
        },
        backup_target_aws_region: ctx.env.aws_region,
        backup_tier_stats: [],
        created_timestamp: created,
        last_backup_timestamp: last,
        last_continuous_backup_timestamp: lastContinuous,
        earliest_available_backup_timestamp: earliest,
        total_backed_up_object_count: bucket.object_count,
        total_backed_up_size_bytes: bucket.size_bytes,
        unsupported_reason: null,
        organizational_unit_id: s.ou.id,
      });
      this.pitr.push({ assetId, intervals });
      for (const parent of pgBackups) {
        const backupId = s.id(`pg-asset-backup/${assetId}/${parent.start_timestamp}`);
        this.assetBackups.push({
          _links: {
            _self: link(`/backups/protection-groups/s3-assets/${backupId}`),
            'restore-protection-group-s3-asset': link('/restores/protection-groups/s3-assets', 'post'),
          },
          id: backupId,
          protection_group_id: id,
          protection_group_s3_asset_id: assetId,
          parent_protection_group_backup_id: parent.id,
          protection_group_version: parent.protection_group_version,
          bucket_id: bucket.id,
          bucket_name: bucket.name,
          aws_region: ctx.env.aws_region,
          start_timestamp: parent.start_timestamp,
          expiration_timestamp: parent.expiration_timestamp,
          type: 'protection_group_s3_asset_backup',
          ...this.pgCounts(`pg-asset-backup/${backupId}`),
        });
      }
    }
    this.groups.push({
      _links: {
        _self: link(`/datasources/protection-groups/${id}`),
        'restore-protection-group': link('/restores/protection-groups', 'post'),
        'list-backup-protection-groups': link('/backups/protection-groups'),
        'add-bucket-protection-group': link(`/datasources/protection-groups/${id}/buckets`, 'post'),
      },
      _embedded: {},
      id,
      name: spec.name,
      description: `Buckets holding ${spec.bucket}`,
      organizational_unit_id: s.ou.id,
      bucket_count: members.length,
      bucket_rule: '',
      object_filter: {
        latest_version_only: false,
        prefix_filters: [],
        storage_classes: ['S3 Standard', 'S3 Standard-IA', 'S3 Intelligent-Tiering', 'S3 One Zone-IA'],
        earliest_last_modified_timestamp: null,
      },
      protection_status: 'protected',
      protection_info: s.protectionInfo('analytics'),
      protection_stats: { protected_count: members.length, unprotected_count: 0, deactivated_count: 0 },
      backup_status_stats: {
        success_count: members.length,
        partial_success_count: 0,
        failure_count: 0,
        no_backup_count: 0,
      },
      backup_tier_stats: [],
      backup_target_aws_region: 'us-east-1',
      is_backup_target_region_configured: true,
      is_deleted: false,
      created_timestamp: created,
      modified_timestamp: s.ago(30),
      last_backup_timestamp: last,
      last_continuous_backup_timestamp: lastContinuous,
      earliest_available_backup_timestamp: earliest,
      total_backed_up_object_count: totalObjects,
      total_backed_up_size_bytes: totalBytes,
      version: 3,
    });
  }

  private pgCounts(key: string): PgBackupCounts {
    const s = this.s;
    const objects = s.int(`${key}/objects`, 100, 50_000);
    const failed = s.int(`${key}/failed`, 0, 3);
    return {
      backed_up_object_count: objects,
      backed_up_size_bytes: objects * 250_000,
      failed_object_count: failed,
      failed_size_bytes: failed * 1_000,
      missing_object_count: 0,
      missing_size_bytes: 0,
      malicious_object_count: 0,
      malicious_objects_list_link: '',
    };
  }
}

// ---- restore bodies (§8.5, §8.6) ----------------------------------------------------------------------

const S3_STORAGE_CLASSES = ['S3 Standard', 'S3 Standard-IA', 'S3 Intelligent-Tiering', 'S3 One Zone-IA'];
const CHECKSUMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

interface PgLookups {
  readonly groups: ReadonlyMap<string, ProtectionGroup>;
  readonly groupBackups: ReadonlyMap<string, PgBackup>;
  readonly assets: Table<PgS3Asset>;
  readonly assetBackups: ReadonlyMap<string, PgS3AssetBackup>;
  readonly buckets: ReadonlyMap<string, S3Bucket>;
  /** Continuous-backup intervals by PG S3 asset id. */
  readonly intervals: ReadonlyMap<string, readonly PgS3AssetPitrInterval[]>;
}

/**
 * A pitr restore of PG S3 assets: restore_end_timestamp must lie in an interval of each of them, and a
 * restore_start_timestamp must come before it.
 */
function checkPitr(
  c: BodyChecker,
  pg: PgLookups,
  pitr: Node | undefined,
  assets: readonly PgS3Asset[],
): void {
  if (pitr === undefined) return;
  const end = pitr.value.restore_end_timestamp;
  const start = pitr.value.restore_start_timestamp;
  if (typeof end !== 'string') {
    c.problem(`${pitr.path}.restore_end_timestamp: required for a point-in-time restore`);
    return;
  }
  if (typeof start === 'string' && Date.parse(start) >= Date.parse(end)) {
    c.problem(`${pitr.path}.restore_start_timestamp: must come before restore_end_timestamp (${end})`);
  }
  for (const asset of assets) {
    const windows = (pg.intervals.get(asset.id) ?? []).map((i) => ({
      earliest: i.start_timestamp,
      latest: i.end_timestamp,
    }));
    checkRestorable(c, `${pitr.path}.restore_end_timestamp`, end, `bucket ${asset.bucket_name}`, windows);
  }
}

const OBJECT_FILTER_KEYS = [
  'latest_version_only',
  'object_key_prefix',
  'object_key_suffix',
  'object_key_contains',
  'object_key_matches',
  'etag',
  'version_id',
  'min_object_size_bytes',
  'max_object_size_bytes',
  'storage_classes',
];
const PG_TARGET_KEYS = [
  'bucket_id',
  'environment_id',
  'prefix',
  'overwrite',
  'restore_original_storage_class',
  'storage_class',
  'tags',
  'default_object_checksum_algorithm',
];

function objectFilters(c: BodyChecker, source: Node | undefined): void {
  const filters = c.object(source, 'object_filters', OBJECT_FILTER_KEYS, false);
  c.boolean(filters, 'latest_version_only', true);
  for (const key of [
    'object_key_prefix',
    'object_key_suffix',
    'object_key_contains',
    'object_key_matches',
    'etag',
    'version_id',
  ]) {
    c.string(filters, key, false);
  }
  c.integer(filters, 'min_object_size_bytes', false, 0);
  c.integer(filters, 'max_object_size_bytes', false, 0);
  c.strings(filters, 'storage_classes', false, S3_STORAGE_CLASSES);
}

interface PgTarget {
  readonly bucketId: string | undefined;
  readonly envId: string | undefined;
}

function pgTargetShape(c: BodyChecker, root: Node | undefined): PgTarget {
  const target = c.object(root, 'target', PG_TARGET_KEYS, true);
  const bucketId = c.string(target, 'bucket_id', true);
  const envId = c.string(target, 'environment_id', true);
  c.string(target, 'prefix', false);
  c.boolean(target, 'overwrite', false);
  const original = c.boolean(target, 'restore_original_storage_class', false) === true;
  const storageClass = c.enumeration(target, 'storage_class', S3_STORAGE_CLASSES, false);
  if (target !== undefined && original && storageClass !== undefined) {
    c.problem('target.storage_class: must be empty when restore_original_storage_class is true');
  }
  if (target !== undefined && !original && (storageClass === undefined || storageClass === '')) {
    c.problem('target.storage_class: required unless restore_original_storage_class is true');
  }
  c.tags(target, 'tags');
  c.enumeration(target, 'default_object_checksum_algorithm', CHECKSUMS, false);
  return { bucketId, envId };
}

/** The bucket must exist and lie in target.environment_id. */
function pgTargetEnvironment(
  c: BodyChecker,
  pg: PgLookups,
  index: DatasetIndex,
  target: PgTarget,
): AwsEnvironment | undefined {
  const env = environmentOf(c, index, target.envId, 'target.environment_id');
  const bucket = pg.buckets.get(known(target.bucketId));
  if (bucket === undefined) c.problem(`target.bucket_id: bucket "${target.bucketId}" not found`);
  else if (env !== undefined && bucket.environment_id !== env.id) {
    c.problem(
      `target.environment_id: bucket ${bucket.name} is in environment ${bucket.environment_id}, not ${env.id}`,
    );
  }
  return env;
}

function validateProtectionGroup(pg: PgLookups, body: unknown, index: DatasetIndex): ValidRestore {
  const c = new BodyChecker();
  const root = c.root(body, ['source', 'target']);
  const source = c.object(
    root,
    'source',
    ['backup_id', 'pitr', 'object_filters', 'protection_group_s3_asset_ids'],
    true,
  );
  const form = c.exactlyOne(source, ['backup_id', 'pitr']);
  const backupId = c.string(source, 'backup_id', false);
  const pitr = c.object(
    source,
    'pitr',
    ['protection_group_id', 'restore_start_timestamp', 'restore_end_timestamp'],
    false,
  );
  const groupId = c.string(pitr, 'protection_group_id', true);
  c.timestamp(pitr, 'restore_start_timestamp', false);
  c.timestamp(pitr, 'restore_end_timestamp', false);
  const assetIds = c.strings(source, 'protection_group_s3_asset_ids', true);
  objectFilters(c, source);
  const target = pgTargetShape(c, root);
  c.check();

  let resolved: { backupId: string | null; groupId: string };
  if (form === 'backup_id') {
    const backup = pg.groupBackups.get(known(backupId));
    if (backup === undefined)
      throw notFound(`source.backup_id: protection group backup "${backupId}" not found`);
    resolved = { backupId: backup.id, groupId: backup.protection_group_id };
  } else {
    if (!pg.groups.has(known(groupId))) {
      throw notFound(`source.pitr.protection_group_id: protection group "${groupId}" not found`);
    }
    resolved = { backupId: null, groupId: known(groupId) };
  }
  const group = known(pg.groups.get(resolved.groupId));
  const members = new Set((pg.assets.byOwner.get(group.id) ?? []).map((a) => a.id));
  known(assetIds).forEach((id, i) => {
    if (!members.has(id)) {
      c.problem(
        `source.protection_group_s3_asset_ids[${i}]: "${id}" is not an S3 asset of protection group ${group.name}`,
      );
    }
  });
  if (form === 'pitr') {
    const listed = known(assetIds).flatMap((id) => {
      const asset = pg.assets.byId.get(id);
      return asset !== undefined && members.has(id) ? [asset] : [];
    });
    checkPitr(c, pg, pitr, listed);
  }
  const env = pgTargetEnvironment(c, pg, index, target);
  c.check();
  return {
    backupId: resolved.backupId,
    taskType: 'protection_group_restore',
    primary: { id: group.id, type: 'protection_group', value: group.name },
    target: known(env),
    outcomeKeys: [...(resolved.backupId === null ? [] : [resolved.backupId]), group.name, group.id],
  };
}

function validatePgS3Asset(pg: PgLookups, body: unknown, index: DatasetIndex): ValidRestore {
  const c = new BodyChecker();
  const root = c.root(body, ['source', 'target']);
  const source = c.object(root, 'source', ['backup_id', 'pitr', 'object_filters'], true);
  const form = c.exactlyOne(source, ['backup_id', 'pitr']);
  const backupId = c.string(source, 'backup_id', false);
  const pitr = c.object(
    source,
    'pitr',
    ['protection_group_s3_asset_id', 'restore_start_timestamp', 'restore_end_timestamp'],
    false,
  );
  const assetId = c.string(pitr, 'protection_group_s3_asset_id', true);
  c.timestamp(pitr, 'restore_start_timestamp', false);
  c.timestamp(pitr, 'restore_end_timestamp', false);
  objectFilters(c, source);
  const target = pgTargetShape(c, root);
  c.check();

  let resolved: { backupId: string | null; assetId: string };
  if (form === 'backup_id') {
    const backup = pg.assetBackups.get(known(backupId));
    if (backup === undefined)
      throw notFound(`source.backup_id: protection group S3 asset backup "${backupId}" not found`);
    resolved = { backupId: backup.id, assetId: backup.protection_group_s3_asset_id };
  } else {
    if (!pg.assets.byId.has(known(assetId))) {
      throw notFound(
        `source.pitr.protection_group_s3_asset_id: protection group S3 asset "${assetId}" not found`,
      );
    }
    resolved = { backupId: null, assetId: known(assetId) };
  }
  const asset = known(pg.assets.byId.get(resolved.assetId));
  if (form === 'pitr') checkPitr(c, pg, pitr, [asset]);
  const env = pgTargetEnvironment(c, pg, index, target);
  c.check();
  return {
    backupId: resolved.backupId,
    taskType: 'protection_group_s3_asset_restore',
    primary: { id: asset.id, type: 'protection_group_s3_asset', value: asset.bucket_name },
    target: known(env),
    outcomeKeys: [
      ...(resolved.backupId === null ? [] : [resolved.backupId]),
      asset.bucket_name,
      asset.group_name,
      asset.id,
    ],
  };
}

// ---- the type -----------------------------------------------------------------------------------------

export const protectionGroup: SimulatedType<ProtectionGroupPart> = {
  service: 's3',
  seed: (s) => new ProtectionGroupSeeding(s),
  serve(dataset) {
    const buckets = table(dataset.buckets, environmentOwner);
    const assets = table(dataset.pgS3Assets, (a) => a.group_id);
    const assetsByEnvironment = table(dataset.pgS3Assets, environmentOwner);
    const groupBackups = table(dataset.backups.protectionGroups, (b) => b.protection_group_id);
    const assetBackups = table(dataset.backups.pgS3Assets, (b) => b.protection_group_s3_asset_id);
    const pg: PgLookups = {
      groups: byId(dataset.protectionGroups),
      groupBackups: groupBackups.byId,
      assets,
      assetBackups: assetBackups.byId,
      buckets: buckets.byId,
      intervals: new Map(dataset.pgS3AssetPitr.map((p) => [p.assetId, p.intervals])),
    };
    return {
      routes: [
        listRoute<S3Bucket>({
          path: '/datasources/aws/s3-buckets',
          resource: 'aws-s3-buckets',
          style: 'page',
          filterApplied: false,
          lookback: true,
          filters: {
            environment_id: field(['$eq'], (b) => b.environment_id),
            name: field(['$contains', '$in'], (b) => b.name),
            account_native_id: field(['$eq'], (b) => b.account_native_id),
            aws_account_native_id: field(['$eq', '$in'], (b) => b.account_native_id),
            aws_region: field(['$eq', '$in'], (b) => b.aws_region),
            'tags.id': field(['$all'], tagIds, 'list'),
            is_deleted: field(['$eq', '$in'], () => false, 'boolean'),
            organizational_unit_id: field(['$in'], (b) => b.organizational_unit_id),
            asset_id: field(['$in'], (b) => b.id),
            event_bridge_enabled: field(['$eq'], (b) => b.event_bridge_enabled, 'boolean'),
            is_versioning_enabled: field(['$eq'], (b) => b.is_versioning_enabled, 'boolean'),
            is_encryption_enabled: field(['$eq'], (b) => b.is_encryption_enabled, 'boolean'),
            is_replication_enabled: field(['$eq'], (b) => b.is_replication_enabled, 'boolean'),
            is_supported: field(['$eq'], () => true, 'boolean'),
            is_active: field(['$eq'], () => true, 'boolean'),
            protection_method: field(['$eq', '$in'], (b) =>
              b.protection_group_count > 0 ? 'securevault' : 'none',
            ),
          },
          items: (_ctx, f) => ownedBy(buckets, f.eq('environment_id')),
        }),
        listRoute<ProtectionGroup>({
          path: '/datasources/protection-groups',
          resource: 'protection-groups',
          style: 'page',
          filterApplied: false,
          lookback: true,
          links: { 'create-protection-group': link('/datasources/protection-groups', 'post') },
          filters: {
            is_deleted: field(['$eq', '$in'], (g) => g.is_deleted, 'boolean'),
            name: field(['$contains', '$eq'], (g) => g.name),
            'protection_info.policy_id': field(['$eq'], (g) => g.protection_info?.policy_id),
            protection_status: field(['$in'], (g) => g.protection_status),
            deactivated: field(['$eq'], () => false, 'boolean'),
            organizational_unit_id: field(['$in'], (g) => g.organizational_unit_id),
          },
          items: () => dataset.protectionGroups,
        }),
        readRoute({
          pattern: '/datasources/protection-groups/{group_id}',
          resource: 'protection-groups',
          lookback: true,
          what: 'protection group',
          find: (id) => pg.groups.get(id),
        }),
        listRoute<PgS3Asset>({
          path: '/datasources/protection-groups/s3-assets',
          resource: 'protection-groups-s3-assets',
          style: 'page',
          filterApplied: false,
          lookback: true,
          filters: {
            account_native_id: field(['$eq'], (a) => a.account_native_id),
            aws_region: field(['$eq'], (a) => a.aws_region),
            bucket_id: field(['$eq'], (a) => a.bucket_id),
            bucket_name: field(['$eq', '$contains'], (a) => a.bucket_name),
            environment_id: field(['$eq'], (a) => a.environment_id),
            is_deleted: field(['$eq', '$in'], (a) => a.is_deleted, 'boolean'),
            protection_group_id: field(['$eq'], (a) => a.group_id),
            'protection_info.policy_id': field(['$eq'], (a) => a.protection_info?.policy_id),
            protection_status: field(['$in'], (a) => a.protection_status),
            deactivated: field(['$eq'], () => false, 'boolean'),
            backup_status: field(['$in'], (a) => a.backup_status_info.backup_status),
            organizational_unit_id: field(['$in'], (a) => a.organizational_unit_id),
            added_by: field(['$in'], (a) => (a.added_by_bucket_rule ? 'bucket_rule' : 'user')),
            is_supported: field(['$eq'], () => true, 'boolean'),
          },
          items: (_ctx, f) => ownedBy(assets, f.eq('protection_group_id')),
        }),
        readRoute({
          pattern: '/datasources/protection-groups/s3-assets/{protection_group_s3_asset_id}',
          resource: 'protection-groups-s3-assets',
          lookback: true,
          what: 'protection group S3 asset',
          find: (id) => assets.byId.get(id),
        }),
        listRoute<PgS3AssetPitrInterval>({
          path: '/datasources/protection-groups/s3-assets/{protection_group_s3_asset_id}/pitr-intervals',
          resource: 'protection-groups-s3-assets',
          style: 'token',
          filterApplied: true,
          // One field for both operators: the simulator compares it with each interval's start.
          filters: { timestamp: field(['$lte', '$gte'], (i) => i.start_timestamp, 'timestamp') },
          items: (ctx) => {
            const id = ctx.params.protection_group_s3_asset_id ?? '';
            if (!assets.byId.has(id)) throw notFound(`protection group S3 asset "${id}" not found`);
            return pg.intervals.get(id) ?? [];
          },
        }),
        listRoute<PgBackup>({
          path: '/backups/protection-groups',
          resource: 'backup-protection-groups',
          style: 'page',
          filterApplied: true,
          sortable: true,
          filters: {
            protection_group_id: { ops: ['$eq'], get: (b) => b.protection_group_id },
            start_timestamp: started(),
          },
          items: (_ctx, f) => ownedBy(groupBackups, f.eq('protection_group_id')),
        }),
        readRoute({
          pattern: '/backups/protection-groups/{backup_id}',
          resource: 'backup-protection-groups',
          what: 'protection group backup',
          find: (id) => groupBackups.byId.get(id),
        }),
        listRoute<PgS3AssetBackup>({
          path: '/backups/protection-groups/s3-assets',
          resource: 'backup-protection-groups',
          style: 'page',
          filterApplied: true,
          sortable: true,
          filters: {
            protection_group_s3_asset_id: { ops: ['$eq'], get: (b) => b.protection_group_s3_asset_id },
            parent_protection_group_backup_id: {
              ops: ['$eq'],
              get: (b) => b.parent_protection_group_backup_id,
            },
            start_timestamp: started(),
            bucket_region: { ops: ['$eq'], get: (b) => b.aws_region },
          },
          items: (_ctx, f) => ownedBy(assetBackups, f.eq('protection_group_s3_asset_id')),
        }),
        readRoute({
          pattern: '/backups/protection-groups/s3-assets/{backup_id}',
          resource: 'backup-protection-groups',
          what: 'protection group S3 asset backup',
          find: (id) => assetBackups.byId.get(id),
        }),
        restoreRoute({
          path: '/restores/protection-groups',
          resource: 'restored-protection-groups',
          version: 1,
          validate: (body, index) => validateProtectionGroup(pg, body, index),
        }),
        restoreRoute({
          path: '/restores/protection-groups/s3-assets',
          resource: 'restored-protection-group-s3-assets',
          version: 1,
          validate: (body, index) => validatePgS3Asset(pg, body, index),
        }),
      ],
      protectionStats: [
        {
          name: 'read-aws-environment-protection-groups-protection-stats',
          assets: (id) => assetsByEnvironment.byOwner.get(id) ?? [],
        },
      ],
    };
  },
};
