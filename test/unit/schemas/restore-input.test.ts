import { expect } from 'chai';

import { decodeRestoreInput } from '../../../schemas/index.js';
import { DEFAULT_SEARCH, SOURCE, decodeGroup, decodeOk, problemsOf, warningsOf } from './helpers.js';

const EBS = { ResourceType: 'EBS', ...SOURCE, target_az: 'us-east-1a' };
const PG = {
  ResourceType: 'ProtectionGroup',
  search_pg_name: 'pg-finance',
  target_bucket: 'dr-restore-bucket',
};
const PG_DR = { ...PG, target_account: '222222222222' };
const ALLOWED = 'one of EBS, EC2, RDS, DynamoDB, ProtectionGroup';

describe('schemas/restore-input: decodeRestoreInput', () => {
  describe('top level', () => {
    it('decodes every top-level field', () => {
      const result = decodeRestoreInput({
        base_url: 'us-west-2.api.clumio.com',
        clumio_token: 'tok-abc',
        dry_run: true,
        max_restores: 50,
        skip_unplannable_groups: 'true',
        debug: 1,
        RestoreGroups: [EBS],
      });
      expect(result.ok).to.equal(true);
      if (!result.ok) return;
      expect(result.warnings).to.deep.equal([]);
      const { groups, ...top } = result.value;
      expect(top).to.deep.equal({
        baseUrl: 'us-west-2.api.clumio.com',
        clumioToken: 'tok-abc',
        dryRun: true,
        skipUnplannableGroups: true,
        maxRestores: 50,
      });
      expect(groups).to.have.length(1);
    });

    it('leaves unset top-level fields out; dry_run and skip_unplannable_groups default to false', () => {
      const { groups, ...top } = decodeOk({
        base_url: '',
        clumio_token: '',
        max_restores: '',
        RestoreGroups: [EBS],
      });
      expect(top).to.deep.equal({ dryRun: false, skipUnplannableGroups: false });
      expect(groups).to.have.length(1);
    });

    it('accepts "true" for dry_run and a digit string for max_restores', () => {
      const value = decodeOk({ dry_run: 'true', max_restores: '1000', RestoreGroups: [EBS] });
      expect(value.dryRun).to.equal(true);
      expect(value.maxRestores).to.equal(1000);
    });

    it('accepts debug and the bulkList Note without a warning; warns about other unknown fields', () => {
      const result = decodeRestoreInput({ debug: 99, Note: 'text', clumio_tokn: 'x', RestoreGroups: [EBS] });
      expect(result.ok).to.equal(true);
      expect(result.warnings).to.deep.equal([{ path: 'clumio_tokn', message: 'unknown field, ignored' }]);
    });

    it('reports bad top-level values', () => {
      expect(
        problemsOf({
          base_url: 5,
          dry_run: 'yes',
          max_restores: 0,
          clumio_token: 12345678,
          RestoreGroups: [EBS],
        }),
      ).to.deep.equal([
        { path: 'base_url', message: 'expected a non-empty string, got 5' },
        { path: 'dry_run', message: 'expected true or false, got "yes"' },
        { path: 'max_restores', message: 'expected a whole number ≥ 1, got 0' },
        { path: 'clumio_token', message: 'expected a string' },
      ]);
    });

    it('requires a JSON object', () => {
      expect(problemsOf([EBS])).to.deep.equal([
        { path: '', message: 'expected a JSON object with RestoreGroups, got a list' },
      ]);
      expect(problemsOf('x')).to.deep.equal([
        { path: '', message: 'expected a JSON object with RestoreGroups, got "x"' },
      ]);
    });

    it('requires a non-empty RestoreGroups list of objects', () => {
      expect(problemsOf({})).to.deep.equal([
        { path: 'RestoreGroups', message: 'required, a list of restore groups' },
      ]);
      expect(problemsOf({ RestoreGroups: [] })).to.deep.equal([
        { path: 'RestoreGroups', message: 'expected at least one restore group, got an empty list' },
      ]);
      expect(problemsOf({ RestoreGroups: EBS })).to.deep.equal([
        { path: 'RestoreGroups', message: 'expected a list of restore groups, got an object' },
      ]);
      expect(problemsOf({ RestoreGroups: [EBS, 'EBS'] })).to.deep.equal([
        { path: 'RestoreGroups[1]', message: 'expected an object (a restore group), got "EBS"' },
      ]);
    });
  });

  describe('ResourceType', () => {
    it('is required and must be a known type; the problem names the allowed ones', () => {
      expect(
        problemsOf({ RestoreGroups: [{ ...SOURCE }, { ResourceType: 'S3' }, { ResourceType: 'ebs' }] }),
      ).to.deep.equal([
        { path: 'RestoreGroups[0].ResourceType', message: `required, ${ALLOWED}` },
        {
          path: 'RestoreGroups[1].ResourceType',
          message: `unknown ResourceType, expected ${ALLOWED}, got "S3"`,
        },
        {
          path: 'RestoreGroups[2].ResourceType',
          message: `unknown ResourceType, expected ${ALLOWED}, got "ebs"`,
        },
      ]);
    });
  });

  describe('common group fields', () => {
    it('decodes the common fields and keeps the position of the group', () => {
      const value = decodeOk({
        RestoreGroups: [
          PG_DR,
          {
            ...EBS,
            source_account: '111111111111',
            source_region: 'us-east-1',
            target_account: '222222222222',
            target_region: 'us-east-1',
            search_direction: 'after',
            start_search_day_offset: '7',
            end_search_day_offset: 2,
            search_tag_key: 'Environment',
            search_tag_value: 'prod',
            append_tags: { RestoredBy: 'bulk' },
          },
        ],
      });
      expect(value.groups[1]).to.deep.equal({
        ResourceType: 'EBS',
        groupIndex: 1,
        source_account: '111111111111',
        source_region: 'us-east-1',
        target_account: '222222222222',
        target_region: 'us-east-1',
        search_direction: 'after',
        start_search_day_offset: 7,
        end_search_day_offset: 2,
        search_tag_key: 'Environment',
        search_tag_value: 'prod',
        append_tags: { RestoredBy: 'bulk' },
        target_az: 'us-east-1a',
      });
      expect(value.groups[0]?.groupIndex).to.equal(0);
    });

    it('restores into the source account and region by default', () => {
      const group = decodeGroup({ ...EBS });
      expect(group).to.deep.include({ target_account: '111111111111', target_region: 'us-east-1' });
      const crossRegion = decodeGroup({ ...EBS, target_region: 'us-west-2', target_az: 'us-west-2a' });
      expect(crossRegion).to.deep.include({ target_account: '111111111111', target_region: 'us-west-2' });
    });

    it('requires source_account and source_region for EBS, EC2, RDS and DynamoDB', () => {
      const types = [
        { ResourceType: 'EBS', target_az: 'us-east-1a' },
        { ResourceType: 'EC2' },
        { ResourceType: 'RDS', target_rds_name: 'db1' },
        { ResourceType: 'DynamoDB', change_set_name: 'dr' },
      ];
      const problems = problemsOf({ RestoreGroups: types.map((g) => ({ ...g, source_region: '' })) });
      expect(problems).to.deep.equal(
        types.flatMap((g, i) => [
          { path: `RestoreGroups[${i}].source_region`, message: `required for ${g.ResourceType}` },
          { path: `RestoreGroups[${i}].source_account`, message: `required for ${g.ResourceType}` },
        ]),
      );
    });

    it('checks the form of accounts and regions', () => {
      expect(
        problemsOf({
          RestoreGroups: [{ ...EBS, source_account: '1111', target_region: 'us-east', source_region: 'x' }],
        }),
      ).to.deep.equal([
        {
          path: 'RestoreGroups[0].source_account',
          message: 'expected a 12-digit AWS account id, got "1111"',
        },
        {
          path: 'RestoreGroups[0].source_region',
          message: 'expected an AWS region such as "us-east-1", got "x"',
        },
        {
          path: 'RestoreGroups[0].target_region',
          message: 'expected an AWS region such as "us-east-1", got "us-east"',
        },
      ]);
    });

    it('no search_direction: before with offsets 0', () => {
      expect(decodeGroup({ ...EBS })).to.deep.include(DEFAULT_SEARCH);
      expect(decodeGroup({ ...EBS, search_direction: '' })).to.deep.include(DEFAULT_SEARCH);
    });

    it('no search_direction with offsets: they are ignored, with a warning', () => {
      const document = {
        RestoreGroups: [{ ...EBS, start_search_day_offset: 0, end_search_day_offset: '3' }],
      };
      expect(decodeOk(document).groups[0]).to.deep.include(DEFAULT_SEARCH);
      expect(warningsOf(document)).to.deep.equal([
        {
          path: 'RestoreGroups[0].end_search_day_offset',
          message: 'ignored without search_direction: the newest backup up to the end of today is used',
        },
      ]);
    });

    it('before: start_search_day_offset is not used (warning when it is not 0)', () => {
      const document = {
        RestoreGroups: [{ ...EBS, search_direction: 'before', start_search_day_offset: 4 }],
      };
      expect(decodeOk(document).groups[0]).to.deep.include({
        search_direction: 'before',
        start_search_day_offset: 4,
        end_search_day_offset: 0,
      });
      expect(warningsOf(document)).to.deep.equal([
        {
          path: 'RestoreGroups[0].start_search_day_offset',
          message: 'not used with search_direction "before"',
        },
      ]);
      expect(
        warningsOf({ RestoreGroups: [{ ...EBS, search_direction: 'before', start_search_day_offset: 0 }] }),
      ).to.deep.equal([]);
    });

    it('after: the offsets are kept as given (either order), missing ones are 0', () => {
      expect(decodeGroup({ ...EBS, search_direction: 'after', end_search_day_offset: '10' })).to.deep.include(
        {
          search_direction: 'after',
          start_search_day_offset: 0,
          end_search_day_offset: 10,
        },
      );
    });

    it('search_direction other than before/after is a problem', () => {
      expect(problemsOf({ RestoreGroups: [{ ...EBS, search_direction: 'sideways' }] })).to.deep.equal([
        {
          path: 'RestoreGroups[0].search_direction',
          message: 'expected "before" or "after", got "sideways"',
        },
      ]);
    });

    it('offsets must be whole numbers ≥ 0 (digit strings accepted)', () => {
      expect(
        problemsOf({
          RestoreGroups: [
            { ...EBS, search_direction: 'after', start_search_day_offset: -1, end_search_day_offset: '1d' },
          ],
        }),
      ).to.deep.equal([
        { path: 'RestoreGroups[0].start_search_day_offset', message: 'expected a whole number ≥ 0, got -1' },
        { path: 'RestoreGroups[0].end_search_day_offset', message: 'expected a whole number ≥ 0, got "1d"' },
      ]);
    });

    it('a tag key needs a value and a value needs a key; "" means unset', () => {
      expect(
        problemsOf({
          RestoreGroups: [
            { ...EBS, search_tag_key: 'App', search_tag_value: '' },
            { ...EBS, search_tag_value: 'web' },
          ],
        }),
      ).to.deep.equal([
        { path: 'RestoreGroups[0].search_tag_value', message: 'required when search_tag_key is given' },
        { path: 'RestoreGroups[1].search_tag_key', message: 'required when search_tag_value is given' },
      ]);
      const group = decodeGroup({ ...EBS, search_tag_key: '', search_tag_value: '' });
      expect(group).not.to.have.any.keys('search_tag_key', 'search_tag_value');
    });

    it('append_tags is a {key: value} map', () => {
      expect(
        problemsOf({ RestoreGroups: [{ ...EBS, append_tags: [{ key: 'a', value: 'b' }] }] }),
      ).to.deep.equal([
        {
          path: 'RestoreGroups[0].append_tags',
          message: 'expected an object of tags {"key": "value"}, got a list',
        },
      ]);
    });

    it('ProtectionGroup: the source is optional, but the target account must be known', () => {
      expect(decodeGroup({ ...PG, target_account: '222222222222' })).to.deep.include({
        target_account: '222222222222',
      });
      expect(decodeGroup({ ...PG, source_account: '111111111111' })).to.deep.include({
        source_account: '111111111111',
        target_account: '111111111111',
      });
      expect(problemsOf({ RestoreGroups: [PG] })).to.deep.equal([
        {
          path: 'RestoreGroups[0].target_account',
          message: 'required for ProtectionGroup when source_account is not given',
        },
      ]);
    });

    it('unknown group fields are warnings with their path, not problems', () => {
      const result = decodeRestoreInput({ RestoreGroups: [{ ...EBS, foo: 1, target_rds_name: 'x' }] });
      expect(result.ok).to.equal(true);
      expect(result.warnings).to.deep.equal([
        { path: 'RestoreGroups[0].foo', message: 'unknown field, ignored' },
        { path: 'RestoreGroups[0].target_rds_name', message: 'unknown field, ignored' },
      ]);
      if (result.ok) expect(result.value.groups[0]).not.to.have.any.keys('foo', 'target_rds_name');
    });
  });

  describe('"" and null mean unset for every optional field', () => {
    it('drops them from the decoded group', () => {
      const group = decodeGroup({
        ...EBS,
        target_account: '',
        target_region: null,
        search_tag_key: null,
        append_tags: '',
        target_iops: '',
        target_volume_type: '',
        target_kms_key_native_id: null,
        target_volume_tags: [],
        search_volume_id: '',
      });
      expect(group).to.deep.equal({
        ResourceType: 'EBS',
        groupIndex: 0,
        ...SOURCE,
        target_account: '111111111111',
        target_region: 'us-east-1',
        ...DEFAULT_SEARCH,
        target_az: 'us-east-1a',
      });
    });
  });

  describe('aliases', () => {
    it('renames target_aws_az to target_az', () => {
      const group = decodeGroup({ ResourceType: 'EBS', ...SOURCE, target_aws_az: 'us-east-1c' });
      expect(group).to.deep.include({ target_az: 'us-east-1c' });
      expect(group).not.to.have.property('target_aws_az');
    });

    it('accepts the alias and its wire name with the same value', () => {
      const group = decodeGroup({ ...EBS, target_aws_az: 'us-east-1a' });
      expect(group).to.deep.include({ target_az: 'us-east-1a' });
    });

    it('reports the alias and the wire name given with different values', () => {
      expect(problemsOf({ RestoreGroups: [{ ...EBS, target_aws_az: 'us-east-1b' }] })).to.deep.equal([
        {
          path: 'RestoreGroups[0].target_aws_az',
          message: 'another name for target_az, which is also given with a different value',
        },
      ]);
    });

    it('reports a bad value where the user wrote it (the alias)', () => {
      expect(
        problemsOf({ RestoreGroups: [{ ResourceType: 'EBS', ...SOURCE, target_aws_az: 'us-west-2a' }] }),
      ).to.deep.equal([
        { path: 'RestoreGroups[0].target_aws_az', message: 'us-west-2a is not in target_region us-east-1' },
      ]);
      expect(
        problemsOf({ RestoreGroups: [{ ResourceType: 'EBS', ...SOURCE, target_aws_az: 'zone-a' }] }),
      ).to.deep.equal([
        {
          path: 'RestoreGroups[0].target_aws_az',
          message: 'expected an availability zone such as "us-east-1a", got "zone-a"',
        },
      ]);
    });

    it('an unset alias is ignored', () => {
      expect(decodeGroup({ ...EBS, target_aws_az: '' })).to.deep.include({ target_az: 'us-east-1a' });
    });
  });

  describe('DefaultInput', () => {
    const withDefaults = (group: Record<string, unknown>, defaults: Record<string, unknown>) => ({
      DefaultInput: defaults,
      RestoreGroups: [group],
    });
    const EBS_NO_AZ = { ResourceType: 'EBS', ...SOURCE };

    it('fills fields that are absent, "", null or []', () => {
      const defaults = {
        EBS: {
          target_az: 'us-east-1b',
          target_volume_type: 'gp3',
          target_kms_key_native_id: 'alias/k',
          target_volume_tags: [{ key: 'A', value: '1' }],
        },
      };
      const group = decodeOk(
        withDefaults(
          { ...EBS_NO_AZ, target_volume_type: '', target_kms_key_native_id: null, target_volume_tags: [] },
          defaults,
        ),
      ).groups[0];
      expect(group).to.deep.include({
        target_az: 'us-east-1b',
        target_volume_type: 'gp3',
        target_kms_key_native_id: 'alias/k',
        target_volume_tags: [{ key: 'A', value: '1' }],
      });
    });

    it('keeps a value the group gives', () => {
      const group = decodeOk(withDefaults({ ...EBS }, { EBS: { target_az: 'us-east-1b' } })).groups[0];
      expect(group).to.deep.include({ target_az: 'us-east-1a' });
    });

    it('applies only to groups of its type, and takes common fields too', () => {
      const value = decodeOk({
        DefaultInput: {
          ProtectionGroup: { target_account: '222222222222', target_bucket: 'dr-restore-bucket' },
        },
        RestoreGroups: [{ ResourceType: 'ProtectionGroup', search_pg_name: 'pg-logs' }, EBS],
      });
      expect(value.groups[0]).to.deep.include({
        target_account: '222222222222',
        target_bucket: 'dr-restore-bucket',
      });
      expect(value.groups[1]).to.deep.include({ target_account: '111111111111' });
    });

    it('resolves aliases in the defaults', () => {
      const group = decodeOk(withDefaults(EBS_NO_AZ, { EBS: { target_aws_az: 'us-east-1c' } })).groups[0];
      expect(group).to.deep.include({ target_az: 'us-east-1c' });
    });

    it('an unset default fills nothing: the group rules still apply (the bulkList placeholders)', () => {
      expect(problemsOf(withDefaults(EBS_NO_AZ, { EBS: { target_az: '' } }))).to.deep.equal([
        { path: 'RestoreGroups[0].target_az', message: 'required for EBS' },
      ]);
    });

    it('reports an unknown ResourceType key naming the allowed ones', () => {
      expect(problemsOf(withDefaults(EBS, { S3: { target_bucket: 'b' }, EBS: {} }))).to.deep.equal([
        { path: 'DefaultInput.S3', message: `unknown ResourceType, expected ${ALLOWED}, got "S3"` },
      ]);
    });

    it('reports a bad default value once, at its DefaultInput path', () => {
      expect(problemsOf(withDefaults(EBS, { EBS: { target_iops: 'fast' } }))).to.deep.equal([
        { path: 'DefaultInput.EBS.target_iops', message: 'expected a whole number ≥ 1, got "fast"' },
      ]);
    });

    it('says when a rule fails on a value from DefaultInput', () => {
      const document = withDefaults({ ...EBS, target_volume_type: 'gp2' }, { EBS: { target_iops: 3000 } });
      expect(problemsOf(document)).to.deep.equal([
        {
          path: 'RestoreGroups[0].target_iops',
          message: 'only for gp3, io1, io2 volumes (target_volume_type is gp2) [from DefaultInput.EBS]',
        },
      ]);
    });

    it('reports shapes that are not objects', () => {
      expect(problemsOf({ DefaultInput: [1], RestoreGroups: [EBS] })).to.deep.equal([
        {
          path: 'DefaultInput',
          message: 'expected an object {"<ResourceType>": {field: value}}, got a list',
        },
      ]);
      expect(problemsOf(withDefaults(EBS, { EBS: 'x' }))).to.deep.equal([
        { path: 'DefaultInput.EBS', message: 'expected an object of default field values, got "x"' },
      ]);
    });

    it('warns about unknown and deprecated default fields', () => {
      const document = withDefaults(EBS, {
        EBS: { foo: 1 },
        EC2: { target_volume_tags: [{ key: 'a', value: 'b' }] },
      });
      expect(decodeRestoreInput(document).ok).to.equal(true);
      expect(warningsOf(document)).to.deep.equal([
        { path: 'DefaultInput.EBS.foo', message: 'unknown field, ignored' },
        {
          path: 'DefaultInput.EC2.target_volume_tags',
          message:
            'no longer used for EC2, ignored (volumes keep their backed-up tags; add tags with target_volume_append_tags or append_tags)',
        },
      ]);
    });
  });

  describe('every problem at once', () => {
    it('reports every problem of every group (8 problems in 3 of 4 groups) in document order', () => {
      const problems = problemsOf({
        RestoreGroups: [
          { ResourceType: 'EBS', source_region: 'us-east-1', source_account: '12', target_iops: 'x' },
          { ...EBS },
          { ResourceType: 'EC2', ...SOURCE, search_direction: 'sideways', target_region: 'us-west-2' },
          { ResourceType: 'RDS', ...SOURCE, target_rds_name: 'ok-name', search_tag_key: 'App' },
        ],
      });
      expect(problems).to.deep.equal([
        { path: 'RestoreGroups[0].source_account', message: 'expected a 12-digit AWS account id, got "12"' },
        { path: 'RestoreGroups[0].target_iops', message: 'expected a whole number ≥ 1, got "x"' },
        { path: 'RestoreGroups[0].target_az', message: 'required for EBS' },
        {
          path: 'RestoreGroups[2].search_direction',
          message: 'expected "before" or "after", got "sideways"',
        },
        {
          path: 'RestoreGroups[2].target_ami_native_id',
          message:
            "required when restoring to another account or region (the backup's AMI does not exist there)",
        },
        {
          path: 'RestoreGroups[2].target_vpc_native_id',
          message:
            "required when restoring to another account or region (the backup's VPC does not exist there)",
        },
        {
          path: 'RestoreGroups[2].target_subnet_native_id',
          message:
            "required when restoring to another account or region (the backup's subnets do not exist there)",
        },
        { path: 'RestoreGroups[3].search_tag_value', message: 'required when search_tag_key is given' },
      ]);
    });

    it('orders problems by where they are in the document, sections included', () => {
      const problems = problemsOf({
        RestoreGroups: [{ ...EBS, target_volume_type: 'gp9' }],
        DefaultInput: { RDS: { target_rds_name: '9x' } },
        max_restores: -1,
      });
      expect(problems.map((p) => p.path)).to.deep.equal([
        'RestoreGroups[0].target_volume_type',
        'DefaultInput.RDS.target_rds_name',
        'max_restores',
      ]);
    });

    it('reports warnings alongside problems', () => {
      const result = decodeRestoreInput({
        extra: 1,
        RestoreGroups: [{ ResourceType: 'EBS', ...SOURCE, bogus: 1 }],
      });
      expect(result).to.deep.equal({
        ok: false,
        problems: [{ path: 'RestoreGroups[0].target_az', message: 'required for EBS' }],
        warnings: [
          { path: 'extra', message: 'unknown field, ignored' },
          { path: 'RestoreGroups[0].bogus', message: 'unknown field, ignored' },
        ],
      });
    });
  });

  describe('the token', () => {
    it('never appears in a problem or warning, even when it lands in another field', () => {
      const token = 'secret-token-123';
      const result = decodeRestoreInput({
        clumio_token: token,
        [token]: 1,
        RestoreGroups: [{ ...EBS, target_az: token, search_pg_name: token }],
      });
      expect(result.ok).to.equal(false);
      expect(JSON.stringify(result)).not.to.include(token);
      if (!result.ok) {
        expect(result.problems).to.deep.equal([
          {
            path: 'RestoreGroups[0].target_az',
            message: 'expected an availability zone such as "us-east-1a", got "<redacted>"',
          },
        ]);
      }
    });

    it('is kept in the decoded value, apart from the groups', () => {
      const value = decodeOk({ clumio_token: 'secret-token-123', RestoreGroups: [EBS] });
      expect(value.clumioToken).to.equal('secret-token-123');
      expect(JSON.stringify(value.groups)).not.to.include('secret');
    });
  });
});
