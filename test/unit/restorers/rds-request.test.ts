import { expect } from 'chai';

import { isRdsIdentifier, rdsRestoreBody, rdsRestoreWarnings } from '../../../restorers/rds.js';
import {
  DR_ACCOUNT,
  DR_ENV,
  DR_REGION,
  RDS_BACKUP_ID,
  RDS_BACKUP_KEY,
  RDS_BACKUP_TAGS,
  SOURCE,
  SOURCE_ENV,
  decodeGroupOf,
  expectBody,
  rdsBackup,
  rdsBackupV2,
} from './fixtures.js';

const rdsGroup = (fields: Record<string, unknown> = {}) =>
  decodeGroupOf('RDS', { ...SOURCE, target_rds_name: 'orders-dr', ...fields });

/** Whether `name` is a valid RDS identifier and free of the defects suffixing could introduce. */
function expectRdsIdentifier(name: string): void {
  expect(name.length, name).to.be.at.most(63);
  expect(name, name).not.to.match(/-$/);
  expect(name, name).not.to.include('--');
  expect(isRdsIdentifier(name), name).to.equal(true);
}

describe('restorers/rds: request body', () => {
  it("restores one database under target_rds_name in place: the backup's class, access and key; other targets null", () => {
    expect(rdsRestoreWarnings(rdsGroup(), rdsBackup())).to.deep.equal([]);
    expectBody(rdsRestoreBody(rdsGroup(), rdsBackup(), SOURCE_ENV, 1), {
      source: { backup: { backup_id: RDS_BACKUP_ID } },
      target: {
        environment_id: SOURCE_ENV.id,
        name: 'orders-dr',
        instance_class: 'db.r6g.large',
        is_publicly_accessible: false,
        kms_key_native_id: RDS_BACKUP_KEY,
        security_group_native_ids: null,
        subnet_group_name: null,
        option_group_name: null,
        parameter_group_name: null,
        tags: RDS_BACKUP_TAGS,
      },
    });
  });

  it('sends every target field given, into the target environment', () => {
    const group = rdsGroup({
      target_account: DR_ACCOUNT,
      target_region: DR_REGION,
      target_rds_name: 'orders-db-dr',
      target_instance_class: 'db.r6g.xlarge',
      target_is_publicly_accessible: true,
      target_kms_key_native_id: 'arn:aws:kms:us-west-2:222222222222:key/2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
      target_security_group_native_ids: ['sg-0dr1dr2dr3dr4dr5d', 'sg-0dr6dr7dr8dr9dr0d'],
      target_subnet_group_name: 'dr-db-subnets',
      target_option_group_name: 'dr-postgres16-options',
      target_parameter_group_name: 'dr-postgres16',
      target_resource_tags: [
        { key: 'Name', value: 'orders-db-dr' },
        { key: 'Environment', value: 'prod' },
      ],
      append_tags: { Environment: 'dr', RestoredBy: 'clumio-bulk-restore' },
    });
    expectBody(rdsRestoreBody(group, rdsBackup(), DR_ENV, 1), {
      source: { backup: { backup_id: RDS_BACKUP_ID } },
      target: {
        environment_id: DR_ENV.id,
        name: 'orders-db-dr',
        instance_class: 'db.r6g.xlarge',
        is_publicly_accessible: true,
        kms_key_native_id: 'arn:aws:kms:us-west-2:222222222222:key/2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
        security_group_native_ids: ['sg-0dr1dr2dr3dr4dr5d', 'sg-0dr6dr7dr8dr9dr0d'],
        subnet_group_name: 'dr-db-subnets',
        option_group_name: 'dr-postgres16-options',
        parameter_group_name: 'dr-postgres16',
        tags: [
          { key: 'Name', value: 'orders-db-dr' },
          { key: 'Environment', value: 'dr' },
          { key: 'RestoredBy', value: 'clumio-bulk-restore' },
        ],
      },
    });
  });

  it('accepts the singular security group alias as a one-element list', () => {
    const group = rdsGroup({ target_security_group_native_id: 'sg-0dr1dr2dr3dr4dr5d' });
    expect(rdsRestoreBody(group, rdsBackup(), SOURCE_ENV, 1).target.security_group_native_ids).to.deep.equal([
      'sg-0dr1dr2dr3dr4dr5d',
    ]);
  });

  it("elsewhere without a target key sends none (the target's default key) and warns", () => {
    const group = rdsGroup({ target_account: DR_ACCOUNT, target_region: DR_REGION });
    for (const backup of [rdsBackup(), rdsBackupV2()]) {
      expect(rdsRestoreBody(group, backup, DR_ENV, 1).target.kms_key_native_id).to.equal(null);
      expect(rdsRestoreWarnings(group, backup)).to.deep.equal([
        "encrypted with a customer key in the source; restored with the target's default key: set target_kms_key_native_id to choose one",
      ]);
    }
  });

  it('reads the newer backup shape (instance_class[], public_access[], aws_kms_key_id)', () => {
    const backup = rdsBackupV2();
    expectBody(rdsRestoreBody(rdsGroup({ target_rds_name: 'billing-dr' }), backup, SOURCE_ENV, 1), {
      source: { backup: { backup_id: backup.id } },
      target: {
        environment_id: SOURCE_ENV.id,
        name: 'billing-dr',
        instance_class: 'db.r5.xlarge',
        is_publicly_accessible: true,
        kms_key_native_id: RDS_BACKUP_KEY,
        security_group_native_ids: null,
        subnet_group_name: null,
        option_group_name: null,
        parameter_group_name: null,
        tags: [
          { key: 'Name', value: 'billing-aurora' },
          { key: 'Environment', value: 'prod' },
        ],
      },
    });
  });

  describe('name', () => {
    it('is target_rds_name when one database matches', () => {
      const backup = rdsBackup({ database_native_id: 'orders-db' });
      expect(rdsRestoreBody(rdsGroup(), backup, SOURCE_ENV, 1).target.name).to.equal('orders-dr');
    });

    it('is <target_rds_name>-<database_native_id> for each of several matches', () => {
      const names = ['orders-db', 'orders-db-replica', 'Reporting-DB'].map(
        (id) => rdsRestoreBody(rdsGroup(), rdsBackup({ database_native_id: id }), SOURCE_ENV, 3).target.name,
      );
      expect(names).to.deep.equal([
        'orders-dr-orders-db',
        'orders-dr-orders-db-replica',
        'orders-dr-Reporting-DB',
      ]);
      for (const name of names) expectRdsIdentifier(name);
    });

    it('is cut to 63 characters', () => {
      const base = 'quarterly-financial-close-restore'; // 33
      const source = 'ledger-postgres-primary-cluster-2026'; // 36
      const { name } = rdsRestoreBody(
        rdsGroup({ target_rds_name: base }),
        rdsBackup({ database_native_id: source }),
        SOURCE_ENV,
        2,
      ).target;
      expect(name).to.equal('quarterly-financial-close-restore-ledger-postgres-primary-clust');
      expect(name).to.have.length(63);
      expectRdsIdentifier(name);
    });

    it('cut at a hyphen leaves no trailing hyphen', () => {
      const base = 'quarterly-financial-close-restore'; // 33: "<base>-" is 34 characters
      const source = 'ledger-postgres-primary-node-cluster'; // the 63rd character is the "-" before "cluster"
      const { name } = rdsRestoreBody(
        rdsGroup({ target_rds_name: base }),
        rdsBackup({ database_native_id: source }),
        SOURCE_ENV,
        2,
      ).target;
      expect(name).to.equal('quarterly-financial-close-restore-ledger-postgres-primary-node');
      expect(name).to.have.length(62);
      expectRdsIdentifier(name);
    });

    it('a 63-character target_rds_name alone is kept whole when one database matches', () => {
      const long = `orders-${'x'.repeat(56)}`;
      expect(long).to.have.length(63);
      expect(
        rdsRestoreBody(rdsGroup({ target_rds_name: long }), rdsBackup(), SOURCE_ENV, 1).target.name,
      ).to.equal(long);
    });
  });

  describe('instance_class', () => {
    it('is target_instance_class when given, over the backup', () => {
      const group = rdsGroup({ target_instance_class: 'db.m7g.2xlarge' });
      expect(rdsRestoreBody(group, rdsBackup(), SOURCE_ENV, 1).target.instance_class).to.equal(
        'db.m7g.2xlarge',
      );
      expect(rdsRestoreBody(group, rdsBackupV2(), SOURCE_ENV, 1).target.instance_class).to.equal(
        'db.m7g.2xlarge',
      );
    });

    it("else the backup's first instance class (instances[] shape)", () => {
      const cluster = rdsBackup({
        resource_type: 'aws_rds_cluster',
        instances: [
          { class: 'db.r6g.2xlarge', is_publicly_accessible: false, name: 'orders-aurora-writer' },
          { class: 'db.r6g.large', is_publicly_accessible: false, name: 'orders-aurora-reader' },
        ],
      });
      expect(rdsRestoreBody(rdsGroup(), cluster, SOURCE_ENV, 1).target.instance_class).to.equal(
        'db.r6g.2xlarge',
      );
    });

    it('else the newer instance_class[0]', () => {
      const backup = rdsBackupV2({ instance_class: ['db.t4g.medium'] });
      expect(rdsRestoreBody(rdsGroup(), backup, SOURCE_ENV, 1).target.instance_class).to.equal(
        'db.t4g.medium',
      );
    });

    it('else null', () => {
      expect(
        rdsRestoreBody(rdsGroup(), rdsBackupV2({ instance_class: null }), SOURCE_ENV, 1).target
          .instance_class,
      ).to.equal(null);
      expect(
        rdsRestoreBody(rdsGroup(), rdsBackupV2({ instance_class: [] }), SOURCE_ENV, 1).target.instance_class,
      ).to.equal(null);
    });
  });

  describe('is_publicly_accessible', () => {
    const publicCluster = rdsBackup({
      instances: [
        { class: 'db.r6g.large', is_publicly_accessible: true, name: 'orders-aurora-writer' },
        { class: 'db.r6g.large', is_publicly_accessible: true, name: 'orders-aurora-reader' },
      ],
    });
    const mixedCluster = rdsBackup({
      instances: [
        { class: 'db.r6g.large', is_publicly_accessible: true, name: 'orders-aurora-writer' },
        { class: 'db.r6g.large', is_publicly_accessible: false, name: 'orders-aurora-reader' },
      ],
    });
    const accessible = (fields: Record<string, unknown>, backup: Parameters<typeof rdsRestoreBody>[1]) =>
      rdsRestoreBody(rdsGroup(fields), backup, SOURCE_ENV, 1).target.is_publicly_accessible;

    it('unset: null when the backed-up instances carry no flag', () => {
      expect(
        accessible({}, rdsBackup({ instances: [{ class: 'db.r6g.large', name: 'orders-db' }] })),
      ).to.equal(null);
    });

    it('target false is sent as false, not null, even when the backup was public', () => {
      expect(accessible({ target_is_publicly_accessible: false }, publicCluster)).to.equal(false);
      expect(accessible({ target_is_publicly_accessible: 'false' }, publicCluster)).to.equal(false);
      expect(accessible({ target_is_publicly_accessible: false }, rdsBackupV2())).to.equal(false);
    });

    it('target true is sent as true, even when the backup was private', () => {
      expect(accessible({ target_is_publicly_accessible: true }, rdsBackup())).to.equal(true);
      expect(accessible({ target_is_publicly_accessible: 'TRUE' }, mixedCluster)).to.equal(true);
    });

    it('unset: true when every backed-up instance was public', () => {
      expect(accessible({ target_is_publicly_accessible: '' }, publicCluster)).to.equal(true);
      expect(accessible({}, rdsBackupV2({ public_access: [true, true] }))).to.equal(true);
    });

    it('unset: false when any backed-up instance was private', () => {
      expect(accessible({}, mixedCluster)).to.equal(false);
      expect(accessible({}, rdsBackup())).to.equal(false);
      expect(accessible({}, rdsBackupV2({ public_access: [true, false] }))).to.equal(false);
    });

    it('unset: null when the backup says nothing', () => {
      expect(accessible({}, rdsBackup({ instances: [] }))).to.equal(null);
      expect(accessible({}, rdsBackupV2({ public_access: null }))).to.equal(null);
      expect(accessible({}, rdsBackupV2({ public_access: [] }))).to.equal(null);
    });
  });

  describe('tags', () => {
    it('target_resource_tags replace the backup tags', () => {
      const group = rdsGroup({ target_resource_tags: [{ key: 'Name', value: 'orders-dr' }] });
      expect(rdsRestoreBody(group, rdsBackup(), SOURCE_ENV, 1).target.tags).to.deep.equal([
        { key: 'Name', value: 'orders-dr' },
      ]);
    });

    it('append_tags merge into the backup tags: same key in place, no duplicates', () => {
      const group = rdsGroup({ append_tags: { DataClass: 'restricted', RestoredBy: 'bulk' } });
      expect(rdsRestoreBody(group, rdsBackup(), SOURCE_ENV, 1).target.tags).to.deep.equal([
        { key: 'Name', value: 'orders-db' },
        { key: 'Environment', value: 'prod' },
        { key: 'DataClass', value: 'restricted' },
        { key: 'RestoredBy', value: 'bulk' },
      ]);
    });

    it('an untagged backup restores with append_tags only', () => {
      const group = rdsGroup({ append_tags: { RestoredBy: 'bulk' } });
      expect(rdsRestoreBody(group, rdsBackup({ tags: null }), SOURCE_ENV, 1).target.tags).to.deep.equal([
        { key: 'RestoredBy', value: 'bulk' },
      ]);
      expect(
        rdsRestoreBody(rdsGroup(), rdsBackupV2({ tags: null }), SOURCE_ENV, 1).target.tags,
      ).to.deep.equal([]);
    });
  });
});
