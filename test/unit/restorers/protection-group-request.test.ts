import { expect } from 'chai';

import { protectionGroupRestoreBody } from '../../../restorers/protection-group.js';
import {
  DR_ACCOUNT,
  DR_ENV,
  PG_ASSET_IDS,
  PG_BACKUP_ID,
  decodeGroupOf,
  expectBody,
  protectionGroupBackup,
  targetBucket,
} from './fixtures.js';

const pgGroup = (fields: Record<string, unknown> = {}, document: Record<string, unknown> = {}) =>
  decodeGroupOf(
    'ProtectionGroup',
    {
      search_pg_name: 'finance-buckets',
      target_account: DR_ACCOUNT,
      target_bucket: 'finance-dr-restore',
      ...fields,
    },
    document,
  );

const BUCKET = targetBucket();

const bodyOf = (fields: Record<string, unknown> = {}, assetIds: readonly string[] = PG_ASSET_IDS) =>
  protectionGroupRestoreBody(pgGroup(fields), protectionGroupBackup(), assetIds, BUCKET);

describe('restorers/protection-group: request body', () => {
  it('restores the latest versions of the selected buckets in their original storage class, overwriting', () => {
    expectBody(bodyOf(), {
      source: {
        backup_id: PG_BACKUP_ID,
        object_filters: { latest_version_only: true },
        protection_group_s3_asset_ids: PG_ASSET_IDS,
      },
      target: {
        bucket_id: BUCKET.id,
        environment_id: DR_ENV.id,
        prefix: null,
        overwrite: true,
        restore_original_storage_class: true,
        storage_class: null,
      },
    });
  });

  it('sends every target field given', () => {
    const body = bodyOf({
      source_account: '111111111111',
      source_region: 'us-east-1',
      search_bucket_names: ['finance-ledger', 'finance-reports'],
      search_object_filters: {
        latest_version_only: 'false',
        object_key_prefix: 'ledger/2026/',
        object_key_suffix: '.parquet',
        min_object_size_bytes: '1024',
        max_object_size_bytes: 5368709120,
        storage_classes: ['S3 Standard', 'S3 Standard-IA'],
      },
      target_prefix: 'restore-2026-05-10/',
      target_overwrite: 'false',
      target_storage_class: 'S3 Standard-IA',
    });
    expectBody(body, {
      source: {
        backup_id: PG_BACKUP_ID,
        object_filters: {
          latest_version_only: false,
          object_key_prefix: 'ledger/2026/',
          object_key_suffix: '.parquet',
          min_object_size_bytes: 1024,
          max_object_size_bytes: 5368709120,
          storage_classes: ['S3 Standard', 'S3 Standard-IA'],
        },
        protection_group_s3_asset_ids: PG_ASSET_IDS,
      },
      target: {
        bucket_id: BUCKET.id,
        environment_id: DR_ENV.id,
        prefix: 'restore-2026-05-10/',
        overwrite: false,
        restore_original_storage_class: false,
        storage_class: 'S3 Standard-IA',
      },
    });
  });

  it('takes the bucket id and environment from the target bucket', () => {
    const bucket = {
      ...targetBucket(),
      id: 'b0b1b2b3-c4c5-4d6d-8e7e-f8f9a0a1b2b3',
      environment_id: 'd1d2d3d4-e5e6-4f7f-8a8a-b9b9c0c0d1d1',
    };
    const { target } = protectionGroupRestoreBody(pgGroup(), protectionGroupBackup(), PG_ASSET_IDS, bucket);
    expect(target).to.deep.include({
      bucket_id: 'b0b1b2b3-c4c5-4d6d-8e7e-f8f9a0a1b2b3',
      environment_id: 'd1d2d3d4-e5e6-4f7f-8a8a-b9b9c0c0d1d1',
    });
  });

  it('sends the asset ids exactly as passed, in their order', () => {
    const one = ['c3c4c5c6-d7d8-4e9e-8f0f-a1a2b3b4c5c6'];
    expect(bodyOf({}, one).source.protection_group_s3_asset_ids).to.deep.equal(one);
    const reversed = [...PG_ASSET_IDS].reverse();
    expect(bodyOf({}, reversed).source.protection_group_s3_asset_ids).to.deep.equal(reversed);
  });

  describe('object_filters', () => {
    it('are always sent, latest_version_only defaulting to true ("", null and {} alike)', () => {
      for (const filters of [undefined, '', null, {}]) {
        expect(
          bodyOf({ search_object_filters: filters }).source.object_filters,
          JSON.stringify(filters),
        ).to.deep.equal({
          latest_version_only: true,
        });
      }
    });

    it('hold exactly the given keys, with latest_version_only added when not given', () => {
      expect(
        bodyOf({
          search_object_filters: { object_key_contains: 'invoice', etag: 'd41d8cd98f00b204e9800998ecf8427e' },
        }).source.object_filters,
      ).to.deep.equal({
        latest_version_only: true,
        object_key_contains: 'invoice',
        etag: 'd41d8cd98f00b204e9800998ecf8427e',
      });
    });

    it('leave out members given as "" or null', () => {
      const filters = {
        object_key_prefix: 'ledger/',
        object_key_suffix: '',
        version_id: null,
        storage_classes: [],
      };
      expect(bodyOf({ search_object_filters: filters }).source.object_filters).to.deep.equal({
        latest_version_only: true,
        object_key_prefix: 'ledger/',
      });
    });

    it('send every Clumio filter when all are given', () => {
      const filters = {
        latest_version_only: true,
        object_key_prefix: 'ledger/',
        object_key_suffix: '.csv',
        object_key_contains: '2026',
        object_key_matches: 'ledger/*.csv',
        etag: 'd41d8cd98f00b204e9800998ecf8427e',
        version_id: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo',
        min_object_size_bytes: 0,
        max_object_size_bytes: 1048576,
        storage_classes: ['S3 Standard', 'S3 Standard-IA', 'S3 Intelligent-Tiering', 'S3 One Zone-IA'],
      };
      expect(bodyOf({ search_object_filters: filters }).source.object_filters).to.deep.equal(filters);
    });

    it('come from DefaultInput when the group leaves them unset', () => {
      const group = pgGroup(
        { search_object_filters: '' },
        { DefaultInput: { ProtectionGroup: { search_object_filters: { object_key_prefix: 'ledger/' } } } },
      );
      const body = protectionGroupRestoreBody(group, protectionGroupBackup(), PG_ASSET_IDS, BUCKET);
      expect(body.source.object_filters).to.deep.equal({
        latest_version_only: true,
        object_key_prefix: 'ledger/',
      });
    });
  });

  describe('target', () => {
    it('prefix is target_prefix, or null', () => {
      expect(bodyOf({ target_prefix: 'restored/' }).target.prefix).to.equal('restored/');
      expect(bodyOf({ target_prefix: '' }).target.prefix).to.equal(null);
    });

    it('overwrite defaults to true and is false when given so', () => {
      expect(bodyOf({ target_overwrite: '' }).target.overwrite).to.equal(true);
      expect(bodyOf({ target_overwrite: true }).target.overwrite).to.equal(true);
      expect(bodyOf({ target_overwrite: false }).target.overwrite).to.equal(false);
      expect(bodyOf({ target_overwrite: 'False' }).target.overwrite).to.equal(false);
    });

    it('restores the original storage class unless target_storage_class is given', () => {
      expect(bodyOf({ target_storage_class: '' }).target).to.deep.include({
        restore_original_storage_class: true,
        storage_class: null,
      });
      for (const storageClass of ['S3 Standard', 'S3 Intelligent-Tiering']) {
        expect(bodyOf({ target_storage_class: storageClass }).target).to.deep.include({
          restore_original_storage_class: false,
          storage_class: storageClass,
        });
      }
    });
  });
});
