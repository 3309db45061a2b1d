/** Wire shapes of the seeded data (reference §5–§7): items are stored exactly as the lists return them. */

export interface Link {
  readonly href: string;
  readonly templated: boolean;
  readonly type: string;
}
export type Links = Record<string, Link>;

/** Tag as carried by backups and restore bodies. */
export interface BackupTag {
  key: string;
  value: string;
}

/** Tag as carried by datasource items: with the Clumio ids used by `tags.id` filters. */
export interface AssetTag {
  id: string;
  key: string;
  key_id: string;
  value: string;
}

export type ProtectionStatus = 'protected' | 'unprotected' | 'unsupported';
export type BackupStatus = 'success' | 'partial_success' | 'failure' | 'no_backup';

export interface ProtectionInfo {
  policy_id: string;
  inheriting_entity_id: string | null;
  inheriting_entity_type: string | null;
}

export interface BackupStatusInfo {
  backup_status: BackupStatus;
  last_successful_policy_start_timestamp: string | null;
  last_failed_policy_start_timestamp: string | null;
  operation_info_list: unknown[];
}

export interface Policy {
  id: string;
  name: string;
}

export interface OrganizationalUnit {
  _etag: string;
  _links: Links;
  _embedded: Record<string, unknown>;
  id: string;
  name: string;
  parent_id: string | null;
  description: string;
  children_count: number;
  user_count: number;
  users: string[];
  descendant_ids: string[];
  configured_datasource_types: string[];
  task_id: string | null;
}

export interface AwsEnvironment {
  _links: Links;
  _embedded: Record<string, unknown>;
  id: string;
  account_native_id: string;
  account_name: string;
  aws_region: string;
  aws_az: string[];
  connection_id: string;
  connection_group_id: string;
  connection_status: string;
  connection_management_status: string;
  description: string;
  organizational_unit_id: string;
  services_enabled: string[];
  template_version: number;
  template_permission_set: string;
  config: Record<string, unknown>;
}

export interface AwsConnection {
  _links: Links;
  id: string;
  account_native_id: string;
  account_name: string;
  aws_region: string;
  connection_status: string;
  connection_management_status: string;
  connection_group_id: string;
  connection_type: string;
  organizational_unit_id: string;
  created_timestamp: string;
  description: string;
  deployment_type: string;
  services_enabled: string[];
  protect_asset_types_enabled: string[];
  stack_arn: string;
  stack_name: string;
  token: string;
  external_id: string;
  clumio_aws_account_id: string;
  clumio_aws_region: string;
  data_plane_account_id: string;
  ingestion_status: string;
  target_setup_status: string;
  config: Record<string, unknown> | null;
  protect: Record<string, unknown> | null;
  discover: Record<string, unknown> | null;
  resources: Record<string, unknown> | null;
  namespace: string;
  retired_stack_arn: string | null;
  template_permission_set: string;
}

/** Network and key material of an environment: what EC2/EBS restore targets name (simulator-only helper). */
export interface EnvironmentNetwork {
  environment_id: string;
  vpc_native_id: string;
  subnets: { subnet_native_id: string; aws_az: string }[];
  security_group_native_ids: string[];
  ami_native_id: string;
  key_pair_name: string;
  kms_key_native_id: string;
}

/** Endpoint 10 item; `environment_id` is an extra field naming the environment the tag belongs to. */
export interface AwsTag {
  _links: Links;
  _embedded: Record<string, unknown>;
  id: string;
  key: string;
  key_id: string;
  value: string;
  environment_id: string;
  organizational_unit_id: string;
  protection_status: ProtectionStatus;
  protection_info: ProtectionInfo | null;
}

/** Fields shared by the datasource items of endpoints 11–14 (§7.2). */
export interface AssetBase {
  _links: Links;
  _embedded: Record<string, unknown>;
  id: string;
  environment_id: string;
  account_native_id: string;
  aws_region: string;
  name: string;
  organizational_unit_id: string;
  protection_status: ProtectionStatus | null;
  protection_info: ProtectionInfo | null;
  backup_status_info: BackupStatusInfo;
  is_deleted: boolean;
  deletion_timestamp: string | null;
  is_supported: boolean;
  unsupported_reason: string | null;
  has_direct_assignment: boolean;
  direct_assignment_policy_id: string | null;
  last_backup_timestamp: string | null;
  tags: AssetTag[];
}

export interface EbsVolume extends AssetBase {
  volume_native_id: string;
  aws_az: string;
  type: string;
  size: number;
  iops: number;
  is_encrypted: boolean;
  kms_key_native_id: string | null;
  last_snapshot_timestamp: string | null;
}

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

