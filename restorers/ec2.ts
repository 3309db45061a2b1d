import * as t from 'io-ts';

import {
  availabilityZone,
  codec,
  flag,
  isRecord,
  listOf,
  matching,
  oneOf,
  optional,
  tagList,
  text,
} from '../core/fields.js';
import { describeValue } from '../core/problems.js';
import { backupOnly } from '../core/group-fields.js';
import { mergeTags, tagsFromMap, type Tag } from '../core/tags.js';
import { assetListing } from './asset-listing.js';
import { keyWarnings, restoreKey, restoresInPlace } from './encryption.js';
import type { AssetKind } from './asset-search.js';
import { firstMatching } from './checked-list.js';
import { planAssetGroup } from './plan-group.js';
import { setFields, targetSpec } from './target-fields.js';
import type { PlannedRequest, RestoreRequest } from './record.js';
import {
  defineRestorer,
  atField,
  defineRestorerInput,
  PlanError,
  type Environment,
  type GroupOf,
  type LookupContext,
} from './types.js';
import { checkZone, checkZoneInRegion, zoneFor } from './zones.js';

// The backup's AMI, VPC and subnets exist only in the source account and region.
const NEEDED_ELSEWHERE = {
  target_ami_native_id: "the backup's AMI does not exist there",
  target_vpc_native_id: "the backup's VPC does not exist there",
  target_subnet_native_id: "the backup's subnets do not exist there",
} as const;

/** What an EC2 backup is restored as: Clumio's three EC2 restore targets. */
const restoreAs = ['instance', 'ami', 'volumes'] as const;
type RestoreAs = (typeof restoreAs)[number];

/** The fields of an instance restore only: with an AMI or volumes there is no instance to configure. */
const INSTANCE_ONLY = [
  'target_ami_native_id',
  'target_vpc_native_id',
  'target_subnet_native_id',
  'target_security_group_native_ids',
  'target_iam_instance_profile_name',
  'target_key_pair_name',
  'target_eni_cfg_from_backup',
  'should_power_on',
] as const;

/** Each mode's own fields beyond the instance ones; a field of another mode is refused. */
const MODE_FIELDS: Readonly<Record<RestoreAs, readonly string[]>> = {
  instance: [...INSTANCE_ONLY, 'target_az', 'target_instance_tags'],
  ami: ['target_ami_name', 'target_ami_description', 'target_instance_tags'],
  volumes: ['target_az', 'target_instance_native_id', 'target_device_names'],
};

// A Linux (`/dev/sdf`, `/dev/xvdf`) or Windows (`xvdf`) device name.
const DEVICE = /^(?:\/dev\/[a-z0-9]+|xvd[a-z]{1,2})$/;
const DEVICE_NAMES = 'an object {"<backed-up device>": "<device on the instance>"}';

/** `{"/dev/xvda": "/dev/sdf"}`: where each backed-up volume is attached instead of its own device. */
const deviceNames = codec(
  DEVICE_NAMES,
  (u): u is Record<string, string> =>
    isRecord(u) && Object.values(u).every((v) => typeof v === 'string' && DEVICE.test(v)),
  (u, c) => {
    if (!isRecord(u)) return t.failure(u, c, `expected ${DEVICE_NAMES}, got ${describeValue(u)}`);
    const errors: t.Errors = [];
    for (const [key, value] of Object.entries(u)) {
      if (typeof value !== 'string' || !DEVICE.test(value)) {
        errors.push({
          value,
          context: t.appendContext(c, key, t.string, value),
          message: `expected a device name such as "/dev/sdf", got ${describeValue(value)}`,
        });
      }
    }
    return errors.length > 0 ? t.failures(errors) : t.success(u as Record<string, string>);
  },
);

