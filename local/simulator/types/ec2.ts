import { assetFilters, field, POLICY_EMBED, started, withPolicy } from '../asset-filters.js';
import { BodyChecker, type Node } from '../body-checker.js';
import { environmentOwner, ownedBy, table, type DatasetIndex } from '../dataset-index.js';
import type { AssetBase, BackupTag, Links } from '../dataset-types.js';
import { link } from '../envelopes.js';
import { notFound } from '../errors.js';
import { checkAz, environmentOf, known, restoreRoute, type ValidRestore } from '../restore-routes.js';
import { listRoute, readRoute } from '../routes.js';
import { backupTags, byStart, GIB, lastStart, type EnvContext, type Seeder } from '../seed.js';
import { rfc3339 } from '../time.js';
import type { SimulatedType, TypeSeeding } from './contract.js';

// ---- wire shapes (reference §5.3, §7.2) -------------------------------------------------------------

export interface Ec2Instance extends AssetBase {
  instance_native_id: string;
  aws_az: string;
  type: string;
  state: string;
  vpc_id: string;
  subnet_id: string;
  ena_support: boolean;
  last_snapshot_timestamp: string | null;
}

export interface AmiModel {
  ami_native_id: string;
  architecture: string;
  has_ena_support: boolean;
  hypervisor_type: string;
  image_type: string;
  is_public: boolean;
  name: string;
  number_of_ebs_volumes: number;
  number_of_ephemeral_volumes: number;
  owner_id: string;
  platform: string;
  root_device_name: string;
  root_device_type: string;
  sriov_net_support: string;
  state: string;
  virtualization_type: string;
}

export interface Ec2BackupNetworkInterface {
  device_index: number;
  network_interface_native_id: string;
  public_ip: string | null;
  security_group_native_ids: string[];
  subnet_native_id: string;
  virtual_name: string | null;
}

export interface Ec2BackupVolume {
  id: string;
  volume_native_id: string;
  name: string;
  is_root: boolean;
  kms_key_native_id: string | null;
  size: number;
  status: string;
  type: string;
  utilized_size_in_bytes: number;
  tags: BackupTag[];
}

export interface Ec2Backup {
  _links: Links;
  id: string;
  instance_id: string;
  instance_native_id: string;
  account_native_id: string;
  aws_region: string;
  aws_az: string;
  start_timestamp: string;
  expiration_timestamp: string;
  migration_timestamp: string | null;
  instance_type: string;
  type: string;
  backup_tier: string;
  vpc_native_id: string;
  subnet_native_id: string;
  public_ip_address: string | null;
  key_pair_name: string | null;
  key_pair_native_id: string | null;
  iam_instance_profile: { arn: string; name: string; native_id: string } | null;
  ami: AmiModel;
  backup_ami: AmiModel;
  network_interfaces: Ec2BackupNetworkInterface[];
  attached_backup_ebs_volumes: Ec2BackupVolume[];
  instance_store_block_device_mappings: Record<string, unknown>[];
  size: number;
  utilized_size_in_bytes: number;
  tags: BackupTag[];
  is_browsable: boolean;
  browsing_failed_reason: string | null;
}

interface Ec2Part {
  readonly items: { readonly instances: readonly Ec2Instance[] };
  readonly backups: { readonly ec2: readonly Ec2Backup[] };
}

// ---- dataset ------------------------------------------------------------------------------------------

interface InstanceSpec {
  slug: string;
  type: string;
  app: string;
  owner?: string;
  volumes: readonly { sizeGb: number; type: string; encrypted: boolean }[];
  enis: 1 | 2;
  publicIp: boolean;
}

const INSTANCES: readonly InstanceSpec[] = [
  {
    slug: 'web-01',
    type: 'm5.large',
    app: 'web',
    owner: 'alice',
    volumes: [
      { sizeGb: 30, type: 'gp3', encrypted: false },
      { sizeGb: 100, type: 'gp3', encrypted: true },
    ],
    enis: 2,
    publicIp: true,
  },
  {
    slug: 'db-01',
    type: 'r5.xlarge',
    app: 'db',
    owner: 'bob',
    volumes: [
      { sizeGb: 30, type: 'gp3', encrypted: true },
      { sizeGb: 500, type: 'io1', encrypted: true },
      { sizeGb: 200, type: 'gp3', encrypted: true },
    ],
    enis: 1,
    publicIp: false,
  },
  {
    slug: 'batch-01',
    type: 't3.medium',
    app: 'analytics',
    volumes: [{ sizeGb: 20, type: 'gp2', encrypted: false }],
    enis: 1,
    publicIp: false,
  },
];

