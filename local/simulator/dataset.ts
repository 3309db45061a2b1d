import type {
  AmiModel,
  AssetBase,
  AssetTag,
  AwsConnection,
  AwsEnvironment,
  AwsTag,
  BackupStatus,
  Dataset,
  DatasetScale,
  DynamoDbBackup,
  DynamoDbSettings,
  DynamoDbTable,
  EbsBackup,
  EbsVolume,
  Ec2Backup,
  Ec2Instance,
  EnvironmentNetwork,
  OrganizationalUnit,
  PgBackup,
  PgBackupCounts,
  PgS3Asset,
  PgS3AssetBackup,
  Policy,
  ProtectionGroup,
  ProtectionInfo,
  RdsBackup,
  RdsResource,
  S3Bucket,
} from './dataset-types.js';
import { link } from './envelopes.js';
import { hexFrom, intFrom, uuidFrom } from './random.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, rfc3339, startOfUtcDay } from './time.js';

export type * from './dataset-types.js';

const ACCOUNTS = [
  { id: '111111111111', name: 'prod', regions: ['us-east-1', 'us-west-2', 'eu-west-1'] },
  { id: '222222222222', name: 'dr', regions: ['us-east-1', 'us-west-2'] },
  { id: '333333333333', name: 'dev', regions: ['us-east-1', 'us-west-2'] },
] as const;

const REGION_SHORT: Record<string, string> = {
  'us-east-1': 'use1',
  'us-west-2': 'usw2',
  'eu-west-1': 'euw1',
};
const SERVICES = ['ebs', 'ec2', 'rds', 'dynamodb', 's3'];
const BACKUP_DAYS = 30;
const RETENTION_DAYS = 35;
const GIB = 1024 ** 3;

type Schedule = 'daily' | 'six-hourly' | 'none';

interface VolumeSpec {
  slug: string;
  type: string;
  sizeGb: number;
  iops?: number;
  encrypted: boolean;
  app: string;
  owner?: string;
  schedule?: Schedule;
  deletedDaysAgo?: number;
  status?: BackupStatus;
}

const VOLUMES: readonly VolumeSpec[] = [
  { slug: 'web-data', type: 'gp3', sizeGb: 100, encrypted: true, app: 'web', owner: 'alice' },
  { slug: 'db-data', type: 'io1', sizeGb: 500, iops: 4000, encrypted: true, app: 'db', owner: 'bob' },
  { slug: 'analytics-scratch', type: 'st1', sizeGb: 1000, encrypted: false, app: 'analytics' },
  { slug: 'web-logs', type: 'gp2', sizeGb: 50, encrypted: false, app: 'web' },
  { slug: 'db-wal', type: 'gp3', sizeGb: 200, encrypted: true, app: 'db', owner: 'bob' },
  {
    slug: 'analytics-cache',
    type: 'gp2',
    sizeGb: 20,
    encrypted: false,
    app: 'analytics',
    status: 'partial_success',
  },
];

/** Only in prod us-east-1: the edge cases clients must handle. */
const SPECIAL_VOLUMES: readonly VolumeSpec[] = [
  {
    slug: 'db-journal',
    type: 'gp3',
    sizeGb: 300,
    encrypted: true,
    app: 'db',
    owner: 'carol',
    schedule: 'six-hourly',
  },
  {
    slug: 'scratch-unprotected',
    type: 'gp2',
    sizeGb: 10,
    encrypted: false,
    app: 'analytics',
    schedule: 'none',
  },
  { slug: 'web-retired', type: 'gp2', sizeGb: 40, encrypted: false, app: 'web', deletedDaysAgo: 5 },
];

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

interface RdsSpec {
  slug: string;
  type: 'aws_rds_cluster' | 'aws_rds_instance';
  engine: string;
  version: string;
  instanceClass: string;
  instances: number;
  app: string;
  sizeGb: number;
}

const RDS: readonly RdsSpec[] = [
  {
    slug: 'web-db',
    type: 'aws_rds_instance',
    engine: 'postgres',
    version: '15.4',
    instanceClass: 'db.t3.medium',
    instances: 1,
    app: 'web',
    sizeGb: 100,
  },
  {
    slug: 'analytics-db',
    type: 'aws_rds_instance',
    engine: 'mysql',
    version: '8.0.35',
    instanceClass: 'db.r5.large',
    instances: 1,
    app: 'analytics',
    sizeGb: 400,
  },
  {
    slug: 'orders-cluster',
    type: 'aws_rds_cluster',
    engine: 'aurora-postgresql',
    version: '15.4',
    instanceClass: 'db.r6g.large',
    instances: 2,
    app: 'db',
    sizeGb: 250,
  },
];

interface TableSpec {
  slug: string;
  app: string;
  billing: 'PROVISIONED' | 'PAY_PER_REQUEST';
  customerKey: boolean;
  sortKey: string | null;
  gsi: boolean;
}

const TABLES: readonly TableSpec[] = [
  { slug: 'orders', app: 'db', billing: 'PROVISIONED', customerKey: false, sortKey: 'created_at', gsi: true },
  { slug: 'sessions', app: 'web', billing: 'PAY_PER_REQUEST', customerKey: false, sortKey: null, gsi: false },
  { slug: 'events', app: 'analytics', billing: 'PROVISIONED', customerKey: true, sortKey: 'ts', gsi: false },
];

const BUCKETS = [
  { slug: 'finance-data', app: 'analytics' },
  { slug: 'logs', app: 'web' },
  { slug: 'web-assets', app: 'web' },
] as const;

