import { field, POLICY_EMBED, withPolicy } from './asset-filters.js';
import type {
  AwsConnection,
  AwsEnvironment,
  AwsTag,
  OrganizationalUnit,
  ProtectionStatus,
} from './dataset-types.js';
import { link } from './envelopes.js';
import { notFound } from './errors.js';
import { listRoute, readRoute, type Route } from './routes.js';
import type { TypeService } from './types/contract.js';

const BACKUP_STATUS_EMBED = 'read-aws-environments-backup-status-stats';

function protectionCounts(
  assets: readonly { protection_status: ProtectionStatus | null }[],
): Record<string, number> {
  const count = (status: string): number => assets.filter((a) => a.protection_status === status).length;
  return {
    protected_count: count('protected'),
    unprotected_count: count('unprotected'),
    unsupported_count: count('unsupported'),
    total_count: assets.length,
  };
}

/**
 * The seven documented embeds of the environment list: each type's protection stats, then the backup
 * status of the environment's assets; counts are computed from the dataset.
 */
function environmentEmbeds(
  services: readonly TypeService[],
): Readonly<Record<string, (env: AwsEnvironment) => Record<string, number>>> {
  const embeds: Record<string, (env: AwsEnvironment) => Record<string, number>> = {};
  for (const stats of services.flatMap((s) => s.protectionStats)) {
    embeds[stats.name] = (env) => protectionCounts(stats.assets(env.id));
  }
  embeds[BACKUP_STATUS_EMBED] = (env) => {
    const all = services.flatMap((s) => s.backupStatusAssets?.(env.id) ?? []);
    const count = (status: string): number =>
      all.filter((a) => a.backup_status_info.backup_status === status).length;
    return {
      success_count: count('success'),
      partial_success_count: count('partial_success'),
      failure_count: count('failure'),
      no_backup_count: count('no_backup'),
    };
  };
  return embeds;
}

/** Endpoints of reference §4 shared by every type: environments, connections, tags, organizational units. */
export function datasourceRoutes(services: readonly TypeService[]): Route[] {
  const embeds = environmentEmbeds(services);
  return [
    listRoute<AwsEnvironment>({
      path: '/datasources/aws/environments',
      resource: 'aws-environments',
      style: 'token',
      filterApplied: false,
      lookback: true,
      embeds: Object.keys(embeds),
      filters: {
        account_native_id: field(['$eq', '$begins_with'], (e) => e.account_native_id),
        aws_region: field(['$eq'], (e) => e.aws_region),
        connection_status: field(['$eq'], (e) => e.connection_status),
        services_enabled: field(['$contains'], (e) => e.services_enabled, 'list'),
      },
      items: (ctx) => ctx.state.dataset.environments,
      embed: (env, name) => ({ ...env, _embedded: { [name]: embeds[name]?.(env) } }),
    }),
    readRoute({
      pattern: '/datasources/aws/environments/{environment_id}',
      resource: 'aws-environments',
      lookback: true,
      what: 'environment',
      find: (id, ctx) => ctx.state.index.environments.get(id),
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
        if (!ctx.state.index.environments.has(envId)) throw notFound(`environment "${envId}" not found`);
        return ctx.state.dataset.tags[envId] ?? [];
      },
      embed: withPolicy,
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
