import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

import { decodeListInput, type ListInput, type Problem } from '../../../schemas/index.js';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples');
const load = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(examples, name), 'utf8')) as Record<string, unknown>;

const minimal = { source_account: '111111111111', source_asset_types: { EBS: {} } };

function ok(document: unknown): ListInput {
  const result = decodeListInput(document);
  if (!result.ok) return expect.fail(`expected a valid list input, got ${JSON.stringify(result.problems)}`);
  return result.value;
}

function problems(document: unknown): Problem[] {
  const result = decodeListInput(document);
  if (result.ok) return expect.fail('expected problems, the input is valid');
  return result.problems;
}

describe('schemas/list-input: decodeListInput (the bulkList input, DESIGN §3.4)', () => {
  it('decodes the reference implementation’s list input (reference §5.2) with the same meaning and no warning', () => {
    const result = decodeListInput(load('reference/clumio_bulk_list_inputs_example.json'));
    expect(result.warnings).to.deep.equal([]);
    const value = ok(load('reference/clumio_bulk_list_inputs_example.json'));
    expect(value).to.deep.equal({
      baseUrl: 'us-west-2.api.clumio.com',
      sourceAccount: '111111111111',
      sourceRegions: ['us-east-1'],
      assetTypes: [
        { resourceType: 'EBS', selection: { asset_tags: { Environment: 'prod', App: 'db' } } },
        { resourceType: 'EC2', selection: { asset_tags: { App: 'web' } } },
        { resourceType: 'RDS', selection: { asset_tags: {} } },
        { resourceType: 'DynamoDB', selection: {} },
        {
          resourceType: 'ProtectionGroup',
          selection: {
            protection_groups: [{ name: 'pg-finance', bucket_names: ['prod-use1-finance-data'] }],
          },
        },
      ],
      assetStatus: {
        protectionStatusIn: ['protected'],
        backupStatusIn: ['success', 'partial_success', 'failure'],
        deletedStatusIn: [false],
      },
      targetAccount: '222222222222',
      specs: {
        EBS: { append_tags: { RestoredBy: 'bulk-list' } },
        EC2: { target_region: 'us-east-1', target_az: 'us-east-1b', should_power_on: false, append_tags: {} },
        RDS: { append_tags: {} },
        DynamoDB: { append_tags: {} },
        ProtectionGroup: {
          target_bucket: 'dr-restore-bucket',
          target_prefix: 'restored/',
          search_object_filters: { latest_version_only: true },
        },
      },
      window: { direction: 'before', startOffset: 0, endOffset: 0 },
    });
  });

  it('examples/list-input.json is valid, without warnings, and lists all five types in two regions', () => {
    const result = decodeListInput(load('list-input.json'));
    expect(result.warnings).to.deep.equal([]);
    const value = ok(load('list-input.json'));
    expect(value.assetTypes.map((t) => t.resourceType)).to.deep.equal([
      'EBS',
      'EC2',
      'RDS',
      'DynamoDB',
      'ProtectionGroup',
    ]);
    expect(value.sourceRegions).to.deep.equal(['us-east-1', 'us-west-2']);
    expect(value.targetAccount).to.equal('222222222222');
    expect(value).not.to.have.property('clumioToken');
  });

  it('defaults: every connected region, deleted assets included, the newest backup up to today, targets from the backups', () => {
    expect(ok(minimal)).to.deep.equal({
      sourceAccount: '111111111111',
      assetTypes: [{ resourceType: 'EBS', selection: {} }],
      assetStatus: { deletedStatusIn: [true, false] },
      specs: {},
      window: { direction: 'before', startOffset: 0, endOffset: 0 },
    });
  });

  it('lists the types in registry order, whatever order the input names them in; a missing key skips the type', () => {
    const value = ok({ ...minimal, source_asset_types: { DynamoDB: null, EBS: {}, RDS: '' } });
    expect(value.assetTypes.map((t) => t.resourceType)).to.deep.equal(['EBS', 'RDS', 'DynamoDB']);
  });

  it('reports every problem at once with its JSON path', () => {
    expect(
      problems({
        source_account: '1111',
        source_regions: ['us-east-1', 'mars-1'],
        source_asset_types: {
          EBS: { asset_tags: { App: 7 } },
          Tape: {},
          ProtectionGroup: { protection_groups: [{ bucket_names: ['Not_A_Bucket'] }] },
        },
        asset_meta_status: { protection_status_in: ['safe'], deleted_status_in: ['maybe'] },
        search_direction: 'sideways',
        target_specs: {
          target_account: 'dr',
          EBS: {
            target_iops: 3000,
            target_volume_type: 'gp2',
            target_az: 'us-east-1a',
            target_region: 'us-west-2',
          },
          EC2: 'none',
          Disk: {},
        },
      }),
    ).to.deep.equal([
      { path: 'source_account', message: 'expected a 12-digit AWS account id, got "1111"' },
      { path: 'source_regions[1]', message: 'expected an AWS region such as "us-east-1", got "mars-1"' },
      { path: 'source_asset_types.EBS.asset_tags.App', message: 'expected a string, got 7' },
      {
        path: 'source_asset_types.Tape',
        message: 'unknown ResourceType, expected one of EBS, EC2, RDS, DynamoDB, ProtectionGroup, got "Tape"',
      },
      {
        path: 'source_asset_types.ProtectionGroup.protection_groups[0].bucket_names[0]',
        message:
          'expected an S3 bucket name (3-63 lowercase letters, digits, "." or "-", starting and ending with a letter or digit), got "Not_A_Bucket"',
      },
      {
        path: 'source_asset_types.ProtectionGroup.protection_groups[0].name',
        message: 'required for ProtectionGroup',
      },
      {
        path: 'asset_meta_status.protection_status_in[0]',
        message: 'expected one of "protected", "unprotected", "unsupported", got "safe"',
      },
      { path: 'asset_meta_status.deleted_status_in[0]', message: 'expected true or false, got "maybe"' },
      { path: 'search_direction', message: 'expected "before" or "after", got "sideways"' },
      { path: 'target_specs.target_account', message: 'expected a 12-digit AWS account id, got "dr"' },
      {
        path: 'target_specs.EBS.target_iops',
        message: 'only for gp3, io1, io2 volumes (target_volume_type is gp2)',
      },
      { path: 'target_specs.EBS.target_az', message: 'us-east-1a is not in target_region us-west-2' },
      { path: 'target_specs.EC2', message: 'expected an object of target fields, got "none"' },
      {
        path: 'target_specs.Disk',
        message: 'unknown ResourceType, expected one of EBS, EC2, RDS, DynamoDB, ProtectionGroup, got "Disk"',
      },
    ]);
  });

  it('requires source_account, at least one type, and protection_groups for ProtectionGroup', () => {
    expect(problems({})).to.deep.equal([
      { path: 'source_account', message: 'required, the AWS account whose assets are listed' },
      {
        path: 'source_asset_types',
        message:
          'required, an object with one member per type to list: one of EBS, EC2, RDS, DynamoDB, ProtectionGroup',
      },
    ]);
    expect(problems({ ...minimal, source_asset_types: { ProtectionGroup: {} } })).to.deep.equal([
      {
        path: 'source_asset_types.ProtectionGroup.protection_groups',
        message: 'required for ProtectionGroup',
      },
    ]);
  });

  it('reports unknown fields as warnings and decodes the rest', () => {
    const result = decodeListInput({
      ...minimal,
      debug: true,
      source_asset_types: { EBS: { asset_tag: { App: 'db' } } },
      asset_meta_status: { deleted: ['false'] },
      target_specs: { EBS: { target_subnet_native_id: 'subnet-1' }, RDS: { target_rds_name: 'dr' } },
    });
    expect(result.ok).to.equal(true);
    expect(result.warnings).to.deep.equal([
      { path: 'source_asset_types.EBS.asset_tag', message: 'unknown field, ignored' },
      { path: 'debug', message: 'unknown field, ignored' },
      { path: 'asset_meta_status.deleted', message: 'unknown field, ignored' },
      { path: 'target_specs.EBS.target_subnet_native_id', message: 'unknown field, ignored' },
      { path: 'target_specs.RDS', message: 'no effect: RDS is not in source_asset_types' },
    ]);
  });

  it('takes the restore side’s aliases in a spec (target_aws_az, target_security_group_native_id)', () => {
    const value = ok({
      ...minimal,
      source_asset_types: { EBS: {}, EC2: {} },
      target_specs: {
        EBS: { target_aws_az: 'us-east-1b' },
        EC2: { target_security_group_native_id: 'sg-0a1b2c3d4e5f60718' },
      },
    });
    expect(value.specs).to.deep.equal({
      EBS: { target_az: 'us-east-1b' },
      EC2: { target_security_group_native_ids: ['sg-0a1b2c3d4e5f60718'] },
    });
  });

  it('normalises the window as the restore side does', () => {
    const after = ok({
      ...minimal,
      search_direction: 'after',
      start_search_day_offset: '7',
      end_search_day_offset: 1,
    });
    expect(after.window).to.deep.equal({ direction: 'after', startOffset: 7, endOffset: 1 });
    const before = decodeListInput({
      ...minimal,
      search_direction: 'before',
      start_search_day_offset: 3,
      end_search_day_offset: 2,
    });
    expect(before.ok && before.value.window).to.deep.equal({
      direction: 'before',
      startOffset: 0,
      endOffset: 2,
    });
    expect(before.warnings).to.deep.equal([
      { path: 'start_search_day_offset', message: 'not used with search_direction "before"' },
    ]);
    const none = decodeListInput({ ...minimal, end_search_day_offset: 4 });
    expect(none.ok && none.value.window).to.deep.equal({ direction: 'before', startOffset: 0, endOffset: 0 });
    expect(none.warnings.map((w) => w.path)).to.deep.equal(['end_search_day_offset']);
  });

  it('keeps the token apart and out of every message', () => {
    const token = 'list-token-5d2e8c1a9b7f4e60';
    expect(ok({ ...minimal, clumio_token: token }).clumioToken).to.equal(token);
    const result = decodeListInput({ ...minimal, clumio_token: token, source_regions: [token] });
    expect(JSON.stringify(result)).not.to.contain(token);
    expect(result.ok ? [] : result.problems.map((p) => p.path)).to.deep.equal(['source_regions[0]']);
  });
});
