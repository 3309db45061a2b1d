/**
 * Shared fixtures of the request tests (`*-request.test.ts`): decoded groups built from input JSON the
 * way users write it, target environments, and backup items in the shapes of clumio-api.md §5 (every
 * documented field, realistic values), so each test asserts a whole restore request body.
 */
import { expect } from 'chai';

import { PlanError, type Environment } from '../../../restorers/types.js';
import { decodeRestoreInput, type RestoreGroup, type Tag } from '../../../schemas/index.js';

// ---------------------------------------------------------------------------------------------------
// Decoded groups
// ---------------------------------------------------------------------------------------------------

/** The source every asset-based group restores from. */
export const SOURCE_ACCOUNT = '111111111111';
export const SOURCE_REGION = 'us-east-1';
export const SOURCE = { source_account: SOURCE_ACCOUNT, source_region: SOURCE_REGION } as const;

/** A disaster-recovery account and region. */
export const DR_ACCOUNT = '222222222222';
export const DR_REGION = 'us-west-2';

type GroupOfType<K extends RestoreGroup['ResourceType']> = Extract<RestoreGroup, { ResourceType: K }>;

function isOfType<K extends RestoreGroup['ResourceType']>(
  group: RestoreGroup,
  type: K,
): group is GroupOfType<K> {
  return group.ResourceType === type;
}

/**
 * Decodes one group of `type` through the real input decoder (defaults, aliases, `""` as unset,
 * DefaultInput), as a bulkRestore input document carrying it would be; the document must be valid.
 */
export function decodeGroupOf<K extends RestoreGroup['ResourceType']>(
  type: K,
  fields: Readonly<Record<string, unknown>>,
  document: Readonly<Record<string, unknown>> = {},
): GroupOfType<K> {
  const result = decodeRestoreInput({ ...document, RestoreGroups: [{ ResourceType: type, ...fields }] });
  if (!result.ok)
    return expect.fail(`expected a valid group, got problems: ${JSON.stringify(result.problems)}`);
  const [group] = result.value.groups;
  if (group === undefined || !isOfType(group, type)) return expect.fail(`expected one ${type} group`);
  return group;
}

// ---------------------------------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------------------------------

/**
 * The body equals `expected` exactly, and survives the JSON round trip it takes to Clumio unchanged (no
 * `undefined` member, no value JSON cannot carry).
 */
export function expectBody(body: unknown, expected: unknown): void {
  expect(body).to.deep.equal(expected);
  expect(JSON.parse(JSON.stringify(body))).to.deep.equal(expected);
}

/** The PlanError `build` throws. */
export function planErrorOf(build: () => unknown): PlanError {
  try {
    build();
  } catch (error) {
    if (error instanceof PlanError) return error;
    return expect.fail(`expected a PlanError, got ${String(error)}`);
  }
  return expect.fail('expected a PlanError, the request was built');
}

// ---------------------------------------------------------------------------------------------------
// Environments (clumio-api §6.1 items, the fields a restore reads)
// ---------------------------------------------------------------------------------------------------

/** The source account and region: restoring in place. */
export const SOURCE_ENV: Environment = {
  id: '6f1c3b2a-9d4e-4f7a-8b1c-2d3e4f5a6b7c',
  account_native_id: SOURCE_ACCOUNT,
  aws_region: SOURCE_REGION,
  aws_az: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
};

/** Another account in another region. */
export const DR_ENV: Environment = {
  id: 'a2b4c6d8-1e3f-4a5b-9c7d-8e9f0a1b2c3d',
  account_native_id: DR_ACCOUNT,
  aws_region: DR_REGION,
  aws_az: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
};

/** The source account in another region. */
export const SOURCE_ACCOUNT_WEST_ENV: Environment = {
  id: 'c0ffee00-7a6b-4c5d-8e9f-0a1b2c3d4e5f',
  account_native_id: SOURCE_ACCOUNT,
  aws_region: DR_REGION,
  aws_az: ['us-west-2a', 'us-west-2b'],
};

