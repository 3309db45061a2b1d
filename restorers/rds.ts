import * as t from 'io-ts';

import { codec, flag, listOf, optional, required, tagList, text } from '../core/fields.js';
import { describeValue } from '../core/problems.js';
import { mergeTags, type Tag } from '../core/tags.js';
import { assetListing } from './asset-listing.js';
import { keyWarnings, restoreKey, restoresInPlace } from './encryption.js';
import { isClumioId, type AssetKind } from './asset-search.js';
import { suffixedName, withSuffix } from './naming.js';
import { planAssetGroup } from './plan-group.js';
import { setFields, targetSpec } from './target-fields.js';
import { defineRestorer, defineRestorerInput, type Environment, type GroupOf } from './types.js';

const RDS_IDENTIFIER_RULES =
  '1-63 letters, digits or hyphens, starting with a letter, no "--", not ending with "-"';

/** Whether `name` is a valid RDS DB instance or cluster identifier (AWS naming rules). */
export function isRdsIdentifier(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9-]{0,62}$/.test(name) && !name.includes('--') && !name.endsWith('-');
}

const rdsIdentifier = codec(
  'an RDS identifier',
  (u): u is string => typeof u === 'string' && isRdsIdentifier(u),
  (u, c) =>
    typeof u === 'string' && isRdsIdentifier(u)
      ? t.success(u)
      : t.failure(u, c, `expected an RDS identifier (${RDS_IDENTIFIER_RULES}), got ${describeValue(u)}`),
);

const rdsInput = defineRestorerInput({
  resourceType: 'RDS',
  sourceRequired: true,
  fields: {
    /** Pin: the Clumio resource id or the DB identifier. */
    search_resource_id: optional(text),
    target_rds_name: required(rdsIdentifier),
    target_subnet_group_name: optional(text),
    target_security_group_native_ids: optional(listOf(text, 'a list of security group ids')),
    target_kms_key_native_id: optional(text),
    target_resource_tags: optional(tagList),
    target_instance_class: optional(text),
    target_option_group_name: optional(text),
    target_parameter_group_name: optional(text),
    /** false is a real value, not "unset". */
    target_is_publicly_accessible: optional(flag),
  },
  aliases: { target_security_group_native_id: 'target_security_group_native_ids' },
  deprecated: {},
});

type RdsGroup = GroupOf<typeof rdsInput>;

/**
 * The RDS backup item fields a restore reads. Both shapes Clumio's SDKs know are read (clumio-api §5.4:
 * `instances[]` and the newer `instance_class[]` / `public_access[]`).
 */
interface RdsBackup {
  readonly id: string;
  readonly resource_id?: string;
  readonly database_id?: string;
  readonly database_native_id: string;
  readonly account_native_id: string;
  readonly aws_region: string;
  readonly start_timestamp: string;
  readonly type?: string | null;
  readonly instances?: readonly {
    readonly class?: string | null;
    readonly is_publicly_accessible?: boolean | null;
  }[];
  readonly instance_class?: readonly string[] | null;
  readonly public_access?: readonly boolean[] | null;
  readonly kms_key_native_id?: string | null;
  readonly aws_kms_key_id?: string | null;
  readonly subnet_group_name?: string | null;
  readonly aws_subnet_group?: string | null;
  readonly security_group_native_ids?: readonly string[] | null;
  readonly aws_security_group?: readonly string[] | null;
  readonly tags?: readonly Tag[] | null;
}

const databases: AssetKind<{ id: string; resource_native_id: string }, RdsBackup> = {
  pinField: 'search_resource_id',
  noun: 'database',
  assetList: 'rdsResources',
  backupList: 'rdsBackups',
  backupAssetField: 'resource_id',
  nativePinFilter: (pin) => ({ resource_native_id: { $eq: pin } }),
  isNativeId: (pin) => !isClumioId(pin),
  nativeIdOf: (db) => db.resource_native_id,
  nativeIdOfBackup: (backup) => backup.database_native_id,
  // Granular (record-level) backups are not restorable as a whole database through this request.
  restorable: (backup) => !(backup.type ?? '').includes('granular'),
};

/** The backup's KMS key in either SDK model. */
function backupKey(backup: RdsBackup): string | null {
  return backup.kms_key_native_id ?? backup.aws_kms_key_id ?? null;
}

/** What the plan says of an RDS restore: its customer key stays behind when it restores elsewhere. */
export function rdsRestoreWarnings(group: RdsGroup, backup: RdsBackup): string[] {
  return keyWarnings(group.target_kms_key_native_id, [backupKey(backup)], restoresInPlace(group));
}

