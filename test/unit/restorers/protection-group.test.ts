import { expect } from 'chai';

import { DEFAULT_SEARCH, decodeGroup, problemsOf } from '../schemas/helpers.js';

const PG = {
  ResourceType: 'ProtectionGroup',
  search_pg_name: 'pg-finance',
  target_account: '222222222222',
  target_bucket: 'dr-restore-bucket',
};
const BUCKET_RULES =
  'an S3 bucket name (3-63 lowercase letters, digits, "." or "-", starting and ending with a letter or digit)';

describe('restorers/protection-group: input', () => {
  it('decodes every ProtectionGroup field', () => {
    const group = decodeGroup({
      ...PG,
      source_account: '111111111111',
      source_region: 'us-west-2',
      target_region: 'us-east-1',
      search_bucket_names: ['finance-ledger', 'finance-reports'],
      search_object_filters: {
        latest_version_only: false,
        object_key_prefix: 'ledger/',
        object_key_suffix: '.csv',
        object_key_contains: '2024',
        object_key_matches: 'ledger/*.csv',
        etag: 'd41d8cd98f00b204e9800998ecf8427e',
        version_id: 'v1',
        min_object_size_bytes: '1',
        max_object_size_bytes: 1048576,
        storage_classes: ['S3 Standard', 'S3 Standard-IA', 'S3 Intelligent-Tiering', 'S3 One Zone-IA'],
      },
      target_prefix: 'restore/',
      target_overwrite: false,
      target_storage_class: 'S3 Standard-IA',
    });
    expect(group).to.deep.equal({
      ResourceType: 'ProtectionGroup',
      groupIndex: 0,
      source_account: '111111111111',
      source_region: 'us-west-2',
      target_account: '222222222222',
      target_region: 'us-east-1',
      ...DEFAULT_SEARCH,
      search_pg_name: 'pg-finance',
      search_bucket_names: ['finance-ledger', 'finance-reports'],
      search_object_filters: {
        latest_version_only: false,
        object_key_prefix: 'ledger/',
        object_key_suffix: '.csv',
        object_key_contains: '2024',
        object_key_matches: 'ledger/*.csv',
        etag: 'd41d8cd98f00b204e9800998ecf8427e',
        version_id: 'v1',
        min_object_size_bytes: 1,
        max_object_size_bytes: 1048576,
        storage_classes: ['S3 Standard', 'S3 Standard-IA', 'S3 Intelligent-Tiering', 'S3 One Zone-IA'],
      },
      target_bucket: 'dr-restore-bucket',
      target_prefix: 'restore/',
      target_overwrite: false,
      target_storage_class: 'S3 Standard-IA',
    });
  });

  it('defaults: all buckets, latest versions only, overwrite; no source needed', () => {
    expect(decodeGroup(PG)).to.deep.equal({
      ResourceType: 'ProtectionGroup',
      groupIndex: 0,
      target_account: '222222222222',
      ...DEFAULT_SEARCH,
      search_pg_name: 'pg-finance',
      search_object_filters: { latest_version_only: true },
      target_bucket: 'dr-restore-bucket',
      target_overwrite: true,
    });
    expect(
      decodeGroup({ ...PG, search_bucket_names: [], search_object_filters: {}, target_overwrite: '' }),
    ).to.deep.include({ search_object_filters: { latest_version_only: true }, target_overwrite: true });
    expect(decodeGroup({ ...PG, search_object_filters: { object_key_prefix: 'a/' } })).to.deep.include({
      search_object_filters: { latest_version_only: true, object_key_prefix: 'a/' },
    });
  });

  it('requires search_pg_name and target_bucket', () => {
    expect(
      problemsOf({ RestoreGroups: [{ ResourceType: 'ProtectionGroup', target_account: '222222222222' }] }),
    ).to.deep.equal([
      { path: 'RestoreGroups[0].search_pg_name', message: 'required for ProtectionGroup' },
      { path: 'RestoreGroups[0].target_bucket', message: 'required for ProtectionGroup' },
    ]);
  });

  it('an unknown object filter key is a problem, not a warning', () => {
    const problems = problemsOf({
      RestoreGroups: [{ ...PG, search_object_filters: { latest_version_only: true, foo: 'bar' } }],
    });
    expect(problems).to.deep.equal([
      {
        path: 'RestoreGroups[0].search_object_filters.foo',
        message:
          'unknown key, expected one of latest_version_only, object_key_prefix, object_key_suffix, object_key_contains, object_key_matches, etag, version_id, min_object_size_bytes, max_object_size_bytes, storage_classes',
      },
    ]);
  });

  it('checks the filter values and their bounds', () => {
    expect(
      problemsOf({
        RestoreGroups: [
          {
            ...PG,
            search_object_filters: {
              latest_version_only: 'no',
              min_object_size_bytes: 10,
              max_object_size_bytes: 5,
              storage_classes: ['S3 Glacier'],
            },
          },
          { ...PG, search_object_filters: ['x'] },
        ],
      }),
    ).to.deep.equal([
      {
        path: 'RestoreGroups[0].search_object_filters.latest_version_only',
        message: 'expected true or false, got "no"',
      },
      {
        path: 'RestoreGroups[0].search_object_filters.storage_classes[0]',
        message:
          'expected one of "S3 Standard", "S3 Standard-IA", "S3 Intelligent-Tiering", "S3 One Zone-IA", got "S3 Glacier"',
      },
      {
        path: 'RestoreGroups[1].search_object_filters',
        message: 'expected an object of S3 object filters, got a list',
      },
    ]);
    expect(
      problemsOf({
        RestoreGroups: [
          { ...PG, search_object_filters: { min_object_size_bytes: 10, max_object_size_bytes: 5 } },
        ],
      }),
    ).to.deep.equal([
      {
        path: 'RestoreGroups[0].search_object_filters.min_object_size_bytes',
        message: 'must not exceed max_object_size_bytes (10 > 5)',
      },
    ]);
  });

  it('checks bucket names', () => {
    expect(
      problemsOf({
        RestoreGroups: [{ ...PG, target_bucket: 'DR_Bucket', search_bucket_names: ['ok-bucket', 'x'] }],
      }),
    ).to.deep.equal([
      { path: 'RestoreGroups[0].target_bucket', message: `expected ${BUCKET_RULES}, got "DR_Bucket"` },
      { path: 'RestoreGroups[0].search_bucket_names[1]', message: `expected ${BUCKET_RULES}, got "x"` },
    ]);
  });
});