// ---------------------------------------------------------------------------------------------------
// Backup items (clumio-api §5)
// ---------------------------------------------------------------------------------------------------

interface Link {
  readonly href: string;
  readonly templated: boolean;
  readonly type: string;
}

const link = (href: string, type = 'get'): Link => ({ href, templated: false, type });

/** §5.2 EBS backup item, v2. */
export interface EbsBackupItem {
  readonly _links: Readonly<Record<string, Link>>;
  readonly id: string;
  readonly volume_id: string;
  readonly volume_native_id: string;
  readonly account_native_id: string;
  readonly aws_region: string;
  readonly aws_az: string;
  readonly start_timestamp: string;
  readonly expiration_timestamp: string;
  readonly migration_timestamp: string | null;
  readonly type: string;
  readonly volume_type: string | null;
  readonly iops: number | null;
  readonly size: number;
  readonly utilized_size_in_bytes: number;
  readonly is_encrypted: boolean;
  readonly kms_key_native_id: string | null;
  readonly tags: readonly Tag[] | null;
  readonly is_browsable: boolean;
  readonly browsing_failed_reason: string | null;
  readonly backup_tier: string;
}

/** The key of the EC2 backup's volumes. */
export const EC2_VOLUME_KEY = 'arn:aws:kms:us-east-1:111111111111:key/1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
export const RDS_BACKUP_KEY = 'arn:aws:kms:us-east-1:111111111111:key/6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d';
export const EBS_BACKUP_KEY = 'arn:aws:kms:us-east-1:111111111111:key/1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
export const EBS_BACKUP_ID = '0d7a1f8e-3c2b-4e5f-9a6b-7c8d9e0f1a2b';

export const EBS_BACKUP_TAGS: readonly Tag[] = [
  { key: 'Name', value: 'orders-data-01' },
  { key: 'Environment', value: 'prod' },
  { key: 'CostCenter', value: '4410' },
];

export function ebsBackup(overrides: Partial<EbsBackupItem> = {}): EbsBackupItem {
  return {
    _links: {
      _self: link(`/backups/aws/ebs-volumes/${EBS_BACKUP_ID}`),
      'restore-aws-ebs-volume': link('/restores/aws/ebs-volumes', 'post'),
    },
    id: EBS_BACKUP_ID,
    volume_id: '5e2d1c0b-a9f8-4e7d-b6c5-a4b3c2d1e0f9',
    volume_native_id: 'vol-0a1b2c3d4e5f60718',
    account_native_id: SOURCE_ACCOUNT,
    aws_region: SOURCE_REGION,
    aws_az: 'us-east-1a',
    start_timestamp: '2026-05-10T03:15:42Z',
    expiration_timestamp: '2026-06-09T03:15:42Z',
    migration_timestamp: null,
    type: 'clumio_backup',
    volume_type: 'gp3',
    iops: 3000,
    size: 500,
    utilized_size_in_bytes: 187904819200,
    is_encrypted: true,
    kms_key_native_id: EBS_BACKUP_KEY,
    tags: EBS_BACKUP_TAGS,
    is_browsable: true,
    browsing_failed_reason: null,
    backup_tier: 'cold',
    ...overrides,
  };
}

interface Ami {
  readonly ami_native_id: string | null;
  readonly architecture: string;
  readonly has_ena_support: boolean;
  readonly hypervisor_type: string;
  readonly image_type: string;
  readonly is_public: boolean;
  readonly name: string;
  readonly number_of_ebs_volumes: number;
  readonly number_of_ephemeral_volumes: number;
  readonly owner_id: string;
  readonly platform: string;
  readonly root_device_name: string;
  readonly root_device_type: string;
  readonly sriov_net_support: string;
  readonly virtualization_type: string;
}

interface Ec2NetworkInterface {
  readonly device_index: number;
  readonly network_interface_native_id: string;
  readonly public_ip: string | null;
  readonly security_group_native_ids: readonly string[] | null;
  readonly subnet_native_id: string | null;
  readonly virtual_name: string | null;
}

