import { matching, oneOf, optional, tagList, text } from '../core/fields.js';
import { restoreFrom } from '../core/group-fields.js';
import { mergeTags, type Tag } from '../core/tags.js';
import { assetListing } from './asset-listing.js';
import { keyWarnings, restoresInPlace } from './encryption.js';
import { isClumioId, type AssetKind } from './asset-search.js';
import { planAssetGroup } from './plan-group.js';
import {
  checkRestoreFrom,
  momentInWindow,
  planPointInTimeGroup,
  plainTags,
  requireWindow,
  type RestorableWindow,
} from './point-in-time.js';
import type { RestoreRequest } from './record.js';
import { setFields, targetSpec } from './target-fields.js';
import { defineRestorer, defineRestorerInput, PlanError, type Environment, type GroupOf } from './types.js';

const changeSetName = matching('letters, digits, "_", "-" or "."', /^[A-Za-z0-9_.-]+$/);

/** Clumio's continuous_backup `type`: AWS's own PITR (Clumio's default) or Clumio's. */
const pitrTypes = ['aws_pitr', 'clumio_pitr'] as const;
type PitrType = (typeof pitrTypes)[number];

const dynamodbInput = defineRestorerInput({
  resourceType: 'DynamoDB',
  sourceRequired: true,
  fields: {
    /** Pin: the Clumio table id or the table name. */
    search_table_id: optional(text),
    /**
     * `backup` (default): the chosen backup; `point_in_time`: the table as it was at `search_time`, or at
     * the latest restorable moment without one.
     */
    restore_from: restoreFrom,
    /** With `point_in_time`: `aws_pitr` (default, the table's AWS point-in-time recovery) or `clumio_pitr`. */
    pitr_type: optional(oneOf(pitrTypes)),
    /** Suffix of the new table's name: `<source table>-<change_set_name>`. */
    change_set_name: optional(changeSetName),
    target_table_name: optional(
      matching('a DynamoDB table name (3-255 letters, digits, "_", "-" or ".")', /^[A-Za-z0-9_.-]{3,255}$/),
    ),
    /** The tags restored with the table (the name existing input files use). */
    source_ddn_tags: optional(tagList),
    target_kms_key_native_id: optional(text),
  },
  aliases: {},
  deprecated: {},
  check(group, report) {
    checkRestoreFrom(group, report, {
      type: 'DynamoDB',
      timeRequired: false,
      onlyPointInTime: ['pitr_type'],
    });
    // Without either there is no name to restore the table under.
    const named = ['target_table_name', 'change_set_name'] as const;
    if (named.every((field) => group[field] === undefined && !report.failed(field))) {
      report.problem(
        'target_table_name',
        'required for DynamoDB unless change_set_name is given (the table is restored as <source table>-<change_set_name>)',
      );
    }
  },
});

type DynamoDbGroup = GroupOf<typeof dynamodbInput>;

interface KeySchemaElement {
  readonly attribute_name?: string | null;
  readonly key_type?: string | null;
}

interface Projection {
  readonly projection_type?: string | null;
  readonly non_key_attributes?: readonly string[] | null;
}

interface ProvisionedThroughput {
  readonly read_capacity_units?: number | null;
  readonly write_capacity_units?: number | null;
}

interface SecondaryIndex {
  readonly index_name?: string | null;
  readonly key_schema?: readonly KeySchemaElement[] | null;
  readonly projection?: Projection | null;
  /** Global indexes only. */
  readonly provisioned_throughput?: ProvisionedThroughput | null;
  readonly contributor_insights_status?: boolean | null;
}

interface SseSpecification {
  readonly kms_key_type?: string | null;
  readonly kms_master_key_id?: string | null;
}

