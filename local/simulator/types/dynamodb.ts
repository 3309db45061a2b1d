import { assetFilters, field, POLICY_EMBED, started, withPolicy } from '../asset-filters.js';
import { BodyChecker } from '../body-checker.js';
import { environmentOwner, ownedBy, table, type DatasetIndex } from '../dataset-index.js';
import type { AssetBase, BackupTag, Links } from '../dataset-types.js';
import { link } from '../envelopes.js';
import { notFound } from '../errors.js';
import {
  checkRestorable,
  environmentOf,
  known,
  restoreRoute,
  type RestorableWindow,
  type ValidRestore,
} from '../restore-routes.js';
import { listRoute, readRoute } from '../routes.js';
import { backupTags, byStart, lastStart, type EnvContext, type Seeder } from '../seed.js';
import { MS_PER_DAY, MS_PER_MINUTE, rfc3339 } from '../time.js';
import type { SimulatedType, TypeSeeding } from './contract.js';

// ---- wire shapes (reference §5.5, §7.2) -------------------------------------------------------------

export interface ProvisionedThroughput {
  read_capacity_units: number;
  write_capacity_units: number;
}

export interface DynamoDbSettings {
  billing_mode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  provisioned_throughput: ProvisionedThroughput | null;
  table_class: string;
  global_table_version: string | null;
  global_secondary_indexes: Record<string, unknown>[];
  local_secondary_indexes: Record<string, unknown>[];
  replicas: Record<string, unknown>[];
  sse_specification: { kms_key_type: string; kms_master_key_id: string | null };
  stream_specification: { enabled: boolean; view_type: string | null };
  pitr_status: boolean;
  contributor_insights_status: boolean;
  deletion_protection_enabled: boolean;
}

export interface DynamoDbTable extends AssetBase, DynamoDbSettings {
  table_native_id: string;
  table_arn: string;
  table_status: string;
  size: number;
  item_count: number;
  table_keys: { partition_key: string; sort_key: string | null };
  earliest_continuous_snapshot_restorable_timestamp: string | null;
  latest_continuous_snapshot_restorable_timestamp: string | null;
  last_snapshot_timestamp: string | null;
}

export interface DynamoDbBackup extends DynamoDbSettings {
  _etag: string;
  _links: Links;
  id: string;
  table_id: string;
  table_name: string;
  account_native_id: string;
  aws_region: string;
  start_timestamp: string;
  expiration_timestamp: string;
  type: 'clumio_backup' | 'aws_snapshot';
  size: number;
  item_count: number;
  tags: BackupTag[];
}

interface DynamoDbPart {
  readonly items: { readonly dynamodbTables: readonly DynamoDbTable[] };
  readonly backups: { readonly dynamodb: readonly DynamoDbBackup[] };
}

// ---- dataset ------------------------------------------------------------------------------------------

interface TableSpec {
  slug: string;
  app: string;
  billing: 'PROVISIONED' | 'PAY_PER_REQUEST';
  customerKey: boolean;
  sortKey: string | null;
  gsi: boolean;
}

const TABLES: readonly TableSpec[] = [
  { slug: 'orders', app: 'db', billing: 'PROVISIONED', customerKey: false, sortKey: 'created_at', gsi: true },
  { slug: 'sessions', app: 'web', billing: 'PAY_PER_REQUEST', customerKey: false, sortKey: null, gsi: false },
  { slug: 'events', app: 'analytics', billing: 'PROVISIONED', customerKey: true, sortKey: 'ts', gsi: false },
];

class DynamoDbSeeding implements TypeSeeding<DynamoDbPart> {
  private readonly tables: DynamoDbTable[] = [];
  private readonly backups: DynamoDbBackup[] = [];

  constructor(private readonly s: Seeder) {}

  environment(ctx: EnvContext): void {
    TABLES.forEach((spec) => this.table(ctx, spec));
  }

  part(): DynamoDbPart {
    return { items: { dynamodbTables: this.tables }, backups: { dynamodb: this.backups.sort(byStart) } };
  }

