import { matching, optional, tagList, text } from '../core/fields.js';
import { mergeTags, type Tag } from '../core/tags.js';
import { assetListing } from './asset-listing.js';
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

/** The DynamoDB backup item fields a restore reads (clumio-api §5.5). */
interface DynamoDbBackup {
  readonly id: string;
  readonly table_id: string;
  readonly table_name: string;
  readonly account_native_id: string;
  readonly aws_region: string;
  readonly start_timestamp: string;
  readonly type?: string | null;
  readonly tags?: readonly Tag[] | null;
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
  const kms = group.target_kms_key_native_id;
  return {
    source: { securevault_backup: { backup_id: backup.id } },
    target: {
      environment_id: target.id,
      table_name: name,
      tags: mergeTags(group.source_ddn_tags ?? backup.tags ?? [], group.append_tags),
      sse_specification:
        kms === undefined ? null : { kms_key_type: 'CUSTOMER_MANAGED', kms_master_key_id: kms },
    },
  };
}

/** bulkList's change_set_name when the spec gives none: fixed, so a re-run writes the same document. */
const RESTORED_TABLE_SUFFIX = 'restored';

/**
 * bulkList: one group per table, restored as `<table>-<change_set_name>` (a spec cannot give one
 * target_table_name to many tables, and a deterministic name can be reviewed and rerun). The spec's KMS
 * key only elsewhere: in place Clumio restores the backup's encryption.
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
      }),
      nameOf: (request) => (request.body as ReturnType<typeof dynamodbRestoreBody>).target.table_name,
    }),
  dynamodbListing,
  (_group, request) => ({ name: (request.body as ReturnType<typeof dynamodbRestoreBody>).target.table_name }),
);
