import { availabilityZone, flag, listOf, optional, tagList, text } from '../core/fields.js';
import { mergeTags, tagsFromMap, type Tag } from '../core/tags.js';
import { assetListing } from './asset-listing.js';
import { keyWarnings, restoreKey, restoresInPlace } from './encryption.js';
import type { AssetKind } from './asset-search.js';
import { planAssetGroup } from './plan-group.js';
import { setFields, targetSpec } from './target-fields.js';
import { defineRestorer, defineRestorerInput, PlanError, type Environment, type GroupOf } from './types.js';
import { checkZone, checkZoneInRegion, zoneFor } from './zones.js';

// The backup's AMI, VPC and subnets exist only in the source account and region.
const NEEDED_ELSEWHERE = {
  target_ami_native_id: "the backup's AMI does not exist there",
  target_vpc_native_id: "the backup's VPC does not exist there",
  target_subnet_native_id: "the backup's subnets do not exist there",
} as const;

const ec2Input = defineRestorerInput({
  resourceType: 'EC2',
  sourceRequired: true,
  fields: {
    /** Pin: the Clumio instance id or the AWS instance id (`i-…`). */
    search_instance_id: optional(text),
    target_ami_native_id: optional(text),
    target_az: optional(availabilityZone),
    target_vpc_native_id: optional(text),
    target_subnet_native_id: optional(text),
    target_security_group_native_ids: optional(listOf(text, 'a list of security group ids')),
    target_kms_key_native_id: optional(text),
    target_iam_instance_profile_name: optional(text),
    target_key_pair_name: optional(text),
    target_eni_cfg_from_backup: optional(flag),
    target_instance_tags: optional(tagList),
    /** Tags added to every restored volume (the name existing input files use). */
    target_volume_append_tags: optional(tagList),
    should_power_on: optional(flag),
  },
  aliases: {
    target_aws_az: 'target_az',
    target_security_group_native_id: 'target_security_group_native_ids',
  },
  deprecated: {
    target_volume_tags:
      'no longer used for EC2, ignored (volumes keep their backed-up tags; add tags with target_volume_append_tags or append_tags)',
  },
  check(group, report) {
    const { source_account, source_region, target_account, target_region } = group;
    const located = [source_account, source_region, target_account, target_region].every(
      (v) => v !== undefined,
    );
    if (located && (target_account !== source_account || target_region !== source_region)) {
      for (const [field, why] of Object.entries(NEEDED_ELSEWHERE)) {
        if (group[field as keyof typeof NEEDED_ELSEWHERE] === undefined) {
          report.problem(field, `required when restoring to another account or region (${why})`);
        }
      }
      if (group.target_eni_cfg_from_backup === true) {
        report.warning(
          'target_eni_cfg_from_backup',
          'ignored when restoring to another account or region: network interfaces get default settings',
        );
      }
    }
    checkZoneInRegion(group, report);
  },
});

type Ec2Group = GroupOf<typeof ec2Input>;

/** The EC2 backup item fields a restore reads (clumio-api §5.3). */
interface Ec2Backup {
  readonly id: string;
  readonly instance_id: string;
  readonly instance_native_id: string;
  readonly account_native_id: string;
  readonly aws_region: string;
  readonly start_timestamp: string;
  readonly aws_az?: string | null;
  readonly vpc_native_id?: string | null;
  readonly subnet_native_id?: string | null;
  readonly key_pair_name?: string | null;
  readonly ami?: { readonly ami_native_id?: string | null } | null;
  readonly network_interfaces?: readonly {
    readonly device_index: number;
    readonly subnet_native_id?: string | null;
    readonly security_group_native_ids?: readonly string[] | null;
  }[];
  readonly attached_backup_ebs_volumes?: readonly {
    readonly volume_native_id: string;
    readonly name: string;
    readonly kms_key_native_id?: string | null;
    readonly tags?: readonly Tag[] | null;
  }[];
  readonly tags?: readonly Tag[] | null;
}

