import { assetFilters, field, POLICY_EMBED, started, withPolicy } from '../asset-filters.js';
import { BodyChecker, type Node } from '../body-checker.js';
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

export interface KeySchemaElement {
  attribute_name: string;
  key_type: 'HASH' | 'RANGE';
}

export interface Projection {
  projection_type: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  non_key_attributes: string[];
}

export interface LocalSecondaryIndex {
  index_name: string;
  key_schema: KeySchemaElement[];
  projection: Projection;
}

export interface GlobalSecondaryIndex extends LocalSecondaryIndex {
  provisioned_throughput: ProvisionedThroughput | null;
  contributor_insights_status: boolean;
}

/** A replica of a global table (the SDK's ReplicaDescription). */
export interface Replica {
  region_name: string;
  kms_master_key_id: string | null;
  replica_table_class: string;
  global_secondary_indexes: { index_name: string }[];
  provisioned_throughput_override: { read_capacity_units: number } | null;
  on_demand_throughput_override: { max_read_request_units: number } | null;
}

export interface DynamoDbSettings {
  billing_mode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  provisioned_throughput: ProvisionedThroughput | null;
  table_class: 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';
  global_table_version: string | null;
  global_secondary_indexes: GlobalSecondaryIndex[];
  local_secondary_indexes: LocalSecondaryIndex[];
  replicas: Replica[];
  sse_specification: { kms_key_type: string; kms_master_key_id: string | null };
  stream_specification: { enabled: boolean; view_type: string | null };
  pitr_status: boolean;
  contributor_insights_status: boolean;
  deletion_protection_enabled: boolean;
}

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N' | 'B';
}

export interface DynamoDbTable extends AssetBase, DynamoDbSettings {
  table_native_id: string;
  table_arn: string;
  table_status: string;
  size: number;
  item_count: number;
  /** AttributeDefinition of the SDK: `type` is S, N or B. */
  table_keys: { partition_key: KeyAttribute; sort_key: KeyAttribute | null };
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
  sortKey: KeyAttribute | null;
  /** Partition keys of its global secondary indexes. */
  gsis: readonly string[];
  /** Sort keys of its local secondary indexes. */
  lsis: readonly string[];
  tableClass: 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';
  stream: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | null;
  /** A global table: replicated to the other region of its account. */
  global: boolean;
}

const TABLES: readonly TableSpec[] = [
  {
    slug: 'orders',
    app: 'db',
    billing: 'PROVISIONED',
    customerKey: false,
    sortKey: { name: 'created_at', type: 'S' },
    gsis: ['customer_id'],
    lsis: [],
    tableClass: 'STANDARD',
    stream: null,
    global: false,
  },
  {
    slug: 'sessions',
    app: 'web',
    billing: 'PAY_PER_REQUEST',
    customerKey: false,
    sortKey: null,
    gsis: [],
    lsis: [],
    tableClass: 'STANDARD',
    stream: 'NEW_AND_OLD_IMAGES',
    global: true,
  },
  // Everything a restore must carry over: two GSIs, an LSI, a stream, the infrequent-access class, a customer key.
  {
    slug: 'events',
    app: 'analytics',
    billing: 'PROVISIONED',
    customerKey: true,
    sortKey: { name: 'ts', type: 'N' },
    gsis: ['source', 'kind'],
    lsis: ['severity'],
    tableClass: 'STANDARD_INFREQUENT_ACCESS',
    stream: 'NEW_IMAGE',
    global: false,
  },
];

/** The other region a global table replicates to. */
function replicaRegion(region: string): string {
  return region === 'us-east-1' ? 'us-west-2' : 'us-east-1';
}

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
      table_class: spec.tableClass,
      global_table_version: spec.global ? '2019.11.21' : null,
      global_secondary_indexes: spec.gsis.map((key, i) => ({
        index_name: `by-${key.replace(/_/g, '-')}`,
        key_schema: [
          { attribute_name: key, key_type: 'HASH' as const },
          ...(spec.sortKey === null
            ? []
            : [{ attribute_name: spec.sortKey.name, key_type: 'RANGE' as const }]),
        ],
        // The first index projects everything, the others only some attributes.
        projection:
          i === 0
            ? { projection_type: 'ALL', non_key_attributes: [] }
            : { projection_type: 'INCLUDE', non_key_attributes: ['status', 'owner'] },
        provisioned_throughput: throughput,
        contributor_insights_status: false,
      })),
      local_secondary_indexes: spec.lsis.map((key) => ({
        index_name: `by-${key}`,
        key_schema: [
          { attribute_name: 'pk', key_type: 'HASH' },
          { attribute_name: key, key_type: 'RANGE' },
        ],
        projection: { projection_type: 'KEYS_ONLY', non_key_attributes: [] },
      })),
      replicas: spec.global
        ? [
            {
              region_name: replicaRegion(ctx.env.aws_region),
              kms_master_key_id: null,
              replica_table_class: spec.tableClass,
              global_secondary_indexes: [],
              provisioned_throughput_override: null,
              on_demand_throughput_override: null,
            },
          ]
        : [],
      sse_specification: spec.customerKey
        ? { kms_key_type: 'CUSTOMER_MANAGED', kms_master_key_id: s.kmsKey(ctx.env, `table/${name}`) }
        : { kms_key_type: 'DEFAULT', kms_master_key_id: null },
      stream_specification:
        spec.stream === null
          ? { enabled: false, view_type: null }
          : { enabled: true, view_type: spec.stream },
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
      table_keys: { partition_key: { name: 'pk', type: 'S' }, sort_key: spec.sortKey },
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
const TABLE_CLASSES = ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'];
const KEY_TYPES = ['HASH', 'RANGE'];
const PROJECTION_TYPES = ['ALL', 'KEYS_ONLY', 'INCLUDE'];
const VIEW_TYPES = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'];
const GLOBAL_TABLE_VERSIONS = ['2017.11.29', '2019.11.21'];