/** Which bucket (by slug) of which environment (by short name) each protection group holds. */
const PROTECTION_GROUPS = [
  { name: 'pg-finance', bucket: 'finance-data', envs: ['prod-use1', 'prod-usw2', 'dev-use1'] },
  { name: 'pg-logs', bucket: 'logs', envs: ['prod-use1', 'prod-usw2', 'prod-euw1', 'dev-usw2'] },
] as const;

const DR_BUCKETS: Record<string, string> = {
  'us-east-1': 'dr-restore-bucket',
  'us-west-2': 'dr-restore-bucket-usw2',
};

interface EnvContext {
  readonly env: AwsEnvironment;
  readonly net: EnvironmentNetwork;
  /** e.g. prod-use1: prefixes every asset name of the environment. */
  readonly short: string;
  readonly label: string;
}

export interface BuildDatasetOptions {
  seed: number;
  now: Date;
  scale?: DatasetScale;
}

/** Build the seeded dataset; every value derives from (seed, a stable key) and timestamps from `now`. */
export function buildDataset(options: BuildDatasetOptions): Dataset {
  return new DatasetBuilder(options.seed, options.now.getTime()).build(options.scale);
}

/** Tag id lookup for tests and clients of the dataset: the Clumio tag id of key=value in one environment. */
export function findTagId(
  dataset: Dataset,
  environmentId: string,
  key: string,
  value: string,
): string | undefined {
  return dataset.tags.find((t) => t.environment_id === environmentId && t.key === key && t.value === value)
    ?.id;
}

function byStart<T extends { start_timestamp: string; id: string }>(a: T, b: T): number {
  return a.start_timestamp < b.start_timestamp
    ? -1
    : a.start_timestamp > b.start_timestamp
      ? 1
      : a.id < b.id
        ? -1
        : 1;
}

class DatasetBuilder {
  private readonly ou: OrganizationalUnit;
  private readonly policies: Policy[];
  private readonly environments: AwsEnvironment[] = [];
  private readonly connections: AwsConnection[] = [];
  private readonly networks: EnvironmentNetwork[] = [];
  private readonly tags: AwsTag[] = [];
  private readonly tagMemo = new Map<string, AwsTag>();
  private readonly volumes: EbsVolume[] = [];
  private readonly instances: Ec2Instance[] = [];
  private readonly rdsResources: RdsResource[] = [];
  private readonly dynamodbTables: DynamoDbTable[] = [];
  private readonly buckets: S3Bucket[] = [];
  private readonly protectionGroups: ProtectionGroup[] = [];
  private readonly pgS3Assets: PgS3Asset[] = [];
  private readonly ebsBackups: EbsBackup[] = [];
  private readonly ec2Backups: Ec2Backup[] = [];
  private readonly rdsBackups: RdsBackup[] = [];
  private readonly dynamodbBackups: DynamoDbBackup[] = [];
  private readonly pgBackups: PgBackup[] = [];
  private readonly pgS3AssetBackups: PgS3AssetBackup[] = [];

  constructor(
    private readonly seed: number,
    private readonly nowMs: number,
  ) {
    const ouId = this.id('ou/root');
    this.ou = {
      _etag: this.hex('ou/etag', 16),
      _links: { _self: link(`/organizational-units/${ouId}`) },
      _embedded: {},
      id: ouId,
      name: 'Global Organizational Unit',
      parent_id: null,
      description: 'Root organizational unit of the simulated tenant',
      children_count: 0,
      user_count: 1,
      users: [this.id('user/admin')],
      descendant_ids: [],
      configured_datasource_types: ['aws'],
      task_id: null,
    };
    this.policies = ['gold', 'silver'].map((name) => ({ id: this.id(`policy/${name}`), name }));
  }

  build(scale: DatasetScale | undefined): Dataset {
    const contexts = ACCOUNTS.flatMap((account) =>
      account.regions.map((region) => this.environment(account, region)),
    );
    for (let i = 1; i <= (scale?.environments ?? 0); i++) {
      this.environment({ id: String(400_000_000_000 + i), name: `synthetic-${i}` }, 'us-east-1');
    }
    for (const ctx of contexts) {
      // The dr account holds only the buckets that protection-group restores write into.
      if (ctx.label === 'dr') {
        this.bucket(ctx, DR_BUCKETS[ctx.env.aws_region] ?? `dr-restore-${ctx.env.aws_region}`, 'restore');
        continue;
      }
      VOLUMES.forEach((spec, i) => this.volume(ctx, spec, i));
      if (ctx.short === 'prod-use1')
        SPECIAL_VOLUMES.forEach((spec, i) => this.volume(ctx, spec, VOLUMES.length + i));
      INSTANCES.forEach((spec, i) => this.instance(ctx, spec, i));
      RDS.forEach((spec) => this.rds(ctx, spec, ctx.short === 'prod-use1' && spec.slug === 'web-db'));
      TABLES.forEach((spec) => this.table(ctx, spec));
      BUCKETS.forEach((spec) => this.bucket(ctx, `${ctx.short}-${spec.slug}`, spec.app));
    }
    for (const spec of PROTECTION_GROUPS) this.protectionGroup(spec, contexts);
    if (scale?.taggedVolumes) this.scaleVolumes(scale, contexts);

    return {
      seed: this.seed,
      generatedAt: rfc3339(this.nowMs),
      organizationalUnits: [this.ou],
      policies: this.policies,
      environments: this.environments,
      connections: this.connections,
      networks: this.networks,
      tags: this.tags,
      volumes: this.volumes,
      instances: this.instances,
      rdsResources: this.rdsResources,
      dynamodbTables: this.dynamodbTables,
      buckets: this.buckets,
      protectionGroups: this.protectionGroups,
      pgS3Assets: this.pgS3Assets,
      backups: {
        ebs: this.ebsBackups.sort(byStart),
        ec2: this.ec2Backups.sort(byStart),
        rds: this.rdsBackups.sort(byStart),
        dynamodb: this.dynamodbBackups.sort(byStart),
        protectionGroups: this.pgBackups.sort(byStart),
        pgS3Assets: this.pgS3AssetBackups.sort(byStart),
      },
    };
  }

