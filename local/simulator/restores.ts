import { BodyChecker, type Node } from './body-checker.js';
import type { DatasetIndex } from './dataset-index.js';
import type { AwsEnvironment } from './dataset-types.js';
import { notFound } from './errors.js';
import type { TaskEntity } from './tasks.js';

/** What an accepted restore body resolves to: enough to create and describe its task. */
export interface ValidRestore {
  readonly backupId: string | null;
  readonly taskType: string;
  readonly primary: TaskEntity;
  readonly target: AwsEnvironment;
  readonly outcomeKeys: readonly string[];
}

export type RestoreKind = 'ebs' | 'ec2' | 'rds' | 'dynamodb' | 'protection-group' | 'pg-s3-asset';

const VOLUME_TYPES = ['gp2', 'gp3', 'io1', 'io2', 'sc1', 'st1', 'standard'];
const IOPS_VOLUME_TYPES = ['gp3', 'io1', 'io2'];
const MAPPING_KEYS = ['volume_native_id', 'name', 'kms_key_native_id', 'tags', 'volume_initialization_rate'];
const S3_STORAGE_CLASSES = ['S3 Standard', 'S3 Standard-IA', 'S3 Intelligent-Tiering', 'S3 One Zone-IA'];
const CHECKSUMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];
const KMS_KEY_TYPES = ['DEFAULT', 'AWS_MANAGED', 'CUSTOMER_MANAGED'];

/**
 * Validate a restore body in three steps, like a server that parses, resolves, then checks: shape
 * problems (types, required, unknown keys) → 400; an unknown source backup or asset → 404; then
 * everything that needs the data (environment, AZ, ownership) → 400. Each 400 lists every problem.
 */
export function validateRestore(kind: RestoreKind, body: unknown, index: DatasetIndex): ValidRestore {
  return VALIDATORS[kind](body, index);
}

const VALIDATORS: Record<RestoreKind, (body: unknown, index: DatasetIndex) => ValidRestore> = {
  ebs: validateEbs,
  ec2: validateEc2,
  rds: validateRds,
  dynamodb: validateDynamoDb,
  'protection-group': validateProtectionGroup,
  'pg-s3-asset': validatePgS3Asset,
};

/** A value the shape check has already proven present. */
function known<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('restore validation: a checked value is missing');
  return value;
}

function environmentOf(
  c: BodyChecker,
  index: DatasetIndex,
  id: string | undefined,
  path: string,
): AwsEnvironment | undefined {
  if (id === undefined) return undefined;
  const env = index.environments.byId.get(id);
  if (env === undefined) c.problem(`${path}: environment "${id}" not found`);
  return env;
}

function checkAz(
  c: BodyChecker,
  env: AwsEnvironment | undefined,
  az: string | undefined,
  path: string,
): void {
  if (env === undefined || az === undefined || env.aws_az.includes(az)) return;
  c.problem(
    `${path}: availability zone "${az}" is not in environment ${env.id} (${env.account_native_id}/${env.aws_region}); valid: ${env.aws_az.join(', ')}`,
  );
}

/** A restore task's parent entity: the target environment. */
export function parentEntity(env: AwsEnvironment): TaskEntity {
  return { id: env.id, type: 'aws_environment', value: `${env.account_native_id}/${env.aws_region}` };
}

// ---- EBS (§8.1) ------------------------------------------------------------------------------------

function validateEbs(body: unknown, index: DatasetIndex): ValidRestore {
  const c = new BodyChecker();
  const root = c.root(body, ['source', 'target']);
  const source = c.object(root, 'source', ['backup_id'], true);
  const backupId = c.string(source, 'backup_id', true);
  const target = c.object(
    root,
    'target',
    ['environment_id', 'aws_az', 'type', 'iops', 'kms_key_native_id', 'tags', 'volume_initialization_rate'],
    true,
  );
  const envId = c.string(target, 'environment_id', true);
  const az = c.string(target, 'aws_az', true);
  const type = c.enumeration(target, 'type', VOLUME_TYPES, false);
  const iops = c.integer(target, 'iops', false, 1);
  c.string(target, 'kms_key_native_id', false);
  c.tags(target, 'tags');
  c.integer(target, 'volume_initialization_rate', false, 100, 300);
  c.check();

  const backup = index.ebsBackups.byId.get(known(backupId));
  if (backup === undefined) throw notFound(`source.backup_id: EBS backup "${backupId}" not found`);
  const env = environmentOf(c, index, envId, 'target.environment_id');
  checkAz(c, env, az, 'target.aws_az');
  const volumeType = type ?? backup.volume_type;
  if (iops !== undefined && !IOPS_VOLUME_TYPES.includes(volumeType)) {
    c.problem(
      `target.iops: only allowed for volume types gp3, io1 and io2 (the volume type is ${volumeType})`,
    );
  }
  c.check();
  return {
    backupId: backup.id,
    taskType: 'aws_ebs_volume_restore',
    primary: { id: backup.volume_id, type: 'aws_ebs_volume', value: backup.volume_native_id },
    target: known(env),
    outcomeKeys: [backup.id, backup.volume_native_id, backup.volume_id],
  };
}