export interface RdsResource extends AssetBase {
  resource_native_id: string;
  type: 'aws_rds_cluster' | 'aws_rds_instance';
  engine: string;
  engine_mode: string;
  engine_version: string;
  aws_azs: string[];
  size: number;
  is_encrypted: boolean;
  kms_key_native_id: string;
  security_group_native_ids: string[];
  subnet_group_name: string;
  earliest_aws_snapshot_restorable_timestamp: string | null;
  latest_aws_snapshot_restorable_timestamp: string | null;
  first_clumio_snapshot_timestamp: string | null;
  last_clumio_snapshot_timestamp: string | null;
  first_granular_backup_timestamp: string | null;
  last_granular_backup_timestamp: string | null;
}

export interface ProvisionedThroughput {
  read_capacity_units: number;
  write_capacity_units: number;
}

export interface DynamoDbSettings {
  billing_mode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  provisioned_throughput: ProvisionedThroughput | null;
  table_class: string;
  global_table_version: string | null;
  global_secondary_indexes: Record<string, unknown>[];
  local_secondary_indexes: Record<string, unknown>[];
  replicas: Record<string, unknown>[];
  sse_specification: { kms_key_type: string; kms_master_key_id: string | null };
  stream_specification: { enabled: boolean; view_type: string | null };
  pitr_status: boolean;
  contributor_insights_status: boolean;
  deletion_protection_enabled: boolean;
}

export interface DynamoDbTable extends AssetBase, DynamoDbSettings {
  table_native_id: string;
  table_arn: string;
  table_status: string;
  size: number;
  item_count: number;
  table_keys: { partition_key: string; sort_key: string | null };
  earliest_continuous_snapshot_restorable_timestamp: string | null;
  latest_continuous_snapshot_restorable_timestamp: string | null;
  last_snapshot_timestamp: string | null;
}

export interface S3Bucket {
  _links: Links;
  id: string;
  environment_id: string;
  name: string;
  account_native_id: string;
  aws_region: string;
  creation_timestamp: string;
  organizational_unit_id: string;
  protection_group_count: number;
  is_versioning_enabled: boolean;
  is_encryption_enabled: boolean;
  is_replication_enabled: boolean;
  event_bridge_enabled: boolean;
  object_count: number;
  size_bytes: number;
  last_backup_timestamp: string | null;
  last_continuous_backup_timestamp: string | null;
  last_backtrack_sync_timestamp: string | null;
  tags: AssetTag[];
  versioning_setting: string;
  encryption_setting: Record<string, unknown>;
  replication_setting: Record<string, unknown> | null;
  cloudwatch_metrics: Record<string, unknown> | null;
  bucket_size_bytes_breakdown: Record<string, number>;
}

export interface ProtectionGroup {
  _links: Links;
  _embedded: Record<string, unknown>;
  id: string;
  name: string;
  description: string;
  organizational_unit_id: string;
  bucket_count: number;
  bucket_rule: string;
  object_filter: {
    latest_version_only: boolean;
    prefix_filters: { excluded_sub_prefixes: string[]; prefix: string }[];
    storage_classes: string[];
    earliest_last_modified_timestamp: string | null;
  };
  protection_status: ProtectionStatus;
  protection_info: ProtectionInfo | null;
  protection_stats: Record<string, number>;
  backup_status_stats: {
    success_count: number;
    partial_success_count: number;
    failure_count: number;
    no_backup_count: number;
  };
  backup_tier_stats: Record<string, unknown>[];
  backup_target_aws_region: string;
  is_backup_target_region_configured: boolean;
  is_deleted: boolean;
  created_timestamp: string;
  modified_timestamp: string;
  last_backup_timestamp: string | null;
  last_continuous_backup_timestamp: string | null;
  earliest_available_backup_timestamp: string | null;
  total_backed_up_object_count: number;
  total_backed_up_size_bytes: number;
  version: number;
}

/** A bucket inside a protection group (endpoint 7); its `id` is the protection_group_s3_asset_id. */
export interface PgS3Asset {
  _links: Links;
  id: string;
  group_id: string;
  group_name: string;
  bucket_id: string;
  bucket_name: string;
  environment_id: string;
  account_native_id: string;
  aws_region: string;
  added_by_user: boolean;
  added_by_bucket_rule: boolean;
  is_deleted: boolean;
  protection_status: ProtectionStatus;
  protection_info: ProtectionInfo | null;
  backup_status_info: BackupStatusInfo;
  backup_target_aws_region: string;
  backup_tier_stats: Record<string, unknown>[];
  created_timestamp: string;
  last_backup_timestamp: string | null;
  last_continuous_backup_timestamp: string | null;
  earliest_available_backup_timestamp: string | null;
  total_backed_up_object_count: number;
  total_backed_up_size_bytes: number;
  unsupported_reason: string | null;
  organizational_unit_id: string;
}

