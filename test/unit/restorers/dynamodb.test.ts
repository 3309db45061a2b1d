import { expect } from 'chai';

import { DEFAULT_SEARCH, SOURCE, decodeGroup, problemsOf } from '../schemas/helpers.js';

const DDB = { ResourceType: 'DynamoDB', ...SOURCE };
const NAME_NEEDED =
  'required for DynamoDB unless change_set_name is given (the table is restored as <source table>-<change_set_name>)';

describe('restorers/dynamodb: input', () => {
  it('decodes every DynamoDB field', () => {
    const group = decodeGroup({
      ...DDB,
      search_table_id: 'analytics-events',
      change_set_name: 'dr',
      target_table_name: 'analytics-events-dr',
      source_ddn_tags: [{ key: 'App', value: 'analytics' }],
      target_kms_key_native_id: 'alias/dr-dynamodb',
    });
    expect(group).to.deep.equal({
      ResourceType: 'DynamoDB',
      groupIndex: 0,
      ...SOURCE,
      target_account: '111111111111',
      target_region: 'us-east-1',
      ...DEFAULT_SEARCH,
      search_table_id: 'analytics-events',
      change_set_name: 'dr',
      target_table_name: 'analytics-events-dr',
      source_ddn_tags: [{ key: 'App', value: 'analytics' }],
      target_kms_key_native_id: 'alias/dr-dynamodb',
    });
  });

  it('needs target_table_name or change_set_name (the reference named the table <table>-None)', () => {
    expect(decodeGroup({ ...DDB, change_set_name: 'br5' })).to.deep.include({ change_set_name: 'br5' });
    expect(decodeGroup({ ...DDB, target_table_name: 'orders' })).to.deep.include({
      target_table_name: 'orders',
    });
    expect(
      problemsOf({ RestoreGroups: [{ ...DDB, change_set_name: '', target_table_name: null }] }),
    ).to.deep.equal([{ path: 'RestoreGroups[0].target_table_name', message: NAME_NEEDED }]);
  });

  it('checks the characters of the names, without adding a "required" problem for a bad one', () => {
    expect(
      problemsOf({
        RestoreGroups: [
          { ...DDB, change_set_name: 'dr 1' },
          { ...DDB, target_table_name: 'ab' },
        ],
      }),
    ).to.deep.equal([
      {
        path: 'RestoreGroups[0].change_set_name',
        message: 'expected letters, digits, "_", "-" or ".", got "dr 1"',
      },
      {
        path: 'RestoreGroups[1].target_table_name',
        message: 'expected a DynamoDB table name (3-255 letters, digits, "_", "-" or "."), got "ab"',
      },
    ]);
  });
});