// ---- EC2 (§8.2) ------------------------------------------------------------------------------------

const INSTANCE_KEYS = [
  'environment_id',
  'ami_native_id',
  'aws_az',
  'vpc_native_id',
  'subnet_native_id',
  'ebs_block_device_mappings',
  'network_interfaces',
  'key_pair_name',
  'iam_instance_profile_name',
  'should_power_on',
  'tags',
];
const ENI_KEYS = [
  'device_index',
  'network_interface_native_id',
  'subnet_native_id',
  'security_group_native_ids',
  'restore_default',
  'restore_from_backup',
];

interface Mapping {
  readonly node: Node;
  readonly volumeNativeId: string | undefined;
}

function mappings(c: BodyChecker, parent: Node | undefined, nameRequired: boolean): Mapping[] {
  return (c.objects(parent, 'ebs_block_device_mappings', MAPPING_KEYS, true) ?? []).map((node) => {
    const volumeNativeId = c.string(node, 'volume_native_id', true);
    c.string(node, 'name', nameRequired);
    c.string(node, 'kms_key_native_id', false);
    c.tags(node, 'tags');
    c.integer(node, 'volume_initialization_rate', false, 100, 300);
    return { node, volumeNativeId };
  });
}

function validateEc2(body: unknown, index: DatasetIndex): ValidRestore {
  const c = new BodyChecker();
  const root = c.root(body, ['source', 'target']);
  const source = c.object(root, 'source', ['backup_id'], true);
  const backupId = c.string(source, 'backup_id', true);
  const target = c.object(
    root,
    'target',
    ['instance_restore_target', 'ami_restore_target', 'volumes_restore_target'],
    true,
  );
  const variant = c.exactlyOne(target, [
    'instance_restore_target',
    'ami_restore_target',
    'volumes_restore_target',
  ]);

  let envId: string | undefined;
  let az: string | undefined;
  let maps: Mapping[] = [];
  const fromBackup: string[] = [];
  if (variant === 'instance_restore_target') {
    const t = c.object(target, variant, INSTANCE_KEYS, true);
    envId = c.string(t, 'environment_id', true);
    c.string(t, 'ami_native_id', true);
    az = c.string(t, 'aws_az', false);
    c.string(t, 'vpc_native_id', true);
    c.string(t, 'subnet_native_id', true);
    maps = mappings(c, t, true);
    const enis = c.objects(t, 'network_interfaces', ENI_KEYS, true) ?? [];
    const indexes = new Set<number>();
    for (const eni of enis) {
      const deviceIndex = c.integer(eni, 'device_index', true, 0);
      if (deviceIndex !== undefined && indexes.has(deviceIndex))
        c.problem(`${eni.path}.device_index: ${deviceIndex} is used twice`);
      if (deviceIndex !== undefined) indexes.add(deviceIndex);
      c.string(eni, 'network_interface_native_id', false);
      c.string(eni, 'subnet_native_id', false);
      c.strings(eni, 'security_group_native_ids', false);
      const restoreDefault = c.boolean(eni, 'restore_default', false) === true;
      const restoreFromBackup = c.boolean(eni, 'restore_from_backup', false) === true;
      if (restoreDefault === restoreFromBackup) {
        c.problem(`${eni.path}: exactly one of restore_default and restore_from_backup must be true`);
      }
      if (restoreFromBackup) fromBackup.push(`${eni.path}.restore_from_backup`);
    }
    c.string(t, 'key_pair_name', false);
    c.string(t, 'iam_instance_profile_name', false);
    c.boolean(t, 'should_power_on', false);
    c.tags(t, 'tags');
  } else if (variant === 'ami_restore_target') {
    const t = c.object(
      target,
      variant,
      ['environment_id', 'name', 'ebs_block_device_mappings', 'description', 'tags'],
      true,
    );
    envId = c.string(t, 'environment_id', true);
    c.string(t, 'name', true);
    maps = mappings(c, t, true);
    c.string(t, 'description', false);
    c.tags(t, 'tags');
  } else if (variant === 'volumes_restore_target') {
    const t = c.object(
      target,
      variant,
      ['environment_id', 'ebs_block_device_mappings', 'aws_az', 'target_instance_native_id'],
      true,
    );
    envId = c.string(t, 'environment_id', true);
    const placement = c.exactlyOne(t, ['aws_az', 'target_instance_native_id']);
    az = c.string(t, 'aws_az', false);
    c.string(t, 'target_instance_native_id', false);
    maps = mappings(c, t, placement === 'target_instance_native_id');
  }
  c.check();

  const backup = index.ec2Backups.byId.get(known(backupId));
  if (backup === undefined) throw notFound(`source.backup_id: EC2 backup "${backupId}" not found`);
  const env = environmentOf(c, index, envId, `target.${variant}.environment_id`);
  checkAz(c, env, az, `target.${variant}.aws_az`);
  const volumes = new Set(backup.attached_backup_ebs_volumes.map((v) => v.volume_native_id));
  for (const m of maps) {
    if (m.volumeNativeId !== undefined && !volumes.has(m.volumeNativeId)) {
      c.problem(
        `${m.node.path}.volume_native_id: volume "${m.volumeNativeId}" is not in backup ${backup.id}`,
      );
    }
  }
  const sameLocation =
    env !== undefined &&
    env.account_native_id === backup.account_native_id &&
    env.aws_region === backup.aws_region;
  if (env !== undefined && !sameLocation) {
    for (const path of fromBackup) {
      c.problem(
        `${path}: only possible in the backup's own account and region (${backup.account_native_id}/${backup.aws_region})`,
      );
    }
  }
  c.check();
  return {
    backupId: backup.id,
    taskType: 'aws_ec2_instance_restore',
    primary: { id: backup.instance_id, type: 'aws_ec2_instance', value: backup.instance_native_id },
    target: known(env),
    outcomeKeys: [backup.id, backup.instance_native_id, backup.instance_id],
  };
}

