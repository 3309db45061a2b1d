import { matching, optional, tagList, text } from '../core/fields.js';
import { mergeTags, type Tag } from '../core/tags.js';
import { assetListing } from './asset-listing.js';
import { keyWarnings, restoresInPlace } from './encryption.js';
import { isClumioId, type AssetKind } from './asset-search.js';
import { planAssetGroup } from './plan-group.js';
import { setFields, targetSpec } from './target-fields.js';
import { defineRestorer, defineRestorerInput, PlanError, type Environment, type GroupOf } from './types.js';

const changeSetName = matching('letters, digits, "_", "-" or "."', /^[A-Za-z0-9_.-]+$/);

const dynamodbInput = defineRestorerInput({
  resourceType: 'DynamoDB',
  sourceRequired: true,
  fields: {
    /** Pin: the Clumio table id or the table name. */
    search_table_id: optional(text),
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

const tables: AssetKind<{ id: string; name: string }, DynamoDbBackup> = {
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

// The SDK's own fields only: the request is checked against the SDK model, a list item may carry more.
const keySchema = (keys: readonly KeySchemaElement[] | null | undefined) =>
  (keys ?? []).map((k) => ({ attribute_name: k.attribute_name ?? null, key_type: k.key_type ?? null }));

const projection = (p: Projection | null | undefined) =>
  p === null || p === undefined
    ? null
    : { projection_type: p.projection_type ?? null, non_key_attributes: [...(p.non_key_attributes ?? [])] };

function localIndexes(backup: DynamoDbBackup) {
  return (backup.local_secondary_indexes ?? []).map((index) => ({
    index_name: index.index_name ?? null,
    key_schema: keySchema(index.key_schema),
    projection: projection(index.projection),
  }));
}

function globalIndexes(backup: DynamoDbBackup) {
  return (backup.global_secondary_indexes ?? []).map((index) => {
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

/** The backup's customer key, if it has one. */
function customerKey(backup: DynamoDbBackup): string | null {
  const sse = backup.sse_specification;
  return sse?.kms_key_type === 'CUSTOMER_MANAGED' ? (sse.kms_master_key_id ?? null) : null;
}

/**
 * Encryption (`null` is AWS-owned default encryption): the target key if given; else the backup's
 * settings, except a customer key outside the source's account and region.
 */
function sseOf(group: DynamoDbGroup, backup: DynamoDbBackup) {
  const kms = group.target_kms_key_native_id;
  if (kms !== undefined) return { kms_key_type: 'CUSTOMER_MANAGED', kms_master_key_id: kms };
  const type = backup.sse_specification?.kms_key_type;
  if (type === undefined || type === null) return null;
  if (type !== 'CUSTOMER_MANAGED') return { kms_key_type: type, kms_master_key_id: null };
  const key = customerKey(backup);
  return restoresInPlace(group) && key !== null ? { kms_key_type: type, kms_master_key_id: key } : null;
}

/** POST /restores/aws/dynamodb-tables body (clumio-api §8.4, DESIGN §3.3). */
export function dynamodbRestoreBody(
  group: DynamoDbGroup,
  backup: DynamoDbBackup,
  target: Environment,
  matched: number,
) {
  // Several tables cannot share one name: each gets its source name appended.
  const name =
    group.target_table_name === undefined
      ? `${backup.table_name}-${group.change_set_name ?? ''}`
      : matched > 1
        ? `${group.target_table_name}-${backup.table_name}`
        : group.target_table_name;
  if (name.length > MAX_TABLE_NAME) {
    throw new PlanError(`the restored table name ${name} is longer than ${MAX_TABLE_NAME} characters`);
  }
  // Clumio sets a target property left null to empty or its default, not to the backup's (the SDK's
  // DynamoDBTableRestoreTarget): indexes, table class and stream come from the backup. Billing mode and
  // throughput, PITR, contributor insights and deletion protection are left null: there null means
  // "as in the backup". No replicas: a global table restores as a single-region table.
  return {
    source: { securevault_backup: { backup_id: backup.id } },
    target: {
      environment_id: target.id,
      table_name: name,
      tags: mergeTags(group.source_ddn_tags ?? backup.tags ?? [], group.append_tags),
      sse_specification: sseOf(group, backup),
      table_class: backup.table_class ?? null,
      global_secondary_indexes: globalIndexes(backup),
      local_secondary_indexes: localIndexes(backup),
      stream_specification:
        backup.stream_specification === null || backup.stream_specification === undefined
          ? null
          : {
              enabled: backup.stream_specification.enabled ?? null,
              view_type: backup.stream_specification.view_type ?? null,
            },
    },
  };
}

/**
 * What the plan says of a DynamoDB restore: a customer key that stays behind elsewhere, and a global
 * table's replicas, which are not restored.
 */
export function dynamodbRestoreWarnings(group: DynamoDbGroup, backup: DynamoDbBackup): string[] {
  const regions = (backup.replicas ?? []).map((r) => r.region_name).filter((r) => typeof r === 'string');
  return [
    ...keyWarnings(group.target_kms_key_native_id, [customerKey(backup)], restoresInPlace(group)),
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
  spec: targetSpec(dynamodbInput.fields, ['change_set_name', 'target_kms_key_native_id', 'append_tags']),
  formatGroup(asset, backup, spec, target) {
    return setFields({
      search_table_id: asset.assetId,
      change_set_name: spec.change_set_name ?? RESTORED_TABLE_SUFFIX,
      target_kms_key_native_id: target.inPlace ? undefined : spec.target_kms_key_native_id,
      source_ddn_tags: mergeTags(backup.tags ?? [], spec.append_tags),
    });
  },
});

export const dynamodb = defineRestorer(
  dynamodbInput,
  (group, ctx) =>
    planAssetGroup({
      group,
      ctx,
      kind: tables,
      pin: group.search_table_id,
      build: ({ backup }, { target, matched }) => ({
        endpoint: 'restoreDynamodbTable',
        body: dynamodbRestoreBody(group, backup, target, matched),
        warnings: dynamodbRestoreWarnings(group, backup),
      }),
      nameOf: (request) => (request.body as ReturnType<typeof dynamodbRestoreBody>).target.table_name,
    }),
  dynamodbListing,
  (_group, request) => ({ name: (request.body as ReturnType<typeof dynamodbRestoreBody>).target.table_name }),
);