class Ec2Seeding implements TypeSeeding<Ec2Part> {
  private readonly instances: Ec2Instance[] = [];
  private readonly backups: Ec2Backup[] = [];

  constructor(private readonly s: Seeder) {}

  environment(ctx: EnvContext): void {
    INSTANCES.forEach((spec, i) => this.instance(ctx, spec, i));
  }

  part(): Ec2Part {
    return { items: { instances: this.instances }, backups: { ec2: this.backups.sort(byStart) } };
  }

  private instance(ctx: EnvContext, spec: InstanceSpec, index: number): void {
    const s = this.s;
    const name = `${ctx.short}-${spec.slug}`;
    const id = s.id(`instance/${name}`);
    const nativeId = s.awsId('i', `instance/${name}`);
    const azIndex = index % ctx.env.aws_az.length;
    const az = ctx.env.aws_az[azIndex] ?? '';
    const subnetsInAz = ctx.net.subnets.filter((n) => n.aws_az === az).map((n) => n.subnet_native_id);
    const [sgWeb = '', sgDb = '', sgSsh = ''] = ctx.net.security_group_native_ids;
    const starts = s.schedule(`instance/${name}`, 'daily');
    const tags = s.assetTags(ctx, spec.app, spec.owner);
    const tagsOfBackup = backupTags(tags);
    this.instances.push({
      ...s.assetBase(ctx, '/datasources/aws/ec2-instances', id, name, spec.app, tags, starts),
      instance_native_id: nativeId,
      aws_az: az,
      type: spec.type,
      state: 'running',
      vpc_id: ctx.net.vpc_native_id,
      subnet_id: subnetsInAz[0] ?? '',
      ena_support: true,
      last_snapshot_timestamp: lastStart(starts),
    });

    const enis = Array.from({ length: spec.enis }, (_, i) => ({
      device_index: i,
      network_interface_native_id: s.awsId('eni', `eni/${name}/${i}`),
      public_ip:
        spec.publicIp && i === 0 ? `54.${s.int(`ip/${name}`, 10, 250)}.${index + 10}.${i + 20}` : null,
      security_group_native_ids: i === 0 ? [spec.app === 'db' ? sgDb : sgWeb, sgSsh] : [sgDb],
      subnet_native_id: subnetsInAz[i] ?? '',
      virtual_name: null,
    }));
    const volumes = spec.volumes.map((v, i) => {
      const volName = `/dev/xvd${String.fromCharCode(97 + i)}`;
      const kms = v.encrypted ? s.kmsKey(ctx.env, `instance/${name}/${i}`) : null;
      return {
        id: s.id(`instance-volume/${name}/${i}`),
        volume_native_id: s.awsId('vol', `instance-volume/${name}/${i}`),
        name: volName,
        is_root: i === 0,
        kms_key_native_id: kms,
        size: v.sizeGb * GIB,
        status: 'in-use',
        type: v.type,
        utilized_size_in_bytes: Math.floor(v.sizeGb * GIB * 0.5),
        tags: [...tagsOfBackup, { key: 'Device', value: volName }],
      };
    });
    const ami: AmiModel = {
      ami_native_id: ctx.net.ami_native_id,
      architecture: 'x86_64',
      has_ena_support: true,
      hypervisor_type: 'xen',
      image_type: 'machine',
      is_public: false,
      name: `${ctx.short}-base-linux`,
      number_of_ebs_volumes: 1,
      number_of_ephemeral_volumes: 0,
      owner_id: ctx.env.account_native_id,
      platform: 'linux',
      root_device_name: '/dev/xvda',
      root_device_type: 'ebs',
      sriov_net_support: 'simple',
      state: 'available',
      virtualization_type: 'hvm',
    };
    const totalGb = spec.volumes.reduce((sum, v) => sum + v.sizeGb, 0);
    const keyPairNative = s.awsId('key', `keypair/${ctx.short}`);
    for (const at of starts) {
      const backupId = s.id(`ec2-backup/${id}/${at}`);
      this.backups.push({
        _links: {
          _self: link(`/backups/aws/ec2-instances/${backupId}`),
          'restore-aws-ec2-instance': link('/restores/aws/ec2-instances', 'post'),
        },
        id: backupId,
        instance_id: id,
        instance_native_id: nativeId,
        account_native_id: ctx.env.account_native_id,
        aws_region: ctx.env.aws_region,
        aws_az: az,
        start_timestamp: rfc3339(at),
        expiration_timestamp: s.expiration(at),
        migration_timestamp: null,
        instance_type: spec.type,
        type: 'clumio_backup',
        backup_tier: 'standard',
        vpc_native_id: ctx.net.vpc_native_id,
        subnet_native_id: subnetsInAz[0] ?? '',
        public_ip_address: enis[0]?.public_ip ?? null,
        key_pair_name: ctx.net.key_pair_name,
        key_pair_native_id: keyPairNative,
        iam_instance_profile:
          spec.app === 'web'
            ? {
                arn: `arn:aws:iam::${ctx.env.account_native_id}:instance-profile/${ctx.short}-web`,
                name: `${ctx.short}-web`,
                native_id: `AIPA${s.hex(`profile/${name}`, 17).toUpperCase()}`,
              }
            : null,
        ami,
        backup_ami: {
          ...ami,
          ami_native_id: s.awsId('ami', `backup-ami/${backupId}`),
          name: `clumio-backup-${spec.slug}`,
          number_of_ebs_volumes: volumes.length,
        },
        network_interfaces: enis,
        attached_backup_ebs_volumes: volumes,
        instance_store_block_device_mappings: [],
        size: totalGb,
        utilized_size_in_bytes: Math.floor(totalGb * GIB * 0.5),
        tags: tagsOfBackup,
        is_browsable: true,
        browsing_failed_reason: null,
      });
    }
  }
}