  // ---- derived values -------------------------------------------------------------------------------

  private id(key: string): string {
    return uuidFrom(this.seed, key);
  }

  private hex(key: string, length: number): string {
    return hexFrom(this.seed, key, length);
  }

  private awsId(prefix: string, key: string): string {
    return `${prefix}-${this.hex(key, 17)}`;
  }

  private int(key: string, min: number, max: number): number {
    return intFrom(this.seed, key, min, max);
  }

  private ago(days: number): string {
    return rfc3339(this.nowMs - days * MS_PER_DAY);
  }

  /**
   * Backup start times (oldest first) within the last BACKUP_DAYS days, up to `until`: daily around
   * 02:00Z (an asset-specific offset of ±40 min plus a per-day jitter) or every six hours.
   */
  private schedule(key: string, schedule: Schedule, until = this.nowMs, hourUtc = 2): number[] {
    if (schedule === 'none') return [];
    const hours = schedule === 'daily' ? [hourUtc] : [0, 6, 12, 18];
    const offsetMinutes =
      schedule === 'daily' ? this.int(`${key}/offset`, -40, 40) : this.int(`${key}/offset`, 5, 20);
    const from = this.nowMs - BACKUP_DAYS * MS_PER_DAY;
    const today = startOfUtcDay(this.nowMs);
    const out: number[] = [];
    for (let d = BACKUP_DAYS; d >= 0; d--) {
      const day = today - d * MS_PER_DAY;
      for (const hour of hours) {
        const jitterSeconds = this.int(`${key}/${day}/${hour}`, 0, 299);
        const at = day + hour * MS_PER_HOUR + offsetMinutes * MS_PER_MINUTE + jitterSeconds * 1000;
        if (at > from && at <= this.nowMs && at < until) out.push(at);
      }
    }
    return out;
  }

  private tag(ctx: EnvContext, key: string, value: string): AssetTag {
    const memoKey = `${ctx.env.id}|${key}|${value}`;
    let tag = this.tagMemo.get(memoKey);
    if (tag === undefined) {
      const id = this.id(`tag/${memoKey}`);
      const protectedTag = key === 'App' && value === 'db';
      tag = {
        _links: { _self: link(`/datasources/aws/environments/${ctx.env.id}/tags/${id}`) },
        _embedded: {},
        id,
        key,
        key_id: this.id(`tag-key/${ctx.env.id}|${key}`),
        value,
        environment_id: ctx.env.id,
        organizational_unit_id: this.ou.id,
        protection_status: protectedTag ? 'protected' : 'unprotected',
        protection_info: protectedTag ? this.protectionInfo('db') : null,
      };
      this.tagMemo.set(memoKey, tag);
      this.tags.push(tag);
    }
    return { id: tag.id, key: tag.key, key_id: tag.key_id, value: tag.value };
  }

  private assetTags(ctx: EnvContext, app: string, owner?: string): AssetTag[] {
    const tags = [this.tag(ctx, 'Environment', ctx.label), this.tag(ctx, 'App', app)];
    if (owner !== undefined) tags.push(this.tag(ctx, 'Owner', owner));
    return tags;
  }

  private protectionInfo(app: string): ProtectionInfo {
    const policy = app === 'analytics' ? this.policies[1] : this.policies[0];
    return { policy_id: policy?.id ?? '', inheriting_entity_id: null, inheriting_entity_type: null };
  }

  private assetBase(
    ctx: EnvContext,
    selfHref: string,
    id: string,
    name: string,
    app: string,
    tags: AssetTag[],
    starts: number[],
    extra: { status?: BackupStatus; deletedAt?: number } = {},
  ): AssetBase {
    const last = starts.length > 0 ? rfc3339(starts[starts.length - 1] ?? 0) : null;
    const deleted = extra.deletedAt !== undefined;
    const status: BackupStatus = starts.length === 0 ? 'no_backup' : (extra.status ?? 'success');
    const isProtected = !deleted && starts.length > 0;
    return {
      _links: { _self: link(`${selfHref}/${id}`) },
      _embedded: {},
      id,
      environment_id: ctx.env.id,
      account_native_id: ctx.env.account_native_id,
      aws_region: ctx.env.aws_region,
      name,
      organizational_unit_id: this.ou.id,
      protection_status: deleted ? null : isProtected ? 'protected' : 'unprotected',
      protection_info: isProtected ? this.protectionInfo(app) : null,
      backup_status_info: {
        backup_status: status,
        last_successful_policy_start_timestamp: last,
        last_failed_policy_start_timestamp: status === 'success' || status === 'no_backup' ? null : last,
        operation_info_list: [],
      },
      is_deleted: deleted,
      deletion_timestamp: deleted ? rfc3339(extra.deletedAt ?? 0) : null,
      is_supported: true,
      unsupported_reason: null,
      has_direct_assignment: false,
      direct_assignment_policy_id: null,
      last_backup_timestamp: last,
      tags,
    };
  }

  private kmsKey(env: AwsEnvironment, key: string): string {
    return `arn:aws:kms:${env.aws_region}:${env.account_native_id}:key/${this.id(`kms/${key}`)}`;
  }

