import * as t from 'io-ts';

import { codec, flag, listOf, optional, required, tagList, text } from '../core/fields.js';
import { restoreFrom } from '../core/group-fields.js';
import { describeValue } from '../core/problems.js';
import { mergeTags, type Tag } from '../core/tags.js';
import { assetListing } from './asset-listing.js';
import { keyWarnings, restoreKey, restoresInPlace } from './encryption.js';
import { isClumioId, type AssetKind } from './asset-search.js';
import { suffixedName, withSuffix } from './naming.js';
import { planAssetGroup } from './plan-group.js';
import { checkRestoreFrom, momentInWindow, planPointInTimeGroup, plainTags } from './point-in-time.js';
import type { RestoreRequest } from './record.js';
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
    /**
     * `backup` (default): the chosen backup; `point_in_time`: the database as it was at `search_time`
     * (required), within its AWS snapshot restorable window.
     */
    restore_from: restoreFrom,
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
  check(group, report) {
    checkRestoreFrom(group, report, { type: 'RDS', timeRequired: true, onlyPointInTime: [] });
  },
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

/** The RDS resource item fields a point-in-time restore reads (its window, its tags). */
interface RdsResource {
  readonly id: string;
  readonly resource_native_id: string;
  readonly account_native_id: string;
  readonly aws_region: string;
  readonly earliest_aws_snapshot_restorable_timestamp?: string | null;
  readonly latest_aws_snapshot_restorable_timestamp?: string | null;
  readonly kms_key_native_id?: string | null;
  readonly tags?: readonly Tag[] | null;
}

const databases: AssetKind<RdsResource, RdsBackup> = {
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

/** What the plan says of an RDS restore: the source's customer key stays behind when it restores elsewhere. */
export function rdsRestoreWarnings(group: RdsGroup, source: RdsBackup | RdsResource): string[] {
  const key = 'resource_native_id' in source ? (source.kms_key_native_id ?? null) : backupKey(source);
  return keyWarnings(group.target_kms_key_native_id, [key], restoresInPlace(group));
}

/** What the source says of a restored database when the group does not: class, access, key and tags. */
interface RdsDefaults {
  readonly nativeId: string;
  readonly instanceClass: string | null;
  readonly isPublic: boolean | null;
  readonly kmsKey: string | null;
  readonly tags: readonly Tag[];
}

/** The target of POST /restores/aws/rds-resources, from a backup or a point in time alike. */
function rdsTarget(group: RdsGroup, defaults: RdsDefaults, target: Environment, matched: number) {
  return {
    environment_id: target.id,
    // Several databases cannot share one identifier: each gets its source identifier appended.
    name: matched > 1 ? suffixedName(group.target_rds_name, defaults.nativeId, 63) : group.target_rds_name,
    instance_class: group.target_instance_class ?? defaults.instanceClass,
    is_publicly_accessible: group.target_is_publicly_accessible ?? defaults.isPublic,
    kms_key_native_id: restoreKey(group.target_kms_key_native_id, defaults.kmsKey, restoresInPlace(group)),
    security_group_native_ids: group.target_security_group_native_ids ?? null,
    subnet_group_name: group.target_subnet_group_name ?? null,
    option_group_name: group.target_option_group_name ?? null,
    parameter_group_name: group.target_parameter_group_name ?? null,
    tags: mergeTags(group.target_resource_tags ?? defaults.tags, group.append_tags),
  };
}

/**
 * POST /restores/aws/rds-resources body from a point in time: `source.snapshot` (the SDK's
 * RdsResourceRestoreSourcePitrOptions). The resource item names no instance class or public access:
 * unless the group sets them they are left to Clumio.
 */
function rdsPointInTimeBody(
  group: RdsGroup,
  resource: RdsResource,
  timestamp: string,
  target: Environment,
  matched: number,
) {
  const defaults = {
    nativeId: resource.resource_native_id,
    instanceClass: null,
    isPublic: null,
    kmsKey: resource.kms_key_native_id ?? null,
    tags: plainTags(resource.tags),
  };
  return {
    source: { snapshot: { resource_id: resource.id, timestamp } },
    target: rdsTarget(group, defaults, target, matched),
  };
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
  const defaults = {
    nativeId: backup.database_native_id,
    instanceClass,
    isPublic: backupPublic,
    kmsKey: backupKey(backup),
    tags: backup.tags ?? [],
  };
  return {
    source: { backup: { backup_id: backup.id } },
    target: rdsTarget(group, defaults, target, matched),
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
    'restore_from',
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
      restore_from: spec.restore_from,
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

const nameOf = (request: RestoreRequest): string =>
  (request.body as ReturnType<typeof rdsRestoreBody>).target.name;

export const rds = defineRestorer(
  rdsInput,
  (group, ctx) =>
    group.restore_from === 'point_in_time'
      ? planPointInTimeGroup({
          group,
          ctx,
          kind: databases,
          read: { endpoint: 'rdsResource', param: 'resource_id' },
          pin: group.search_resource_id,
          moment: (resource) =>
            momentInWindow(group.search_time, ctx.now, {
              earliest: resource.earliest_aws_snapshot_restorable_timestamp,
              latest: resource.latest_aws_snapshot_restorable_timestamp,
              fields: 'earliest_aws_snapshot_restorable_timestamp, latest_aws_snapshot_restorable_timestamp',
              none: 'it has no AWS snapshots',
            }),
          build: ({ asset, timestamp }, { target, matched }) => ({
            endpoint: 'restoreRdsResource',
            body: rdsPointInTimeBody(group, asset, timestamp, target, matched),
            warnings: rdsRestoreWarnings(group, asset),
          }),
          nameOf,
        })
      : planAssetGroup({
          group,
          ctx,
          kind: databases,
          pin: group.search_resource_id,
          build: ({ backup }, { target, matched }) => ({
            endpoint: 'restoreRdsResource',
            body: rdsRestoreBody(group, backup, target, matched),
            warnings: rdsRestoreWarnings(group, backup),
          }),
          nameOf,
        }),
  rdsListing,
  (_group, request) => ({ name: (request.body as ReturnType<typeof rdsRestoreBody>).target.name }),
);
