import { expect } from 'chai';

import { groupFor, restoreDocument } from '../../../../workflows/bulk-list/document.js';
import type { ListedAsset } from '../../../../restorers/types.js';
import { decodeListInput, type ListInput } from '../../../../schemas/index.js';
import {
  DR_ACCOUNT,
  dynamodbBackup,
  DYNAMODB_BACKUP_TAGS,
  ebsBackup,
  EC2_INSTANCE_TAGS,
  ec2Backup,
  rdsBackup,
  SOURCE_ACCOUNT,
  SOURCE_REGION,
} from '../../restorers/fixtures.js';

const SEARCH_TIME = '2026-05-10T14:05:00Z';

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
    search_time: '2026-05-10T16:05:00+02:00',
    ...fields,
  });
  if (!result.ok) return expect.fail(`expected a valid list input, got ${JSON.stringify(result.problems)}`);
  return result.value;
}

const asset = (resourceType: string, assetId: string, nativeId: string): ListedAsset => ({
  resourceType,
  account: SOURCE_ACCOUNT,
  region: SOURCE_REGION,
  assetId,
  nativeId,
});

function expectRunnable(group: Record<string, unknown>): void {
  const written = restoreDocument([group], null);
  expect(written.problems).to.deep.equal([]);
}

const WINDOW = { search_direction: 'before', search_time: SEARCH_TIME } as const;

describe('workflows/bulk-list/document: search_time, restore_from and target_restore_as in the written groups', () => {
  it('every group carries search_time (and search_time_end with after) instead of the offsets', () => {
    const volume = asset('EBS', '5e2d1c0b-a9f8-4e7d-b6c5-a4b3c2d1e0f9', 'vol-0a1b2c3d4e5f60718');
    const before = groupFor(volume, ebsBackup(), listInput());
    expect(before).to.deep.include(WINDOW);
    expect(before).not.to.have.property('end_search_day_offset');
    expectRunnable(before);
    const after = groupFor(
      volume,
      ebsBackup(),
      listInput({ search_direction: 'after', search_time_end: '2026-05-11T00:00:00Z' }),
    );
    expect(after).to.deep.include({
      search_direction: 'after',
      search_time: SEARCH_TIME,
      search_time_end: '2026-05-11T00:00:00Z',
    });
    expectRunnable(after);
  });

  it('RDS and DynamoDB specs write restore_from point_in_time (and pitr_type); the groups validate', () => {
    const input = listInput({
      target_specs: {
        RDS: { restore_from: 'point_in_time' },
        DynamoDB: { restore_from: 'point_in_time', pitr_type: 'clumio_pitr' },
      },
    });
    const db = groupFor(
      asset('RDS', '8d9e0f1a-2b3c-4d4e-8f5a-6b7c8d9e0f1a', 'orders-db'),
      rdsBackup(),
      input,
    );
    expect(db).to.deep.include({
      ...WINDOW,
      restore_from: 'point_in_time',
      target_rds_name: 'orders-db-restored',
    });
    expectRunnable(db);
    const table = groupFor(
      asset('DynamoDB', '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e', 'checkout-orders'),
      dynamodbBackup(),
      input,
    );
    expect(table).to.deep.include({
      ...WINDOW,
      restore_from: 'point_in_time',
      pitr_type: 'clumio_pitr',
      source_ddn_tags: DYNAMODB_BACKUP_TAGS,
    });
    expectRunnable(table);
    // pitr_type means nothing for a backup restore: not written.
    const backupTable = groupFor(
      asset('DynamoDB', '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e', 'checkout-orders'),
      dynamodbBackup(),
      listInput({ target_specs: { DynamoDB: { pitr_type: 'clumio_pitr' } } }),
    );
    expect(backupTable).not.to.have.property('pitr_type');
    expectRunnable(backupTable);
  });

  it('a ProtectionGroup spec writes restore_from point_in_time', () => {
    const group = groupFor(
      {
        ...asset('ProtectionGroup', 'b7e1c2d3-0000-4a5b-8c7d-9e0f1a2b3c4d', 'pg-finance'),
        bucketNames: ['b-1'],
      },
      { id: 'x', start_timestamp: '2026-05-10T05:00:00Z' },
      listInput({
        target_specs: {
          target_account: DR_ACCOUNT,
          ProtectionGroup: { restore_from: 'point_in_time', target_bucket: 'dr-restore-bucket' },
        },
      }),
    );
    expect(group).to.deep.include({ ...WINDOW, restore_from: 'point_in_time', search_pg_name: 'pg-finance' });
    expectRunnable(group);
  });

  it('EC2 specs write target_restore_as: an AMI or volumes get only the fields of their mode', () => {
    const instance = asset('EC2', '7c6b5a4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d', 'i-0f1e2d3c4b5a69788');
    const ami = groupFor(
      instance,
      ec2Backup(),
      listInput({ target_specs: { EC2: { target_restore_as: 'ami', append_tags: { RestoredBy: 'list' } } } }),
    );
    expect(ami).to.deep.equal({
      ResourceType: 'EC2',
      source_account: SOURCE_ACCOUNT,
      source_region: SOURCE_REGION,
      ...WINDOW,
      target_account: SOURCE_ACCOUNT,
      target_region: SOURCE_REGION,
      search_instance_id: instance.assetId,
      target_restore_as: 'ami',
      target_instance_tags: [...EC2_INSTANCE_TAGS, { key: 'RestoredBy', value: 'list' }],
      target_volume_append_tags: [{ key: 'RestoredBy', value: 'list' }],
    });
    expectRunnable(ami);
    const volumes = groupFor(
      instance,
      ec2Backup(),
      listInput({ target_specs: { EC2: { target_restore_as: 'volumes' } } }),
    );
    expect(volumes).to.deep.equal({
      ResourceType: 'EC2',
      source_account: SOURCE_ACCOUNT,
      source_region: SOURCE_REGION,
      ...WINDOW,
      target_account: SOURCE_ACCOUNT,
      target_region: SOURCE_REGION,
      search_instance_id: instance.assetId,
      target_restore_as: 'volumes',
      target_az: 'us-east-1a',
    });
    expectRunnable(volumes);
  });
});
