import { expect } from 'chai';

import { DEFAULT_SEARCH, SOURCE, decodeGroup, problemsOf, warningsOf } from '../schemas/helpers.js';

const EC2 = { ResourceType: 'EC2', ...SOURCE };
const ELSEWHERE = "required when restoring to another account or region (the backup's";

describe('restorers/ec2: input', () => {
  it('decodes every EC2 field', () => {
    const group = decodeGroup({
      ...EC2,
      search_instance_id: 'i-0123456789abcdef0',
      target_account: '222222222222',
      target_region: 'us-east-1',
      target_ami_native_id: 'ami-0a1b2c3d4e5f67890',
      target_az: 'us-east-1b',
      target_vpc_native_id: 'vpc-01',
      target_subnet_native_id: 'subnet-01',
      target_security_group_native_ids: ['sg-01', 'sg-02'],
      target_kms_key_native_id: 'alias/dr',
      target_iam_instance_profile_name: 'web-profile',
      target_key_pair_name: 'ops',
      target_eni_cfg_from_backup: false,
      target_instance_tags: [{ key: 'Name', value: 'web' }],
      target_volume_append_tags: [{ key: 'RestoredBy', value: 'bulk' }],
      should_power_on: 'true',
    });
    expect(group).to.deep.equal({
      ResourceType: 'EC2',
      groupIndex: 0,
      ...SOURCE,
      target_account: '222222222222',
      target_region: 'us-east-1',
      ...DEFAULT_SEARCH,
      search_instance_id: 'i-0123456789abcdef0',
      target_ami_native_id: 'ami-0a1b2c3d4e5f67890',
      target_az: 'us-east-1b',
      target_vpc_native_id: 'vpc-01',
      target_subnet_native_id: 'subnet-01',
      target_security_group_native_ids: ['sg-01', 'sg-02'],
      target_kms_key_native_id: 'alias/dr',
      target_iam_instance_profile_name: 'web-profile',
      target_key_pair_name: 'ops',
      target_eni_cfg_from_backup: false,
      target_instance_tags: [{ key: 'Name', value: 'web' }],
      target_volume_append_tags: [{ key: 'RestoredBy', value: 'bulk' }],
      should_power_on: true,
    });
  });

  it('needs no target field to restore in place; "" and null leave them unset', () => {
    const group = decodeGroup({
      ...EC2,
      target_ami_native_id: null,
      target_az: '',
      target_iam_instance_profile_name: '',
      target_security_group_native_ids: [],
      should_power_on: '',
    });
    expect(group).to.deep.equal({
      ResourceType: 'EC2',
      groupIndex: 0,
      ...SOURCE,
      target_account: '111111111111',
      target_region: 'us-east-1',
      ...DEFAULT_SEARCH,
    });
  });

  it('aliases: target_aws_az, and target_security_group_native_id as a string or a list', () => {
    expect(
      decodeGroup({ ...EC2, target_aws_az: 'us-east-1c', target_security_group_native_id: 'sg-01' }),
    ).to.deep.include({ target_az: 'us-east-1c', target_security_group_native_ids: ['sg-01'] });
    expect(decodeGroup({ ...EC2, target_security_group_native_id: ['sg-01', 'sg-02'] })).to.deep.include({
      target_security_group_native_ids: ['sg-01', 'sg-02'],
    });
    expect(
      decodeGroup({
        ...EC2,
        target_security_group_native_id: 'sg-01',
        target_security_group_native_ids: ['sg-01'],
      }),
    ).to.deep.include({ target_security_group_native_ids: ['sg-01'] });
    expect(
      problemsOf({
        RestoreGroups: [
          { ...EC2, target_security_group_native_id: 'sg-01', target_security_group_native_ids: ['sg-02'] },
        ],
      }),
    ).to.deep.equal([
      {
        path: 'RestoreGroups[0].target_security_group_native_id',
        message:
          'another name for target_security_group_native_ids, which is also given with a different value',
      },
    ]);
  });

  it('another account or region needs the AMI, VPC and subnet, each named', () => {
    const problems = problemsOf({
      RestoreGroups: [
        { ...EC2, target_account: '222222222222' },
        { ...EC2, target_region: 'us-west-2', target_ami_native_id: 'ami-1' },
      ],
    });
    expect(problems).to.deep.equal([
      { path: 'RestoreGroups[0].target_ami_native_id', message: `${ELSEWHERE} AMI does not exist there)` },
      { path: 'RestoreGroups[0].target_vpc_native_id', message: `${ELSEWHERE} VPC does not exist there)` },
      {
        path: 'RestoreGroups[0].target_subnet_native_id',
        message: `${ELSEWHERE} subnets do not exist there)`,
      },
      { path: 'RestoreGroups[1].target_vpc_native_id', message: `${ELSEWHERE} VPC does not exist there)` },
      {
        path: 'RestoreGroups[1].target_subnet_native_id',
        message: `${ELSEWHERE} subnets do not exist there)`,
      },
    ]);
  });

  it('the backup ENI configuration only applies in place (warning elsewhere)', () => {
    const inPlace = { RestoreGroups: [{ ...EC2, target_eni_cfg_from_backup: true }] };
    expect(warningsOf(inPlace)).to.deep.equal([]);
    const elsewhere = {
      RestoreGroups: [
        {
          ...EC2,
          target_account: '222222222222',
          target_ami_native_id: 'ami-1',
          target_vpc_native_id: 'vpc-1',
          target_subnet_native_id: 'subnet-1',
          target_eni_cfg_from_backup: 'true',
        },
      ],
    };
    expect(warningsOf(elsewhere)).to.deep.equal([
      {
        path: 'RestoreGroups[0].target_eni_cfg_from_backup',
        message:
          'ignored when restoring to another account or region: network interfaces get default settings',
      },
    ]);
  });

  it('target_volume_tags is known but no longer used for EC2: a warning', () => {
    const document = { RestoreGroups: [{ ...EC2, target_volume_tags: [{ key: 'a', value: 'b' }] }] };
    expect(warningsOf(document)).to.deep.equal([
      {
        path: 'RestoreGroups[0].target_volume_tags',
        message:
          'no longer used for EC2, ignored (volumes keep their backed-up tags; add tags with target_volume_append_tags or append_tags)',
      },
    ]);
    expect(decodeGroup(document.RestoreGroups[0] ?? {})).not.to.have.property('target_volume_tags');
  });

  it('reports bad values of each kind', () => {
    expect(
      problemsOf({
        RestoreGroups: [
          {
            ...EC2,
            target_az: 'us-west-2a',
            target_security_group_native_ids: ['sg-1', ''],
            target_eni_cfg_from_backup: 'yes',
            should_power_on: 1,
            target_instance_tags: [{ key: 'Name' }],
          },
        ],
      }),
    ).to.deep.equal([
      { path: 'RestoreGroups[0].target_az', message: 'us-west-2a is not in target_region us-east-1' },
      {
        path: 'RestoreGroups[0].target_security_group_native_ids[1]',
        message: 'expected a non-empty string, got an empty string',
      },
      { path: 'RestoreGroups[0].target_eni_cfg_from_backup', message: 'expected true or false, got "yes"' },
      { path: 'RestoreGroups[0].should_power_on', message: 'expected true or false, got 1' },
      {
        path: 'RestoreGroups[0].target_instance_tags[0].value',
        message: 'required, a string (may be empty)',
      },
    ]);
  });
});
