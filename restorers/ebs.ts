import * as t from 'io-ts';

import {
  availabilityZone,
  codec,
  oneOf,
  optional,
  positiveInt,
  required,
  tagList,
  text,
} from '../core/fields.js';
import { backupOnly } from '../core/group-fields.js';
import { mergeTags, type Tag } from '../core/tags.js';
import { assetListing } from './asset-listing.js';
import { keyWarnings, restoreKey, restoresInPlace } from './encryption.js';
import type { AssetKind } from './asset-search.js';
import { planAssetGroup } from './plan-group.js';
import { setFields, targetSpec } from './target-fields.js';
import {
  defineRestorer,
  defineRestorerInput,
  PlanError,
  type Environment,
  type GroupOf,
  type GroupReport,
} from './types.js';
import { checkZone, checkZoneInRegion, zoneFor } from './zones.js';

const ebsVolumeTypes = ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'] as const;

// Provisioned IOPS exist only for these types; Clumio rejects iops with any other.
const IOPS_VOLUME_TYPES: readonly string[] = ['gp3', 'io1', 'io2'];

// 0 means "no IOPS" in existing input files (written for gp2 volumes), so it reads as unset.
const optionalIops = optional(positiveInt);
const iops = codec(optionalIops.name, optionalIops.is, (u, c) =>
  u === 0 || u === '0' ? t.success(undefined) : optionalIops.validate(u, c),
);

/** The rules of a group's or a spec's targets: IOPS only for a type that has them, the zone in the region. */
function checkTargets(
  fields: {
    readonly target_volume_type?: string;
    readonly target_iops?: number;
    readonly target_az?: string;
    readonly target_region?: string;
  },
  report: GroupReport,
): void {
  const type = fields.target_volume_type;
  if (fields.target_iops !== undefined && type !== undefined && !IOPS_VOLUME_TYPES.includes(type)) {
    report.problem('target_iops', `only for gp3, io1, io2 volumes (target_volume_type is ${type})`);
  }
  checkZoneInRegion(fields, report);
}

const ebsInput = defineRestorerInput({
  resourceType: 'EBS',
  sourceRequired: true,
  fields: {
    /** Pin: the Clumio volume id or the AWS volume id (`vol-…`). */
    search_volume_id: optional(text),
    /** EBS backups only: Clumio has no point-in-time source for EBS. */
    restore_from: backupOnly('EBS'),
    target_az: required(availabilityZone),
    target_volume_type: optional(oneOf(ebsVolumeTypes)),
    target_iops: iops,
    target_kms_key_native_id: optional(text),
    target_volume_tags: optional(tagList),
  },
  aliases: { target_aws_az: 'target_az' },
  deprecated: {},
  check: checkTargets,
});

type EbsGroup = GroupOf<typeof ebsInput>;

/** The EBS backup item fields a restore reads (clumio-api §5.2, v2). */
interface EbsBackup {
  readonly id: string;
  readonly volume_id: string;
  readonly volume_native_id: string;
  readonly account_native_id: string;
  readonly aws_region: string;
  readonly start_timestamp: string;
  readonly aws_az?: string | null;
  readonly volume_type?: string | null;
  readonly iops?: number | null;
  readonly kms_key_native_id?: string | null;
  readonly tags?: readonly Tag[] | null;
}

const volumes: AssetKind<{ id: string; volume_native_id: string }, EbsBackup> = {
  pinField: 'search_volume_id',
  noun: 'volume',
  assetList: 'ebsVolumes',
  backupList: 'ebsBackups',
  backupAssetField: 'volume_id',
  nativePinFilter: (pin) => ({ volume_native_id: { $eq: pin } }),
  isNativeId: (pin) => pin.startsWith('vol-'),
  nativeIdOf: (volume) => volume.volume_native_id,
  nativeIdOfBackup: (backup) => backup.volume_native_id,
};

// AWS refuses these types without provisioned IOPS.
const IOPS_REQUIRED: readonly string[] = ['io1', 'io2'];

/**
 * The IOPS a restore sends: the group's; else, when the volume keeps the backup's type and that type
 * has provisioned IOPS, the backup's (Clumio would not keep them: io1/io2 would fail, gp3 would fall
 * to its baseline).
 */