interface Ec2BackupVolume {
  readonly id: string;
  readonly volume_native_id: string;
  readonly name: string;
  readonly is_root: boolean;
  readonly kms_key_native_id: string | null;
  readonly size: number;
  readonly status: string;
  readonly type: string;
  readonly utilized_size_in_bytes: number;
  readonly tags: readonly Tag[] | null;
}

/** §5.3 EC2 backup item. */
export interface Ec2BackupItem {
  readonly _links: Readonly<Record<string, Link>>;
  readonly id: string;
  readonly instance_id: string;
  readonly instance_native_id: string;
  readonly account_native_id: string;
  readonly aws_region: string;
  readonly aws_az: string;
  readonly start_timestamp: string;
  readonly expiration_timestamp: string;
  readonly migration_timestamp: string | null;
  readonly instance_type: string;
  readonly type: string;
  readonly backup_tier: string;
  readonly vpc_native_id: string | null;
  readonly subnet_native_id: string | null;
  readonly public_ip_address: string | null;
  readonly key_pair_name: string | null;
  readonly key_pair_native_id: string | null;
  readonly iam_instance_profile: {
    readonly arn: string;
    readonly name: string;
    readonly native_id: string;
  } | null;
  readonly ami: Ami | null;
  readonly backup_ami: Ami | null;
  readonly network_interfaces: readonly Ec2NetworkInterface[];
  readonly attached_backup_ebs_volumes: readonly Ec2BackupVolume[];
  readonly instance_store_block_device_mappings: readonly {
    readonly encryption: string;
    readonly is_nvme: boolean;
    readonly name: string;
    readonly size: number;
    readonly type: string;
    readonly virtual_name: string;
  }[];
  readonly size: number;
  readonly utilized_size_in_bytes: number;
  readonly tags: readonly Tag[] | null;
  readonly is_browsable: boolean;
  readonly browsing_failed_reason: string | null;
}

export const EC2_BACKUP_ID = '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
export const EC2_AMI = 'ami-0c55b159cbfafe1f0';
export const EC2_VPC = 'vpc-0e1d2c3b4a5f60718';
/** The primary interface's subnet (device 0), which is also the instance's subnet. */
export const EC2_APP_SUBNET = 'subnet-0a1a2a3a4a5a6a7a8';
/** The second interface's subnet (device 1). */
export const EC2_DATA_SUBNET = 'subnet-0d1d2d3d4d5d6d7d8';
export const EC2_KEY_PAIR = 'orders-ops-2025';

export const EC2_INSTANCE_TAGS: readonly Tag[] = [
  { key: 'Name', value: 'orders-web-01' },
  { key: 'Environment', value: 'prod' },
  { key: 'App', value: 'storefront' },
];

export const EC2_ROOT_VOLUME_TAGS: readonly Tag[] = [
  { key: 'Name', value: 'orders-web-01-root' },
  { key: 'Environment', value: 'prod' },
];

export const EC2_DATA_VOLUME_TAGS: readonly Tag[] = [
  { key: 'Name', value: 'orders-web-01-data' },
  { key: 'Backup', value: 'daily' },
];

const ami = (ami_native_id: string | null, name: string): Ami => ({
  ami_native_id,
  architecture: 'x86_64',
  has_ena_support: true,
  hypervisor_type: 'xen',
  image_type: 'machine',
  is_public: false,
  name,
  number_of_ebs_volumes: 2,
  number_of_ephemeral_volumes: 0,
  owner_id: SOURCE_ACCOUNT,
  platform: 'linux',
  root_device_name: '/dev/xvda',
  root_device_type: 'ebs',
  sriov_net_support: 'simple',
  virtualization_type: 'hvm',
});