const instances: AssetKind<{ id: string; instance_native_id: string }, Ec2Backup> = {
  pinField: 'search_instance_id',
  noun: 'instance',
  assetList: 'ec2Instances',
  backupList: 'ec2Backups',
  backupAssetField: 'instance_id',
  nativePinFilter: (pin) => ({ instance_native_id: { $eq: pin } }),
  isNativeId: (pin) => pin.startsWith('i-'),
  nativeIdOf: (instance) => instance.instance_native_id,
  nativeIdOfBackup: (backup) => backup.instance_native_id,
};

/** POST /restores/aws/ec2-instances body with an instance restore target (clumio-api §8.2, DESIGN §3.3). */
export function ec2RestoreBody(group: Ec2Group, backup: Ec2Backup, target: Environment) {
  // The backup's AMI, VPC, subnets, security groups, key pair and KMS keys exist only where it was taken.
  const sameLocation = restoresInPlace(group);
  const fromBackup = <T>(value: T | null | undefined): T | null => (sameLocation ? (value ?? null) : null);
  const ami = group.target_ami_native_id ?? fromBackup(backup.ami?.ami_native_id);
  const vpc = group.target_vpc_native_id ?? fromBackup(backup.vpc_native_id);
  const enis = [...(backup.network_interfaces ?? [])].sort((a, b) => a.device_index - b.device_index);
  const subnet =
    group.target_subnet_native_id ?? fromBackup(enis[0]?.subnet_native_id ?? backup.subnet_native_id);
  const missing = [
    ami === null ? 'target_ami_native_id (the backup names no AMI)' : undefined,
    vpc === null ? 'target_vpc_native_id (the backup names no VPC)' : undefined,
    subnet === null ? 'target_subnet_native_id (the backup names no subnet)' : undefined,
  ].filter((m) => m !== undefined);
  if (missing.length > 0) throw new PlanError(`set ${missing.join(', ')}`);
  if (group.target_vpc_native_id !== undefined && group.target_subnet_native_id === undefined) {
    throw new PlanError(
      'set target_subnet_native_id: the backed-up subnets belong to the backed-up VPC, not to target_vpc_native_id',
    );
  }
  const eniFromBackup = sameLocation && group.target_eni_cfg_from_backup === true;
  const interfaces =
    enis.length > 0 ? enis : [{ device_index: 0, subnet_native_id: null, security_group_native_ids: null }];
  return {
    source: { backup_id: backup.id },
    target: {
      instance_restore_target: {
        environment_id: target.id,
        ami_native_id: ami,
        aws_az: group.target_az ?? null,
        vpc_native_id: vpc,
        subnet_native_id: subnet,
        key_pair_name: group.target_key_pair_name ?? fromBackup(backup.key_pair_name),
        iam_instance_profile_name: group.target_iam_instance_profile_name ?? null,
        should_power_on: group.should_power_on ?? null,
        tags: mergeTags(group.target_instance_tags ?? backup.tags ?? [], group.append_tags),
        ebs_block_device_mappings: (backup.attached_backup_ebs_volumes ?? []).map((volume) => ({
          volume_native_id: volume.volume_native_id,
          name: volume.name,
          kms_key_native_id: restoreKey(
            group.target_kms_key_native_id,
            volume.kms_key_native_id,
            sameLocation,
          ),
          tags: mergeTags(mergeTags(volume.tags ?? [], group.target_volume_append_tags), group.append_tags),
        })),
        // Each interface keeps its own backed-up subnet unless the target names one for all.
        network_interfaces: interfaces.map((eni) => ({
          device_index: eni.device_index,
          network_interface_native_id: null,
          subnet_native_id: group.target_subnet_native_id ?? fromBackup(eni.subnet_native_id) ?? subnet,
          security_group_native_ids:
            group.target_security_group_native_ids ?? fromBackup(eni.security_group_native_ids),
          restore_default: !eniFromBackup,
          restore_from_backup: eniFromBackup,
        })),
      },
    },
  };
}