/** The DynamoDB backup item fields a restore reads (clumio-api §5.5; the SDK's DynamoDBTableBackupWithETag). */
interface DynamoDbBackup {
  readonly id: string;
  readonly table_id: string;
  readonly table_name: string;
  readonly account_native_id: string;
  readonly aws_region: string;
  readonly start_timestamp: string;
  readonly type?: string | null;
  readonly tags?: readonly Tag[] | null;
  readonly table_class?: string | null;
  readonly global_secondary_indexes?: readonly SecondaryIndex[] | null;
  readonly local_secondary_indexes?: readonly SecondaryIndex[] | null;
  readonly stream_specification?: {
    readonly enabled?: boolean | null;
    readonly view_type?: string | null;
  } | null;
  readonly sse_specification?: SseSpecification | null;
  readonly replicas?: readonly { readonly region_name?: string | null }[] | null;
}

/**
 * The DynamoDB table item fields a point-in-time restore reads: its AWS PITR window, its tags and its
 * current settings (the SDK's DynamoDBTable).
 */
interface DynamoDbTable extends DynamoDbSettings {
  readonly id: string;
  readonly name: string;
  readonly account_native_id: string;
  readonly aws_region: string;
  readonly earliest_continuous_snapshot_restorable_timestamp?: string | null;
  readonly latest_continuous_snapshot_restorable_timestamp?: string | null;
  readonly tags?: readonly Tag[] | null;
}

const tables: AssetKind<DynamoDbTable, DynamoDbBackup> = {
  pinField: 'search_table_id',
  noun: 'table',
  assetList: 'dynamodbTables',
  backupList: 'dynamodbBackups',
  backupAssetField: 'table_id',
  // A table is pinned by its name; `name` has only `$contains` on this list (clumio-api §7.1).
  nativePinFilter: (pin) => ({ name: { $contains: pin } }),
  isNativeId: (pin) => !isClumioId(pin),
  nativeIdOf: (table) => table.name,
  nativeIdOfBackup: (backup) => backup.table_name,
  // AWS-snapshot backups restore through another source form; SecureVault backups are Clumio's own.
  restorable: (backup) =>
    backup.type === undefined || backup.type === null || backup.type === 'clumio_backup',
};

const MAX_TABLE_NAME = 255;

/** The table settings a restore carries over: a backup's, or (point in time) the table's current ones. */
type DynamoDbSettings = Pick<
  DynamoDbBackup,
  | 'table_class'
  | 'global_secondary_indexes'
  | 'local_secondary_indexes'
  | 'stream_specification'
  | 'sse_specification'
  | 'replicas'
>;

// The SDK's own fields only: the request is checked against the SDK model, a list item may carry more.
const keySchema = (keys: readonly KeySchemaElement[] | null | undefined) =>
  (keys ?? []).map((k) => ({ attribute_name: k.attribute_name ?? null, key_type: k.key_type ?? null }));

const projection = (p: Projection | null | undefined) =>
  p === null || p === undefined
    ? null
    : { projection_type: p.projection_type ?? null, non_key_attributes: [...(p.non_key_attributes ?? [])] };

function localIndexes(settings: DynamoDbSettings) {
  return (settings.local_secondary_indexes ?? []).map((index) => ({
    index_name: index.index_name ?? null,
    key_schema: keySchema(index.key_schema),
    projection: projection(index.projection),
  }));
}

function globalIndexes(settings: DynamoDbSettings) {
  return (settings.global_secondary_indexes ?? []).map((index) => {
    const throughput = index.provisioned_throughput;
    return {
      index_name: index.index_name ?? null,
      key_schema: keySchema(index.key_schema),
      projection: projection(index.projection),
      provisioned_throughput:
        throughput === null || throughput === undefined
          ? null
          : {
              read_capacity_units: throughput.read_capacity_units ?? null,
              write_capacity_units: throughput.write_capacity_units ?? null,
            },
      contributor_insights_status: index.contributor_insights_status ?? null,
    };
  });
}

/** The source's customer key, if it has one. */
function customerKey(settings: DynamoDbSettings): string | null {
  const sse = settings.sse_specification;
  return sse?.kms_key_type === 'CUSTOMER_MANAGED' ? (sse.kms_master_key_id ?? null) : null;
}

/**
 * Encryption (`null` is AWS-owned default encryption): the target key if given; else the source's
 * settings, except a customer key outside the source's account and region.
 */