/** The backed-up interfaces, listed out of device order as a list may return them. */
export const EC2_INTERFACES: readonly Ec2NetworkInterface[] = [
  {
    device_index: 1,
    network_interface_native_id: 'eni-0b2b3b4b5b6b7b8b9',
    public_ip: null,
    security_group_native_ids: ['sg-0d0d1d2d3d4d5d6d7'],
    subnet_native_id: EC2_DATA_SUBNET,
    virtual_name: null,
  },
  {
    device_index: 0,
    network_interface_native_id: 'eni-0a2a3a4a5a6a7a8a9',
    public_ip: '54.210.17.33',
    security_group_native_ids: ['sg-0a0a1a2a3a4a5a6a7', 'sg-0c0c1c2c3c4c5c6c7'],
    subnet_native_id: EC2_APP_SUBNET,
    virtual_name: null,
  },
];

export const EC2_VOLUMES: readonly Ec2BackupVolume[] = [
  {
    id: '3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d',
    volume_native_id: 'vol-0f9e8d7c6b5a43210',
    name: '/dev/xvda',
    is_root: true,
    kms_key_native_id: EC2_VOLUME_KEY,
    size: 8589934592,
    status: 'in-use',
    type: 'gp3',
    utilized_size_in_bytes: 3221225472,
    tags: EC2_ROOT_VOLUME_TAGS,
  },
  {
    id: '4b5c6d7e-8f9a-4b0c-9d1e-2f3a4b5c6d7e',
    volume_native_id: 'vol-0d1d2d3d4d5d6d7d8',
    name: '/dev/sdf',
    is_root: false,
    kms_key_native_id: EC2_VOLUME_KEY,
    size: 107374182400,
    status: 'in-use',
    type: 'io2',
    utilized_size_in_bytes: 64424509440,
    tags: EC2_DATA_VOLUME_TAGS,
  },
];

export function ec2Backup(overrides: Partial<Ec2BackupItem> = {}): Ec2BackupItem {
  return {
    _links: {
      _self: link(`/backups/aws/ec2-instances/${EC2_BACKUP_ID}`),
      'restore-aws-ec2-instance': link('/restores/aws/ec2-instances', 'post'),
    },
    id: EC2_BACKUP_ID,
    instance_id: '7c6b5a4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    instance_native_id: 'i-0f1e2d3c4b5a69788',
    account_native_id: SOURCE_ACCOUNT,
    aws_region: SOURCE_REGION,
    aws_az: 'us-east-1a',
    start_timestamp: '2026-05-10T04:00:17Z',
    expiration_timestamp: '2026-06-09T04:00:17Z',
    migration_timestamp: null,
    instance_type: 'm5.large',
    type: 'clumio_backup',
    backup_tier: 'cold',
    vpc_native_id: EC2_VPC,
    subnet_native_id: EC2_APP_SUBNET,
    public_ip_address: '54.210.17.33',
    key_pair_name: EC2_KEY_PAIR,
    key_pair_native_id: 'key-0a9b8c7d6e5f4a3b2',
    iam_instance_profile: {
      arn: 'arn:aws:iam::111111111111:instance-profile/orders-web',
      name: 'orders-web',
      native_id: 'AIPA4EXAMPLE7ORDERSWEB',
    },
    ami: ami(EC2_AMI, 'orders-web-2025-11'),
    backup_ami: ami('ami-0b1c2d3e4f5a6b7c8', 'clumio-backup-orders-web-01'),
    network_interfaces: EC2_INTERFACES,
    attached_backup_ebs_volumes: EC2_VOLUMES,
    instance_store_block_device_mappings: [],
    size: 108,
    utilized_size_in_bytes: 67645734912,
    tags: EC2_INSTANCE_TAGS,
    is_browsable: true,
    browsing_failed_reason: null,
    ...overrides,
  };
}

