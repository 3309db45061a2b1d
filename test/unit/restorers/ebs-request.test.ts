import { expect } from 'chai';

import { ebsRestoreBody } from '../../../restorers/ebs.js';
import {
  DR_ACCOUNT,
  DR_ENV,
  DR_REGION,
  EBS_BACKUP_ID,
  EBS_BACKUP_TAGS,
  SOURCE,
  SOURCE_ENV,
  decodeGroupOf,
  ebsBackup,
  expectBody,
  planErrorOf,
} from './fixtures.js';

const EBS = { ...SOURCE, target_az: 'us-east-1b' };
const ebsGroup = (fields: Record<string, unknown> = {}, document: Record<string, unknown> = {}) =>
  decodeGroupOf('EBS', { ...EBS, ...fields }, document);

describe('restorers/ebs: request body', () => {
  it('restores in place with only target_az: type from the backup, no IOPS, no KMS, the backup tags', () => {
    expectBody(ebsRestoreBody(ebsGroup(), ebsBackup(), SOURCE_ENV), {
      source: { backup_id: EBS_BACKUP_ID },
      target: {
        environment_id: SOURCE_ENV.id,
        aws_az: 'us-east-1b',
        type: 'gp3',
        iops: null,
        kms_key_native_id: null,
        tags: EBS_BACKUP_TAGS,
      },
    });
  });

  it('sends every target field given, into the target environment', () => {
    const group = ebsGroup({
      target_account: DR_ACCOUNT,
      target_region: DR_REGION,
      target_az: 'us-west-2c',
      target_volume_type: 'io2',
      target_iops: '16000',
      target_kms_key_native_id: 'arn:aws:kms:us-west-2:222222222222:key/9c8b7a6d-5e4f-4321-8765-43210fedcba9',
      target_volume_tags: [
        { key: 'Name', value: 'orders-data-01-dr' },
        { key: 'Environment', value: 'dr' },
      ],
      append_tags: { RestoredBy: 'clumio-bulk-restore', Ticket: 'INC-20931' },
    });
    expectBody(ebsRestoreBody(group, ebsBackup(), DR_ENV), {
      source: { backup_id: EBS_BACKUP_ID },
      target: {
        environment_id: DR_ENV.id,
        aws_az: 'us-west-2c',
        type: 'io2',
        iops: 16000,
        kms_key_native_id: 'arn:aws:kms:us-west-2:222222222222:key/9c8b7a6d-5e4f-4321-8765-43210fedcba9',
        tags: [
          { key: 'Name', value: 'orders-data-01-dr' },
          { key: 'Environment', value: 'dr' },
          { key: 'RestoredBy', value: 'clumio-bulk-restore' },
          { key: 'Ticket', value: 'INC-20931' },
        ],
      },
    });
  });

  it('takes target_az from its alias target_aws_az and from DefaultInput when the group leaves it ""', () => {
    const aliased = ebsGroup({ target_az: undefined, target_aws_az: 'us-east-1c' });
    expect(ebsRestoreBody(aliased, ebsBackup(), SOURCE_ENV).target.aws_az).to.equal('us-east-1c');
    const defaulted = ebsGroup(
      { target_az: '', target_kms_key_native_id: '' },
      { DefaultInput: { EBS: { target_az: 'us-east-1a', target_kms_key_native_id: 'alias/dr-ebs' } } },
    );
    expectBody(ebsRestoreBody(defaulted, ebsBackup(), SOURCE_ENV), {
      source: { backup_id: EBS_BACKUP_ID },
      target: {
        environment_id: SOURCE_ENV.id,
        aws_az: 'us-east-1a',
        type: 'gp3',
        iops: null,
        kms_key_native_id: 'alias/dr-ebs',
        tags: EBS_BACKUP_TAGS,
      },
    });
  });

  it('the target type wins over the backup volume type', () => {
    const body = ebsRestoreBody(ebsGroup({ target_volume_type: 'st1' }), ebsBackup(), SOURCE_ENV);
    expect(body.target.type).to.equal('st1');
  });

  it('falls back to the backup volume_type for every type, without IOPS', () => {
    for (const volumeType of ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard']) {
      const body = ebsRestoreBody(ebsGroup(), ebsBackup({ volume_type: volumeType, iops: 0 }), SOURCE_ENV);
      expectBody(body, {
        source: { backup_id: EBS_BACKUP_ID },
        target: {
          environment_id: SOURCE_ENV.id,
          aws_az: 'us-east-1b',
          type: volumeType,
          iops: null,
          kms_key_native_id: null,
          tags: EBS_BACKUP_TAGS,
        },
      });
    }
  });

  it('sends type null when neither the group nor the backup names one', () => {
    const body = ebsRestoreBody(ebsGroup(), ebsBackup({ volume_type: null }), SOURCE_ENV);
    expect(body.target).to.deep.include({ type: null, iops: null });
  });

  it('keeps target_iops with a gp3, io1 or io2 target type, whatever the backup type', () => {
    for (const type of ['gp3', 'io1', 'io2']) {
      const group = ebsGroup({ target_volume_type: type, target_iops: 6000 });
      const body = ebsRestoreBody(group, ebsBackup({ volume_type: 'gp2', iops: 300 }), SOURCE_ENV);
      expectBody(body, {
        source: { backup_id: EBS_BACKUP_ID },
        target: {
          environment_id: SOURCE_ENV.id,
          aws_az: 'us-east-1b',
          type,
          iops: 6000,
          kms_key_native_id: null,
          tags: EBS_BACKUP_TAGS,
        },
      });
    }
  });

  it('keeps target_iops without a target type when the backup is gp3, io1 or io2', () => {
    for (const volumeType of ['gp3', 'io1', 'io2']) {
      const body = ebsRestoreBody(
        ebsGroup({ target_iops: 4000 }),
        ebsBackup({ volume_type: volumeType }),
        SOURCE_ENV,
      );
      expect(body.target, volumeType).to.deep.include({ type: volumeType, iops: 4000 });
    }
  });

  it('never inherits the backup IOPS', () => {
    const body = ebsRestoreBody(ebsGroup(), ebsBackup({ volume_type: 'io2', iops: 64000 }), SOURCE_ENV);
    expect(body.target).to.deep.include({ type: 'io2', iops: null });
  });

  it('refuses target_iops when the volume restores as the backup gp2 (or another type without IOPS)', () => {
    for (const volumeType of ['gp2', 'st1', 'sc1', 'standard']) {
      const error = planErrorOf(() =>
        ebsRestoreBody(ebsGroup({ target_iops: 3000 }), ebsBackup({ volume_type: volumeType }), SOURCE_ENV),
      );
      const message =
        `target_iops is only for gp3, io1, io2 volumes, and this one restores as ${volumeType} ` +
        '(set target_volume_type)';
      expect(error.message).to.equal(message);
      expect(error.problems).to.deep.equal([{ message }]);
    }
  });

  it('refuses target_iops when the volume type is unknown', () => {
    const error = planErrorOf(() =>
      ebsRestoreBody(ebsGroup({ target_iops: 3000 }), ebsBackup({ volume_type: null }), SOURCE_ENV),
    );
    expect(error.message).to.equal(
      'target_iops is only for gp3, io1, io2 volumes, and this one restores as an unknown type (set target_volume_type)',
    );
  });

  it('a target type with IOPS rescues a gp2 backup', () => {
    const group = ebsGroup({ target_volume_type: 'gp3', target_iops: 3000 });
    const body = ebsRestoreBody(group, ebsBackup({ volume_type: 'gp2', iops: 100 }), SOURCE_ENV);
    expect(body.target).to.deep.include({ type: 'gp3', iops: 3000 });
  });

  it('sends the target KMS key, never the backup one', () => {
    const encrypted = ebsBackup();
    expect(encrypted.kms_key_native_id).to.be.a('string');
    expect(ebsRestoreBody(ebsGroup(), encrypted, SOURCE_ENV).target.kms_key_native_id).to.equal(null);
    const keyed = ebsGroup({ target_kms_key_native_id: 'alias/dr-ebs' });
    expect(ebsRestoreBody(keyed, encrypted, SOURCE_ENV).target.kms_key_native_id).to.equal('alias/dr-ebs');
    const unencrypted = ebsBackup({ is_encrypted: false, kms_key_native_id: null });
    expect(ebsRestoreBody(ebsGroup(), unencrypted, SOURCE_ENV).target.kms_key_native_id).to.equal(null);
  });

  describe('tags', () => {
    it('target_volume_tags replace the backup tags entirely', () => {
      const group = ebsGroup({ target_volume_tags: [{ key: 'Name', value: 'restored-data' }] });
      expect(ebsRestoreBody(group, ebsBackup(), SOURCE_ENV).target.tags).to.deep.equal([
        { key: 'Name', value: 'restored-data' },
      ]);
    });

    it('append_tags merge into the backup tags: same key takes the new value in place, no duplicates', () => {
      const group = ebsGroup({ append_tags: { Environment: 'dr', RestoredBy: 'clumio-bulk-restore' } });
      expect(ebsRestoreBody(group, ebsBackup(), SOURCE_ENV).target.tags).to.deep.equal([
        { key: 'Name', value: 'orders-data-01' },
        { key: 'Environment', value: 'dr' },
        { key: 'CostCenter', value: '4410' },
        { key: 'RestoredBy', value: 'clumio-bulk-restore' },
      ]);
    });

    it('append_tags merge into target_volume_tags the same way', () => {
      const group = ebsGroup({
        target_volume_tags: [
          { key: 'Name', value: 'restored-data' },
          { key: 'Owner', value: 'dba' },
        ],
        append_tags: { Owner: 'sre', Ticket: 'INC-20931' },
      });
      expect(ebsRestoreBody(group, ebsBackup(), SOURCE_ENV).target.tags).to.deep.equal([
        { key: 'Name', value: 'restored-data' },
        { key: 'Owner', value: 'sre' },
        { key: 'Ticket', value: 'INC-20931' },
      ]);
    });

    it('a backup tag listed twice is sent once, with append_tags applied', () => {
      const backup = ebsBackup({
        tags: [
          { key: 'Name', value: 'orders-data-01' },
          { key: 'Name', value: 'orders-data-01-old' },
        ],
      });
      const group = ebsGroup({ append_tags: { Team: 'orders' } });
      expect(ebsRestoreBody(group, backup, SOURCE_ENV).target.tags).to.deep.equal([
        { key: 'Name', value: 'orders-data-01-old' },
        { key: 'Team', value: 'orders' },
      ]);
    });

    it('an untagged backup restores with append_tags only, or with no tags', () => {
      const untagged = ebsBackup({ tags: null });
      expect(ebsRestoreBody(ebsGroup(), untagged, SOURCE_ENV).target.tags).to.deep.equal([]);
      const group = ebsGroup({ append_tags: { RestoredBy: 'clumio-bulk-restore' } });
      expect(ebsRestoreBody(group, untagged, SOURCE_ENV).target.tags).to.deep.equal([
        { key: 'RestoredBy', value: 'clumio-bulk-restore' },
      ]);
    });
  });
});
