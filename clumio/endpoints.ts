/**
 * Every Clumio endpoint this service calls, with the exact versioned Accept header (clumio-api §4).
 * The only place that names a path or an API version.
 */
export interface Endpoint {
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** Path template; `{name}` segments are filled from the call's params. */
  readonly path: string;
  readonly accept: string;
}

const accept = (resource: string, version: number): string =>
  `application/api.clumio.${resource}=v${version}+json`;

const get = (path: string, resource: string, version: number): Endpoint & { method: 'GET' } => ({
  method: 'GET',
  path,
  accept: accept(resource, version),
});

const restore = (path: string, resource: string, version: number): Endpoint & { method: 'POST' } => ({
  method: 'POST',
  path,
  accept: accept(resource, version),
});

export const endpoints = {
  ebsBackups: get('/backups/aws/ebs-volumes', 'backup-aws-ebs-volumes', 2),
  ec2Backups: get('/backups/aws/ec2-instances', 'backup-aws-ec2-instances', 1),
  rdsBackups: get('/backups/aws/rds-resources', 'backup-aws-rds-resources', 1),
  dynamodbBackups: get('/backups/aws/dynamodb-tables', 'backup-aws-dynamodb-tables', 1),
  protectionGroupBackups: get('/backups/protection-groups', 'backup-protection-groups', 1),
  protectionGroups: get('/datasources/protection-groups', 'protection-groups', 1),
  protectionGroupS3Assets: get('/datasources/protection-groups/s3-assets', 'protection-groups-s3-assets', 1),
  protectionGroupS3AssetPitrIntervals: get(
    '/datasources/protection-groups/s3-assets/{protection_group_s3_asset_id}/pitr-intervals',
    'protection-groups-s3-assets',
    1,
  ),
  environments: get('/datasources/aws/environments', 'aws-environments', 1),
  environmentTags: get('/datasources/aws/environments/{environment_id}/tags', 'aws-environment-tags', 1),
  ebsVolumes: get('/datasources/aws/ebs-volumes', 'aws-ebs-volumes', 1),
  ec2Instances: get('/datasources/aws/ec2-instances', 'aws-ec2-instances', 1),
  rdsResources: get('/datasources/aws/rds-resources', 'aws-rds-resources', 1),
  rdsResource: get('/datasources/aws/rds-resources/{resource_id}', 'aws-rds-resources', 1),
  dynamodbTables: get('/datasources/aws/dynamodb-tables', 'aws-dynamodb-tables', 1),
  dynamodbTable: get('/datasources/aws/dynamodb-tables/{table_id}', 'aws-dynamodb-tables', 1),
  s3Buckets: get('/datasources/aws/s3-buckets', 'aws-s3-buckets', 1),
  restoreEbsVolume: restore('/restores/aws/ebs-volumes', 'restored-aws-ebs-volumes', 2),
  restoreEc2Instance: restore('/restores/aws/ec2-instances', 'restored-aws-ec2-instances', 1),
  restoreRdsResource: restore('/restores/aws/rds-resources', 'restored-aws-rds-resources', 1),
  restoreDynamodbTable: restore('/restores/aws/dynamodb-tables', 'restored-aws-dynamodb-tables', 1),
  restoreProtectionGroup: restore('/restores/protection-groups', 'restored-protection-groups', 1),
  task: get('/tasks/{task_id}', 'tasks', 1),
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof endpoints;

/** The endpoints that start a restore: POSTs that must never be sent twice. */
export type RestoreEndpointName = {
  [K in EndpointName]: (typeof endpoints)[K]['method'] extends 'POST' ? K : never;
}[EndpointName];

/** Fills `{name}` segments of a path template, URL-encoding each value. */
export function expandPath(template: string, params: Readonly<Record<string, string>> = {}): string {
  return template.replace(/\{([a-z0-9_]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === '')
      throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(value);
  });
}