// ---- RDS (§8.3) ------------------------------------------------------------------------------------

const RDS_IDENTIFIER = /^[A-Za-z][A-Za-z0-9-]{0,62}$/;

function validRdsIdentifier(name: string): boolean {
  return RDS_IDENTIFIER.test(name) && !name.includes('--') && !name.endsWith('-');
}

function validateRds(body: unknown, index: DatasetIndex): ValidRestore {
  const c = new BodyChecker();
  const root = c.root(body, ['source', 'target']);
  const source = c.object(root, 'source', ['backup', 'snapshot'], true);
  const form = c.exactlyOne(source, ['backup', 'snapshot']);
  const backupNode = c.object(source, 'backup', ['backup_id'], false);
  const backupId = c.string(backupNode, 'backup_id', true);
  const snapshot = c.object(source, 'snapshot', ['resource_id', 'timestamp'], false);
  const resourceId = c.string(snapshot, 'resource_id', true);
  c.timestamp(snapshot, 'timestamp', true);
  const target = c.object(
    root,
    'target',
    [
      'environment_id',
      'name',
      'instance_class',
      'is_publicly_accessible',
      'kms_key_native_id',
      'security_group_native_ids',
      'subnet_group_name',
      'option_group_name',
      'parameter_group_name',
      'tags',
    ],
    true,
  );
  const envId = c.string(target, 'environment_id', true);
  const name = c.string(target, 'name', true);
  if (name !== undefined && !validRdsIdentifier(name)) {
    c.problem(
      `target.name: "${name}" is not a valid RDS identifier (1-63 letters, digits or hyphens; starts with a letter; no "--"; no trailing "-")`,
    );
  }
  c.string(target, 'instance_class', false);
  c.boolean(target, 'is_publicly_accessible', false);
  c.string(target, 'kms_key_native_id', false);
  c.strings(target, 'security_group_native_ids', false);
  c.string(target, 'subnet_group_name', false);
  c.string(target, 'option_group_name', false);
  c.string(target, 'parameter_group_name', false);
  c.tags(target, 'tags');
  c.check();

  let resolved: { backupId: string | null; resourceId: string; nativeId: string };
  if (form === 'backup') {
    const backup = index.rdsBackups.byId.get(known(backupId));
    if (backup === undefined) throw notFound(`source.backup.backup_id: RDS backup "${backupId}" not found`);
    if (backup.type === 'aws_rds_resource_granular_backup') {
      c.problem(
        `source.backup.backup_id: backup ${backup.id} is a granular backup; it cannot be restored as a resource`,
      );
    }
    resolved = { backupId: backup.id, resourceId: backup.resource_id, nativeId: backup.database_native_id };
  } else {
    const resource = index.rdsResources.byId.get(known(resourceId));
    if (resource === undefined)
      throw notFound(`source.snapshot.resource_id: RDS resource "${resourceId}" not found`);
    resolved = { backupId: null, resourceId: resource.id, nativeId: resource.resource_native_id };
  }
  const env = environmentOf(c, index, envId, 'target.environment_id');
  c.check();
  return {
    backupId: resolved.backupId,
    taskType: 'aws_rds_resource_restore',
    primary: { id: resolved.resourceId, type: 'aws_rds_resource', value: resolved.nativeId },
    target: known(env),
    outcomeKeys: [
      ...(resolved.backupId === null ? [] : [resolved.backupId]),
      resolved.nativeId,
      resolved.resourceId,
    ],
  };
}