  private table(ctx: EnvContext, spec: TableSpec): void {
    const s = this.s;
    const name = `${ctx.short}-${spec.slug}`;
    const id = s.id(`table/${name}`);
    const starts = s.schedule(`table/${name}`, 'daily', s.nowMs, 4);
    const tags = s.assetTags(ctx, spec.app);
    const throughput =
      spec.billing === 'PROVISIONED' ? { read_capacity_units: 50, write_capacity_units: 25 } : null;
    const settings: DynamoDbSettings = {
      billing_mode: spec.billing,
      provisioned_throughput: throughput,
      table_class: 'STANDARD',
      global_table_version: null,
      global_secondary_indexes: spec.gsi
        ? [
            {
              index_name: 'by-customer',
              key_schema: [{ attribute_name: 'customer_id', key_type: 'HASH' }],
              projection: { projection_type: 'ALL', non_key_attributes: [] },
              provisioned_throughput: throughput,
              contributor_insights_status: false,
            },
          ]
        : [],
      local_secondary_indexes: [],
      replicas: [],
      sse_specification: spec.customerKey
        ? { kms_key_type: 'CUSTOMER_MANAGED', kms_master_key_id: s.kmsKey(ctx.env, `table/${name}`) }
        : { kms_key_type: 'DEFAULT', kms_master_key_id: null },
      stream_specification: { enabled: false, view_type: null },
      pitr_status: spec.billing === 'PROVISIONED',
      contributor_insights_status: false,
      deletion_protection_enabled: spec.slug === 'orders',
    };
    const itemCount = s.int(`items/${name}`, 10_000, 5_000_000);
    const size = itemCount * 180;
    this.tables.push({
      ...s.assetBase(ctx, '/datasources/aws/dynamodb-tables', id, name, spec.app, tags, starts),
      ...settings,
      table_native_id: s.id(`table-native/${name}`),
      table_arn: `arn:aws:dynamodb:${ctx.env.aws_region}:${ctx.env.account_native_id}:table/${name}`,
      table_status: 'ACTIVE',
      size,
      item_count: itemCount,
      table_keys: { partition_key: 'pk', sort_key: spec.sortKey },
      earliest_continuous_snapshot_restorable_timestamp: settings.pitr_status ? s.ago(35) : null,
      latest_continuous_snapshot_restorable_timestamp: settings.pitr_status
        ? rfc3339(s.nowMs - 5 * MS_PER_MINUTE)
        : null,
      last_snapshot_timestamp: lastStart(starts),
    });
    const tagsOfBackup = backupTags(tags);
    for (const at of starts) {
      const backupId = s.id(`dynamodb-backup/${id}/${at}`);
      this.backups.push({
        ...settings,
        _etag: s.hex(`etag/${backupId}`, 16),
        _links: {
          _self: link(`/backups/aws/dynamodb-tables/${backupId}`),
          'restore-aws-dynamodb-table': link('/restores/aws/dynamodb-tables', 'post'),
          'restore-aws-dynamodb-records': link('/restores/aws/dynamodb-tables/records', 'post'),
        },
        id: backupId,
        table_id: id,
        table_name: name,
        account_native_id: ctx.env.account_native_id,
        aws_region: ctx.env.aws_region,
        start_timestamp: rfc3339(at),
        expiration_timestamp: s.expiration(at),
        type: Math.floor(at / MS_PER_DAY) % 7 === 3 ? 'aws_snapshot' : 'clumio_backup',
        size,
        item_count: itemCount,
        tags: tagsOfBackup,
      });
    }
  }
}

// ---- restore body (§8.4) ------------------------------------------------------------------------------

const KMS_KEY_TYPES = ['DEFAULT', 'AWS_MANAGED', 'CUSTOMER_MANAGED'];
const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/**
 * The window of a point-in-time restore: `aws_pitr` (the default) is the table's AWS PITR window, null
 * when PITR is off; `clumio_pitr` is modelled as the span of Clumio's own backups of the table.
 */
function restorableWindow(
  table: DynamoDbTable,
  type: string | undefined,
  backupsOf: (tableId: string) => readonly DynamoDbBackup[],
): RestorableWindow {
  if (type !== 'clumio_pitr') {
    return {
      earliest: table.earliest_continuous_snapshot_restorable_timestamp,
      latest: table.latest_continuous_snapshot_restorable_timestamp,
    };
  }
  const own = backupsOf(table.id).filter((b) => b.type === 'clumio_backup');
  return { earliest: own[0]?.start_timestamp ?? null, latest: own[own.length - 1]?.start_timestamp ?? null };
}