/** §5.4 (a) RDS backup item: `instances[]`, the shape the Python SDK and the reference use. */
export interface RdsBackupItem {
  readonly _links: Readonly<Record<string, Link>>;
  readonly id: string;
  readonly resource_id: string;
  readonly resource_type: string;
  readonly database_native_id: string;
  readonly account_native_id: string;
  readonly aws_region: string;
  readonly aws_azs: readonly string[];
  readonly engine: string;
  readonly engine_version: string;
  readonly instances: readonly {
    readonly class: string | null;
    readonly is_publicly_accessible?: boolean | null;
    readonly name: string;
  }[];
  readonly kms_key_native_id: string;
  readonly option_group_name: string;
  readonly security_group_native_ids: readonly string[];
  readonly subnet_group_name: string;
  readonly size: number;
  readonly start_timestamp: string;
  readonly expiration_timestamp: string;
  readonly migration_timestamp: string | null;
  readonly tags: readonly Tag[] | null;
  readonly type: string;
}

/** §5.4 (b) RDS backup list item of the newer Go SDK: `instance_class[]`, `public_access[]`. */
export interface RdsBackupItemV2 {
  readonly account_native_id: string;
  readonly aws_azs: readonly string[];
  readonly aws_kms_key_id: string;
  readonly aws_region: string;
  readonly aws_security_group: readonly string[];
  readonly aws_subnet_group: string;
  readonly database_id: string;
  readonly database_native_id: string;
  readonly database_type: string;
  readonly engine: string;
  readonly engine_version: string;
  readonly expiration_timestamp: string;
  readonly id: string;
  readonly instance_class: readonly string[] | null;
  readonly public_access: readonly boolean[] | null;
  readonly size: number;
  readonly start_timestamp: string;
  readonly tags: readonly Tag[] | null;
  readonly type: string;
}

export const RDS_BACKUP_ID = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';

export const RDS_BACKUP_TAGS: readonly Tag[] = [
  { key: 'Name', value: 'orders-db' },
  { key: 'Environment', value: 'prod' },
  { key: 'DataClass', value: 'confidential' },
];

export function rdsBackup(overrides: Partial<RdsBackupItem> = {}): RdsBackupItem {
  return {
    _links: {
      _self: link(`/backups/aws/rds-resources/${RDS_BACKUP_ID}`),
      'restore-aws-rds-resource': link('/restores/aws/rds-resources', 'post'),
    },
    id: RDS_BACKUP_ID,
    resource_id: '8d9e0f1a-2b3c-4d4e-8f5a-6b7c8d9e0f1a',
    resource_type: 'aws_rds_instance',
    database_native_id: 'orders-db',
    account_native_id: SOURCE_ACCOUNT,
    aws_region: SOURCE_REGION,
    aws_azs: ['us-east-1a'],
    engine: 'postgres',
    engine_version: '16.3',
    instances: [{ class: 'db.r6g.large', is_publicly_accessible: false, name: 'orders-db' }],
    kms_key_native_id: RDS_BACKUP_KEY,
    option_group_name: 'default:postgres-16',
    security_group_native_ids: ['sg-0e0e1e2e3e4e5e6e7'],
    subnet_group_name: 'prod-db-subnets',
    size: 214748364800,
    start_timestamp: '2026-05-10T05:30:00Z',
    expiration_timestamp: '2026-06-09T05:30:00Z',
    migration_timestamp: null,
    tags: RDS_BACKUP_TAGS,
    type: 'clumio_snapshot',
    ...overrides,
  };
}

export function rdsBackupV2(overrides: Partial<RdsBackupItemV2> = {}): RdsBackupItemV2 {
  return {
    account_native_id: SOURCE_ACCOUNT,
    aws_azs: ['us-east-1a', 'us-east-1b'],
    aws_kms_key_id: RDS_BACKUP_KEY,
    aws_region: SOURCE_REGION,
    aws_security_group: ['sg-0e0e1e2e3e4e5e6e7'],
    aws_subnet_group: 'prod-db-subnets',
    database_id: '9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b',
    database_native_id: 'billing-aurora',
    database_type: 'aws_rds_cluster',
    engine: 'aurora-postgresql',
    engine_version: '15.4',
    expiration_timestamp: '2026-06-09T06:00:00Z',
    id: '5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c',
    instance_class: ['db.r5.xlarge', 'db.r5.large'],
    public_access: [true, true],
    size: 536870912000,
    start_timestamp: '2026-05-10T06:00:00Z',
    tags: [
      { key: 'Name', value: 'billing-aurora' },
      { key: 'Environment', value: 'prod' },
    ],
    type: 'clumio_snapshot',
    ...overrides,
  };
}