/** An index's key schema and projection (the SDK's KeySchemaElement and Projection). */
function indexShape(c: BodyChecker, index: Node): void {
  c.string(index, 'index_name', true);
  for (const key of c.objects(index, 'key_schema', ['attribute_name', 'key_type'], true) ?? []) {
    c.string(key, 'attribute_name', true);
    c.enumeration(key, 'key_type', KEY_TYPES, true);
  }
  const projection = c.object(index, 'projection', ['projection_type', 'non_key_attributes'], true);
  const type = c.enumeration(projection, 'projection_type', PROJECTION_TYPES, true);
  const attributes = c.strings(projection, 'non_key_attributes', false) ?? [];
  if (projection !== undefined && type === 'INCLUDE' && attributes.length === 0) {
    c.problem(`${projection.path}.non_key_attributes: required when projection_type is INCLUDE`);
  }
  if (projection !== undefined && type !== undefined && type !== 'INCLUDE' && attributes.length > 0) {
    c.problem(`${projection.path}.non_key_attributes: must be empty when projection_type is ${type}`);
  }
}

function throughput(c: BodyChecker, parent: Node | undefined, key: string): void {
  const node = c.object(parent, key, ['read_capacity_units', 'write_capacity_units'], false);
  c.integer(node, 'read_capacity_units', true, 1);
  c.integer(node, 'write_capacity_units', true, 1);
}

/** A replica's (or a replica index's) throughput overrides. */
function overrides(c: BodyChecker, parent: Node): void {
  const onDemand = c.object(parent, 'on_demand_throughput_override', ['max_read_request_units'], false);
  c.integer(onDemand, 'max_read_request_units', false, 1);
  const provisioned = c.object(parent, 'provisioned_throughput_override', ['read_capacity_units'], false);
  c.integer(provisioned, 'read_capacity_units', false, 1);
}

function indexesAndReplicas(c: BodyChecker, target: Node | undefined): void {
  const gsiKeys = [
    'index_name',
    'key_schema',
    'projection',
    'provisioned_throughput',
    'contributor_insights_status',
  ];
  for (const gsi of c.objects(target, 'global_secondary_indexes', gsiKeys, false) ?? []) {
    indexShape(c, gsi);
    throughput(c, gsi, 'provisioned_throughput');
    c.boolean(gsi, 'contributor_insights_status', false);
  }
  for (const lsi of c.objects(
    target,
    'local_secondary_indexes',
    ['index_name', 'key_schema', 'projection'],
    false,
  ) ?? []) {
    indexShape(c, lsi);
  }
  const replicaKeys = [
    'region_name',
    'kms_master_key_id',
    'replica_table_class',
    'global_secondary_indexes',
    'on_demand_throughput_override',
    'provisioned_throughput_override',
  ];
  for (const replica of c.objects(target, 'replicas', replicaKeys, false) ?? []) {
    c.string(replica, 'region_name', true);
    c.string(replica, 'kms_master_key_id', false);
    c.enumeration(replica, 'replica_table_class', TABLE_CLASSES, false);
    overrides(c, replica);
    const indexKeys = ['index_name', 'on_demand_throughput_override', 'provisioned_throughput_override'];
    for (const index of c.objects(replica, 'global_secondary_indexes', indexKeys, false) ?? []) {
      c.string(index, 'index_name', true);
      overrides(c, index);
    }
  }
}

/** The SDK's DynamoDBRestoreQueryFilter (record-level restores; checked for shape only). */
function queryFilter(c: BodyChecker, root: Node | undefined): void {
  const keyFilter = (parent: Node | undefined, key: string): void => {
    const filter = c.object(parent, key, ['condition', 'values'], false);
    c.string(filter, 'condition', true);
    c.strings(filter, 'values', false);
  };
  const filter = c.object(
    root,
    'query_filter',
    ['attribute_filters', 'key_filters', 'partition_key_filter', 'sort_key_filter'],
    false,
  );
  for (const attribute of c.objects(
    filter,
    'attribute_filters',
    ['condition', 'name', 'type', 'values'],
    false,
  ) ?? []) {
    c.string(attribute, 'condition', true);
    c.string(attribute, 'name', true);
    c.string(attribute, 'type', true);
    c.strings(attribute, 'values', false);
  }
  for (const keys of c.objects(filter, 'key_filters', ['partition_key_filter', 'sort_key_filter'], false) ??
    []) {
    keyFilter(keys, 'partition_key_filter');
    keyFilter(keys, 'sort_key_filter');
  }
  keyFilter(filter, 'partition_key_filter');
  keyFilter(filter, 'sort_key_filter');
}

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
  throughput(c, target, 'provisioned_throughput');
  c.enumeration(target, 'table_class', TABLE_CLASSES, false);
  indexesAndReplicas(c, target);
  c.enumeration(target, 'global_table_version', GLOBAL_TABLE_VERSIONS, false);
  const stream = c.object(target, 'stream_specification', ['enabled', 'view_type'], false);
  const streaming = c.boolean(stream, 'enabled', false) === true;
  c.enumeration(stream, 'view_type', VIEW_TYPES, false);
  if (stream !== undefined && streaming && c.present(stream, ['view_type']).length === 0) {
    c.problem('target.stream_specification.view_type: required when enabled is true');
  }
  c.boolean(target, 'pitr_status', false);
  c.boolean(target, 'contributor_insights_status', false);
  c.boolean(target, 'deletion_protection_enabled', false);
  c.integer(target, 'restore_wcu', false, 1);
  queryFilter(c, root);
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