// ---- DynamoDB (§8.4) -------------------------------------------------------------------------------

const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

function validateDynamoDb(body: unknown, index: DatasetIndex): ValidRestore {
  const c = new BodyChecker();
  const root = c.root(body, ['source', 'target', 'query_filter']);
  const source = c.object(root, 'source', ['securevault_backup', 'continuous_backup'], true);
  const form = c.exactlyOne(source, ['securevault_backup', 'continuous_backup']);
  const vault = c.object(source, 'securevault_backup', ['backup_id'], false);
  const backupId = c.string(vault, 'backup_id', true);
  const continuous = c.object(
    source,
    'continuous_backup',
    ['table_id', 'timestamp', 'use_latest_restorable_time', 'type'],
    false,
  );
  const tableId = c.string(continuous, 'table_id', true);
  const timestamp = c.timestamp(continuous, 'timestamp', false);
  const latest = c.boolean(continuous, 'use_latest_restorable_time', false) === true;
  c.enumeration(continuous, 'type', ['aws_pitr', 'clumio_pitr'], false);
  if (continuous !== undefined && (timestamp !== undefined) === latest) {
    c.problem(
      `${continuous.path}: exactly one of timestamp and use_latest_restorable_time (true) must be set`,
    );
  }
  const target = c.object(
    root,
    'target',
    [
      'environment_id',
      'table_name',
      'tags',
      'sse_specification',
      'billing_mode',
      'provisioned_throughput',
      'table_class',
      'global_secondary_indexes',
      'local_secondary_indexes',
      'replicas',
      'global_table_version',
      'stream_specification',
      'pitr_status',
      'contributor_insights_status',
      'deletion_protection_enabled',
      'restore_wcu',
    ],
    true,
  );
  const envId = c.string(target, 'environment_id', true);
  const tableName = c.string(target, 'table_name', true);
  if (tableName !== undefined && !TABLE_NAME.test(tableName)) {
    c.problem(
      `target.table_name: "${tableName}" is not a valid DynamoDB table name (3-255 of a-z, A-Z, 0-9, _ . -)`,
    );
  }
  c.tags(target, 'tags');
  const sse = c.object(target, 'sse_specification', ['kms_key_type', 'kms_master_key_id'], false);
  const keyType = c.enumeration(sse, 'kms_key_type', KMS_KEY_TYPES, false);
  const keyId = c.string(sse, 'kms_master_key_id', false);
  if (keyType === 'CUSTOMER_MANAGED' && (keyId === undefined || keyId === '')) {
    c.problem('target.sse_specification.kms_master_key_id: required when kms_key_type is CUSTOMER_MANAGED');
  }
  c.enumeration(target, 'billing_mode', ['PROVISIONED', 'PAY_PER_REQUEST'], false);
  const throughput = c.object(
    target,
    'provisioned_throughput',
    ['read_capacity_units', 'write_capacity_units'],
    false,
  );
  c.integer(throughput, 'read_capacity_units', true, 1);
  c.integer(throughput, 'write_capacity_units', true, 1);
  c.enumeration(target, 'table_class', ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'], false);
  c.objects(target, 'global_secondary_indexes', 'any', false);
  c.objects(target, 'local_secondary_indexes', 'any', false);
  c.objects(target, 'replicas', 'any', false);
  c.string(target, 'global_table_version', false);
  c.anyObject(target, 'stream_specification');
  c.boolean(target, 'pitr_status', false);
  c.boolean(target, 'contributor_insights_status', false);
  c.boolean(target, 'deletion_protection_enabled', false);
  c.integer(target, 'restore_wcu', false, 1);
  c.anyObject(root, 'query_filter');
  c.check();

  let resolved: { backupId: string | null; tableId: string; name: string; nativeId: string };
  if (form === 'securevault_backup') {
    const backup = index.dynamodbBackups.byId.get(known(backupId));
    if (backup === undefined)
      throw notFound(`source.securevault_backup.backup_id: DynamoDB backup "${backupId}" not found`);
    const table = index.dynamodbTables.byId.get(backup.table_id);
    resolved = {
      backupId: backup.id,
      tableId: backup.table_id,
      name: backup.table_name,
      nativeId: table?.table_native_id ?? '',
    };
  } else {
    const table = index.dynamodbTables.byId.get(known(tableId));
    if (table === undefined)
      throw notFound(`source.continuous_backup.table_id: DynamoDB table "${tableId}" not found`);
    resolved = { backupId: null, tableId: table.id, name: table.name, nativeId: table.table_native_id };
  }
  const env = environmentOf(c, index, envId, 'target.environment_id');
  c.check();
  return {
    backupId: resolved.backupId,
    taskType: 'aws_dynamodb_table_restore',
    primary: { id: resolved.tableId, type: 'aws_dynamodb_table', value: resolved.name },
    target: known(env),
    outcomeKeys: [
      ...(resolved.backupId === null ? [] : [resolved.backupId]),
      resolved.name,
      resolved.nativeId,
      resolved.tableId,
    ],
  };
}

// ---- Protection groups (§8.5, §8.6) ----------------------------------------------------------------

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
  const storageClass = c.string(target, 'storage_class', false);
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
  index: DatasetIndex,
  target: PgTarget,
): AwsEnvironment | undefined {
  const env = environmentOf(c, index, target.envId, 'target.environment_id');
  const bucket = index.buckets.byId.get(known(target.bucketId));
  if (bucket === undefined) c.problem(`target.bucket_id: bucket "${target.bucketId}" not found`);
  else if (env !== undefined && bucket.environment_id !== env.id) {
    c.problem(
      `target.environment_id: bucket ${bucket.name} is in environment ${bucket.environment_id}, not ${env.id}`,
    );
  }
  return env;
}

