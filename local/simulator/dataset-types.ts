/**
 * Wire shapes of the seeded data shared by every type (reference §5–§7); each type's own shapes live in
 * types/<type>.ts. Items are stored exactly as the lists return them.
 */

export interface WireLink {
  readonly href: string;
  readonly templated: boolean;
  readonly type: string;
}
export type Links = Record<string, WireLink>;

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
  users: { user_id: string; assigned_role: string }[];
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

/** Endpoint 10 item. */
export interface AwsTag {
  _links: Links;
  _embedded: Record<string, unknown>;
  id: string;
  key: string;
  key_id: string;
  value: string;
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

/** What every type shares: the tenant, its environments and their tags. */
export interface SharedDataset {
  readonly seed: number;
  readonly generatedAt: string;
  readonly organizationalUnits: readonly OrganizationalUnit[];
  readonly policies: readonly Policy[];
  readonly environments: readonly AwsEnvironment[];
  readonly connections: readonly AwsConnection[];
  readonly networks: readonly EnvironmentNetwork[];
  /** Each environment's tags, by environment id (a tag item does not name its environment). */
  readonly tags: Readonly<Record<string, readonly AwsTag[]>>;
}