  // ---- environments -----------------------------------------------------------------------------------

  private environment(account: { readonly id: string; readonly name: string }, region: string): EnvContext {
    const key = `${account.id}/${region}`;
    const id = this.id(`env/${key}`);
    const short = `${account.name}-${REGION_SHORT[region] ?? region}`;
    const azs = ['a', 'b', 'c'].map((s) => `${region}${s}`);
    const connectionId = this.id(`connection/${key}`);
    const groupId = this.id(`connection-group/${account.id}`);
    const env: AwsEnvironment = {
      _links: {
        _self: link(`/datasources/aws/environments/${id}`),
        'read-organizational-unit': link(`/organizational-units/${this.ou.id}`),
      },
      _embedded: {},
      id,
      account_native_id: account.id,
      account_name: account.name,
      aws_region: region,
      aws_az: azs,
      connection_id: connectionId,
      connection_group_id: groupId,
      connection_status: 'connected',
      connection_management_status: 'managed',
      description: `${account.name} ${region}`,
      organizational_unit_id: this.ou.id,
      services_enabled: SERVICES,
      template_version: 23,
      template_permission_set: 'all',
      config: {
        asset_types_enabled: SERVICES,
        installed_template_version: '23.0',
        ebs: { enabled: true },
        ec2: { enabled: true },
        rds: { enabled: true },
        dynamodb: { enabled: true },
        s3: { enabled: true },
      },
    };
    this.environments.push(env);
    this.connections.push({
      _links: { _self: link(`/connections/aws/${connectionId}`) },
      id: connectionId,
      account_native_id: account.id,
      account_name: account.name,
      aws_region: region,
      connection_status: 'connected',
      connection_management_status: 'managed',
      connection_group_id: groupId,
      connection_type: 'protect',
      organizational_unit_id: this.ou.id,
      created_timestamp: this.ago(400),
      description: `${account.name} ${region}`,
      deployment_type: 'cloudformation',
      services_enabled: SERVICES,
      protect_asset_types_enabled: SERVICES,
      stack_arn: `arn:aws:cloudformation:${region}:${account.id}:stack/clumio/${this.id(`stack/${key}`)}`,
      stack_name: 'clumio',
      token: this.id(`connection-token/${key}`),
      external_id: this.id(`external/${key}`),
      clumio_aws_account_id: '999999999999',
      clumio_aws_region: region,
      data_plane_account_id: '999999999999',
      ingestion_status: 'completed',
      target_setup_status: 'completed',
      config: null,
      protect: null,
      discover: null,
      resources: null,
      namespace: 'clumio',
      retired_stack_arn: null,
      template_permission_set: 'all',
    });
    const net: EnvironmentNetwork = {
      environment_id: id,
      vpc_native_id: this.awsId('vpc', `vpc/${key}`),
      subnets: azs.flatMap((az) =>
        ['app', 'data'].map((tier) => ({
          subnet_native_id: this.awsId('subnet', `subnet/${az}/${key}/${tier}`),
          aws_az: az,
        })),
      ),
      security_group_native_ids: ['web', 'db', 'ssh'].map((g) => this.awsId('sg', `sg/${key}/${g}`)),
      ami_native_id: this.awsId('ami', `ami/${key}`),
      key_pair_name: `${short}-keypair`,
      kms_key_native_id: this.kmsKey(env, `${key}/default`),
    };
    const ctx: EnvContext = { env, net, short, label: account.name };
    this.networks.push(net);
    return ctx;
  }

  // ---- EBS ------------------------------------------------------------------------------------------

  private volume(ctx: EnvContext, spec: VolumeSpec, index: number): void {
    const name = `${ctx.short}-${spec.slug}`;
    const id = this.id(`volume/${name}`);
    const deletedAt =
      spec.deletedDaysAgo === undefined ? undefined : this.nowMs - spec.deletedDaysAgo * MS_PER_DAY;
    const starts = this.schedule(`volume/${name}`, spec.schedule ?? 'daily', deletedAt);
    const tags = this.assetTags(ctx, spec.app, spec.owner);
    this.addVolume(ctx, {
      id,
      name,
      nativeId: this.awsId('vol', `volume/${name}`),
      az: ctx.env.aws_az[index % ctx.env.aws_az.length] ?? '',
      spec,
      tags,
      starts,
      deletedAt,
      kms: spec.encrypted ? this.kmsKey(ctx.env, `volume/${name}`) : null,
    });
  }

