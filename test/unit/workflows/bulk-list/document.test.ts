import { expect } from 'chai';

import {
  compareAssets,
  groupFor,
  restoreDocument,
  statusFilter,
} from '../../../../workflows/bulk-list/document.js';
import { isRdsIdentifier } from '../../../../restorers/rds.js';
import type { ListedAsset } from '../../../../restorers/types.js';
import { decodeListInput, decodeRestoreInput, type ListInput } from '../../../../schemas/index.js';
import {
  DR_ACCOUNT,
  DR_REGION,
  dynamodbBackup,
  DYNAMODB_BACKUP_TAGS,
  EBS_BACKUP_TAGS,
  ebsBackup,
  EC2_APP_SUBNET,
  EC2_INSTANCE_TAGS,
  EC2_INTERFACES,
  EC2_KEY_PAIR,
  EC2_VPC,
  ec2Backup,
  RDS_BACKUP_TAGS,
  rdsBackup,
  rdsBackupV2,
  SOURCE_ACCOUNT,
  SOURCE_REGION,
} from '../../restorers/fixtures.js';

/** A bulkList input decoded by the real decoder; it must be valid. */
function listInput(fields: Record<string, unknown> = {}): ListInput {
  const result = decodeListInput({
    source_account: SOURCE_ACCOUNT,
    source_asset_types: {
      EBS: {},
      EC2: {},
      RDS: {},
      DynamoDB: {},
      ProtectionGroup: { protection_groups: [{ name: 'pg-finance' }] },
    },
    ...fields,
  });
  if (!result.ok) return expect.fail(`expected a valid list input, got ${JSON.stringify(result.problems)}`);
  return result.value;
}

function asset(resourceType: string, assetId: string, nativeId: string, region = SOURCE_REGION): ListedAsset {
  return { resourceType, account: SOURCE_ACCOUNT, region, assetId, nativeId };
}

const IN_PLACE = {
  source_account: SOURCE_ACCOUNT,
  source_region: SOURCE_REGION,
  search_direction: 'before',
  end_search_day_offset: 0,
  target_account: SOURCE_ACCOUNT,
  target_region: SOURCE_REGION,
} as const;

const TO_DR = { ...IN_PLACE, target_account: DR_ACCOUNT, target_region: DR_REGION } as const;

const DR_KMS = 'arn:aws:kms:us-west-2:222222222222:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** The one-group document of `group` must validate as bulkRestore input, without any problem. */
function expectRunnable(group: Record<string, unknown>): void {
  const written = restoreDocument([group], null);
  expect(written.problems).to.deep.equal([]);
  const decoded = decodeRestoreInput(written.document);
  expect(decoded.ok ? [] : decoded.problems).to.deep.equal([]);
}

