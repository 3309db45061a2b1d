import { expect } from 'chai';

import { isResourceType, resourceTypes, restorerInput, restorers } from '../../../restorers/index.js';
import { SOURCE, decodeOk } from '../schemas/helpers.js';

describe('restorers/index (the registry)', () => {
  it('lists the five types in order', () => {
    expect(resourceTypes).to.deep.equal(['EBS', 'EC2', 'RDS', 'DynamoDB', 'ProtectionGroup']);
  });

  it('keys every restorer by its own resourceType', () => {
    for (const type of resourceTypes) {
      expect(restorers[type].resourceType).to.equal(type);
      expect(restorerInput(type)).to.equal(restorers[type]);
    }
  });

  it('maps every alias to one of the type fields, and no deprecated field is also a field', () => {
    for (const type of resourceTypes) {
      const input = restorerInput(type);
      for (const wireName of Object.values(input.aliases)) expect(input.fields).to.have.property(wireName);
      for (const field of Object.keys(input.deprecated)) expect(input.fields).not.to.have.property(field);
    }
  });

  it('isResourceType accepts exactly the registered names', () => {
    expect(resourceTypes.every(isResourceType)).to.equal(true);
    for (const other of ['ebs', 'S3', '', 'toString', 'constructor', 3, undefined]) {
      expect(isResourceType(other), String(other)).to.equal(false);
    }
  });
});

describe('RestoreGroup (the decoded union)', () => {
  it('narrows on ResourceType to the fields of that type, with required ones typed as present', () => {
    const { groups } = decodeOk({
      RestoreGroups: [
        { ResourceType: 'EBS', ...SOURCE, target_az: 'us-east-1a', target_iops: '3000' },
        {
          ResourceType: 'ProtectionGroup',
          search_pg_name: 'pg-logs',
          target_account: '222222222222',
          target_bucket: 'dr-restore-bucket',
        },
      ],
    });
    const seen: string[] = [];
    for (const group of groups) {
      if (group.ResourceType === 'EBS') {
        const zone: string = group.target_az;
        const iops: number | undefined = group.target_iops;
        const region: string = group.target_region;
        seen.push(`${zone} ${iops} ${region}`);
      } else if (group.ResourceType === 'ProtectionGroup') {
        const latest: boolean = group.search_object_filters.latest_version_only;
        const account: string = group.target_account;
        const source: string | undefined = group.source_account;
        // @ts-expect-error target_az is an EBS/EC2 field, not a ProtectionGroup one
        expect(group.target_az).to.equal(undefined);
        seen.push(`${latest} ${account} ${source}`);
      }
    }
    expect(seen).to.deep.equal(['us-east-1a 3000 us-east-1', 'true 222222222222 undefined']);
  });
});