  private addVolume(
    ctx: EnvContext,
    v: {
      id: string;
      name: string;
      nativeId: string;
      az: string;
      spec: VolumeSpec;
      tags: AssetTag[];
      starts: number[];
      deletedAt: number | undefined;
      kms: string | null;
    },
  ): void {
    const { spec } = v;
    const iops = spec.iops ?? volumeIops(spec.type, spec.sizeGb);
    const last = v.starts.length > 0 ? rfc3339(v.starts[v.starts.length - 1] ?? 0) : null;
    this.volumes.push({
      ...this.assetBase(ctx, '/datasources/aws/ebs-volumes', v.id, v.name, spec.app, v.tags, v.starts, {
        status: spec.status,
        deletedAt: v.deletedAt,
      }),
      volume_native_id: v.nativeId,
      aws_az: v.az,
      type: spec.type,
      size: spec.sizeGb * GIB,
      iops,
      is_encrypted: v.kms !== null,
      kms_key_native_id: v.kms,
      last_snapshot_timestamp: last,
    });
    const backupTags = v.tags.map(({ key, value }) => ({ key, value }));
    for (const at of v.starts) {
      const backupId = this.id(`ebs-backup/${v.id}/${at}`);
      const snapshot = Math.floor(at / MS_PER_DAY) % 5 === 0;
      this.ebsBackups.push({
        _links: {
          _self: link(`/backups/aws/ebs-volumes/${backupId}`),
          'restore-aws-ebs-volume': link('/restores/aws/ebs-volumes', 'post'),
        },
        id: backupId,
        volume_id: v.id,
        volume_native_id: v.nativeId,
        account_native_id: ctx.env.account_native_id,
        aws_region: ctx.env.aws_region,
        aws_az: v.az,
        start_timestamp: rfc3339(at),
        expiration_timestamp: rfc3339(at + RETENTION_DAYS * MS_PER_DAY),
        migration_timestamp: null,
        type: snapshot ? 'aws_snapshot' : 'clumio_backup',
        volume_type: spec.type,
        iops,
        size: spec.sizeGb,
        utilized_size_in_bytes: Math.floor(spec.sizeGb * GIB * 0.4),
        is_encrypted: v.kms !== null,
        kms_key_native_id: v.kms,
        tags: backupTags,
        is_browsable: !snapshot,
        browsing_failed_reason: snapshot ? 'browsing_unavailable' : null,
        backup_tier: 'standard',
      });
    }
  }

  private scaleVolumes(scale: DatasetScale, contexts: EnvContext[]): void {
    const account = scale.environment?.account ?? '111111111111';
    const region = scale.environment?.region ?? 'us-east-1';
    const ctx = contexts.find((c) => c.env.account_native_id === account && c.env.aws_region === region);
    if (ctx === undefined)
      throw new Error(`scale.environment ${account}/${region} is not a simulated environment`);
    const tags = [this.tag(ctx, 'Environment', ctx.label), this.tag(ctx, 'Bulk', 'load')];
    const spec: VolumeSpec = { slug: 'bulk', type: 'gp3', sizeGb: 8, encrypted: false, app: 'bulk' };
    const today = startOfUtcDay(this.nowMs);
    for (let i = 1; i <= (scale.taggedVolumes ?? 0); i++) {
      const name = `${ctx.short}-bulk-load-${String(i).padStart(5, '0')}`;
      const minutes = i % 60;
      this.addVolume(ctx, {
        id: this.id(`volume/${name}`),
        name,
        nativeId: this.awsId('vol', `volume/${name}`),
        az: ctx.env.aws_az[i % ctx.env.aws_az.length] ?? '',
        spec,
        tags,
        starts: [3, 2, 1].map((d) => today - d * MS_PER_DAY + 2 * MS_PER_HOUR + minutes * MS_PER_MINUTE),
        deletedAt: undefined,
        kms: null,
      });
    }
  }

  // ---- EC2 ------------------------------------------------------------------------------------------

