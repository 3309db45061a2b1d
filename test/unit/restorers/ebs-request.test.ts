import { expect } from 'chai';

import { ebsRestoreBody, ebsRestoreWarnings } from '../../../restorers/ebs.js';
import {
  DR_ACCOUNT,
  DR_ENV,
  DR_REGION,
  EBS_BACKUP_ID,
  EBS_BACKUP_KEY,
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
  it('restores in place with only target_az: type, IOPS and KMS key of the backup, the backup tags', () => {
    expectBody(ebsRestoreBody(ebsGroup(), ebsBackup(), SOURCE_ENV), {
      source: { backup_id: EBS_BACKUP_ID },
      target: {
        environment_id: SOURCE_ENV.id,
        aws_az: 'us-east-1b',
        type: 'gp3',
        iops: 3000,
        kms_key_native_id: EBS_BACKUP_KEY,
        tags: EBS_BACKUP_TAGS,
      },
    });
    expect(ebsRestoreWarnings(ebsGroup(), ebsBackup())).to.deep.equal([]);
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
        iops: 3000,
        kms_key_native_id: 'alias/dr-ebs',
        tags: EBS_BACKUP_TAGS,
      },
    });
  });

  it('the target type wins over the backup volume type', () => {
    const body = ebsRestoreBody(ebsGroup({ target_volume_type: 'st1' }), ebsBackup(), SOURCE_ENV);
    expect(body.target.type).to.equal('st1');
  });

  it('falls back to the backup volume_type for every type; IOPS only for the types that have them', () => {
    const cases = [
      ['gp2', 100, null],
      ['gp3', 4000, 4000],
      ['io1', 5000, 5000],
      ['io2', 16000, 16000],
      ['st1', 500, null],
      ['sc1', 250, null],
      ['standard', 100, null],
    ] as const;
    for (const [volumeType, backupIops, iops] of cases) {
      const body = ebsRestoreBody(
        ebsGroup(),
        ebsBackup({ volume_type: volumeType, iops: backupIops }),
        SOURCE_ENV,
      );
      expectBody(body, {
        source: { backup_id: EBS_BACKUP_ID },
        target: {
          environment_id: SOURCE_ENV.id,
          aws_az: 'us-east-1b',
          type: volumeType,
          iops,
          kms_key_native_id: EBS_BACKUP_KEY,
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
          kms_key_native_id: EBS_BACKUP_KEY,
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

  it("inherits the backup's IOPS when the type stays the same: io1 keeps its provisioned IOPS", () => {
    const io1 = ebsBackup({ volume_type: 'io1', iops: 12000 });
    expect(ebsRestoreBody(ebsGroup(), io1, SOURCE_ENV).target).to.deep.include({ type: 'io1', iops: 12000 });
    const same = ebsGroup({ target_volume_type: 'io1' });
    expect(ebsRestoreBody(same, io1, SOURCE_ENV).target).to.deep.include({ type: 'io1', iops: 12000 });
    const io2 = ebsBackup({ volume_type: 'io2', iops: 64000 });
    expect(ebsRestoreBody(ebsGroup(), io2, SOURCE_ENV).target).to.deep.include({ type: 'io2', iops: 64000 });
  });

  it('another type gets no inherited IOPS: gp3 its baseline, io1/io2 need target_iops', () => {
    const gp2 = ebsBackup({ volume_type: 'gp2', iops: 300 });
    expect(ebsRestoreBody(ebsGroup({ target_volume_type: 'gp3' }), gp2, SOURCE_ENV).target).to.deep.include({
      type: 'gp3',
      iops: null,
    });
    const io2 = ebsBackup({ volume_type: 'io2', iops: 64000 });
    expect(ebsRestoreBody(ebsGroup({ target_volume_type: 'gp3' }), io2, SOURCE_ENV).target).to.deep.include({
      type: 'gp3',
      iops: null,
    });
    for (const type of ['io1', 'io2']) {
      const error = planErrorOf(() =>
        ebsRestoreBody(ebsGroup({ target_volume_type: type }), gp2, SOURCE_ENV),
      );
      expect(error.message).to.equal(
        `set target_iops: ${type} volumes need provisioned IOPS, and the backup (gp2) has none to keep`,
      );
    }
    const unknown = planErrorOf(() =>
      ebsRestoreBody(ebsGroup(), ebsBackup({ volume_type: 'io1', iops: null }), SOURCE_ENV),
    );
    expect(unknown.message).to.equal(
      'set target_iops: io1 volumes need provisioned IOPS, and the backup (io1) has none to keep',
    );
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

  describe('KMS key', () => {
    const elsewhere = { target_account: DR_ACCOUNT, target_region: DR_REGION, target_az: 'us-west-2a' };

    it("in place keeps the backup's key unless a target key is given", () => {
      const encrypted = ebsBackup();
      expect(ebsRestoreBody(ebsGroup(), encrypted, SOURCE_ENV).target.kms_key_native_id).to.equal(
        EBS_BACKUP_KEY,
      );
      const keyed = ebsGroup({ target_kms_key_native_id: 'alias/dr-ebs' });
      expect(ebsRestoreBody(keyed, encrypted, SOURCE_ENV).target.kms_key_native_id).to.equal('alias/dr-ebs');
      const unencrypted = ebsBackup({ is_encrypted: false, kms_key_native_id: null });
      expect(ebsRestoreBody(ebsGroup(), unencrypted, SOURCE_ENV).target.kms_key_native_id).to.equal(null);
    });

    it("elsewhere sends none (the target's default key) and warns; a target key needs no warning", () => {
      const encrypted = ebsBackup();
      const group = ebsGroup(elsewhere);
      expect(ebsRestoreBody(group, encrypted, DR_ENV).target.kms_key_native_id).to.equal(null);
      expect(ebsRestoreWarnings(group, encrypted)).to.deep.equal([
        "encrypted with a customer key in the source; restored with the target's default key: set target_kms_key_native_id to choose one",
      ]);
      const keyed = ebsGroup({ ...elsewhere, target_kms_key_native_id: 'alias/dr-ebs' });
      expect(ebsRestoreBody(keyed, encrypted, DR_ENV).target.kms_key_native_id).to.equal('alias/dr-ebs');
      expect(ebsRestoreWarnings(keyed, encrypted)).to.deep.equal([]);
      const unencrypted = ebsBackup({ is_encrypted: false, kms_key_native_id: null });
      expect(ebsRestoreWarnings(group, unencrypted)).to.deep.equal([]);
    });

    it('another region of the same account is elsewhere too', () => {
      const group = ebsGroup({ target_region: 'us-west-2', target_az: 'us-west-2a' });
      expect(ebsRestoreBody(group, ebsBackup(), DR_ENV).target.kms_key_native_id).to.equal(null);
      expect(ebsRestoreWarnings(group, ebsBackup())).to.have.length(1);
    });
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