describe('workflows/bulk-list/document: the group bulkList writes for a listed asset', () => {
  describe('EBS', () => {
    const volume = asset('EBS', '5e2d1c0b-a9f8-4e7d-b6c5-a4b3c2d1e0f9', 'vol-0a1b2c3d4e5f60718');
    const backupKey = ebsBackup().kms_key_native_id;

    it('in place: pinned to the Clumio id; zone, type, IOPS and KMS key of the backup; its tags', () => {
      const group = groupFor(volume, ebsBackup(), listInput());
      expect(group).to.deep.equal({
        ResourceType: 'EBS',
        ...IN_PLACE,
        search_volume_id: volume.assetId,
        target_az: 'us-east-1a',
        target_volume_type: 'gp3',
        target_iops: 3000,
        target_kms_key_native_id: backupKey,
        target_volume_tags: EBS_BACKUP_TAGS,
      });
      expectRunnable(group);
    });

    it('IOPS only for gp3, io1 and io2: never inherited for gp2, st1, sc1, nor across a type change', () => {
      const iopsOf = (backup: Parameters<typeof ebsBackup>[0], spec: Record<string, unknown> = {}) =>
        groupFor(volume, ebsBackup(backup), listInput({ target_specs: { EBS: spec } })).target_iops;
      for (const type of ['gp2', 'st1', 'sc1', 'standard']) {
        expect(iopsOf({ volume_type: type, iops: 300 }), type).to.equal(undefined);
        expect(iopsOf({ volume_type: type, iops: 300 }, { target_iops: 6000 }), type).to.equal(undefined);
      }
      expect(iopsOf({ volume_type: 'io1', iops: 4000 })).to.equal(4000);
      expect(iopsOf({ volume_type: 'io2', iops: 4000 }, { target_iops: 6000 })).to.equal(6000);
      // io1 restored as gp3: io1's provisioned IOPS say nothing about the new volume.
      expect(iopsOf({ volume_type: 'io1', iops: 4000 }, { target_volume_type: 'gp3' })).to.equal(undefined);
      expect(
        iopsOf({ volume_type: 'gp2', iops: 300 }, { target_volume_type: 'gp3', target_iops: 3000 }),
      ).to.equal(3000);
      const gp2 = groupFor(volume, ebsBackup({ volume_type: 'gp2', iops: 300 }), listInput());
      expect(gp2).not.to.have.property('target_iops');
      expectRunnable(gp2);
    });

    it('cross account: the spec zone and KMS key (never the backup key of another account), tags merged with append_tags', () => {
      const input = listInput({
        target_specs: {
          target_account: DR_ACCOUNT,
          EBS: {
            target_region: DR_REGION,
            target_az: 'us-west-2b',
            target_kms_key_native_id: DR_KMS,
            append_tags: { Environment: 'dr', RestoredBy: 'bulk-list' },
          },
        },
      });
      const group = groupFor(volume, ebsBackup(), input);
      expect(group).to.deep.equal({
        ResourceType: 'EBS',
        ...TO_DR,
        search_volume_id: volume.assetId,
        target_az: 'us-west-2b',
        target_volume_type: 'gp3',
        target_iops: 3000,
        target_kms_key_native_id: DR_KMS,
        target_volume_tags: [
          { key: 'Name', value: 'orders-data-01' },
          { key: 'Environment', value: 'dr' },
          { key: 'CostCenter', value: '4410' },
          { key: 'RestoredBy', value: 'bulk-list' },
        ],
      });
      expectRunnable(group);
      const noKey = groupFor(
        volume,
        ebsBackup(),
        listInput({ target_specs: { target_account: DR_ACCOUNT } }),
      );
      expect(noKey).not.to.have.property('target_kms_key_native_id');
      expect(noKey.target_az).to.equal('us-east-1a');
    });

    it('a spec zone outside a group’s target region gives way to the backup’s zone; with neither, the group asks for one', () => {
      const input = listInput({ target_specs: { EBS: { target_az: 'us-west-2a' } } });
      expect(groupFor(volume, ebsBackup(), input).target_az).to.equal('us-east-1a');
      const west = asset('EBS', volume.assetId, volume.nativeId, DR_REGION);
      expect(groupFor(west, ebsBackup({ aws_az: 'us-west-2c' }), input).target_az).to.equal('us-west-2a');
      const elsewhere = groupFor(
        volume,
        ebsBackup(),
        listInput({ target_specs: { EBS: { target_region: DR_REGION } } }),
      );
      expect(elsewhere).not.to.have.property('target_az');
      const written = restoreDocument([elsewhere], null);
      expect(written.problems).to.deep.equal([
        { path: 'RestoreGroups[0].target_az', message: 'required for EBS' },
      ]);
      expect((written.document.RestoreGroups as Record<string, unknown>[])[0]?.target_az).to.equal('');
    });
  });

  describe('EC2', () => {
    const instance = asset('EC2', '7c6b5a4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d', 'i-0f1e2d3c4b5a69788');
    const [secondEni, firstEni] = EC2_INTERFACES;

    it('in place with several interfaces: no group-level VPC, subnet or security groups (each interface keeps its own), the backup’s key pair and zone', () => {
      const group = groupFor(instance, ec2Backup(), listInput());
      expect(group).to.deep.equal({
        ResourceType: 'EC2',
        ...IN_PLACE,
        search_instance_id: instance.assetId,
        target_az: 'us-east-1a',
        target_key_pair_name: EC2_KEY_PAIR,
        target_instance_tags: EC2_INSTANCE_TAGS,
      });
      expectRunnable(group);
    });

    it('in place with one interface: the backup’s VPC, that interface’s subnet and security groups', () => {
      const group = groupFor(
        instance,
        ec2Backup({ network_interfaces: [secondEni ?? expect.fail()] }),
        listInput(),
      );
      expect(group).to.deep.include({
        target_vpc_native_id: EC2_VPC,
        target_subnet_native_id: secondEni?.subnet_native_id,
        target_security_group_native_ids: secondEni?.security_group_native_ids,
        target_key_pair_name: EC2_KEY_PAIR,
        target_az: 'us-east-1a',
      });
      expect(firstEni?.subnet_native_id).to.equal(EC2_APP_SUBNET);
      expectRunnable(group);
    });

    it('in place without any interface: the backup’s subnet, no security groups, no IndexError', () => {
      const group = groupFor(instance, ec2Backup({ network_interfaces: [] }), listInput());
      expect(group).to.deep.include({
        target_vpc_native_id: EC2_VPC,
        target_subnet_native_id: EC2_APP_SUBNET,
      });
      expect(group).not.to.have.property('target_security_group_native_ids');
      expectRunnable(group);
    });

    const drNetwork = {
      target_region: DR_REGION,
      target_az: 'us-west-2b',
      target_ami_native_id: 'ami-0d1d2d3d4d5d6d7d8',
      target_vpc_native_id: 'vpc-0d1d2d3d4d5d6d7d8',
      target_subnet_native_id: 'subnet-0e1e2e3e4e5e6e7e8',
      target_security_group_native_ids: ['sg-0f1f2f3f4f5f6f7f8'],
      target_key_pair_name: 'dr-ops',
      target_kms_key_native_id: DR_KMS,
      should_power_on: false,
      append_tags: { RestoredBy: 'bulk-list' },
    };

    it('cross account: every network value from the spec, none from the backup; volume tags get append_tags', () => {
      const input = listInput({ target_specs: { target_account: DR_ACCOUNT, EC2: drNetwork } });
      const group = groupFor(instance, ec2Backup(), input);
      const { target_region: _region, append_tags: _tags, ...targets } = drNetwork;
      expect(group).to.deep.equal({
        ResourceType: 'EC2',
        ...TO_DR,
        search_instance_id: instance.assetId,
        ...targets,
        target_instance_tags: [...EC2_INSTANCE_TAGS, { key: 'RestoredBy', value: 'bulk-list' }],
        target_volume_append_tags: [{ key: 'RestoredBy', value: 'bulk-list' }],
      });
      expectRunnable(group);
    });

    it('cross account without a subnet in the spec: the group is written, and validation asks for exactly that value', () => {
      const { target_subnet_native_id: _subnet, ...spec } = drNetwork;
      const input = listInput({ target_specs: { target_account: DR_ACCOUNT, EC2: spec } });
      const group = groupFor(instance, ec2Backup(), input);
      expect(group).not.to.have.property('target_subnet_native_id');
      expect(group).not.to.have.property('target_key_pair_name', EC2_KEY_PAIR);
      const other = groupFor(
        instance,
        ec2Backup(),
        listInput({ target_specs: { target_account: DR_ACCOUNT, EC2: drNetwork } }),
      );
      const written = restoreDocument([other, group], null);
      const expected = [
        {
          path: 'RestoreGroups[1].target_subnet_native_id',
          message:
            "required when restoring to another account or region (the backup's subnets do not exist there)",
        },
      ];
      expect(written.problems).to.deep.equal(expected);
      const groups = written.document.RestoreGroups as Record<string, unknown>[];
      expect(groups[1]?.target_subnet_native_id).to.equal('');
      expect(groups[0]).not.to.have.property('target_subnet_native_id', '');
      // What `validate` prints for the written file: the same problem, nothing else.
      const decoded = decodeRestoreInput(JSON.parse(JSON.stringify(written.document)));
      expect(decoded.ok ? [] : decoded.problems).to.deep.equal(expected);
    });
  });

  describe('RDS', () => {
    const database = asset('RDS', '8d9e0f1a-2b3c-4d4e-8f5a-6b7c8d9e0f1a', 'orders-db');

    it('in place: a deterministic name <identifier>-restored, the backup’s subnet group, security groups and KMS key', () => {
      const first = groupFor(database, rdsBackup(), listInput());
      expect(first).to.deep.equal({
        ResourceType: 'RDS',
        ...IN_PLACE,
        search_resource_id: database.assetId,
        target_rds_name: 'orders-db-restored',
        target_subnet_group_name: 'prod-db-subnets',
        target_security_group_native_ids: ['sg-0e0e1e2e3e4e5e6e7'],
        target_kms_key_native_id: rdsBackup().kms_key_native_id,
        target_resource_tags: RDS_BACKUP_TAGS,
      });
      expect(groupFor(database, rdsBackup(), listInput())).to.deep.equal(first);
      expectRunnable(first);
    });

    it('in place from the newer backup shape (aws_subnet_group, aws_security_group, aws_kms_key_id)', () => {
      const v2 = rdsBackupV2();
      const group = groupFor(asset('RDS', database.assetId, v2.database_native_id), v2, listInput());
      expect(group).to.deep.include({
        target_rds_name: 'billing-aurora-restored',
        target_subnet_group_name: v2.aws_subnet_group,
        target_security_group_native_ids: v2.aws_security_group,
        target_kms_key_native_id: v2.aws_kms_key_id,
      });
    });

    it('an unencrypted database gets no KMS key, not an empty one', () => {
      const group = groupFor(database, rdsBackup({ kms_key_native_id: '' }), listInput());
      expect(group).not.to.have.property('target_kms_key_native_id');
      expectRunnable(group);
    });

    it('cross account: the spec name as a base (<name>-<identifier>), subnet group, security groups and key from the spec only', () => {
      const spec = {
        target_rds_name: 'dr',
        target_subnet_group_name: 'dr-db-subnets',
        target_security_group_native_ids: ['sg-0a9a8a7a6a5a4a3a2'],
        target_kms_key_native_id: DR_KMS,
        target_instance_class: 'db.r6g.xlarge',
      };
      const group = groupFor(
        database,
        rdsBackup(),
        listInput({ target_specs: { target_account: DR_ACCOUNT, RDS: spec } }),
      );
      expect(group).to.deep.equal({
        ResourceType: 'RDS',
        ...IN_PLACE,
        target_account: DR_ACCOUNT,
        search_resource_id: database.assetId,
        ...spec,
        target_rds_name: 'dr-orders-db',
        target_resource_tags: RDS_BACKUP_TAGS,
      });
      expectRunnable(group);
      const bare = groupFor(
        database,
        rdsBackup(),
        listInput({ target_specs: { target_account: DR_ACCOUNT } }),
      );
      expect(bare).not.to.have.any.keys(
        'target_subnet_group_name',
        'target_security_group_native_ids',
        'target_kms_key_native_id',
      );
    });

    it('a 63-character identifier keeps the whole suffix and stays a valid, different identifier', () => {
      const long = `db${'x'.repeat(61)}`;
      const name = String(
        groupFor(asset('RDS', database.assetId, long), rdsBackup(), listInput()).target_rds_name,
      );
      expect(name).to.have.length(63);
      expect(name.endsWith('-restored')).to.equal(true);
      expect(isRdsIdentifier(name)).to.equal(true);
    });
  });

  describe('DynamoDB', () => {
    const table = asset('DynamoDB', '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e', 'checkout-orders');

    it('in place: change_set_name "restored" (deterministic), no KMS key even when the spec has one', () => {
      const input = listInput({ target_specs: { DynamoDB: { target_kms_key_native_id: DR_KMS } } });
      const group = groupFor(table, dynamodbBackup(), input);
      expect(group).to.deep.equal({
        ResourceType: 'DynamoDB',
        ...IN_PLACE,
        search_table_id: table.assetId,
        change_set_name: 'restored',
        source_ddn_tags: DYNAMODB_BACKUP_TAGS,
      });
      expectRunnable(group);
    });

    it('cross account: the spec change_set_name and KMS key', () => {
      const input = listInput({
        target_specs: {
          target_account: DR_ACCOUNT,
          DynamoDB: { change_set_name: 'dr', target_kms_key_native_id: DR_KMS },
        },
      });
      const group = groupFor(table, dynamodbBackup(), input);
      expect(group).to.deep.include({
        change_set_name: 'dr',
        target_kms_key_native_id: DR_KMS,
        target_region: SOURCE_REGION,
      });
      expectRunnable(group);
    });
  });

  describe('ProtectionGroup', () => {
    const pg: ListedAsset = {
      ...asset('ProtectionGroup', 'b7e1c2d3-0000-4a5b-8c7d-9e0f1a2b3c4d', 'pg-finance'),
      bucketNames: ['prod-use1-finance-data'],
    };
    const backup = {
      id: 'b7e1c2d3-0000-4a5b-8c7d-9e0f1a2b3c4d_1700000000.1',
      start_timestamp: '2026-05-10T05:00:00Z',
    };

    it('the group by name with its buckets in the region, targets from the spec', () => {
      const spec = {
        target_bucket: 'dr-restore-bucket',
        target_prefix: 'restored/',
        target_overwrite: false,
      };
      const group = groupFor(
        pg,
        backup,
        listInput({ target_specs: { target_account: DR_ACCOUNT, ProtectionGroup: spec } }),
      );
      expect(group).to.deep.equal({
        ResourceType: 'ProtectionGroup',
        ...IN_PLACE,
        target_account: DR_ACCOUNT,
        search_pg_name: 'pg-finance',
        search_bucket_names: ['prod-use1-finance-data'],
        ...spec,
      });
      expectRunnable(group);
    });

    it('without target_bucket the group is written and validation asks for it', () => {
      const written = restoreDocument([groupFor(pg, backup, listInput())], null);
      expect(written.problems).to.deep.equal([
        { path: 'RestoreGroups[0].target_bucket', message: 'required for ProtectionGroup' },
      ]);
    });
  });

  it('writes the window: "after" with both offsets, "before" with its end offset', () => {
    const volume = asset('EBS', '5e2d1c0b-a9f8-4e7d-b6c5-a4b3c2d1e0f9', 'vol-0a1b2c3d4e5f60718');
    const after = groupFor(
      volume,
      ebsBackup(),
      listInput({ search_direction: 'after', start_search_day_offset: 7, end_search_day_offset: 1 }),
    );
    expect(after).to.deep.include({
      search_direction: 'after',
      start_search_day_offset: 7,
      end_search_day_offset: 1,
    });
    const before = groupFor(
      volume,
      ebsBackup(),
      listInput({ search_direction: 'before', end_search_day_offset: 2 }),
    );
    expect(before).to.deep.include({ search_direction: 'before', end_search_day_offset: 2 });
    expect(before).not.to.have.property('start_search_day_offset');
  });

  it('statusFilter: asset_meta_status as server-side $in filters; deleted assets included by default', () => {
    expect(statusFilter(listInput().assetStatus)).to.deep.equal({ is_deleted: { $in: ['true', 'false'] } });
    const status = listInput({
      asset_meta_status: {
        protection_status_in: ['protected'],
        backup_status_in: ['success', 'partial_success'],
        deleted_status_in: ['false'],
      },
    }).assetStatus;
    expect(statusFilter(status)).to.deep.equal({
      protection_status: { $in: ['protected'] },
      backup_status: { $in: ['success', 'partial_success'] },
      is_deleted: { $in: ['false'] },
    });
  });

  it('orders groups by account, region, type (registry order), then AWS id', () => {
    const listed = [
      asset('RDS', 'c', 'b-db', 'us-west-2'),
      asset('EBS', 'b', 'vol-2'),
      asset('ProtectionGroup', 'e', 'pg-a'),
      asset('EBS', 'a', 'vol-1'),
      asset('EC2', 'd', 'i-1', 'us-west-2'),
    ];
    expect([...listed].sort(compareAssets).map((a) => a.nativeId)).to.deep.equal([
      'vol-1',
      'vol-2',
      'pg-a',
      'i-1',
      'b-db',
    ]);
  });

  it('restoreDocument: base_url and max_restores = the number of groups; an empty listing writes an empty list without problems', () => {
    const group = groupFor(asset('EBS', 'x', 'vol-1'), ebsBackup(), listInput());
    const written = restoreDocument([group, group], 'us-west-2.api.clumio.com');
    expect(Object.keys(written.document)).to.deep.equal(['base_url', 'max_restores', 'RestoreGroups']);
    expect(written.document.max_restores).to.equal(2);
    expect(restoreDocument([], null)).to.deep.equal({
      document: { RestoreGroups: [] },
      problems: [],
      warnings: [],
    });
  });
});
