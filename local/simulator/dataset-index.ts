import type {
  AwsEnvironment,
  AwsTag,
  Dataset,
  DynamoDbBackup,
  DynamoDbTable,
  EbsBackup,
  EbsVolume,
  Ec2Backup,
  Ec2Instance,
  PgBackup,
  PgS3Asset,
  PgS3AssetBackup,
  ProtectionGroup,
  RdsBackup,
  RdsResource,
  S3Bucket,
} from './dataset-types.js';

function byId<T extends { id: string }>(items: readonly T[]): ReadonlyMap<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): ReadonlyMap<string, readonly T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

/** Items by id, plus the items of each asset (backups) or environment (assets), in dataset order. */
export interface Table<T> {
  readonly all: readonly T[];
  readonly byId: ReadonlyMap<string, T>;
  readonly byOwner: ReadonlyMap<string, readonly T[]>;
}

/**
 * The items of one owner (an asset's backups, an environment's assets, a group's buckets) when the
 * filter pins it with $eq, else all: a pinned list costs O(the owner's items), not O(the dataset).
 */
export function ownedBy<T>(table: Table<T>, ownerId: string | undefined): readonly T[] {
  return ownerId === undefined ? table.all : (table.byOwner.get(ownerId) ?? []);
}

function table<T extends { id: string }>(items: readonly T[], owner: (item: T) => string): Table<T> {
  return { all: items, byId: byId(items), byOwner: groupBy(items, owner) };
}

/**
 * Lookup structures over the dataset, so that a backup list pinned to one asset costs O(its backups)
 * and an asset list pinned to one environment costs O(its assets), whatever the dataset size.
 */
export class DatasetIndex {
  readonly environments: Table<AwsEnvironment>;
  readonly tagsByEnvironment: ReadonlyMap<string, readonly AwsTag[]>;
  readonly volumes: Table<EbsVolume>;
  readonly instances: Table<Ec2Instance>;
  readonly rdsResources: Table<RdsResource>;
  readonly dynamodbTables: Table<DynamoDbTable>;
  readonly buckets: Table<S3Bucket>;
  readonly protectionGroups: ReadonlyMap<string, ProtectionGroup>;
  readonly pgS3Assets: Table<PgS3Asset>;
  readonly ebsBackups: Table<EbsBackup>;
  readonly ec2Backups: Table<Ec2Backup>;
  readonly rdsBackups: Table<RdsBackup>;
  readonly dynamodbBackups: Table<DynamoDbBackup>;
  readonly pgBackups: Table<PgBackup>;
  readonly pgS3AssetBackups: Table<PgS3AssetBackup>;

  constructor(readonly dataset: Dataset) {
    const env = (item: { environment_id: string }): string => item.environment_id;
    this.environments = table(dataset.environments, (e) => `${e.account_native_id}/${e.aws_region}`);
    this.tagsByEnvironment = groupBy(dataset.tags, env);
    this.volumes = table(dataset.volumes, env);
    this.instances = table(dataset.instances, env);
    this.rdsResources = table(dataset.rdsResources, env);
    this.dynamodbTables = table(dataset.dynamodbTables, env);
    this.buckets = table(dataset.buckets, env);
    this.protectionGroups = byId(dataset.protectionGroups);
    this.pgS3Assets = table(dataset.pgS3Assets, (a) => a.group_id);
    const { backups } = dataset;
    this.ebsBackups = table(backups.ebs, (b) => b.volume_id);
    this.ec2Backups = table(backups.ec2, (b) => b.instance_id);
    this.rdsBackups = table(backups.rds, (b) => b.resource_id);
    this.dynamodbBackups = table(backups.dynamodb, (b) => b.table_id);
    this.pgBackups = table(backups.protectionGroups, (b) => b.protection_group_id);
    this.pgS3AssetBackups = table(backups.pgS3Assets, (b) => b.protection_group_s3_asset_id);
  }
}