// AWS AMI names: 3-128 letters, digits and ( ) [ ] space . / - ' @ _
const AMI_NAME = /^[A-Za-z0-9()[\] ./\-'@_]{3,128}$/;
const MAX_AMI_NAME = 128;

const ec2Input = defineRestorerInput({
  resourceType: 'EC2',
  sourceRequired: true,
  fields: {
    /** Pin: the Clumio instance id or the AWS instance id (`i-…`). */
    search_instance_id: optional(text),
    /** EC2 backups only: Clumio has no point-in-time source for EC2. */
    restore_from: backupOnly('EC2'),
    /**
     * `instance` (default): a new instance; `ami`: an AMI of the backup (target_ami_name,
     * target_ami_description); `volumes`: its EBS volumes only, attached to target_instance_native_id or
     * unattached in target_az.
     */
    target_restore_as: optional(oneOf(restoreAs)),
    /** `ami`: the AMI's name (default `<source instance>-restored-<backup time>`). */
    target_ami_name: optional(
      matching("an AMI name (3-128 letters, digits, spaces or ( ) [ ] . / - ' @ _)", AMI_NAME),
    ),
    /** `ami`: the AMI's description (default: the backup it was restored from). */
    target_ami_description: optional(matching('at most 255 characters', /^[\s\S]{1,255}$/)),
    /** `volumes`: the instance (`i-…`) in the target account and region the volumes are attached to. */
    /**
     * `volumes` attached to an instance: another device for a backed-up one (`{"/dev/xvda": "/dev/sdf"}`),
     * since the instance already uses its own root device; the others keep their backed-up names.
     */
    target_device_names: optional(deviceNames),
    target_instance_native_id: optional(
      matching('an EC2 instance id such as "i-0abc1234"', /^i-[0-9a-f]{8,17}$/),
    ),
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
    const mode: RestoreAs = group.target_restore_as ?? 'instance';
    const own = MODE_FIELDS[mode];
    const other = [...new Set(Object.values(MODE_FIELDS).flat())].filter((f) => !own.includes(f));
    for (const field of other) {
      if ((group as Readonly<Record<string, unknown>>)[field] !== undefined) {
        report.problem(field, `not used when target_restore_as is "${mode}"`);
      }
    }
    if (mode === 'volumes' && group.target_az === undefined && !report.failed('target_az')) {
      if (group.target_instance_native_id === undefined && !report.failed('target_instance_native_id')) {
        report.problem(
          'target_az',
          'required when target_restore_as is "volumes" unless target_instance_native_id is given (the zone of the unattached volumes)',
        );
      }
    } else if (mode === 'volumes' && group.target_instance_native_id !== undefined) {
      report.problem(
        'target_instance_native_id',
        'not with target_az: the volumes are attached to this instance in its zone, or left unattached in target_az',
      );
    }
    if (group.target_device_names !== undefined && group.target_instance_native_id === undefined) {
      if (mode === 'volumes' && !report.failed('target_instance_native_id')) {
        report.problem(
          'target_device_names',
          'only with target_instance_native_id: unattached volumes have no device',
        );
      }
    }
    const { source_account, source_region, target_account, target_region } = group;
    const located = [source_account, source_region, target_account, target_region].every(
      (v) => v !== undefined,
    );
    if (
      mode === 'instance' &&
      located &&
      (target_account !== source_account || target_region !== source_region)
    ) {
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

/**
 * The backup's volumes as Clumio's EC2RestoreEbsBlockDeviceMapping: each keeps its backed-up tags plus
 * the group's. `name` (the device) is needed to attach: by an instance or an AMI, and by volumes
 * attached to an instance; unattached volumes have none.
 */
function blockDeviceMappings(group: Ec2Group, backup: Ec2Backup, attached: boolean) {
  return (backup.attached_backup_ebs_volumes ?? []).map((volume) => ({
    volume_native_id: volume.volume_native_id,
    name: attached ? (group.target_device_names?.[volume.name] ?? volume.name) : null,
    kms_key_native_id: restoreKey(
      group.target_kms_key_native_id,
      volume.kms_key_native_id,
      restoresInPlace(group),
    ),
    tags: mergeTags(mergeTags(volume.tags ?? [], group.target_volume_append_tags), group.append_tags),
  }));
}

/** `2026-06-28T02:05:12Z` → `20260628T020512Z`: a backup time in a name AWS accepts. */
function compactTime(timestamp: string): string {
  return timestamp.replace(/[-:]/g, '').replace(/\.\d+/, '');
}

/** The AMI's name: the group's (with the instance appended when it restores several), else derived. */
function amiName(group: Ec2Group, backup: Ec2Backup, matched: number): string {
  const name =
    group.target_ami_name === undefined
      ? `${backup.instance_native_id}-restored-${compactTime(backup.start_timestamp)}`
      : matched > 1
        ? `${group.target_ami_name}-${backup.instance_native_id}`
        : group.target_ami_name;
  if (name.length > MAX_AMI_NAME) {
    throw new PlanError({
      field: 'target_ami_name',
      message: `the AMI name ${name} is longer than ${MAX_AMI_NAME} characters (set a shorter target_ami_name)`,
    });
  }
  return name;
}

/** POST /restores/aws/ec2-instances body with an AMI restore target (the SDK's EC2AMIRestoreTarget). */
function ec2AmiRestoreBody(group: Ec2Group, backup: Ec2Backup, target: Environment, matched: number) {
  return {
    source: { backup_id: backup.id },
    target: {
      ami_restore_target: {
        environment_id: target.id,
        name: amiName(group, backup, matched),
        description:
          group.target_ami_description ??
          `${backup.instance_native_id} restored from Clumio backup ${backup.id} of ${backup.start_timestamp}`,
        ebs_block_device_mappings: blockDeviceMappings(group, backup, true),
        tags: mergeTags(group.target_instance_tags ?? backup.tags ?? [], group.append_tags),
      },
    },
  };
}

/**
 * POST /restores/aws/ec2-instances body with a volumes restore target (the SDK's EC2VolumesRestoreTarget):
 * attached to target_instance_native_id, or unattached in target_az.
 */
function ec2VolumesRestoreBody(group: Ec2Group, backup: Ec2Backup, target: Environment) {
  const instance = group.target_instance_native_id ?? null;
  checkDeviceNames(group.target_device_names ?? {}, backup);
  return {
    source: { backup_id: backup.id },
    target: {
      volumes_restore_target: {
        environment_id: target.id,
        ebs_block_device_mappings: blockDeviceMappings(group, backup, instance !== null),
        aws_az: instance === null ? (group.target_az ?? null) : null,
        target_instance_native_id: instance,
      },
    },
  };
}

/** Each renamed device is one of the backup's, and no two volumes end up on the same device. */
function checkDeviceNames(names: Readonly<Record<string, string>>, backup: Ec2Backup): void {
  const devices = (backup.attached_backup_ebs_volumes ?? []).map((v) => v.name);
  const unknown = Object.keys(names).filter((name) => !devices.includes(name));
  if (unknown.length > 0) {
    throw new PlanError({
      field: 'target_device_names',
      message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a device' : 'are not devices'} of backup ${backup.id} (its devices: ${devices.join(', ')})`,
    });
  }
  const final = devices.map((name) => names[name] ?? name);
  const twice = final.filter((name, i) => final.indexOf(name) !== i);
  if (twice.length > 0) {
    throw new PlanError({
      field: 'target_device_names',
      message: `two volumes would be attached at ${[...new Set(twice)].join(', ')}`,
    });
  }
}

/** The instance the volumes are attached to must exist in the target account and region. */
async function checkTargetInstance(ctx: LookupContext, group: Ec2Group, instanceId: string): Promise<void> {
  const env = await atField(
    'target_account/target_region',
    ctx.directory.environment(group.target_account, group.target_region),
  );
  const found = await firstMatching<{ instance_native_id: string }>(ctx, 'ec2Instances', {
    filter: { environment_id: { $eq: env.id }, instance_native_id: { $eq: instanceId } },
  });
  if (found === undefined) {
    throw new PlanError({
      field: 'target_instance_native_id',
      message: `Clumio knows no instance ${instanceId} in account ${group.target_account} in ${group.target_region}`,
    });
  }
}

/** The request of one instance's backup, as the group's target_restore_as says. */
function ec2Request(
  group: Ec2Group,
  backup: Ec2Backup,
  target: Environment,
  matched: number,
): PlannedRequest {
  const mode: RestoreAs = group.target_restore_as ?? 'instance';
  const body =
    mode === 'ami'
      ? ec2AmiRestoreBody(group, backup, target, matched)
      : mode === 'volumes'
        ? ec2VolumesRestoreBody(group, backup, target)
        : ec2RestoreBody(group, backup, target);
  return { endpoint: 'restoreEc2Instance', body, warnings: ec2RestoreWarnings(group, backup) };
}

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
        ebs_block_device_mappings: blockDeviceMappings(group, backup, true),
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
    'target_restore_as',
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
    const volumes = {
      target_kms_key_native_id: target.inPlace ? undefined : spec.target_kms_key_native_id,
      target_volume_append_tags: tagsFromMap(spec.append_tags ?? {}),
    };
    // An AMI or volumes have no instance to configure: only the fields of that mode are written.
    if (spec.target_restore_as === 'ami') {
      return setFields({
        search_instance_id: asset.assetId,
        target_restore_as: 'ami',
        target_instance_tags: mergeTags(backup.tags ?? [], spec.append_tags),
        ...volumes,
      });
    }
    if (spec.target_restore_as === 'volumes') {
      return setFields({
        search_instance_id: asset.assetId,
        target_restore_as: 'volumes',
        target_az: zoneFor(target.region, spec.target_az, target.inPlace ? backup.aws_az : null),
        ...volumes,
      });
    }
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
      target_restore_as: spec.target_restore_as,
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
  async (group, ctx) => {
    if (group.target_restore_as === 'volumes' && group.target_instance_native_id !== undefined) {
      await checkTargetInstance(ctx, group, group.target_instance_native_id);
    }
    return planAssetGroup({
      group,
      ctx,
      kind: instances,
      pin: group.search_instance_id,
      checkTarget: (target) => checkZone(target, group.target_az, 'target_az'),
      build: ({ backup }, { target, matched }) => ec2Request(group, backup, target, matched),
      // AMI names are unique per account and region.
      ...(group.target_restore_as === 'ami' && {
        nameOf: (request: RestoreRequest) =>
          (request.body as ReturnType<typeof ec2AmiRestoreBody>).target.ami_restore_target.name,
      }),
    });
  },
  ec2Listing,
  (group, request) =>
    group.target_restore_as === 'ami'
      ? { name: (request.body as ReturnType<typeof ec2AmiRestoreBody>).target.ami_restore_target.name }
      : group.target_az === undefined
        ? {}
        : { zone: group.target_az },
);