export interface EbsBackup {
  _links: Links;
  id: string;
  volume_id: string;
  volume_native_id: string;
  account_native_id: string;
  aws_region: string;
  aws_az: string;
  start_timestamp: string;
  expiration_timestamp: string;
  migration_timestamp: string | null;
  type: 'clumio_backup' | 'aws_snapshot';
  volume_type: string;
  iops: number;
  size: number;
  utilized_size_in_bytes: number;
  is_encrypted: boolean;
  kms_key_native_id: string | null;
  tags: BackupTag[];
  is_browsable: boolean;
  browsing_failed_reason: string | null;
  backup_tier: string;
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

/** Shape (a) of reference §5.4 (the one PY and BR rely on). */
export interface RdsBackup {
  _links: Links;
  id: string;
  resource_id: string;
  resource_type: 'aws_rds_cluster' | 'aws_rds_instance';
  database_native_id: string;
  account_native_id: string;
  aws_region: string;
  aws_azs: string[];
  engine: string;
  engine_version: string;
  instances: { class: string; is_publicly_accessible: boolean; name: string }[];
  kms_key_native_id: string;
  option_group_name: string;
  parameter_group_name: string;
  security_group_native_ids: string[];
  subnet_group_name: string;
  size: number;
  start_timestamp: string;
  expiration_timestamp: string;
  migration_timestamp: string | null;
  tags: BackupTag[];
  type: 'clumio_snapshot' | 'aws_rds_resource_granular_backup';
}

export interface DynamoDbBackup extends DynamoDbSettings {
  _etag: string;
  _links: Links;
  id: string;
  table_id: string;
  table_name: string;
  account_native_id: string;
  aws_region: string;
  start_timestamp: string;
  expiration_timestamp: string;
  type: 'clumio_backup' | 'aws_snapshot';
  size: number;
  item_count: number;
  tags: BackupTag[];
}

export interface PgBackupCounts {
  backed_up_object_count: number;
  backed_up_size_bytes: number;
  failed_object_count: number;
  failed_size_bytes: number;
  missing_object_count: number;
  missing_size_bytes: number;
  malicious_object_count: number;
  malicious_objects_list_link: string;
}

export interface PgBackup extends PgBackupCounts {
  _links: Links;
  id: string;
  protection_group_id: string;
  protection_group_name: string;
  protection_group_version: number;
  start_timestamp: string;
  expiration_timestamp: string;
  type: 'protection_group_backup';
}

/** Endpoint 5a item; `parent_protection_group_backup_id` is also a documented filter field. */
export interface PgS3AssetBackup extends PgBackupCounts {
  _links: Links;
  id: string;
  protection_group_id: string;
  protection_group_s3_asset_id: string;
  parent_protection_group_backup_id: string;
  protection_group_version: number;
  bucket_id: string;
  bucket_name: string;
  aws_region: string;
  start_timestamp: string;
  expiration_timestamp: string;
  type: 'protection_group_s3_asset_backup';
}

export interface DatasetBackups {
  readonly ebs: readonly EbsBackup[];
  readonly ec2: readonly Ec2Backup[];
  readonly rds: readonly RdsBackup[];
  readonly dynamodb: readonly DynamoDbBackup[];
  readonly protectionGroups: readonly PgBackup[];
  readonly pgS3Assets: readonly PgS3AssetBackup[];
}

/** Extra synthetic data for load and pagination tests. */
export interface DatasetScale {
  /** EBS volumes tagged Bulk=load, each with one backup per day for the last 3 days. */
  taggedVolumes?: number;
  /** Where the tagged volumes live; default prod us-east-1 (111111111111/us-east-1). */
  environment?: { account: string; region: string };
  /** Extra connected environments without assets (accounts 400000000001…, us-east-1), e.g. to page
   * the token-style environment and connection lists. */
  environments?: number;
}

/** Everything the simulator serves. Backups are sorted oldest first. */
export interface Dataset {
  readonly seed: number;
  readonly generatedAt: string;
  readonly organizationalUnits: readonly OrganizationalUnit[];
  readonly policies: readonly Policy[];
  readonly environments: readonly AwsEnvironment[];
  readonly connections: readonly AwsConnection[];
  readonly networks: readonly EnvironmentNetwork[];
  readonly tags: readonly AwsTag[];
  readonly volumes: readonly EbsVolume[];
  readonly instances: readonly Ec2Instance[];
  readonly rdsResources: readonly RdsResource[];
  readonly dynamodbTables: readonly DynamoDbTable[];
  readonly buckets: readonly S3Bucket[];
  readonly protectionGroups: readonly ProtectionGroup[];
  readonly pgS3Assets: readonly PgS3Asset[];
  readonly backups: DatasetBackups;
}
