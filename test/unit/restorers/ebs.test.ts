import { expect } from 'chai';

import { DEFAULT_SEARCH, SOURCE, decodeGroup, problemsOf } from '../schemas/helpers.js';

const EBS = { ResourceType: 'EBS', ...SOURCE, target_az: 'us-east-1a' };

describe('restorers/ebs: input', () => {
  it('decodes every EBS field', () => {
    const group = decodeGroup({
      ...EBS,
      search_volume_id: 'vol-0123456789abcdef0',
      target_account: '222222222222',
      target_volume_type: 'io2',
      target_iops: 16000,
      target_kms_key_native_id: 'alias/dr-ebs',
      target_volume_tags: [{ key: 'App', value: 'web' }],
    });
    expect(group).to.deep.equal({
      ResourceType: 'EBS',
      groupIndex: 0,
      ...SOURCE,
      target_account: '222222222222',
      target_region: 'us-east-1',
      ...DEFAULT_SEARCH,
      search_volume_id: 'vol-0123456789abcdef0',
      target_az: 'us-east-1a',
      target_volume_type: 'io2',
      target_iops: 16000,
      target_kms_key_native_id: 'alias/dr-ebs',
      target_volume_tags: [{ key: 'App', value: 'web' }],
    });
  });

  it('reads target_iops from a digit string; "", null and 0 mean no IOPS', () => {
    expect(decodeGroup({ ...EBS, target_volume_type: 'gp3', target_iops: '3000' })).to.deep.include({
      target_iops: 3000,
    });
    for (const none of ['', null, 0, '0']) {
      const group = decodeGroup({ ...EBS, target_volume_type: 'gp2', target_iops: none });
      expect(group, JSON.stringify(none)).not.to.have.property('target_iops');
    }
  });

  it('accepts every EBS volume type', () => {
    for (const type of ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard']) {
      expect(decodeGroup({ ...EBS, target_volume_type: type })).to.deep.include({ target_volume_type: type });
    }
  });

  it('requires target_az (or its alias target_aws_az)', () => {
    expect(problemsOf({ RestoreGroups: [{ ResourceType: 'EBS', ...SOURCE }] })).to.deep.equal([
      { path: 'RestoreGroups[0].target_az', message: 'required for EBS' },
    ]);
    expect(decodeGroup({ ResourceType: 'EBS', ...SOURCE, target_aws_az: 'us-east-1b' })).to.deep.include({
      target_az: 'us-east-1b',
    });
  });

  it('target_iops only with gp3, io1, io2', () => {
    expect(
      problemsOf({
        RestoreGroups: [
          { ...EBS, target_volume_type: 'gp2', target_iops: 300 },
          { ...EBS, target_volume_type: 'st1', target_iops: '500' },
        ],
      }),
    ).to.deep.equal([
      {
        path: 'RestoreGroups[0].target_iops',
        message: 'only for gp3, io1, io2 volumes (target_volume_type is gp2)',
      },
      {
        path: 'RestoreGroups[1].target_iops',
        message: 'only for gp3, io1, io2 volumes (target_volume_type is st1)',
      },
    ]);
    // Without a target type the backup's type decides, which only the restore can check.
    expect(decodeGroup({ ...EBS, target_iops: 3000 })).to.deep.include({ target_iops: 3000 });
  });

  it('the zone must be in the target region', () => {
    expect(problemsOf({ RestoreGroups: [{ ...EBS, target_region: 'us-west-2' }] })).to.deep.equal([
      { path: 'RestoreGroups[0].target_az', message: 'us-east-1a is not in target_region us-west-2' },
    ]);
  });

  it('reports bad values of each field', () => {
    expect(
      problemsOf({
        RestoreGroups: [
          {
            ...EBS,
            search_volume_id: 5,
            target_volume_type: 'gp9',
            target_iops: -3,
            target_kms_key_native_id: true,
            target_volume_tags: { App: 'web' },
          },
        ],
      }),
    ).to.deep.equal([
      { path: 'RestoreGroups[0].search_volume_id', message: 'expected a non-empty string, got 5' },
      {
        path: 'RestoreGroups[0].target_volume_type',
        message: 'expected one of "gp2", "gp3", "io1", "io2", "st1", "sc1", "standard", got "gp9"',
      },
      { path: 'RestoreGroups[0].target_iops', message: 'expected a whole number ≥ 1, got -3' },
      { path: 'RestoreGroups[0].target_kms_key_native_id', message: 'expected a non-empty string, got true' },
      {
        path: 'RestoreGroups[0].target_volume_tags',
        message: 'expected a list of {"key", "value"} tags, got an object',
      },
    ]);
  });
});