/** What the plan says of an EC2 restore: its volumes' customer keys stay behind when it restores elsewhere. */
export function ec2RestoreWarnings(group: Ec2Group, backup: Ec2Backup): string[] {
  const keys = (backup.attached_backup_ebs_volumes ?? []).map((volume) => volume.kms_key_native_id);
  return keyWarnings(group.target_kms_key_native_id, keys, restoresInPlace(group));
}

/**
 * bulkList: one group per instance. In place, the backup's network and key pair are written for review;
 * the VPC, subnet and security groups only when the backup has at most one network interface, since one
 * group-level subnet would put every interface into it: with several, they stay unset and each interface keeps its own. Elsewhere the spec supplies them; a missing
 * AMI, VPC or subnet is the validator's "required when restoring to another account or region".
 */
const ec2Listing = assetListing(instances, {
  spec: targetSpec(ec2Input.fields, [
    'target_ami_native_id',
    'target_az',
    'target_vpc_native_id',
    'target_subnet_native_id',
    'target_security_group_native_ids',
    'target_kms_key_native_id',
    'target_iam_instance_profile_name',
    'target_key_pair_name',
    'target_eni_cfg_from_backup',
    'should_power_on',
    'append_tags',
  ]),
  checkSpec: checkZoneInRegion,
  formatGroup(asset, backup, spec, target) {
    const enis = [...(backup.network_interfaces ?? [])].sort((a, b) => a.device_index - b.device_index);
    // The backup's subnet and security groups belong to its VPC; a spec VPC brings its own.
    const backupNetwork = target.inPlace && enis.length <= 1 && spec.target_vpc_native_id === undefined;
    const fromBackup = <T>(value: T | null | undefined): T | undefined =>
      backupNetwork ? (value ?? undefined) : undefined;
    // An instance lands in its subnet's zone: the backup's zone goes only with the backup's subnets.
    const backupSubnets =
      target.inPlace && spec.target_subnet_native_id === undefined && spec.target_vpc_native_id === undefined;
    return setFields({
      search_instance_id: asset.assetId,
      target_ami_native_id: spec.target_ami_native_id,
      target_az: zoneFor(target.region, spec.target_az, backupSubnets ? backup.aws_az : null),
      target_vpc_native_id: spec.target_vpc_native_id ?? fromBackup(backup.vpc_native_id),
      target_subnet_native_id:
        spec.target_subnet_native_id ?? fromBackup(enis[0]?.subnet_native_id ?? backup.subnet_native_id),
      target_security_group_native_ids:
        spec.target_security_group_native_ids ?? fromBackup(enis[0]?.security_group_native_ids),
      target_key_pair_name: spec.target_key_pair_name ?? (target.inPlace ? backup.key_pair_name : undefined),
      target_iam_instance_profile_name: spec.target_iam_instance_profile_name,
      target_kms_key_native_id: target.inPlace ? undefined : spec.target_kms_key_native_id,
      target_eni_cfg_from_backup: spec.target_eni_cfg_from_backup,
      should_power_on: spec.should_power_on,
      target_instance_tags: mergeTags(backup.tags ?? [], spec.append_tags),
      target_volume_append_tags: tagsFromMap(spec.append_tags ?? {}),
    });
  },
});

export const ec2 = defineRestorer(
  ec2Input,
  (group, ctx) =>
    planAssetGroup({
      group,
      ctx,
      kind: instances,
      pin: group.search_instance_id,
      checkTarget: (target) => checkZone(target, group.target_az, 'target_az'),
      build: ({ backup }, { target }) => ({
        endpoint: 'restoreEc2Instance',
        body: ec2RestoreBody(group, backup, target),
        warnings: ec2RestoreWarnings(group, backup),
      }),
    }),
  ec2Listing,
  (group) => (group.target_az === undefined ? {} : { zone: group.target_az }),
);
