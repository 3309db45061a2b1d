import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { resourceTypes } from '../../../restorers/index.js';
import { decodeRestoreInput } from '../../../schemas/index.js';
import { decodeOk } from './helpers.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const examples = join(root, 'examples');

// bulkList inputs and IAM/secret documents live in examples/ too; they are not restore inputs.
const NOT_RESTORE_INPUT = /list[-_]?inputs?|iam|policy|trust|secret/i;

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsonFiles(path);
    return entry.name.endsWith('.json') ? [path] : [];
  });
}

const restoreInputs = jsonFiles(examples).filter((f) => !NOT_RESTORE_INPUT.test(basename(f)));

function load(name: string): unknown {
  return JSON.parse(readFileSync(join(examples, name), 'utf8'));
}

describe('examples/', () => {
  it('holds the reference example, one input per type and the mixed demo input', () => {
    const names = restoreInputs.map((f) => relative(examples, f));
    expect(names).to.include.members([
      'reference/clumio_bulk_restore_inputs_example.json',
      'restore-ebs.json',
      'restore-ec2.json',
      'restore-rds.json',
      'restore-dynamodb.json',
      'restore-protection-group.json',
      'restore-input.json',
    ]);
  });

  for (const file of restoreInputs) {
    const name = relative(examples, file);
    it(`${name} is a valid bulkRestore input without a token`, () => {
      const document = load(name);
      const result = decodeRestoreInput(document);
      expect(result.ok ? [] : result.problems, name).to.deep.equal([]);
      const token = (document as { clumio_token?: unknown }).clumio_token;
      if (name.startsWith('reference/')) expect(token).to.equal('');
      else expect(token).to.equal(undefined);
    });
  }

  it('restore-input.json (the demo) covers every resource type', () => {
    const types = new Set(decodeOk(load('restore-input.json')).groups.map((g) => g.ResourceType));
    expect([...types]).to.have.members(resourceTypes);
  });

  it('each restore-<type>.json holds groups of that type only', () => {
    const files = {
      'restore-ebs.json': 'EBS',
      'restore-ec2.json': 'EC2',
      'restore-rds.json': 'RDS',
      'restore-dynamodb.json': 'DynamoDB',
      'restore-protection-group.json': 'ProtectionGroup',
    };
    for (const [file, type] of Object.entries(files)) {
      const types = decodeOk(load(file)).groups.map((g) => g.ResourceType);
      expect(new Set(types), file).to.deep.equal(new Set([type]));
    }
  });

  describe('the reference implementation example', () => {
    const document = load('reference/clumio_bulk_restore_inputs_example.json');

    it('decodes with one warning: target_volume_tags is no longer used for EC2', () => {
      const result = decodeRestoreInput(document);
      expect(result.ok).to.equal(true);
      expect(result.warnings.map((w) => w.path)).to.deep.equal(['RestoreGroups[0].target_volume_tags']);
    });

    it('decodes to the normalised values', () => {
      const value = decodeOk(document);
      expect(value).to.deep.include({ baseUrl: 'us-west-2.api.clumio.com', dryRun: false });
      expect(value).not.to.have.any.keys('clumioToken', 'maxRestores');
      const after = { search_direction: 'after', start_search_day_offset: 0, end_search_day_offset: 10 };
      const [ec2, ebs, dynamodb, pg, rds] = value.groups;
      expect(ec2).to.deep.equal({
        ResourceType: 'EC2',
        groupIndex: 0,
        source_account: '111111111111',
        source_region: 'us-east-1',
        target_account: '111111111111',
        target_region: 'us-east-1',
        ...after,
        search_tag_key: 'App',
        search_tag_value: 'web',
        search_instance_id: '2a7ae5e1-69d4-433f-9512-8deb102df459',
        target_ami_native_id: 'ami-0123456789abcdef0',
        target_az: 'us-east-1a',
        target_key_pair_name: 'ops-111111111111-ec2-key',
        target_eni_cfg_from_backup: true,
        target_security_group_native_ids: ['sg-0a1b2c3d4e5f60001'],
        target_subnet_native_id: 'subnet-0a1b2c3d4e5f60001',
        target_vpc_native_id: 'vpc-0a1b2c3d4e5f60001',
        target_instance_tags: [{ key: 'RestoredBy', value: 'bulk-restore' }],
        should_power_on: false,
      });
      expect(ebs).to.deep.equal({
        ResourceType: 'EBS',
        groupIndex: 1,
        source_account: '333333333333',
        source_region: 'us-east-1',
        target_account: '333333333333',
        target_region: 'us-west-2',
        ...after,
        search_tag_key: 'Environment',
        search_tag_value: 'dev',
        target_az: 'us-west-2b',
        target_kms_key_native_id: '0f1e2d3c-0000-4b5a-8c7d-000000000002',
        target_volume_tags: [{ key: 'RestoredBy', value: 'bulk-restore' }],
      });
      expect(dynamodb).to.deep.equal({
        ResourceType: 'DynamoDB',
        groupIndex: 2,
        source_account: '111111111111',
        source_region: 'us-east-1',
        target_account: '222222222222',
        target_region: 'us-east-1',
        ...after,
        change_set_name: 'br5',
        target_kms_key_native_id: '1a2b3c4d-0000-4e5f-8a9b-000000000003',
      });
      expect(pg).to.deep.equal({
        ResourceType: 'ProtectionGroup',
        groupIndex: 3,
        source_account: '111111111111',
        source_region: 'us-east-1',
        target_account: '222222222222',
        target_region: 'us-east-1',
        search_direction: 'before',
        start_search_day_offset: 0,
        end_search_day_offset: 0,
        search_pg_name: 'pg-finance',
        search_bucket_names: ['prod-use1-finance-data'],
        search_object_filters: { latest_version_only: true },
        target_bucket: 'dr-restore-bucket',
        target_prefix: 'prefix/',
        target_overwrite: true,
      });
      expect(rds).to.deep.equal({
        ResourceType: 'RDS',
        groupIndex: 4,
        source_account: '333333333333',
        source_region: 'us-east-1',
        target_account: '222222222222',
        target_region: 'us-east-1',
        ...after,
        target_rds_name: 'restored-orders-db',
        target_subnet_group_name: 'restore-subnet-group',
        target_security_group_native_ids: ['sg-0a1b2c3d4e5f60004'],
        target_kms_key_native_id: '2b3c4d5e-0000-4f6a-9b8c-000000000004',
        target_resource_tags: [{ key: 'RestoredBy', value: 'bulk-restore' }],
      });
    });
  });

  it('the seed README spellings decode to the wire names', () => {
    const [ebs, ec2, rds] = decodeOk(load('reference/seed_readme_spellings_example.json')).groups;
    expect(ebs).to.deep.include({ target_az: 'us-east-1b', target_iops: 4000 });
    expect(ec2).to.deep.include({
      target_az: 'us-east-1c',
      target_security_group_native_ids: ['sg-0a1b2c3d4e5f60011'],
      end_search_day_offset: 1,
    });
    expect(rds).to.deep.include({ target_security_group_native_ids: ['sg-0a1b2c3d4e5f60012'] });
  });

  it('a bulkList output of the reference implementation decodes (null fields, placeholders, iops 0 on gp2)', () => {
    const [ebs, ec2] = decodeOk(load('reference/clumio_bulk_restore_inputs_from_list.json')).groups;
    expect(ebs).to.deep.include({ target_volume_type: 'gp2' });
    expect(ebs).not.to.have.any.keys('target_iops', 'target_kms_key_native_id');
    expect(ec2).not.to.have.any.keys('target_ami_native_id', 'target_volume_append_tags');
  });
});
