import type { AwsEnvironment, EnvironmentNetwork } from './dataset-types.js';
import { link } from './envelopes.js';
import type { EnvContext, Seeder } from './seed.js';

export const ACCOUNTS = [
  { id: '111111111111', name: 'prod', regions: ['us-east-1', 'us-west-2', 'eu-west-1'] },
  { id: '222222222222', name: 'dr', regions: ['us-east-1', 'us-west-2'] },
  { id: '333333333333', name: 'dev', regions: ['us-east-1', 'us-west-2'] },
] as const;

/** The account whose environments hold only restore targets. */
export const RESTORE_TARGET_ACCOUNT = 'dr';

const REGION_SHORT: Record<string, string> = {
  'us-east-1': 'use1',
  'us-west-2': 'usw2',
  'eu-west-1': 'euw1',
};

/**
 * One environment, its connection and its network, added to the seeder's shared lists; `services` are
 * the Clumio services of the simulated types, in registry order.
 */
export function seedEnvironment(
  s: Seeder,
  account: { readonly id: string; readonly name: string },
  region: string,
  services: readonly string[],
): EnvContext {
  const key = `${account.id}/${region}`;
  const id = s.id(`env/${key}`);
  const short = `${account.name}-${REGION_SHORT[region] ?? region}`;
  const azs = ['a', 'b', 'c'].map((suffix) => `${region}${suffix}`);
  const connectionId = s.id(`connection/${key}`);
  const groupId = s.id(`connection-group/${account.id}`);
  const env: AwsEnvironment = {
    _links: {
      _self: link(`/datasources/aws/environments/${id}`),
      'read-organizational-unit': link(`/organizational-units/${s.ou.id}`),
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
    organizational_unit_id: s.ou.id,
    services_enabled: [...services],
    template_version: 23,
    template_permission_set: 'all',
    config: {
      asset_types_enabled: [...services],
      installed_template_version: '23.0',
      ...Object.fromEntries(services.map((service) => [service, { enabled: true }])),
    },
  };
  s.environments.push(env);
  s.connections.push({
    _links: { _self: link(`/connections/aws/${connectionId}`) },
    id: connectionId,
    account_native_id: account.id,
    account_name: account.name,
    aws_region: region,
    connection_status: 'connected',
    connection_management_status: 'managed',
    connection_group_id: groupId,
    connection_type: 'protect',
    organizational_unit_id: s.ou.id,
    created_timestamp: s.ago(400),
    description: `${account.name} ${region}`,
    deployment_type: 'cloudformation',
    services_enabled: [...services],
    protect_asset_types_enabled: [...services],
    stack_arn: `arn:aws:cloudformation:${region}:${account.id}:stack/clumio/${s.id(`stack/${key}`)}`,
    stack_name: 'clumio',
    token: s.id(`connection-token/${key}`),
    external_id: s.id(`external/${key}`),
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
    vpc_native_id: s.awsId('vpc', `vpc/${key}`),
    subnets: azs.flatMap((az) =>
      ['app', 'data'].map((tier) => ({
        subnet_native_id: s.awsId('subnet', `subnet/${az}/${key}/${tier}`),
        aws_az: az,
      })),
    ),
    security_group_native_ids: ['web', 'db', 'ssh'].map((g) => s.awsId('sg', `sg/${key}/${g}`)),
    ami_native_id: s.awsId('ami', `ami/${key}`),
    key_pair_name: `${short}-keypair`,
    kms_key_native_id: s.kmsKey(env, `${key}/default`),
  };
  s.networks.push(net);
  return { env, net, short, label: account.name };
}
