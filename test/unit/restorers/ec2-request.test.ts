import { expect } from 'chai';

import { PlanError } from '../../../restorers/types.js';
import { ec2RestoreBody, ec2RestoreWarnings } from '../../../restorers/ec2.js';
import {
  DR_ACCOUNT,
  DR_ENV,
  DR_REGION,
  EC2_AMI,
  EC2_APP_SUBNET,
  EC2_BACKUP_ID,
  EC2_DATA_SUBNET,
  EC2_DATA_VOLUME_TAGS,
  EC2_INSTANCE_TAGS,
  EC2_KEY_PAIR,
  EC2_ROOT_VOLUME_TAGS,
  EC2_VOLUME_KEY,
  EC2_VPC,
  SOURCE,
  SOURCE_ACCOUNT,
  SOURCE_ACCOUNT_WEST_ENV,
  SOURCE_ENV,
  decodeGroupOf,
  ec2Backup,
  expectBody,
  planErrorOf,
} from './fixtures.js';

const ec2Group = (fields: Record<string, unknown> = {}) => decodeGroupOf('EC2', { ...SOURCE, ...fields });

const APP_SGS = ['sg-0a0a1a2a3a4a5a6a7', 'sg-0c0c1c2c3c4c5c6c7'];
const DATA_SGS = ['sg-0d0d1d2d3d4d5d6d7'];
const ROOT_VOLUME = 'vol-0f9e8d7c6b5a43210';
const DATA_VOLUME = 'vol-0d1d2d3d4d5d6d7d8';

/** The DR account's network, as a cross-account group names it. */
const DR_NETWORK = {
  target_account: DR_ACCOUNT,
  target_region: DR_REGION,
  target_ami_native_id: 'ami-0d1e2f3a4b5c6d7e8',
  target_vpc_native_id: 'vpc-0dd0dd0dd0dd0dd0d',
  target_subnet_native_id: 'subnet-0dd1dd1dd1dd1dd1d',
};

/** One mapping per backed-up volume with the backup's own tags and no KMS key (a restore elsewhere). */
const PLAIN_MAPPINGS = [
  { volume_native_id: ROOT_VOLUME, name: '/dev/xvda', kms_key_native_id: null, tags: EC2_ROOT_VOLUME_TAGS },
  { volume_native_id: DATA_VOLUME, name: '/dev/sdf', kms_key_native_id: null, tags: EC2_DATA_VOLUME_TAGS },
];

/** The backed-up interfaces in device order, each in its own subnet with its own security groups. */
const OWN_INTERFACES = [
  {
    device_index: 0,
    network_interface_native_id: null,
    subnet_native_id: EC2_APP_SUBNET,
    security_group_native_ids: APP_SGS,
    restore_default: true,
    restore_from_backup: false,
  },
  {
    device_index: 1,
    network_interface_native_id: null,
    subnet_native_id: EC2_DATA_SUBNET,
    security_group_native_ids: DATA_SGS,
    restore_default: true,
    restore_from_backup: false,
  },
];

/** In place each volume keeps its own backed-up key. */
const OWN_KEY_MAPPINGS = PLAIN_MAPPINGS.map((m) => ({ ...m, kms_key_native_id: EC2_VOLUME_KEY }));

const FOREIGN_KEY =
  "encrypted with a customer key in the source; restored with the target's default key: set target_kms_key_native_id to choose one";