function sseOf(group: DynamoDbGroup, settings: DynamoDbSettings) {
  const kms = group.target_kms_key_native_id;
  if (kms !== undefined) return { kms_key_type: 'CUSTOMER_MANAGED', kms_master_key_id: kms };
  const type = settings.sse_specification?.kms_key_type;
  if (type === undefined || type === null) return null;
  if (type !== 'CUSTOMER_MANAGED') return { kms_key_type: type, kms_master_key_id: null };
  const key = customerKey(settings);
  return restoresInPlace(group) && key !== null ? { kms_key_type: type, kms_master_key_id: key } : null;
}

/**
 * The target of POST /restores/aws/dynamodb-tables for the source table `tableName`, its tags and the
 * settings it is restored with.
 */
function dynamodbTarget(
  group: DynamoDbGroup,
  source: { readonly tableName: string; readonly tags: readonly Tag[]; readonly settings: DynamoDbSettings },
  target: Environment,
  matched: number,
) {
  // Several tables cannot share one name: each gets its source name appended.
  const name =
    group.target_table_name === undefined
      ? `${source.tableName}-${group.change_set_name ?? ''}`
      : matched > 1
        ? `${group.target_table_name}-${source.tableName}`
        : group.target_table_name;
  if (name.length > MAX_TABLE_NAME) {
    throw new PlanError(`the restored table name ${name} is longer than ${MAX_TABLE_NAME} characters`);
  }
  const { settings } = source;
  // Clumio sets a target property left null to empty or its default, not to the source's (the SDK's
  // DynamoDBTableRestoreTarget): indexes, table class and stream come from the source. Billing mode and
  // throughput, PITR, contributor insights and deletion protection are left null: there null means
  // "as in the backup". No replicas: a global table restores as a single-region table.
  return {
    environment_id: target.id,
    table_name: name,
    tags: mergeTags(group.source_ddn_tags ?? source.tags, group.append_tags),
    sse_specification: sseOf(group, settings),
    table_class: settings.table_class ?? null,
    global_secondary_indexes: globalIndexes(settings),
    local_secondary_indexes: localIndexes(settings),
    stream_specification:
      settings.stream_specification === null || settings.stream_specification === undefined
        ? null
        : {
            enabled: settings.stream_specification.enabled ?? null,
            view_type: settings.stream_specification.view_type ?? null,
          },
  };
}

/** POST /restores/aws/dynamodb-tables body (clumio-api §8.4, DESIGN §3.3). */
export function dynamodbRestoreBody(
  group: DynamoDbGroup,
  backup: DynamoDbBackup,
  target: Environment,
  matched: number,
) {
  return {
    source: { securevault_backup: { backup_id: backup.id } },
    target: dynamodbTarget(
      group,
      { tableName: backup.table_name, tags: backup.tags ?? [], settings: backup },
      target,
      matched,
    ),
  };
}

/**
 * POST /restores/aws/dynamodb-tables body from a point in time: `source.continuous_backup` (the SDK's
 * DynamoDBRestoreSourcePitrOptions), with exactly one of `timestamp` and `use_latest_restorable_time`.
 * The SDK says to restore a point in time with the table's current configuration: its item's settings.
 */
function dynamodbPointInTimeBody(
  group: DynamoDbGroup,
  table: DynamoDbTable,
  timestamp: string | null,
  target: Environment,
  matched: number,
) {
  return {
    source: {
      continuous_backup: {
        table_id: table.id,
        timestamp,
        use_latest_restorable_time: timestamp === null ? true : null,
        type: group.pitr_type ?? 'aws_pitr',
      },
    },
    target: dynamodbTarget(
      group,
      { tableName: table.name, tags: plainTags(table.tags), settings: table },
      target,
      matched,
    ),
  };
}

/** The AWS PITR window of a table, as its item reports it. */
function awsPitrWindow(table: DynamoDbTable): RestorableWindow {
  return {
    earliest: table.earliest_continuous_snapshot_restorable_timestamp,
    latest: table.latest_continuous_snapshot_restorable_timestamp,
    fields:
      'earliest_continuous_snapshot_restorable_timestamp, latest_continuous_snapshot_restorable_timestamp',
    none: 'AWS point-in-time recovery is not enabled on the table',
  };
}

