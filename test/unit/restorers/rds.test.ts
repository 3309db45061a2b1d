import { expect } from 'chai';

import { isRdsIdentifier } from '../../../restorers/rds.js';
import { DEFAULT_SEARCH, SOURCE, decodeGroup, problemsOf } from '../schemas/helpers.js';

const RDS = { ResourceType: 'RDS', ...SOURCE, target_rds_name: 'orders-dr' };
const RULES = '1-63 letters, digits or hyphens, starting with a letter, no "--", not ending with "-"';

describe('restorers/rds: input', () => {
  it('decodes every RDS field', () => {
    const group = decodeGroup({
      ...RDS,
      search_resource_id: 'orders-db',
      target_account: '222222222222',
      target_subnet_group_name: 'dr-db-subnets',
      target_security_group_native_ids: ['sg-01'],
      target_kms_key_native_id: 'alias/dr-rds',
      target_resource_tags: [{ key: 'App', value: 'db' }],
      target_instance_class: 'db.r6g.large',
      target_option_group_name: 'default:postgres-16',
      target_parameter_group_name: 'dr-postgres16',
      target_is_publicly_accessible: true,
    });
    expect(group).to.deep.equal({
      ResourceType: 'RDS',
      groupIndex: 0,
      ...SOURCE,
      target_account: '222222222222',
      target_region: 'us-east-1',
      ...DEFAULT_SEARCH,
      search_resource_id: 'orders-db',
      target_rds_name: 'orders-dr',
      target_subnet_group_name: 'dr-db-subnets',
      target_security_group_native_ids: ['sg-01'],
      target_kms_key_native_id: 'alias/dr-rds',
      target_resource_tags: [{ key: 'App', value: 'db' }],
      target_instance_class: 'db.r6g.large',
      target_option_group_name: 'default:postgres-16',
      target_parameter_group_name: 'dr-postgres16',
      target_is_publicly_accessible: true,
    });
  });

  it('keeps target_is_publicly_accessible false as a value; "" leaves it unset', () => {
    expect(decodeGroup({ ...RDS, target_is_publicly_accessible: false })).to.deep.include({
      target_is_publicly_accessible: false,
    });
    expect(decodeGroup({ ...RDS, target_is_publicly_accessible: 'false' })).to.deep.include({
      target_is_publicly_accessible: false,
    });
    expect(decodeGroup({ ...RDS, target_is_publicly_accessible: '' })).not.to.have.property(
      'target_is_publicly_accessible',
    );
  });

  it('accepts the singular security group alias of the seed README', () => {
    expect(decodeGroup({ ...RDS, target_security_group_native_id: 'sg-09' })).to.deep.include({
      target_security_group_native_ids: ['sg-09'],
    });
  });

  it('requires target_rds_name', () => {
    expect(problemsOf({ RestoreGroups: [{ ...RDS, target_rds_name: '' }] })).to.deep.equal([
      { path: 'RestoreGroups[0].target_rds_name', message: 'required for RDS' },
    ]);
  });

  it('checks target_rds_name against the RDS identifier rules', () => {
    const bad = ['1db', 'db--x', 'db-', 'db_x', 'a'.repeat(64)];
    expect(
      problemsOf({ RestoreGroups: bad.map((name) => ({ ...RDS, target_rds_name: name })) }).map(
        (p) => p.message,
      ),
    ).to.deep.equal(bad.map((name) => `expected an RDS identifier (${RULES}), got "${name}"`));
    for (const good of ['a', 'orders-db-1', 'A'.repeat(63)])
      expect(isRdsIdentifier(good), good).to.equal(true);
  });
});