function iopsOf(group: EbsGroup, backup: EbsBackup, type: string | null): number | null {
  if (group.target_iops !== undefined) {
    if (type === null || !IOPS_VOLUME_TYPES.includes(type)) {
      throw new PlanError(
        `target_iops is only for gp3, io1, io2 volumes, and this one restores as ${type ?? 'an unknown type'} ` +
          '(set target_volume_type)',
      );
    }
    return group.target_iops;
  }
  const backupIops =
    backup.iops !== undefined && backup.iops !== null && backup.iops > 0 ? backup.iops : null;
  if (
    type !== null &&
    type === backup.volume_type &&
    IOPS_VOLUME_TYPES.includes(type) &&
    backupIops !== null
  ) {
    return backupIops;
  }
  if (type !== null && IOPS_REQUIRED.includes(type)) {
    throw new PlanError(
      `set target_iops: ${type} volumes need provisioned IOPS, and the backup (${backup.volume_type ?? 'of an unknown type'}) has none to keep`,
    );
  }
  return null;
}

/** POST /restores/aws/ebs-volumes (v2) body (clumio-api §8.1, DESIGN §3.3). */
export function ebsRestoreBody(group: EbsGroup, backup: EbsBackup, target: Environment) {
  // Inherited: without a type Clumio would not keep the backed-up one.
  const type = group.target_volume_type ?? backup.volume_type ?? null;
  return {
    source: { backup_id: backup.id },
    target: {
      environment_id: target.id,
      aws_az: group.target_az,
      type,
      iops: iopsOf(group, backup, type),
      kms_key_native_id: restoreKey(
        group.target_kms_key_native_id,
        backup.kms_key_native_id,
        restoresInPlace(group),
      ),
      tags: mergeTags(group.target_volume_tags ?? backup.tags ?? [], group.append_tags),
    },
  };
}

/** What the plan says of an EBS restore: its customer key stays behind when it restores elsewhere. */
export function ebsRestoreWarnings(group: EbsGroup, backup: EbsBackup): string[] {
  return keyWarnings(group.target_kms_key_native_id, [backup.kms_key_native_id], restoresInPlace(group));
}

/**
 * bulkList: one group per volume. The type is the spec's or the backup's; IOPS only for a type that has
 * them (the spec's, else the backup's when the type is unchanged: Clumio refuses IOPS for gp2); the KMS key in place is the backup's, elsewhere the spec's (a key
 * belongs to one account and region).
 */
const ebsListing = assetListing(volumes, {
  spec: targetSpec(ebsInput.fields, [
    'target_az',
    'target_volume_type',
    'target_iops',
    'target_kms_key_native_id',
    'append_tags',
  ]),
  checkSpec: checkTargets,
  formatGroup(asset, backup, spec, target) {
    const type = spec.target_volume_type ?? backup.volume_type ?? undefined;
    const sameType = type === (backup.volume_type ?? undefined);
    const hasIops = type !== undefined && IOPS_VOLUME_TYPES.includes(type);
    return setFields({
      search_volume_id: asset.assetId,
      target_az: zoneFor(target.region, spec.target_az, backup.aws_az),
      target_volume_type: type,
      target_iops: hasIops ? (spec.target_iops ?? (sameType ? backup.iops : undefined)) : undefined,
      target_kms_key_native_id: target.inPlace ? backup.kms_key_native_id : spec.target_kms_key_native_id,
      target_volume_tags: mergeTags(backup.tags ?? [], spec.append_tags),
    });
  },
});

export const ebs = defineRestorer(
  ebsInput,
  (group, ctx) =>
    planAssetGroup({
      group,
      ctx,
      kind: volumes,
      pin: group.search_volume_id,
      checkTarget: (target) => checkZone(target, group.target_az, 'target_az'),
      build: ({ backup }, { target }) => ({
        endpoint: 'restoreEbsVolume',
        body: ebsRestoreBody(group, backup, target),
        warnings: ebsRestoreWarnings(group, backup),
      }),
    }),
  ebsListing,
  (group) => ({ zone: group.target_az }),
);