function validateProtectionGroup(body: unknown, index: DatasetIndex): ValidRestore {
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
    const backup = index.pgBackups.byId.get(known(backupId));
    if (backup === undefined)
      throw notFound(`source.backup_id: protection group backup "${backupId}" not found`);
    resolved = { backupId: backup.id, groupId: backup.protection_group_id };
  } else {
    if (!index.protectionGroups.has(known(groupId))) {
      throw notFound(`source.pitr.protection_group_id: protection group "${groupId}" not found`);
    }
    resolved = { backupId: null, groupId: known(groupId) };
  }
  const group = known(index.protectionGroups.get(resolved.groupId));
  const members = new Set((index.pgS3Assets.byOwner.get(group.id) ?? []).map((a) => a.id));
  known(assetIds).forEach((id, i) => {
    if (!members.has(id)) {
      c.problem(
        `source.protection_group_s3_asset_ids[${i}]: "${id}" is not an S3 asset of protection group ${group.name}`,
      );
    }
  });
  const env = pgTargetEnvironment(c, index, target);
  c.check();
  return {
    backupId: resolved.backupId,
    taskType: 'protection_group_restore',
    primary: { id: group.id, type: 'protection_group', value: group.name },
    target: known(env),
    outcomeKeys: [...(resolved.backupId === null ? [] : [resolved.backupId]), group.name, group.id],
  };
}

function validatePgS3Asset(body: unknown, index: DatasetIndex): ValidRestore {
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
    const backup = index.pgS3AssetBackups.byId.get(known(backupId));
    if (backup === undefined)
      throw notFound(`source.backup_id: protection group S3 asset backup "${backupId}" not found`);
    resolved = { backupId: backup.id, assetId: backup.protection_group_s3_asset_id };
  } else {
    if (!index.pgS3Assets.byId.has(known(assetId))) {
      throw notFound(
        `source.pitr.protection_group_s3_asset_id: protection group S3 asset "${assetId}" not found`,
      );
    }
    resolved = { backupId: null, assetId: known(assetId) };
  }
  const asset = known(index.pgS3Assets.byId.get(resolved.assetId));
  const env = pgTargetEnvironment(c, index, target);
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