function validateDynamoDb(
  backups: ReadonlyMap<string, DynamoDbBackup>,
  tables: ReadonlyMap<string, DynamoDbTable>,
  backupsOf: (tableId: string) => readonly DynamoDbBackup[],
  body: unknown,
  index: DatasetIndex,
): ValidRestore {
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
  const pitrType = c.enumeration(continuous, 'type', ['aws_pitr', 'clumio_pitr'], false);
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
    const backup = backups.get(known(backupId));
    if (backup === undefined)
      throw notFound(`source.securevault_backup.backup_id: DynamoDB backup "${backupId}" not found`);
    const table = tables.get(backup.table_id);
    resolved = {
      backupId: backup.id,
      tableId: backup.table_id,
      name: backup.table_name,
      nativeId: table?.table_native_id ?? '',
    };
  } else {
    const table = tables.get(known(tableId));
    if (table === undefined)
      throw notFound(`source.continuous_backup.table_id: DynamoDB table "${tableId}" not found`);
    resolved = { backupId: null, tableId: table.id, name: table.name, nativeId: table.table_native_id };
    const window = restorableWindow(table, pitrType, backupsOf);
    const path = `source.continuous_backup.${timestamp === undefined ? 'use_latest_restorable_time' : 'timestamp'}`;
    const what = `${table.name} (${pitrType ?? 'aws_pitr'})`;
    // The latest restorable time needs a window only; a timestamp must also lie inside it.
    checkRestorable(c, path, timestamp ?? window.latest ?? '', what, window);
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

// ---- the type -----------------------------------------------------------------------------------------

export const dynamodb: SimulatedType<DynamoDbPart> = {
  service: 'dynamodb',
  seed: (s) => new DynamoDbSeeding(s),
  serve(dataset) {
    const tables = table(dataset.dynamodbTables, environmentOwner);
    const backups = table(dataset.backups.dynamodb, (b) => b.table_id);
    const inEnvironment = (id: string): readonly DynamoDbTable[] => tables.byOwner.get(id) ?? [];
    return {
      routes: [
        listRoute<DynamoDbTable>({
          path: '/datasources/aws/dynamodb-tables',
          resource: 'aws-dynamodb-tables',
          style: 'page',
          filterApplied: false,
          lookback: true,
          embeds: [POLICY_EMBED],
          filters: {
            ...assetFilters(['$in']),
            name: field(['$contains'], (t) => t.name),
            table_native_id: field(['$eq'], (t) => t.table_native_id),
            aws_region: field(['$eq'], (t) => t.aws_region),
          },
          items: (_ctx, f) => ownedBy(tables, f.eq('environment_id')),
          embed: withPolicy,
        }),
        readRoute({
          pattern: '/datasources/aws/dynamodb-tables/{table_id}',
          resource: 'aws-dynamodb-tables',
          lookback: true,
          what: 'DynamoDB table',
          find: (id) => tables.byId.get(id),
        }),
        listRoute<DynamoDbBackup>({
          path: '/backups/aws/dynamodb-tables',
          resource: 'backup-aws-dynamodb-tables',
          style: 'page',
          filterApplied: true,
          sortable: true,
          filters: {
            table_id: { ops: ['$eq'], get: (b) => b.table_id },
            start_timestamp: started(),
            type: { ops: ['$all'], get: (b) => b.type },
          },
          items: (_ctx, f) => ownedBy(backups, f.eq('table_id')),
        }),
        readRoute({
          pattern: '/backups/aws/dynamodb-tables/{backup_id}',
          resource: 'backup-aws-dynamodb-tables',
          what: 'DynamoDB backup',
          find: (id) => backups.byId.get(id),
        }),
        restoreRoute({
          path: '/restores/aws/dynamodb-tables',
          resource: 'restored-aws-dynamodb-tables',
          version: 1,
          validate: (body, index) =>
            validateDynamoDb(backups.byId, tables.byId, (id) => backups.byOwner.get(id) ?? [], body, index),
        }),
      ],
      protectionStats: [
        { name: 'read-aws-environment-dynamodb-tables-protection-stats', assets: inEnvironment },
      ],
      backupStatusAssets: inEnvironment,
    };
  },
};