interface ProvisionedThroughput {
  readonly read_capacity_units: number;
  readonly write_capacity_units: number;
}

/** §5.5 DynamoDB backup item. */
export interface DynamoDbBackupItem {
  readonly _etag: string;
  readonly _links: Readonly<Record<string, Link>>;
  readonly id: string;
  readonly table_id: string;
  readonly table_name: string;
  readonly account_native_id: string;
  readonly aws_region: string;
  readonly start_timestamp: string;
  readonly expiration_timestamp: string;
  readonly type: string;
  readonly size: number;
  readonly item_count: number;
  readonly billing_mode: string;
  readonly provisioned_throughput: ProvisionedThroughput;
  readonly table_class: string;
  readonly global_table_version: string | null;
  readonly global_secondary_indexes: readonly {
    readonly index_name: string;
    readonly key_schema: readonly { readonly attribute_name: string; readonly key_type: string }[];
    readonly projection: { readonly projection_type: string; readonly non_key_attributes: readonly string[] };
    readonly provisioned_throughput: ProvisionedThroughput;
    readonly contributor_insights_status: boolean;
  }[];
  readonly local_secondary_indexes: readonly {
    readonly index_name: string;
    readonly key_schema: readonly { readonly attribute_name: string; readonly key_type: string }[];
    readonly projection: { readonly projection_type: string; readonly non_key_attributes: readonly string[] };
  }[];
  readonly replicas: readonly { readonly region_name: string; readonly replica_table_class: string }[];
  readonly sse_specification: { readonly kms_key_type: string; readonly kms_master_key_id: string | null };
  readonly stream_specification: { readonly enabled: boolean; readonly view_type: string | null };
  readonly pitr_status: boolean;
  readonly contributor_insights_status: boolean;
  readonly deletion_protection_enabled: boolean;
  readonly tags: readonly Tag[] | null;
}

export const DYNAMODB_BACKUP_ID = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
export const DYNAMODB_BACKUP_KEY =
  'arn:aws:kms:us-east-1:111111111111:key/7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e';

export const DYNAMODB_BACKUP_TAGS: readonly Tag[] = [
  { key: 'App', value: 'checkout' },
  { key: 'Environment', value: 'prod' },
];

export function dynamodbBackup(overrides: Partial<DynamoDbBackupItem> = {}): DynamoDbBackupItem {
  return {
    _etag: '"3f9a1c"',
    _links: {
      _self: link(`/backups/aws/dynamodb-tables/${DYNAMODB_BACKUP_ID}`),
      'restore-aws-dynamodb-table': link('/restores/aws/dynamodb-tables', 'post'),
    },
    id: DYNAMODB_BACKUP_ID,
    table_id: '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e',
    table_name: 'checkout-orders',
    account_native_id: SOURCE_ACCOUNT,
    aws_region: SOURCE_REGION,
    start_timestamp: '2026-05-10T02:00:00Z',
    expiration_timestamp: '2026-06-09T02:00:00Z',
    type: 'clumio_backup',
    size: 73400320,
    item_count: 182340,
    billing_mode: 'PROVISIONED',
    provisioned_throughput: { read_capacity_units: 50, write_capacity_units: 25 },
    table_class: 'STANDARD',
    global_table_version: null,
    global_secondary_indexes: [
      {
        index_name: 'by-customer',
        key_schema: [
          { attribute_name: 'customer_id', key_type: 'HASH' },
          { attribute_name: 'created_at', key_type: 'RANGE' },
        ],
        projection: { projection_type: 'INCLUDE', non_key_attributes: ['status', 'total'] },
        provisioned_throughput: { read_capacity_units: 20, write_capacity_units: 10 },
        contributor_insights_status: false,
      },
    ],
    local_secondary_indexes: [
      {
        index_name: 'by-total',
        key_schema: [
          { attribute_name: 'order_id', key_type: 'HASH' },
          { attribute_name: 'total', key_type: 'RANGE' },
        ],
        projection: { projection_type: 'KEYS_ONLY', non_key_attributes: [] },
      },
    ],
    replicas: [],
    sse_specification: {
      kms_key_type: 'CUSTOMER_MANAGED',
      kms_master_key_id: DYNAMODB_BACKUP_KEY,
    },
    stream_specification: { enabled: true, view_type: 'NEW_AND_OLD_IMAGES' },
    pitr_status: true,
    contributor_insights_status: false,
    deletion_protection_enabled: true,
    tags: DYNAMODB_BACKUP_TAGS,
    ...overrides,
  };
}