/** POST /restores/aws/rds-resources body (clumio-api §8.3, DESIGN §3.3). */
export function rdsRestoreBody(group: RdsGroup, backup: RdsBackup, target: Environment, matched: number) {
  const instanceClass = backup.instances?.[0]?.class ?? backup.instance_class?.[0] ?? null;
  const publicFlags = (
    backup.instances?.map((i) => i.is_publicly_accessible) ??
    backup.public_access ??
    []
  ).filter((flag): flag is boolean => typeof flag === 'boolean');
  const backupPublic = publicFlags.length > 0 ? publicFlags.every((p) => p === true) : null;
  return {
    source: { backup: { backup_id: backup.id } },
    target: {
      environment_id: target.id,
      // Several databases cannot share one identifier: each gets its source identifier appended.
      name:
        matched > 1
          ? suffixedName(group.target_rds_name, backup.database_native_id, 63)
          : group.target_rds_name,
      instance_class: group.target_instance_class ?? instanceClass,
      is_publicly_accessible: group.target_is_publicly_accessible ?? backupPublic,
      kms_key_native_id: restoreKey(
        group.target_kms_key_native_id,
        backupKey(backup),
        restoresInPlace(group),
      ),
      security_group_native_ids: group.target_security_group_native_ids ?? null,
      subnet_group_name: group.target_subnet_group_name ?? null,
      option_group_name: group.target_option_group_name ?? null,
      parameter_group_name: group.target_parameter_group_name ?? null,
      tags: mergeTags(group.target_resource_tags ?? backup.tags ?? [], group.append_tags),
    },
  };
}

/** What bulkList names a restored database when the spec gives no target_rds_name: fixed, so a re-run writes the same document. */
const RESTORED_RDS_SUFFIX = 'restored';

/**
 * bulkList: one group per database, each with its own name (`<spec name>-<identifier>`, else
 * `<identifier>-restored`: deterministic, so a plan can be reviewed and rerun). In place, the backup's
 * subnet group, security groups and KMS key; elsewhere the spec's (an unencrypted database gets no key,
 * not an empty one).
 */
const rdsListing = assetListing(databases, {
  // A spec's target_rds_name is the base of every database's name: `<target_rds_name>-<DB identifier>`.
  spec: targetSpec(rdsInput.fields, [
    'target_rds_name',
    'target_subnet_group_name',
    'target_security_group_native_ids',
    'target_kms_key_native_id',
    'target_instance_class',
    'target_option_group_name',
    'target_parameter_group_name',
    'target_is_publicly_accessible',
    'append_tags',
  ]),
  formatGroup(asset, backup, spec, target) {
    const own = <T>(value: T | null | undefined): T | undefined =>
      target.inPlace ? (value ?? undefined) : undefined;
    return setFields({
      search_resource_id: asset.assetId,
      target_rds_name:
        spec.target_rds_name === undefined
          ? withSuffix(asset.nativeId, RESTORED_RDS_SUFFIX, 63)
          : suffixedName(spec.target_rds_name, asset.nativeId, 63),
      target_subnet_group_name:
        spec.target_subnet_group_name ?? own(backup.subnet_group_name ?? backup.aws_subnet_group),
      target_security_group_native_ids:
        spec.target_security_group_native_ids ??
        own(backup.security_group_native_ids ?? backup.aws_security_group),
      target_kms_key_native_id: target.inPlace ? backupKey(backup) : spec.target_kms_key_native_id,
      target_instance_class: spec.target_instance_class,
      target_option_group_name: spec.target_option_group_name,
      target_parameter_group_name: spec.target_parameter_group_name,
      target_is_publicly_accessible: spec.target_is_publicly_accessible,
      target_resource_tags: mergeTags(backup.tags ?? [], spec.append_tags),
    });
  },
});

export const rds = defineRestorer(
  rdsInput,
  (group, ctx) =>
    planAssetGroup({
      group,
      ctx,
      kind: databases,
      pin: group.search_resource_id,
      build: ({ backup }, { target, matched }) => ({
        endpoint: 'restoreRdsResource',
        body: rdsRestoreBody(group, backup, target, matched),
        warnings: rdsRestoreWarnings(group, backup),
      }),
      nameOf: (request) => (request.body as ReturnType<typeof rdsRestoreBody>).target.name,
    }),
  rdsListing,
  (_group, request) => ({ name: (request.body as ReturnType<typeof rdsRestoreBody>).target.name }),
);
