import { ownedBy } from './dataset-index.js';
import type {
  AssetBase,
  AwsConnection,
  AwsEnvironment,
  AwsTag,
  DynamoDbTable,
  EbsVolume,
  Ec2Instance,
  OrganizationalUnit,
  PgS3Asset,
  ProtectionGroup,
  ProtectionInfo,
  RdsResource,
  S3Bucket,
} from './dataset-types.js';
import { link } from './envelopes.js';
import { notFound } from './errors.js';
import type { FieldKind, FieldSpec, FilterSpec, Operator } from './filters.js';
import { listRoute, readRoute, type RequestContext, type Route } from './routes.js';

function field<T>(ops: readonly Operator[], get: (item: T) => unknown, kind?: FieldKind): FieldSpec<T> {
  return { ops, get, kind };
}

const tagIdCache = new WeakMap<object, string[]>();

/** Tag ids of an asset, computed once: `tags.id` filters test every asset of an environment. */
function tagIds(asset: { tags: readonly { id: string }[] }): string[] {
  let ids = tagIdCache.get(asset);
  if (ids === undefined) {
    ids = asset.tags.map((t) => t.id);
    tagIdCache.set(asset, ids);
  }
  return ids;
}

/** Filters shared by endpoints 11–14 (reference §7.1); `protection_status` operators differ per list. */
function assetFilters<T extends AssetBase>(protectionOps: readonly Operator[]): FilterSpec<T> {
  return {
    environment_id: field(['$eq'], (a) => a.environment_id),
    account_native_id: field(['$eq'], (a) => a.account_native_id),
    protection_status: field(protectionOps, (a) => a.protection_status),
    backup_status: field(['$in'], (a) => a.backup_status_info.backup_status),
    deactivated: field(['$eq'], () => false, 'boolean'),
    'protection_info.policy_id': field(['$eq'], (a) => a.protection_info?.policy_id),
    'tags.id': field(['$all'], tagIds, 'list'),
    is_deleted: field(['$eq', '$in'], (a) => a.is_deleted, 'boolean'),
  };
}

const POLICY_EMBED = 'read-policy-definition';

function withPolicy<T extends { protection_info: ProtectionInfo | null; _embedded: Record<string, unknown> }>(
  item: T,
  name: string,
  ctx: RequestContext,
): T {
  const policyId = item.protection_info?.policy_id;
  const policy = ctx.state.dataset.policies.find((p) => p.id === policyId) ?? null;
  return { ...item, _embedded: { ...item._embedded, [name]: policy } };
}

const ENVIRONMENT_EMBEDS = [
  'read-aws-environment-ebs-volumes-protection-stats',
  'read-aws-environment-ec2-instances-protection-stats',
  'read-aws-environment-ec2-mssql-protection-stats',
  'read-aws-environment-rds-resources-protection-stats',
  'read-aws-environment-dynamodb-tables-protection-stats',
  'read-aws-environment-protection-groups-protection-stats',
  'read-aws-environments-backup-status-stats',
];

/** Counts behind the environment embeds, computed from the environment's assets. */
function environmentStats(env: AwsEnvironment, name: string, ctx: RequestContext): Record<string, number> {
  const index = ctx.state.index;
  const tables: Record<string, readonly AssetBase[]> = {
    'ebs-volumes': index.volumes.byOwner.get(env.id) ?? [],
    'ec2-instances': index.instances.byOwner.get(env.id) ?? [],
    'rds-resources': index.rdsResources.byOwner.get(env.id) ?? [],
    'dynamodb-tables': index.dynamodbTables.byOwner.get(env.id) ?? [],
  };
  const all = Object.values(tables).flat();
  if (name === 'read-aws-environments-backup-status-stats') {
    const count = (status: string): number =>
      all.filter((a) => a.backup_status_info.backup_status === status).length;
    return {
      success_count: count('success'),
      partial_success_count: count('partial_success'),
      failure_count: count('failure'),
      no_backup_count: count('no_backup'),
    };
  }
  if (name === 'read-aws-environment-protection-groups-protection-stats') {
    const assets = ctx.state.dataset.pgS3Assets.filter((a) => a.environment_id === env.id);
    return {
      protected_count: assets.length,
      unprotected_count: 0,
      unsupported_count: 0,
      total_count: assets.length,
    };
  }
  const kind = /^read-aws-environment-(.+)-protection-stats$/.exec(name)?.[1] ?? '';
  const assets = tables[kind] ?? [];
  const count = (status: string): number => assets.filter((a) => a.protection_status === status).length;
  return {
    protected_count: count('protected'),
    unprotected_count: count('unprotected'),
    unsupported_count: count('unsupported'),
    total_count: assets.length,
  };
}