  private instance(ctx: EnvContext, spec: InstanceSpec, index: number): void {
    const name = `${ctx.short}-${spec.slug}`;
    const id = this.id(`instance/${name}`);
    const nativeId = this.awsId('i', `instance/${name}`);
    const azIndex = index % ctx.env.aws_az.length;
    const az = ctx.env.aws_az[azIndex] ?? '';
    const subnetsInAz = ctx.net.subnets.filter((s) => s.aws_az === az).map((s) => s.subnet_native_id);
    const [sgWeb = '', sgDb = '', sgSsh = ''] = ctx.net.security_group_native_ids;
    const starts = this.schedule(`instance/${name}`, 'daily');
    const tags = this.assetTags(ctx, spec.app, spec.owner);
    const backupTags = tags.map(({ key, value }) => ({ key, value }));
    this.instances.push({
      ...this.assetBase(ctx, '/datasources/aws/ec2-instances', id, name, spec.app, tags, starts),
      instance_native_id: nativeId,
      aws_az: az,
      type: spec.type,
      state: 'running',
      vpc_id: ctx.net.vpc_native_id,
      subnet_id: subnetsInAz[0] ?? '',
      ena_support: true,
      last_snapshot_timestamp: starts.length > 0 ? rfc3339(starts[starts.length - 1] ?? 0) : null,
    });

    const enis = Array.from({ length: spec.enis }, (_, i) => ({
      device_index: i,
      network_interface_native_id: this.awsId('eni', `eni/${name}/${i}`),
      public_ip:
        spec.publicIp && i === 0 ? `54.${this.int(`ip/${name}`, 10, 250)}.${index + 10}.${i + 20}` : null,
      security_group_native_ids: i === 0 ? [spec.app === 'db' ? sgDb : sgWeb, sgSsh] : [sgDb],
      subnet_native_id: subnetsInAz[i] ?? '',
      virtual_name: null,
    }));
    const volumes = spec.volumes.map((v, i) => {
      const volName = `/dev/xvd${String.fromCharCode(97 + i)}`;
      const kms = v.encrypted ? this.kmsKey(ctx.env, `instance/${name}/${i}`) : null;
      return {
        id: this.id(`instance-volume/${name}/${i}`),
        volume_native_id: this.awsId('vol', `instance-volume/${name}/${i}`),
        name: volName,
        is_root: i === 0,
        kms_key_native_id: kms,
        size: v.sizeGb * GIB,
        status: 'in-use',
        type: v.type,
        utilized_size_in_bytes: Math.floor(v.sizeGb * GIB * 0.5),
        tags: [...backupTags, { key: 'Device', value: volName }],
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
    const keyPairNative = this.awsId('key', `keypair/${ctx.short}`);
    for (const at of starts) {
      const backupId = this.id(`ec2-backup/${id}/${at}`);
      this.ec2Backups.push({
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
        expiration_timestamp: rfc3339(at + RETENTION_DAYS * MS_PER_DAY),
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
                native_id: `AIPA${this.hex(`profile/${name}`, 17).toUpperCase()}`,
              }
            : null,
        ami,
        backup_ami: {
          ...ami,
          ami_native_id: this.awsId('ami', `backup-ami/${backupId}`),
          name: `clumio-backup-${spec.slug}`,
          number_of_ebs_volumes: volumes.length,
        },
        network_interfaces: enis,
        attached_backup_ebs_volumes: volumes,
        instance_store_block_device_mappings: [],
        size: totalGb,
        utilized_size_in_bytes: Math.floor(totalGb * GIB * 0.5),
        tags: backupTags,
        is_browsable: true,
        browsing_failed_reason: null,
      });
    }
  }

  // ---- RDS ------------------------------------------------------------------------------------------

  private rds(ctx: EnvContext, spec: RdsSpec, granular: boolean): void {
    const name = `${ctx.short}-${spec.slug}`;
    const id = this.id(`rds/${name}`);
    const starts = this.schedule(`rds/${name}`, 'daily', this.nowMs, 3);
    const granularStarts = granular
      ? this.schedule(`rds-granular/${name}`, 'daily', this.nowMs, 14).filter((_, i) => i % 3 === 0)
      : [];
    const tags = this.assetTags(ctx, spec.app);
    const kms = this.kmsKey(ctx.env, `rds/${name}`);
    const sgs = [ctx.net.security_group_native_ids[1] ?? ''];
    const subnetGroup = `${ctx.short}-db-subnets`;
    const first = starts[0];
    const last = starts[starts.length - 1];
    const iso = (ms: number | undefined): string | null => (ms === undefined ? null : rfc3339(ms));
    const base = this.assetBase(ctx, '/datasources/aws/rds-resources', id, name, spec.app, tags, starts);
    this.rdsResources.push({
      ...base,
      _links: {
        ...base._links,
        'list-backup-aws-rds-resources': link(`/backups/aws/rds-resources`),
        'restore-aws-rds-resource': link('/restores/aws/rds-resources', 'post'),
      },
      resource_native_id: name,
      type: spec.type,
      engine: spec.engine,
      engine_mode: 'provisioned',
      engine_version: spec.version,
      aws_azs: ctx.env.aws_az.slice(0, spec.type === 'aws_rds_cluster' ? 3 : 1),
      size: spec.sizeGb * GIB,
      is_encrypted: true,
      kms_key_native_id: kms,
      security_group_native_ids: sgs,
      subnet_group_name: subnetGroup,
      earliest_aws_snapshot_restorable_timestamp: iso(this.nowMs - 7 * MS_PER_DAY),
      latest_aws_snapshot_restorable_timestamp: iso(this.nowMs - 5 * MS_PER_MINUTE),
      first_clumio_snapshot_timestamp: iso(first),
      last_clumio_snapshot_timestamp: iso(last),
      first_granular_backup_timestamp: iso(granularStarts[0]),
      last_granular_backup_timestamp: iso(granularStarts[granularStarts.length - 1]),
    });
    const backupTags = tags.map(({ key, value }) => ({ key, value }));
    const family = spec.engine === 'mysql' ? 'mysql8.0' : `${spec.engine}${spec.version.split('.')[0] ?? ''}`;
    const add = (at: number, type: RdsBackup['type']): void => {
      const backupId = this.id(`rds-backup/${id}/${at}/${type}`);
      this.rdsBackups.push({
        _links: {
          _self: link(`/backups/aws/rds-resources/${backupId}`),
          'restore-aws-rds-resource': link('/restores/aws/rds-resources', 'post'),
          'restore-rds-record': link('/restores/aws/rds-resources/query', 'post'),
          'list-aws-rds-resources-option-groups': link(`/datasources/aws/rds-resources/${id}/option-groups`),
        },
        id: backupId,
        resource_id: id,
        resource_type: spec.type,
        database_native_id: name,
        account_native_id: ctx.env.account_native_id,
        aws_region: ctx.env.aws_region,
        aws_azs: ctx.env.aws_az.slice(0, spec.type === 'aws_rds_cluster' ? 3 : 1),
        engine: spec.engine,
        engine_version: spec.version,
        instances: Array.from({ length: spec.instances }, (_, i) => ({
          class: spec.instanceClass,
          is_publicly_accessible: false,
          name: spec.instances === 1 ? name : `${name}-${i + 1}`,
        })),
        kms_key_native_id: kms,
        option_group_name: `default:${spec.engine}-${spec.version.split('.')[0] ?? ''}`,
        parameter_group_name: `default.${family}`,
        security_group_native_ids: sgs,
        subnet_group_name: subnetGroup,
        size: spec.sizeGb * GIB,
        start_timestamp: rfc3339(at),
        expiration_timestamp: rfc3339(at + RETENTION_DAYS * MS_PER_DAY),
        migration_timestamp: null,
        tags: backupTags,
        type,
      });
    };
    for (const at of starts) add(at, 'clumio_snapshot');
    for (const at of granularStarts) add(at, 'aws_rds_resource_granular_backup');
  }

  // ---- DynamoDB -------------------------------------------------------------------------------------

  private table(ctx: EnvContext, spec: TableSpec): void {
    const name = `${ctx.short}-${spec.slug}`;
    const id = this.id(`table/${name}`);
    const starts = this.schedule(`table/${name}`, 'daily', this.nowMs, 4);
    const tags = this.assetTags(ctx, spec.app);
    const throughput =
      spec.billing === 'PROVISIONED' ? { read_capacity_units: 50, write_capacity_units: 25 } : null;
    const settings: DynamoDbSettings = {
      billing_mode: spec.billing,
      provisioned_throughput: throughput,
      table_class: 'STANDARD',
      global_table_version: null,
      global_secondary_indexes: spec.gsi
        ? [
            {
              index_name: 'by-customer',
              key_schema: [{ attribute_name: 'customer_id', key_type: 'HASH' }],
              projection: { projection_type: 'ALL', non_key_attributes: [] },
              provisioned_throughput: throughput,
              contributor_insights_status: false,
            },
          ]
        : [],
      local_secondary_indexes: [],
      replicas: [],
      sse_specification: spec.customerKey
        ? { kms_key_type: 'CUSTOMER_MANAGED', kms_master_key_id: this.kmsKey(ctx.env, `table/${name}`) }
        : { kms_key_type: 'DEFAULT', kms_master_key_id: null },
      stream_specification: { enabled: false, view_type: null },
      pitr_status: spec.billing === 'PROVISIONED',
      contributor_insights_status: false,
      deletion_protection_enabled: spec.slug === 'orders',
    };
    const itemCount = this.int(`items/${name}`, 10_000, 5_000_000);
    const size = itemCount * 180;
    const last = starts.length > 0 ? rfc3339(starts[starts.length - 1] ?? 0) : null;
    this.dynamodbTables.push({
      ...this.assetBase(ctx, '/datasources/aws/dynamodb-tables', id, name, spec.app, tags, starts),
      ...settings,
      table_native_id: this.id(`table-native/${name}`),
      table_arn: `arn:aws:dynamodb:${ctx.env.aws_region}:${ctx.env.account_native_id}:table/${name}`,
      table_status: 'ACTIVE',
      size,
      item_count: itemCount,
      table_keys: { partition_key: 'pk', sort_key: spec.sortKey },
      earliest_continuous_snapshot_restorable_timestamp: settings.pitr_status ? this.ago(35) : null,
      latest_continuous_snapshot_restorable_timestamp: settings.pitr_status
        ? rfc3339(this.nowMs - 5 * MS_PER_MINUTE)
        : null,
      last_snapshot_timestamp: last,
    });
    const backupTags = tags.map(({ key, value }) => ({ key, value }));
    for (const at of starts) {
      const backupId = this.id(`dynamodb-backup/${id}/${at}`);
      this.dynamodbBackups.push({
        ...settings,
        _etag: this.hex(`etag/${backupId}`, 16),
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
        expiration_timestamp: rfc3339(at + RETENTION_DAYS * MS_PER_DAY),
        type: Math.floor(at / MS_PER_DAY) % 7 === 3 ? 'aws_snapshot' : 'clumio_backup',
        size,
        item_count: itemCount,
        tags: backupTags,
      });
    }
  }

  // ---- S3 and protection groups ---------------------------------------------------------------------

  private bucket(ctx: EnvContext, name: string, app: string): void {
    const id = this.id(`bucket/${name}`);
    const objects = this.int(`objects/${name}`, 1_000, 2_000_000);
    this.buckets.push({
      _links: { _self: link(`/datasources/aws/s3-buckets/${id}`) },
      id,
      environment_id: ctx.env.id,
      name,
      account_native_id: ctx.env.account_native_id,
      aws_region: ctx.env.aws_region,
      creation_timestamp: this.ago(300 + this.int(`created/${name}`, 0, 300)),
      organizational_unit_id: this.ou.id,
      protection_group_count: 0,
      is_versioning_enabled: true,
      is_encryption_enabled: true,
      is_replication_enabled: false,
      event_bridge_enabled: false,
      object_count: objects,
      size_bytes: objects * 250_000,
      last_backup_timestamp: null,
      last_continuous_backup_timestamp: null,
      last_backtrack_sync_timestamp: null,
      tags: this.assetTags(ctx, app),
      versioning_setting: 'Enabled',
      encryption_setting: { encryption_type: 'SSE-S3' },
      replication_setting: null,
      cloudwatch_metrics: null,
      bucket_size_bytes_breakdown: { standard: objects * 250_000 },
    });
  }

  private protectionGroup(spec: (typeof PROTECTION_GROUPS)[number], contexts: EnvContext[]): void {
    const id = this.id(`pg/${spec.name}`);
    const created = this.ago(200);
    const starts = this.schedule(`pg/${spec.name}`, 'daily', this.nowMs, 5);
    const members = spec.envs.flatMap((short) => {
      const ctx = contexts.find((c) => c.short === short);
      const bucket = this.buckets.find((b) => b.name === `${short}-${spec.bucket}`);
      return ctx === undefined || bucket === undefined ? [] : [{ ctx, bucket }];
    });
    const pgBackups = starts.map((at, i) => {
      const counts = this.pgCounts(`pg-backup/${id}/${at}`);
      const backup: PgBackup = {
        _links: {
          _self: link(`/backups/protection-groups/${id}_${rfc3339(at)}`),
          'restore-protection-group': link('/restores/protection-groups', 'post'),
        },
        // Clumio documents protection-group backup ids as <uuid>_<timestamp>.<number>.
        id: `${this.id(`pg-backup/${id}/${at}`)}_${rfc3339(at)}.${String(10000 + i)}`,
        protection_group_id: id,
        protection_group_name: spec.name,
        protection_group_version: 3,
        start_timestamp: rfc3339(at),
        expiration_timestamp: rfc3339(at + RETENTION_DAYS * MS_PER_DAY),
        type: 'protection_group_backup',
        ...counts,
      };
      backup._links._self = link(`/backups/protection-groups/${backup.id}`);
      this.pgBackups.push(backup);
      return backup;
    });
    const last = starts.length > 0 ? rfc3339(starts[starts.length - 1] ?? 0) : null;
    const earliest = starts.length > 0 ? rfc3339(starts[0] ?? 0) : null;
    let totalObjects = 0;
    let totalBytes = 0;
    for (const { ctx, bucket } of members) {
      bucket.protection_group_count += 1;
      bucket.last_backup_timestamp = last;
      const assetId = this.id(`pg-asset/${id}/${bucket.id}`);
      totalObjects += bucket.object_count;
      totalBytes += bucket.size_bytes;
      this.pgS3Assets.push({
        _links: {
          _self: link(`/datasources/protection-groups/s3-assets/${assetId}`),
          'restore-protection-group-s3-asset': link('/restores/protection-groups/s3-assets', 'post'),
          'list-backup-protection-group-s3-assets': link('/backups/protection-groups/s3-assets'),
        },
        id: assetId,
        group_id: id,
        group_name: spec.name,
        bucket_id: bucket.id,
        bucket_name: bucket.name,
        environment_id: ctx.env.id,
        account_native_id: ctx.env.account_native_id,
        aws_region: ctx.env.aws_region,
        added_by_user: true,
        added_by_bucket_rule: false,
        is_deleted: false,
        protection_status: 'protected',
        protection_info: this.protectionInfo('analytics'),
        backup_status_info: {
          backup_status: starts.length > 0 ? 'success' : 'no_backup',
          last_successful_policy_start_timestamp: last,
          last_failed_policy_start_timestamp: null,
          operation_info_list: [],
        },
        backup_target_aws_region: ctx.env.aws_region,
        backup_tier_stats: [],
        created_timestamp: created,
        last_backup_timestamp: last,
        last_continuous_backup_timestamp: null,
        earliest_available_backup_timestamp: earliest,
        total_backed_up_object_count: bucket.object_count,
        total_backed_up_size_bytes: bucket.size_bytes,
        unsupported_reason: null,
        organizational_unit_id: this.ou.id,
      });
      for (const parent of pgBackups) {
        const backupId = this.id(`pg-asset-backup/${assetId}/${parent.start_timestamp}`);
        this.pgS3AssetBackups.push({
          _links: {
            _self: link(`/backups/protection-groups/s3-assets/${backupId}`),
            'restore-protection-group-s3-asset': link('/restores/protection-groups/s3-assets', 'post'),
          },
          id: backupId,
          protection_group_id: id,
          protection_group_s3_asset_id: assetId,
          parent_protection_group_backup_id: parent.id,
          protection_group_version: parent.protection_group_version,
          bucket_id: bucket.id,
          bucket_name: bucket.name,
          aws_region: ctx.env.aws_region,
          start_timestamp: parent.start_timestamp,
          expiration_timestamp: parent.expiration_timestamp,
          type: 'protection_group_s3_asset_backup',
          ...this.pgCounts(`pg-asset-backup/${backupId}`),
        });
      }
    }
    this.protectionGroups.push({
      _links: {
        _self: link(`/datasources/protection-groups/${id}`),
        'restore-protection-group': link('/restores/protection-groups', 'post'),
        'list-backup-protection-groups': link('/backups/protection-groups'),
        'add-bucket-protection-group': link(`/datasources/protection-groups/${id}/buckets`, 'post'),
      },
      _embedded: {},
      id,
      name: spec.name,
      description: `Buckets holding ${spec.bucket}`,
      organizational_unit_id: this.ou.id,
      bucket_count: members.length,
      bucket_rule: '',
      object_filter: {
        latest_version_only: false,
        prefix_filters: [],
        storage_classes: ['S3 Standard', 'S3 Standard-IA', 'S3 Intelligent-Tiering', 'S3 One Zone-IA'],
        earliest_last_modified_timestamp: null,
      },
      protection_status: 'protected',
      protection_info: this.protectionInfo('analytics'),
      protection_stats: { protected_bucket_count: members.length, unprotected_bucket_count: 0 },
      backup_status_stats: {
        success_count: members.length,
        partial_success_count: 0,
        failure_count: 0,
        no_backup_count: 0,
      },
      backup_tier_stats: [],
      backup_target_aws_region: 'us-east-1',
      is_backup_target_region_configured: true,
      is_deleted: false,
      created_timestamp: created,
      modified_timestamp: this.ago(30),
      last_backup_timestamp: last,
      last_continuous_backup_timestamp: null,
      earliest_available_backup_timestamp: earliest,
      total_backed_up_object_count: totalObjects,
      total_backed_up_size_bytes: totalBytes,
      version: 3,
    });
  }

  private pgCounts(key: string): PgBackupCounts {
    const objects = this.int(`${key}/objects`, 100, 50_000);
    const failed = this.int(`${key}/failed`, 0, 3);
    return {
      backed_up_object_count: objects,
      backed_up_size_bytes: objects * 250_000,
      failed_object_count: failed,
      failed_size_bytes: failed * 1_000,
      missing_object_count: 0,
      missing_size_bytes: 0,
      malicious_object_count: 0,
      malicious_objects_list_link: '',
    };
  }
}

function volumeIops(type: string, sizeGb: number): number {
  if (type === 'gp3') return 3000;
  if (type === 'gp2') return Math.max(100, Math.min(16_000, sizeGb * 3));
  return 0;
}