describe('restorers/ec2: request body', () => {
  describe('same account and region', () => {
    it('takes the AMI, VPC, subnets, security groups, key pair and volume keys from the backup when not given', () => {
      expect(ec2RestoreWarnings(ec2Group(), ec2Backup())).to.deep.equal([]);
      expectBody(ec2RestoreBody(ec2Group(), ec2Backup(), SOURCE_ENV), {
        source: { backup_id: EC2_BACKUP_ID },
        target: {
          instance_restore_target: {
            environment_id: SOURCE_ENV.id,
            ami_native_id: EC2_AMI,
            aws_az: null,
            vpc_native_id: EC2_VPC,
            subnet_native_id: EC2_APP_SUBNET,
            key_pair_name: EC2_KEY_PAIR,
            iam_instance_profile_name: null,
            should_power_on: null,
            tags: EC2_INSTANCE_TAGS,
            ebs_block_device_mappings: OWN_KEY_MAPPINGS,
            network_interfaces: OWN_INTERFACES,
          },
        },
      });
    });

    it('sends every target field given', () => {
      const group = ec2Group({
        target_ami_native_id: 'ami-0fedcba9876543210',
        target_az: 'us-east-1c',
        target_key_pair_name: 'orders-dr-2026',
        target_iam_instance_profile_name: 'orders-web-dr',
        target_kms_key_native_id: 'alias/dr-ec2',
        should_power_on: 'true',
        target_instance_tags: [
          { key: 'Name', value: 'orders-web-01-restored' },
          { key: 'Environment', value: 'prod' },
        ],
        target_volume_append_tags: [
          { key: 'Backup', value: 'none' },
          { key: 'RestoredFrom', value: EC2_BACKUP_ID },
        ],
        append_tags: { Environment: 'dr', RestoredFrom: 'bulk-2026-05', Ticket: 'INC-20931' },
      });
      expectBody(ec2RestoreBody(group, ec2Backup(), SOURCE_ENV), {
        source: { backup_id: EC2_BACKUP_ID },
        target: {
          instance_restore_target: {
            environment_id: SOURCE_ENV.id,
            ami_native_id: 'ami-0fedcba9876543210',
            aws_az: 'us-east-1c',
            vpc_native_id: EC2_VPC,
            subnet_native_id: EC2_APP_SUBNET,
            key_pair_name: 'orders-dr-2026',
            iam_instance_profile_name: 'orders-web-dr',
            should_power_on: true,
            tags: [
              { key: 'Name', value: 'orders-web-01-restored' },
              { key: 'Environment', value: 'dr' },
              { key: 'RestoredFrom', value: 'bulk-2026-05' },
              { key: 'Ticket', value: 'INC-20931' },
            ],
            ebs_block_device_mappings: [
              {
                volume_native_id: ROOT_VOLUME,
                name: '/dev/xvda',
                kms_key_native_id: 'alias/dr-ec2',
                tags: [
                  { key: 'Name', value: 'orders-web-01-root' },
                  { key: 'Environment', value: 'dr' },
                  { key: 'Backup', value: 'none' },
                  { key: 'RestoredFrom', value: 'bulk-2026-05' },
                  { key: 'Ticket', value: 'INC-20931' },
                ],
              },
              {
                volume_native_id: DATA_VOLUME,
                name: '/dev/sdf',
                kms_key_native_id: 'alias/dr-ec2',
                tags: [
                  { key: 'Name', value: 'orders-web-01-data' },
                  { key: 'Backup', value: 'none' },
                  { key: 'RestoredFrom', value: 'bulk-2026-05' },
                  { key: 'Environment', value: 'dr' },
                  { key: 'Ticket', value: 'INC-20931' },
                ],
              },
            ],
            network_interfaces: OWN_INTERFACES,
          },
        },
      });

      it('refuses a target VPC without a target subnet: the backed-up subnets are in the old VPC', () => {
        const group = ec2Group({ target_vpc_native_id: 'vpc-0abcabcabcabcabca' });
        expect(() => ec2RestoreBody(group, ec2Backup(), SOURCE_ENV)).to.throw(
          PlanError,
          'set target_subnet_native_id: the backed-up subnets belong to the backed-up VPC, not to target_vpc_native_id',
        );
      });
    });

    it('restores the backed-up interface configuration with target_eni_cfg_from_backup', () => {
      const body = ec2RestoreBody(ec2Group({ target_eni_cfg_from_backup: 'true' }), ec2Backup(), SOURCE_ENV);
      expect(body.target.instance_restore_target.network_interfaces).to.deep.equal(
        OWN_INTERFACES.map((eni) => ({ ...eni, restore_default: false, restore_from_backup: true })),
      );
    });

    it('target_eni_cfg_from_backup false keeps the default interface configuration', () => {
      const body = ec2RestoreBody(ec2Group({ target_eni_cfg_from_backup: false }), ec2Backup(), SOURCE_ENV);
      expect(body.target.instance_restore_target.network_interfaces).to.deep.equal(OWN_INTERFACES);
    });

    it('puts every interface in target_subnet_native_id when given, each with its own security groups', () => {
      const subnet = 'subnet-0fff1fff2fff3fff4';
      const body = ec2RestoreBody(ec2Group({ target_subnet_native_id: subnet }), ec2Backup(), SOURCE_ENV);
      const target = body.target.instance_restore_target;
      expect(target.subnet_native_id).to.equal(subnet);
      expect(target.network_interfaces).to.deep.equal(
        OWN_INTERFACES.map((eni) => ({ ...eni, subnet_native_id: subnet })),
      );
    });

    it('gives every interface the target security groups when given (also by the singular alias)', () => {
      const listed = ec2Group({
        target_security_group_native_ids: ['sg-0f0f1f2f3f4f5f6f7', 'sg-0e0e1e2e3e4e5e6e8'],
      });
      expect(
        ec2RestoreBody(listed, ec2Backup(), SOURCE_ENV).target.instance_restore_target.network_interfaces,
      ).to.deep.equal(
        OWN_INTERFACES.map((eni) => ({
          ...eni,
          security_group_native_ids: ['sg-0f0f1f2f3f4f5f6f7', 'sg-0e0e1e2e3e4e5e6e8'],
        })),
      );
      const aliased = ec2Group({ target_security_group_native_id: 'sg-0f0f1f2f3f4f5f6f7' });
      expect(
        ec2RestoreBody(aliased, ec2Backup(), SOURCE_ENV).target.instance_restore_target.network_interfaces,
      ).to.deep.equal(
        OWN_INTERFACES.map((eni) => ({ ...eni, security_group_native_ids: ['sg-0f0f1f2f3f4f5f6f7'] })),
      );
    });

    it('orders the interfaces by device_index and takes the instance subnet from device 0', () => {
      const backup = ec2Backup({
        subnet_native_id: 'subnet-0aaaaaaaaaaaaaaa0',
        network_interfaces: [
          {
            device_index: 2,
            network_interface_native_id: 'eni-0c2c3c4c5c6c7c8c9',
            public_ip: null,
            security_group_native_ids: ['sg-0mgmt'],
            subnet_native_id: 'subnet-0mgmt',
            virtual_name: null,
          },
          {
            device_index: 0,
            network_interface_native_id: 'eni-0a2a3a4a5a6a7a8a9',
            public_ip: null,
            security_group_native_ids: ['sg-0web'],
            subnet_native_id: 'subnet-0web',
            virtual_name: null,
          },
          {
            device_index: 1,
            network_interface_native_id: 'eni-0b2b3b4b5b6b7b8b9',
            public_ip: null,
            security_group_native_ids: ['sg-0db'],
            subnet_native_id: 'subnet-0db',
            virtual_name: null,
          },
        ],
      });
      const target = ec2RestoreBody(ec2Group(), backup, SOURCE_ENV).target.instance_restore_target;
      expect(target.subnet_native_id).to.equal('subnet-0web');
      expect(target.network_interfaces).to.deep.equal(
        [
          ['subnet-0web', 'sg-0web'],
          ['subnet-0db', 'sg-0db'],
          ['subnet-0mgmt', 'sg-0mgmt'],
        ].map(([subnet, sg], device_index) => ({
          device_index,
          network_interface_native_id: null,
          subnet_native_id: subnet,
          security_group_native_ids: [sg],
          restore_default: true,
          restore_from_backup: false,
        })),
      );
    });

    it('should_power_on is sent as given (false too) and null when unset', () => {
      const power = (value: unknown) =>
        ec2RestoreBody(ec2Group({ should_power_on: value }), ec2Backup(), SOURCE_ENV).target
          .instance_restore_target.should_power_on;
      expect(power(true)).to.equal(true);
      expect(power('false')).to.equal(false);
      expect(power(false)).to.equal(false);
      expect(power('')).to.equal(null);
      expect(power(undefined)).to.equal(null);
    });

    it("never inherits the IAM instance profile; keeps each volume's own key, or the target key for all", () => {
      const target = ec2RestoreBody(ec2Group(), ec2Backup(), SOURCE_ENV).target.instance_restore_target;
      expect(target.iam_instance_profile_name).to.equal(null);
      const backup = ec2Backup();
      const mixed = ec2Backup({
        attached_backup_ebs_volumes: backup.attached_backup_ebs_volumes.map((volume, i) => ({
          ...volume,
          kms_key_native_id: i === 0 ? null : EC2_VOLUME_KEY,
        })),
      });
      const keys = (group: ReturnType<typeof ec2Group>) =>
        ec2RestoreBody(group, mixed, SOURCE_ENV).target.instance_restore_target.ebs_block_device_mappings.map(
          (m) => m.kms_key_native_id,
        );
      expect(keys(ec2Group())).to.deep.equal([null, EC2_VOLUME_KEY]);
      expect(keys(ec2Group({ target_kms_key_native_id: 'alias/ec2' }))).to.deep.equal([
        'alias/ec2',
        'alias/ec2',
      ]);
    });

    it('volume tags: target_volume_append_tags then append_tags merge into each volume tags, no duplicate keys', () => {
      const group = ec2Group({
        target_volume_append_tags: [{ key: 'Name', value: 'restored-volume' }],
        append_tags: { Backup: 'weekly' },
      });
      const mappings = ec2RestoreBody(group, ec2Backup(), SOURCE_ENV).target.instance_restore_target
        .ebs_block_device_mappings;
      expect(mappings.map((m) => m.tags)).to.deep.equal([
        [
          { key: 'Name', value: 'restored-volume' },
          { key: 'Environment', value: 'prod' },
          { key: 'Backup', value: 'weekly' },
        ],
        [
          { key: 'Name', value: 'restored-volume' },
          { key: 'Backup', value: 'weekly' },
        ],
      ]);
    });

    it('instance tags: target_instance_tags replace the backup tags; append_tags merge in place', () => {
      const given = ec2Group({ target_instance_tags: [{ key: 'Name', value: 'web-restored' }] });
      expect(
        ec2RestoreBody(given, ec2Backup(), SOURCE_ENV).target.instance_restore_target.tags,
      ).to.deep.equal([{ key: 'Name', value: 'web-restored' }]);
      const appended = ec2Group({ append_tags: { Name: 'orders-web-01-dr', RestoredBy: 'bulk' } });
      expect(
        ec2RestoreBody(appended, ec2Backup(), SOURCE_ENV).target.instance_restore_target.tags,
      ).to.deep.equal([
        { key: 'Name', value: 'orders-web-01-dr' },
        { key: 'Environment', value: 'prod' },
        { key: 'App', value: 'storefront' },
        { key: 'RestoredBy', value: 'bulk' },
      ]);
    });

    it('untagged backups and volumes restore with append_tags only', () => {
      const backup = ec2Backup({
        tags: null,
        attached_backup_ebs_volumes: ec2Backup().attached_backup_ebs_volumes.map((v) => ({
          ...v,
          tags: null,
        })),
      });
      const target = ec2RestoreBody(ec2Group({ append_tags: { RestoredBy: 'bulk' } }), backup, SOURCE_ENV)
        .target.instance_restore_target;
      expect(target.tags).to.deep.equal([{ key: 'RestoredBy', value: 'bulk' }]);
      expect(target.ebs_block_device_mappings.map((m) => m.tags)).to.deep.equal([
        [{ key: 'RestoredBy', value: 'bulk' }],
        [{ key: 'RestoredBy', value: 'bulk' }],
      ]);
    });

    it('a backup without interfaces gets one default interface in the instance subnet', () => {
      const body = ec2RestoreBody(ec2Group(), ec2Backup({ network_interfaces: [] }), SOURCE_ENV);
      const target = body.target.instance_restore_target;
      expect(target.subnet_native_id).to.equal(EC2_APP_SUBNET);
      expect(target.network_interfaces).to.deep.equal([
        {
          device_index: 0,
          network_interface_native_id: null,
          subnet_native_id: EC2_APP_SUBNET,
          security_group_native_ids: null,
          restore_default: true,
          restore_from_backup: false,
        },
      ]);
    });

    it('a backup without volumes sends no block device mappings', () => {
      const body = ec2RestoreBody(ec2Group(), ec2Backup({ attached_backup_ebs_volumes: [] }), SOURCE_ENV);
      expect(body.target.instance_restore_target.ebs_block_device_mappings).to.deep.equal([]);
    });

    it('a backup without an AMI needs target_ami_native_id', () => {
      const backup = ec2Backup({ ami: null });
      const error = planErrorOf(() => ec2RestoreBody(ec2Group(), backup, SOURCE_ENV));
      expect(error.message).to.equal('set target_ami_native_id (the backup names no AMI)');
      const body = ec2RestoreBody(
        ec2Group({ target_ami_native_id: 'ami-0fedcba9876543210' }),
        backup,
        SOURCE_ENV,
      );
      expect(body.target.instance_restore_target.ami_native_id).to.equal('ami-0fedcba9876543210');
    });

    it('names every missing field at once when the backup has no AMI, VPC or subnet', () => {
      const backup = ec2Backup({
        ami: null,
        vpc_native_id: null,
        subnet_native_id: null,
        network_interfaces: [],
      });
      expect(planErrorOf(() => ec2RestoreBody(ec2Group(), backup, SOURCE_ENV)).message).to.equal(
        'set target_ami_native_id (the backup names no AMI), target_vpc_native_id (the backup names no VPC), ' +
          'target_subnet_native_id (the backup names no subnet)',
      );
    });
  });

  describe('another account or region', () => {
    it('inherits nothing network-bound or key-bound from the backup and uses the target AMI, VPC and subnet', () => {
      const group = ec2Group({ ...DR_NETWORK, target_az: 'us-west-2a', target_eni_cfg_from_backup: true });
      expect(ec2RestoreWarnings(group, ec2Backup())).to.deep.equal([FOREIGN_KEY]);
      expectBody(ec2RestoreBody(group, ec2Backup(), DR_ENV), {
        source: { backup_id: EC2_BACKUP_ID },
        target: {
          instance_restore_target: {
            environment_id: DR_ENV.id,
            ami_native_id: DR_NETWORK.target_ami_native_id,
            aws_az: 'us-west-2a',
            vpc_native_id: DR_NETWORK.target_vpc_native_id,
            subnet_native_id: DR_NETWORK.target_subnet_native_id,
            key_pair_name: null,
            iam_instance_profile_name: null,
            should_power_on: null,
            tags: EC2_INSTANCE_TAGS,
            ebs_block_device_mappings: PLAIN_MAPPINGS,
            network_interfaces: [0, 1].map((device_index) => ({
              device_index,
              network_interface_native_id: null,
              subnet_native_id: DR_NETWORK.target_subnet_native_id,
              security_group_native_ids: null,
              restore_default: true,
              restore_from_backup: false,
            })),
          },
        },
      });
    });

    it('sends the target key pair and security groups when given', () => {
      const group = ec2Group({
        ...DR_NETWORK,
        target_key_pair_name: 'dr-ops',
        target_security_group_native_ids: ['sg-0dr0dr0dr0dr0dr0'],
        target_kms_key_native_id:
          'arn:aws:kms:us-west-2:222222222222:key/0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
        append_tags: { RestoredBy: 'bulk' },
      });
      expect(ec2RestoreWarnings(group, ec2Backup())).to.deep.equal([]);
      expectBody(ec2RestoreBody(group, ec2Backup(), DR_ENV), {
        source: { backup_id: EC2_BACKUP_ID },
        target: {
          instance_restore_target: {
            environment_id: DR_ENV.id,
            ami_native_id: DR_NETWORK.target_ami_native_id,
            aws_az: null,
            vpc_native_id: DR_NETWORK.target_vpc_native_id,
            subnet_native_id: DR_NETWORK.target_subnet_native_id,
            key_pair_name: 'dr-ops',
            iam_instance_profile_name: null,
            should_power_on: null,
            tags: [...EC2_INSTANCE_TAGS, { key: 'RestoredBy', value: 'bulk' }],
            ebs_block_device_mappings: PLAIN_MAPPINGS.map((m) => ({
              ...m,
              kms_key_native_id:
                'arn:aws:kms:us-west-2:222222222222:key/0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
              tags: [...m.tags, { key: 'RestoredBy', value: 'bulk' }],
            })),
            network_interfaces: [0, 1].map((device_index) => ({
              device_index,
              network_interface_native_id: null,
              subnet_native_id: DR_NETWORK.target_subnet_native_id,
              security_group_native_ids: ['sg-0dr0dr0dr0dr0dr0'],
              restore_default: true,
              restore_from_backup: false,
            })),
          },
        },
      });
    });

    it('another region of the same account counts as elsewhere too', () => {
      const group = ec2Group({
        target_region: DR_REGION,
        target_ami_native_id: 'ami-0west0west0west00',
        target_vpc_native_id: 'vpc-0west0west0west0',
        target_subnet_native_id: 'subnet-0west0west0west',
        target_eni_cfg_from_backup: true,
      });
      expect(group.target_account).to.equal(SOURCE_ACCOUNT);
      const target = ec2RestoreBody(group, ec2Backup(), SOURCE_ACCOUNT_WEST_ENV).target
        .instance_restore_target;
      expect(target).to.deep.include({
        environment_id: SOURCE_ACCOUNT_WEST_ENV.id,
        ami_native_id: 'ami-0west0west0west00',
        vpc_native_id: 'vpc-0west0west0west0',
        subnet_native_id: 'subnet-0west0west0west',
        key_pair_name: null,
      });
      expect(target.network_interfaces).to.deep.equal(
        [0, 1].map((device_index) => ({
          device_index,
          network_interface_native_id: null,
          subnet_native_id: 'subnet-0west0west0west',
          security_group_native_ids: null,
          restore_default: true,
          restore_from_backup: false,
        })),
      );
    });

    it('a backup without interfaces gets one default interface at device 0 in the target subnet', () => {
      const group = ec2Group({ ...DR_NETWORK, target_security_group_native_ids: 'sg-0dr0dr0dr0dr0dr0' });
      const body = ec2RestoreBody(group, ec2Backup({ network_interfaces: [] }), DR_ENV);
      expect(body.target.instance_restore_target.network_interfaces).to.deep.equal([
        {
          device_index: 0,
          network_interface_native_id: null,
          subnet_native_id: DR_NETWORK.target_subnet_native_id,
          security_group_native_ids: ['sg-0dr0dr0dr0dr0dr0'],
          restore_default: true,
          restore_from_backup: false,
        },
      ]);
    });
  });
});