/** §5.6 protection-group backup item. */
export interface ProtectionGroupBackupItem {
  readonly _links: Readonly<Record<string, Link>>;
  readonly id: string;
  readonly protection_group_id: string;
  readonly protection_group_name: string;
  readonly protection_group_version: number;
  readonly start_timestamp: string;
  readonly expiration_timestamp: string;
  readonly type: string;
  readonly backed_up_object_count: number;
  readonly backed_up_size_bytes: number;
  readonly failed_object_count: number;
  readonly failed_size_bytes: number;
  readonly missing_object_count: number;
  readonly missing_size_bytes: number;
}

export const PG_BACKUP_ID = '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f_2026-05-10T00:02:00Z.13753';

export function protectionGroupBackup(): ProtectionGroupBackupItem {
  return {
    _links: {
      _self: link(`/backups/protection-groups/${PG_BACKUP_ID}`),
      'restore-protection-group': link('/restores/protection-groups', 'post'),
    },
    id: PG_BACKUP_ID,
    protection_group_id: '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f',
    protection_group_name: 'finance-buckets',
    protection_group_version: 3,
    start_timestamp: '2026-05-10T00:02:00Z',
    expiration_timestamp: '2026-06-09T00:02:00Z',
    type: 'protection_group_backup',
    backed_up_object_count: 1204933,
    backed_up_size_bytes: 988345712640,
    failed_object_count: 0,
    failed_size_bytes: 0,
    missing_object_count: 0,
    missing_size_bytes: 0,
  };
}

/** §7.2 endpoint 15 S3 bucket item (the restore target bucket), main fields. */
export interface S3BucketItem {
  readonly id: string;
  readonly environment_id: string;
  readonly name: string;
  readonly account_native_id: string;
  readonly aws_region: string;
  readonly creation_timestamp: string;
  readonly organizational_unit_id: string;
  readonly protection_group_count: number;
  readonly is_versioning_enabled: boolean;
  readonly is_encryption_enabled: boolean;
  readonly is_replication_enabled: boolean;
  readonly object_count: number;
  readonly size_bytes: number;
  readonly tags: readonly {
    readonly id: string;
    readonly key: string;
    readonly key_id: string;
    readonly value: string;
  }[];
}

export function targetBucket(): S3BucketItem {
  return {
    id: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b',
    environment_id: DR_ENV.id,
    name: 'finance-dr-restore',
    account_native_id: DR_ACCOUNT,
    aws_region: DR_REGION,
    creation_timestamp: '2024-02-14T09:12:00Z',
    organizational_unit_id: '00000000-0000-0000-0000-000000000000',
    protection_group_count: 0,
    is_versioning_enabled: true,
    is_encryption_enabled: true,
    is_replication_enabled: false,
    object_count: 0,
    size_bytes: 0,
    tags: [],
  };
}

/** §7.4 item ids (protection_group_s3_asset_id) of the group's selected buckets. */
export const PG_ASSET_IDS: readonly string[] = [
  'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
  'a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d',
];