// ---- restore body (§8.2) ------------------------------------------------------------------------------

const MAPPING_KEYS = ['volume_native_id', 'name', 'kms_key_native_id', 'tags', 'volume_initialization_rate'];
const INSTANCE_KEYS = [
  'environment_id',
  'ami_native_id',
  'aws_az',
  'vpc_native_id',
  'subnet_native_id',
  'ebs_block_device_mappings',
  'network_interfaces',
  'key_pair_name',
  'iam_instance_profile_name',
  'should_power_on',
  'tags',
];
const ENI_KEYS = [
  'device_index',
  'network_interface_native_id',
  'subnet_native_id',
  'security_group_native_ids',
  'restore_default',
  'restore_from_backup',
];

const AMI_NAME = /^[A-Za-z0-9()[\] ./\-'@_]{3,128}$/;

interface Mapping {
  readonly node: Node;
  readonly volumeNativeId: string | undefined;
}

function mappings(c: BodyChecker, parent: Node | undefined, nameRequired: boolean): Mapping[] {
  return (c.objects(parent, 'ebs_block_device_mappings', MAPPING_KEYS, true) ?? []).map((node) => {
    const volumeNativeId = c.string(node, 'volume_native_id', true);
    c.string(node, 'name', nameRequired);
    c.string(node, 'kms_key_native_id', false);
    c.tags(node, 'tags');
    c.integer(node, 'volume_initialization_rate', false, 100, 300);
    return { node, volumeNativeId };
  });
}

/** What a target form names: the environment, the zone, its mappings and its ENIs restored from the backup. */
interface TargetForm {
  readonly envId: string | undefined;
  readonly az: string | undefined;
  readonly maps: readonly Mapping[];
  readonly fromBackup: readonly string[];
  /** Volumes: the instance they are attached to. */
  readonly attachTo?: string | undefined;
}

const NO_FORM: TargetForm = { envId: undefined, az: undefined, maps: [], fromBackup: [] };

function instanceTarget(c: BodyChecker, target: Node | undefined): TargetForm {
  const t = c.object(target, 'instance_restore_target', INSTANCE_KEYS, false);
  if (t === undefined) return NO_FORM;
  const envId = c.string(t, 'environment_id', true);
  c.string(t, 'ami_native_id', true);
  const az = c.string(t, 'aws_az', false);
  c.string(t, 'vpc_native_id', true);
  c.string(t, 'subnet_native_id', true);
  const maps = mappings(c, t, true);
  const enis = c.objects(t, 'network_interfaces', ENI_KEYS, true) ?? [];
  const indexes = new Set<number>();
  const fromBackup: string[] = [];
  for (const eni of enis) {
    const deviceIndex = c.integer(eni, 'device_index', true, 0);
    if (deviceIndex !== undefined && indexes.has(deviceIndex))
      c.problem(`${eni.path}.device_index: ${deviceIndex} is used twice`);
    if (deviceIndex !== undefined) indexes.add(deviceIndex);
    c.string(eni, 'network_interface_native_id', false);
    c.string(eni, 'subnet_native_id', false);
    c.strings(eni, 'security_group_native_ids', false);
    const restoreDefault = c.boolean(eni, 'restore_default', false) === true;
    const restoreFromBackup = c.boolean(eni, 'restore_from_backup', false) === true;
    if (restoreDefault === restoreFromBackup) {
      c.problem(`${eni.path}: exactly one of restore_default and restore_from_backup must be true`);
    }
    if (restoreFromBackup) fromBackup.push(`${eni.path}.restore_from_backup`);
  }
  c.string(t, 'key_pair_name', false);
  c.string(t, 'iam_instance_profile_name', false);
  c.boolean(t, 'should_power_on', false);
  c.tags(t, 'tags');
  return { envId, az, maps, fromBackup };
}

function amiTarget(c: BodyChecker, target: Node | undefined): TargetForm {
  const t = c.object(
    target,
    'ami_restore_target',
    ['environment_id', 'name', 'ebs_block_device_mappings', 'description', 'tags'],
    false,
  );
  if (t === undefined) return NO_FORM;
  const envId = c.string(t, 'environment_id', true);
  const name = c.string(t, 'name', true);
  if (name !== undefined && !AMI_NAME.test(name)) {
    c.problem(
      `target.ami_restore_target.name: "${name}" is not a valid AMI name (3-128 letters, digits, spaces or ( ) [ ] . / - ' @ _)`,
    );
  }
  const maps = mappings(c, t, true);
  const description = c.string(t, 'description', false);
  if (description !== undefined && description.length > 255) {
    c.problem('target.ami_restore_target.description: at most 255 characters');
  }
  c.tags(t, 'tags');
  return { envId, az: undefined, maps, fromBackup: [] };
}

function volumesTarget(c: BodyChecker, target: Node | undefined): TargetForm {
  const t = c.object(
    target,
    'volumes_restore_target',
    ['environment_id', 'ebs_block_device_mappings', 'aws_az', 'target_instance_native_id'],
    false,
  );
  if (t === undefined) return NO_FORM;
  const envId = c.string(t, 'environment_id', true);
  const placement = c.exactlyOne(t, ['aws_az', 'target_instance_native_id']);
  const az = c.string(t, 'aws_az', false);
  const attachTo = c.string(t, 'target_instance_native_id', false);
  const maps = mappings(c, t, placement === 'target_instance_native_id');
  return { envId, az, maps, fromBackup: [], attachTo };
}

function validateEc2(
  backups: ReadonlyMap<string, Ec2Backup>,
  instancesIn: (environmentId: string) => readonly Ec2Instance[],
  body: unknown,
  index: DatasetIndex,
): ValidRestore {
  const c = new BodyChecker();
  const root = c.root(body, ['source', 'target']);
  const source = c.object(root, 'source', ['backup_id'], true);
  const backupId = c.string(source, 'backup_id', true);
  const target = c.object(
    root,
    'target',
    ['instance_restore_target', 'ami_restore_target', 'volumes_restore_target'],
    true,
  );
  const variant = c.exactlyOne(target, [
    'instance_restore_target',
    'ami_restore_target',
    'volumes_restore_target',
  ]);

  // Every form given is checked, so each problem shows at once; the one form set is restored.
  const forms: Record<string, TargetForm> = {
    instance_restore_target: instanceTarget(c, target),
    ami_restore_target: amiTarget(c, target),
    volumes_restore_target: volumesTarget(c, target),
  };
  const { envId, az, maps, fromBackup, attachTo } =
    (variant === undefined ? undefined : forms[variant]) ?? NO_FORM;
  c.check();

  const backup = backups.get(known(backupId));
  if (backup === undefined) throw notFound(`source.backup_id: EC2 backup "${backupId}" not found`);
  const env = environmentOf(c, index, envId, `target.${variant}.environment_id`);
  checkAz(c, env, az, `target.${variant}.aws_az`);
  if (env !== undefined && attachTo !== undefined) {
    if (!instancesIn(env.id).some((i) => i.instance_native_id === attachTo)) {
      c.problem(
        `target.volumes_restore_target.target_instance_native_id: instance "${attachTo}" is not in environment ${env.id} (${env.account_native_id}/${env.aws_region})`,
      );
    }
  }
  const volumes = new Set(backup.attached_backup_ebs_volumes.map((v) => v.volume_native_id));
  for (const m of maps) {
    if (m.volumeNativeId !== undefined && !volumes.has(m.volumeNativeId)) {
      c.problem(
        `${m.node.path}.volume_native_id: volume "${m.volumeNativeId}" is not in backup ${backup.id}`,
      );
    }
  }
  const sameLocation =
    env !== undefined &&
    env.account_native_id === backup.account_native_id &&
    env.aws_region === backup.aws_region;
  if (env !== undefined && !sameLocation) {
    for (const path of fromBackup) {
      c.problem(
        `${path}: only possible in the backup's own account and region (${backup.account_native_id}/${backup.aws_region})`,
      );
    }
  }
  c.check();
  return {
    backupId: backup.id,
    taskType: 'aws_ec2_instance_restore',
    primary: { id: backup.instance_id, type: 'aws_ec2_instance', value: backup.instance_native_id },
    target: known(env),
    outcomeKeys: [backup.id, backup.instance_native_id, backup.instance_id],
  };
}

// ---- the type -----------------------------------------------------------------------------------------

export const ec2: SimulatedType<Ec2Part> = {
  service: 'ec2',
  seed: (s) => new Ec2Seeding(s),
  serve(dataset) {
    const instances = table(dataset.instances, environmentOwner);
    const backups = table(dataset.backups.ec2, (b) => b.instance_id);
    const inEnvironment = (id: string): readonly Ec2Instance[] => instances.byOwner.get(id) ?? [];
    return {
      routes: [
        listRoute<Ec2Instance>({
          path: '/datasources/aws/ec2-instances',
          resource: 'aws-ec2-instances',
          style: 'page',
          filterApplied: false,
          lookback: true,
          embeds: [POLICY_EMBED],
          filters: {
            ...assetFilters(['$in']),
            name: field(['$contains', '$eq'], (i) => i.name),
            instance_native_id: field(['$eq', '$contains'], (i) => i.instance_native_id),
            aws_region: field(['$eq'], (i) => i.aws_region),
            availability_zone: field(['$eq'], (i) => i.aws_az),
          },
          items: (_ctx, f) => ownedBy(instances, f.eq('environment_id')),
          embed: withPolicy,
        }),
        listRoute<Ec2Backup>({
          path: '/backups/aws/ec2-instances',
          resource: 'backup-aws-ec2-instances',
          style: 'page',
          filterApplied: true,
          sortable: true,
          filters: { instance_id: { ops: ['$eq'], get: (b) => b.instance_id }, start_timestamp: started() },
          items: (_ctx, f) => ownedBy(backups, f.eq('instance_id')),
        }),
        readRoute({
          pattern: '/backups/aws/ec2-instances/{backup_id}',
          resource: 'backup-aws-ec2-instances',
          what: 'EC2 backup',
          find: (id) => backups.byId.get(id),
        }),
        restoreRoute({
          path: '/restores/aws/ec2-instances',
          resource: 'restored-aws-ec2-instances',
          version: 1,
          validate: (body, index) => validateEc2(backups.byId, inEnvironment, body, index),
        }),
      ],
      protectionStats: [
        { name: 'read-aws-environment-ec2-instances-protection-stats', assets: inEnvironment },
        // SQL Server on EC2 is not simulated: its counts are all zero.
        { name: 'read-aws-environment-ec2-mssql-protection-stats', assets: () => [] },
      ],
      backupStatusAssets: inEnvironment,
    };
  },
};