/**
 * The moment a table is restored to: search_time within its AWS PITR window, or null (the latest
 * restorable moment) without a search_time or with one still to come. Clumio's own PITR window is not
 * exposed by the API: `clumio_pitr` times are left to Clumio to check.
 */
function tableMoment(group: DynamoDbGroup, table: DynamoDbTable, now: Date): string | null {
  const time = group.search_time;
  const latest = time === undefined || Date.parse(time) > now.getTime();
  const type: PitrType = group.pitr_type ?? 'aws_pitr';
  if (type === 'clumio_pitr') return latest ? null : time;
  const window = awsPitrWindow(table);
  if (latest) {
    requireWindow(window);
    return null;
  }
  return momentInWindow(time, now, window);
}

/**
 * What the plan says of a DynamoDB restore: a customer key that stays behind elsewhere, and a global
 * table's replicas, which are not restored.
 */
export function dynamodbRestoreWarnings(group: DynamoDbGroup, settings: DynamoDbSettings): string[] {
  const regions = (settings.replicas ?? []).map((r) => r.region_name).filter((r) => typeof r === 'string');
  return [
    ...keyWarnings(group.target_kms_key_native_id, [customerKey(settings)], restoresInPlace(group)),
    ...(regions.length > 0
      ? [
          `a global table (replicas in ${regions.join(', ')}): restored as a single-region table; ` +
            'add its replicas in AWS after the restore',
        ]
      : []),
  ];
}

/** bulkList's change_set_name when the spec gives none: fixed, so a re-run writes the same document. */
const RESTORED_TABLE_SUFFIX = 'restored';

/**
 * bulkList: one group per table, restored as `<table>-<change_set_name>` (a spec cannot give one
 * target_table_name to many tables, and a deterministic name can be reviewed and rerun). The spec's KMS
 * key only elsewhere: in place the restore keeps the backup's encryption.
 */
const dynamodbListing = assetListing(tables, {
  spec: targetSpec(dynamodbInput.fields, [
    'restore_from',
    'pitr_type',
    'change_set_name',
    'target_kms_key_native_id',
    'append_tags',
  ]),
  formatGroup(asset, backup, spec, target) {
    return setFields({
      search_table_id: asset.assetId,
      restore_from: spec.restore_from,
      pitr_type: spec.restore_from === 'point_in_time' ? spec.pitr_type : undefined,
      change_set_name: spec.change_set_name ?? RESTORED_TABLE_SUFFIX,
      target_kms_key_native_id: target.inPlace ? undefined : spec.target_kms_key_native_id,
      source_ddn_tags: mergeTags(backup.tags ?? [], spec.append_tags),
    });
  },
});

const nameOf = (request: RestoreRequest): string =>
  (request.body as ReturnType<typeof dynamodbRestoreBody>).target.table_name;

export const dynamodb = defineRestorer(
  dynamodbInput,
  (group, ctx) =>
    group.restore_from === 'point_in_time'
      ? planPointInTimeGroup({
          group,
          ctx,
          kind: tables,
          read: { endpoint: 'dynamodbTable', param: 'table_id' },
          pin: group.search_table_id,
          moment: (table) => tableMoment(group, table, ctx.now),
          build: ({ asset, timestamp }, { target, matched }) => ({
            endpoint: 'restoreDynamodbTable',
            body: dynamodbPointInTimeBody(group, asset, timestamp, target, matched),
            warnings: dynamodbRestoreWarnings(group, asset),
          }),
          nameOf,
        })
      : planAssetGroup({
          group,
          ctx,
          kind: tables,
          pin: group.search_table_id,
          build: ({ backup }, { target, matched }) => ({
            endpoint: 'restoreDynamodbTable',
            body: dynamodbRestoreBody(group, backup, target, matched),
            warnings: dynamodbRestoreWarnings(group, backup),
          }),
          nameOf,
        }),
  dynamodbListing,
  (_group, request) => ({ name: (request.body as ReturnType<typeof dynamodbRestoreBody>).target.table_name }),
);