/** Endpoints 6–16 of reference §4 with the filters of §6 and §7. */
export function datasourceRoutes(): Route[] {
  return [
    listRoute<AwsEnvironment>({
      path: '/datasources/aws/environments',
      resource: 'aws-environments',
      style: 'token',
      filterApplied: false,
      lookback: true,
      embeds: ENVIRONMENT_EMBEDS,
      filters: {
        account_native_id: field(['$eq', '$begins_with'], (e) => e.account_native_id),
        aws_region: field(['$eq'], (e) => e.aws_region),
        connection_status: field(['$eq'], (e) => e.connection_status),
        services_enabled: field(['$contains'], (e) => e.services_enabled, 'list'),
      },
      items: (ctx) => ctx.state.index.environments.all,
      embed: (env, name, ctx) => ({ ...env, _embedded: { [name]: environmentStats(env, name, ctx) } }),
    }),
    readRoute({
      pattern: '/datasources/aws/environments/{environment_id}',
      resource: 'aws-environments',
      lookback: true,
      what: 'environment',
      find: (id, ctx) => ctx.state.index.environments.byId.get(id),
    }),
    listRoute<AwsConnection>({
      path: '/connections/aws',
      resource: 'aws-connections',
      style: 'token',
      filterApplied: true,
      links: { 'create-aws-connection': link('/connections/aws', 'post') },
      filters: {
        account_native_id: field(['$begins_with', '$in'], (c) => c.account_native_id),
        aws_region: field(['$in'], (c) => c.aws_region),
        account_alias: field(['$contains'], (c) => c.account_name),
        connection_type: field(['$eq'], (c) => c.connection_type),
        connection_status: field(['$eq', '$in'], (c) => c.connection_status),
        organizational_unit_id: field(['$in'], (c) => c.organizational_unit_id),
        services_enabled: field(['$contains'], (c) => c.services_enabled, 'list'),
      },
      items: (ctx) => ctx.state.dataset.connections,
    }),
    listRoute<AwsTag>({
      path: '/datasources/aws/environments/{environment_id}/tags',
      resource: 'aws-environment-tags',
      style: 'page',
      filterApplied: true,
      lookback: true,
      embeds: [POLICY_EMBED],
      filters: {
        key_id: field(['$eq'], (t) => t.key_id),
        value: field(['$contains'], (t) => t.value),
        protection_status: field(['$eq'], (t) => t.protection_status),
        'protection_info.policy_id': field(['$eq'], (t) => t.protection_info?.policy_id),
        id: field(['$in'], (t) => t.id),
      },
      items: (ctx) => {
        const envId = ctx.params['environment_id'] ?? '';
        if (!ctx.state.index.environments.byId.has(envId)) throw notFound(`environment "${envId}" not found`);
        return ctx.state.index.tagsByEnvironment.get(envId) ?? [];
      },
      embed: withPolicy,
    }),
    listRoute<EbsVolume>({
      path: '/datasources/aws/ebs-volumes',
      resource: 'aws-ebs-volumes',
      style: 'page',
      filterApplied: false,
      lookback: true,
      embeds: [POLICY_EMBED],
      filters: {
        ...assetFilters(['$eq', '$in']),
        name: field(['$contains', '$eq'], (v) => v.name),
        volume_native_id: { ...field(['$eq', '$contains'], (v) => v.volume_native_id), exclusive: true },
      },
      items: (ctx, f) => ownedBy(ctx.state.index.volumes, f.eq('environment_id')),
      embed: withPolicy,
    }),
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
      items: (ctx, f) => ownedBy(ctx.state.index.instances, f.eq('environment_id')),
      embed: withPolicy,
    }),
    listRoute<RdsResource>({
      path: '/datasources/aws/rds-resources',
      resource: 'aws-rds-resources',
      style: 'page',
      filterApplied: true,
      lookback: true,
      embeds: [POLICY_EMBED],
      filters: {
        ...assetFilters(['$in']),
        name: field(['$contains'], (r) => r.name),
        resource_native_id: field(['$eq'], (r) => r.resource_native_id),
        engine: field(['$eq'], (r) => r.engine),
        type: field(['$in'], (r) => r.type),
      },
      items: (ctx, f) => ownedBy(ctx.state.index.rdsResources, f.eq('environment_id')),
      embed: withPolicy,
    }),
    listRoute<DynamoDbTable>({
      path: '/datasources/aws/dynamodb-tables',
      resource: 'aws-dynamodb-tables',
      style: 'page',
      filterApplied: false,
      lookback: true,
      embeds: [POLICY_EMBED],
      filters: {
        ...assetFilters(['$in']),
        name: field(['$contains'], (t) => t.name),
        table_native_id: field(['$eq'], (t) => t.table_native_id),
        aws_region: field(['$eq'], (t) => t.aws_region),
      },
      items: (ctx, f) => ownedBy(ctx.state.index.dynamodbTables, f.eq('environment_id')),
      embed: withPolicy,
    }),
    listRoute<S3Bucket>({
      path: '/datasources/aws/s3-buckets',
      resource: 'aws-s3-buckets',
      style: 'page',
      filterApplied: false,
      lookback: true,
      filters: {
        environment_id: field(['$eq'], (b) => b.environment_id),
        name: field(['$contains', '$in'], (b) => b.name),
        account_native_id: field(['$eq'], (b) => b.account_native_id),
        aws_account_native_id: field(['$eq', '$in'], (b) => b.account_native_id),
        aws_region: field(['$eq', '$in'], (b) => b.aws_region),
        'tags.id': field(['$all'], tagIds, 'list'),
        is_deleted: field(['$eq', '$in'], () => false, 'boolean'),
        organizational_unit_id: field(['$in'], (b) => b.organizational_unit_id),
        asset_id: field(['$in'], (b) => b.id),
        event_bridge_enabled: field(['$eq'], (b) => b.event_bridge_enabled, 'boolean'),
        is_versioning_enabled: field(['$eq'], (b) => b.is_versioning_enabled, 'boolean'),
        is_encryption_enabled: field(['$eq'], (b) => b.is_encryption_enabled, 'boolean'),
        is_replication_enabled: field(['$eq'], (b) => b.is_replication_enabled, 'boolean'),
        is_supported: field(['$eq'], () => true, 'boolean'),
        is_active: field(['$eq'], () => true, 'boolean'),
        protection_method: field(['$eq', '$in'], (b) =>
          b.protection_group_count > 0 ? 'securevault' : 'none',
        ),
      },
      items: (ctx, f) => ownedBy(ctx.state.index.buckets, f.eq('environment_id')),
    }),
    listRoute<ProtectionGroup>({
      path: '/datasources/protection-groups',
      resource: 'protection-groups',
      style: 'page',
      filterApplied: false,
      lookback: true,
      links: { 'create-protection-group': link('/datasources/protection-groups', 'post') },
      filters: {
        is_deleted: field(['$eq', '$in'], (g) => g.is_deleted, 'boolean'),
        name: field(['$contains', '$eq'], (g) => g.name),
        'protection_info.policy_id': field(['$eq'], (g) => g.protection_info?.policy_id),
        protection_status: field(['$in'], (g) => g.protection_status),
        deactivated: field(['$eq'], () => false, 'boolean'),
        organizational_unit_id: field(['$in'], (g) => g.organizational_unit_id),
      },
      items: (ctx) => ctx.state.dataset.protectionGroups,
    }),
    readRoute({
      pattern: '/datasources/protection-groups/{group_id}',
      resource: 'protection-groups',
      lookback: true,
      what: 'protection group',
      find: (id, ctx) => ctx.state.index.protectionGroups.get(id),
    }),
    listRoute<PgS3Asset>({
      path: '/datasources/protection-groups/s3-assets',
      resource: 'protection-groups-s3-assets',
      style: 'page',
      filterApplied: false,
      lookback: true,
      filters: {
        account_native_id: field(['$eq'], (a) => a.account_native_id),
        aws_region: field(['$eq'], (a) => a.aws_region),
        bucket_id: field(['$eq'], (a) => a.bucket_id),
        bucket_name: field(['$eq', '$contains'], (a) => a.bucket_name),
        environment_id: field(['$eq'], (a) => a.environment_id),
        is_deleted: field(['$eq', '$in'], (a) => a.is_deleted, 'boolean'),
        protection_group_id: field(['$eq'], (a) => a.group_id),
        'protection_info.policy_id': field(['$eq'], (a) => a.protection_info?.policy_id),
        protection_status: field(['$in'], (a) => a.protection_status),
        deactivated: field(['$eq'], () => false, 'boolean'),
        backup_status: field(['$in'], (a) => a.backup_status_info.backup_status),
        organizational_unit_id: field(['$in'], (a) => a.organizational_unit_id),
        added_by: field(['$in'], (a) => (a.added_by_bucket_rule ? 'bucket_rule' : 'user')),
        is_supported: field(['$eq'], () => true, 'boolean'),
      },
      items: (ctx, f) => ownedBy(ctx.state.index.pgS3Assets, f.eq('protection_group_id')),
    }),
    readRoute({
      pattern: '/datasources/protection-groups/s3-assets/{protection_group_s3_asset_id}',
      resource: 'protection-groups-s3-assets',
      lookback: true,
      what: 'protection group S3 asset',
      find: (id, ctx) => ctx.state.index.pgS3Assets.byId.get(id),
    }),
    listRoute<OrganizationalUnit>({
      path: '/organizational-units',
      resource: 'organizational-units',
      versions: [2],
      style: 'page',
      filterApplied: true,
      filters: {
        parent_id: field(['$eq'], (o) => o.parent_id),
        name: field(['$contains'], (o) => o.name),
        id: field(['$in'], (o) => o.id),
      },
      items: (ctx) => ctx.state.dataset.organizationalUnits,
    }),
  ];
}
