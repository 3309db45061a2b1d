import { expect } from 'chai';

import { dynamodbRestoreBody, dynamodbRestoreWarnings } from '../../../restorers/dynamodb.js';
import {
  DR_ACCOUNT,
  DR_ENV,
  DR_REGION,
  DYNAMODB_BACKUP_ID,
  DYNAMODB_BACKUP_KEY,
  DYNAMODB_BACKUP_TAGS,
  SOURCE,
  SOURCE_ENV,
  decodeGroupOf,
  dynamodbBackup,
  expectBody,
  planErrorOf,
} from './fixtures.js';

const ddbGroup = (fields: Record<string, unknown>, document: Record<string, unknown> = {}) =>
  decodeGroupOf('DynamoDB', { ...SOURCE, ...fields }, document);

/** What every restore of the fixture backup carries over from it (the SDK sets a null to empty/default). */
const FROM_BACKUP = {
  table_class: 'STANDARD',
  global_secondary_indexes: [
    {
      index_name: 'by-customer',
      key_schema: [
        { attribute_name: 'customer_id', key_type: 'HASH' },
        { attribute_name: 'created_at', key_type: 'RANGE' },
      ],
      projection: { projection_type: 'INCLUDE', non_key_attributes: ['status', 'total'] },
      provisioned_throughput: { read_capacity_units: 20, write_capacity_units: 10 },
      contributor_insights_status: false,
    },
  ],
  local_secondary_indexes: [
    {
      index_name: 'by-total',
      key_schema: [
        { attribute_name: 'order_id', key_type: 'HASH' },
        { attribute_name: 'total', key_type: 'RANGE' },
      ],
      projection: { projection_type: 'KEYS_ONLY', non_key_attributes: [] },
    },
  ],
  stream_specification: { enabled: true, view_type: 'NEW_AND_OLD_IMAGES' },
};

/** Target properties whose null the SDK documents as "as in the backup" (or that a single-region restore leaves out). */
const LEFT_NULL = [
  'billing_mode',
  'provisioned_throughput',
  'replicas',
  'global_table_version',
  'pitr_status',
  'contributor_insights_status',
  'deletion_protection_enabled',
  'restore_wcu',
];

describe('restorers/dynamodb: request body', () => {
  it('restores one table as target_table_name in place: indexes, class, stream and customer key of the backup', () => {
    expectBody(
      dynamodbRestoreBody(
        ddbGroup({ target_table_name: 'checkout-orders-dr' }),
        dynamodbBackup(),
        SOURCE_ENV,
        1,
      ),
      {
        source: { securevault_backup: { backup_id: DYNAMODB_BACKUP_ID } },
        target: {
          environment_id: SOURCE_ENV.id,
          table_name: 'checkout-orders-dr',
          tags: DYNAMODB_BACKUP_TAGS,
          sse_specification: { kms_key_type: 'CUSTOMER_MANAGED', kms_master_key_id: DYNAMODB_BACKUP_KEY },
          ...FROM_BACKUP,
        },
      },
    );
    expect(dynamodbRestoreWarnings(ddbGroup({ target_table_name: 't-dr' }), dynamodbBackup())).to.deep.equal(
      [],
    );
  });

  it('sends every target field given, into the target environment', () => {
    const group = ddbGroup({
      target_account: DR_ACCOUNT,
      target_region: DR_REGION,
      target_table_name: 'checkout-orders',
      target_kms_key_native_id: 'arn:aws:kms:us-west-2:222222222222:key/3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      source_ddn_tags: [
        { key: 'App', value: 'checkout' },
        { key: 'Environment', value: 'prod' },
      ],
      append_tags: { Environment: 'dr', RestoredBy: 'clumio-bulk-restore' },
    });
    expectBody(dynamodbRestoreBody(group, dynamodbBackup(), DR_ENV, 1), {
      source: { securevault_backup: { backup_id: DYNAMODB_BACKUP_ID } },
      target: {
        environment_id: DR_ENV.id,
        table_name: 'checkout-orders',
        tags: [
          { key: 'App', value: 'checkout' },
          { key: 'Environment', value: 'dr' },
          { key: 'RestoredBy', value: 'clumio-bulk-restore' },
        ],
        sse_specification: {
          kms_key_type: 'CUSTOMER_MANAGED',
          kms_master_key_id: 'arn:aws:kms:us-west-2:222222222222:key/3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
        },
        ...FROM_BACKUP,
      },
    });
    expect(dynamodbRestoreWarnings(group, dynamodbBackup())).to.deep.equal([]);
  });

  it('leaves null only what the SDK restores from the backup when null: billing, throughput, PITR, insights, protection', () => {
    const group = ddbGroup({ change_set_name: 'dr', target_kms_key_native_id: 'alias/dr-ddb' });
    const { target } = dynamodbRestoreBody(group, dynamodbBackup(), SOURCE_ENV, 1);
    expect(Object.keys(target).sort()).to.deep.equal([
      'environment_id',
      'global_secondary_indexes',
      'local_secondary_indexes',
      'sse_specification',
      'stream_specification',
      'table_class',
      'table_name',
      'tags',
    ]);
    for (const setting of LEFT_NULL) expect(target).not.to.have.property(setting);
  });

  it('copies the SDK fields of each index and nothing else; a table without indexes or stream sends empty lists and null', () => {
    const backup = dynamodbBackup();
    // A list item may carry more than the request model has (index status, item counts).
    const extras = { index_status: 'ACTIVE', item_count: 12 };
    const withExtras = dynamodbBackup({
      global_secondary_indexes: backup.global_secondary_indexes.map((gsi) => ({ ...gsi, ...extras })),
      table_class: 'STANDARD_INFREQUENT_ACCESS',
    });
    const { target } = dynamodbRestoreBody(ddbGroup({ change_set_name: 'dr' }), withExtras, SOURCE_ENV, 1);
    expect(target.global_secondary_indexes).to.deep.equal(FROM_BACKUP.global_secondary_indexes);
    expect(target.table_class).to.equal('STANDARD_INFREQUENT_ACCESS');
    const bare = dynamodbBackup({
      global_secondary_indexes: [],
      local_secondary_indexes: [],
      stream_specification: { enabled: false, view_type: null },
    });
    const plain = dynamodbRestoreBody(ddbGroup({ change_set_name: 'dr' }), bare, SOURCE_ENV, 1).target;
    expect(plain.global_secondary_indexes).to.deep.equal([]);
    expect(plain.local_secondary_indexes).to.deep.equal([]);
    expect(plain.stream_specification).to.deep.equal({ enabled: false, view_type: null });
  });

  describe('table_name', () => {
    it('is target_table_name when one table matches, change_set_name notwithstanding', () => {
      const group = ddbGroup({ target_table_name: 'orders-restored', change_set_name: 'cs42' });
      expect(dynamodbRestoreBody(group, dynamodbBackup(), SOURCE_ENV, 1).target.table_name).to.equal(
        'orders-restored',
      );
    });

    it('is <target_table_name>-<source table> for each of several matches', () => {
      const group = ddbGroup({ target_table_name: 'dr-2026' });
      const names = ['checkout-orders', 'checkout.payments', 'checkout_refunds'].map(
        (table) =>
          dynamodbRestoreBody(group, dynamodbBackup({ table_name: table }), SOURCE_ENV, 4).target.table_name,
      );
      expect(names).to.deep.equal([
        'dr-2026-checkout-orders',
        'dr-2026-checkout.payments',
        'dr-2026-checkout_refunds',
      ]);
    });

    it('is <source table>-<change_set_name> without target_table_name, however many match', () => {
      const group = ddbGroup({ change_set_name: 'dr-2026.05' });
      for (const matched of [1, 3]) {
        expectBody(dynamodbRestoreBody(group, dynamodbBackup(), SOURCE_ENV, matched), {
          source: { securevault_backup: { backup_id: DYNAMODB_BACKUP_ID } },
          target: {
            environment_id: SOURCE_ENV.id,
            table_name: 'checkout-orders-dr-2026.05',
            tags: DYNAMODB_BACKUP_TAGS,
            sse_specification: { kms_key_type: 'CUSTOMER_MANAGED', kms_master_key_id: DYNAMODB_BACKUP_KEY },
            ...FROM_BACKUP,
          },
        });
      }
    });

    it('takes change_set_name from DefaultInput; never a "-None" suffix', () => {
      const group = ddbGroup(
        { change_set_name: '' },
        { DefaultInput: { DynamoDB: { change_set_name: 'restored' } } },
      );
      const { table_name } = dynamodbRestoreBody(group, dynamodbBackup(), SOURCE_ENV, 1).target;
      expect(table_name).to.equal('checkout-orders-restored');
      expect(table_name).not.to.include('None');
    });

    it('may be exactly 255 characters', () => {
      const table = 't'.repeat(251);
      const { table_name } = dynamodbRestoreBody(
        ddbGroup({ change_set_name: 'dr1' }),
        dynamodbBackup({ table_name: table }),
        SOURCE_ENV,
        1,
      ).target;
      expect(table_name).to.equal(`${table}-dr1`);
      expect(table_name).to.have.length(255);
    });

    it('longer than 255 characters is a PlanError naming the table', () => {
      const table = 't'.repeat(252);
      const error = planErrorOf(() =>
        dynamodbRestoreBody(
          ddbGroup({ change_set_name: 'dr1' }),
          dynamodbBackup({ table_name: table }),
          SOURCE_ENV,
          1,
        ),
      );
      expect(error.message).to.equal(`the restored table name ${table}-dr1 is longer than 255 characters`);
    });

    it('longer than 255 characters through the several-matches suffix is a PlanError too', () => {
      const target = 'r'.repeat(200);
      const table = 's'.repeat(60);
      const group = ddbGroup({ target_table_name: target });
      expect(
        dynamodbRestoreBody(group, dynamodbBackup({ table_name: table }), SOURCE_ENV, 1).target.table_name,
      ).to.equal(target);
      const error = planErrorOf(() =>
        dynamodbRestoreBody(group, dynamodbBackup({ table_name: table }), SOURCE_ENV, 2),
      );
      expect(error.message).to.equal(
        `the restored table name ${target}-${table} is longer than 255 characters`,
      );
    });
  });

  describe('sse_specification', () => {
    it('a KMS key gives a customer-managed SSE specification, in place or elsewhere', () => {
      for (const where of [{}, { target_account: DR_ACCOUNT, target_region: DR_REGION }]) {
        const group = ddbGroup({
          change_set_name: 'dr',
          target_kms_key_native_id: 'alias/dr-dynamodb',
          ...where,
        });
        expect(
          dynamodbRestoreBody(group, dynamodbBackup(), DR_ENV, 1).target.sse_specification,
        ).to.deep.equal({
          kms_key_type: 'CUSTOMER_MANAGED',
          kms_master_key_id: 'alias/dr-dynamodb',
        });
      }
    });

    it('in place without a key (or with "") keeps the backup\'s customer key', () => {
      for (const kms of [undefined, '', null]) {
        const group = ddbGroup({ change_set_name: 'dr', target_kms_key_native_id: kms });
        expect(
          dynamodbRestoreBody(group, dynamodbBackup(), SOURCE_ENV, 1).target.sse_specification,
          String(kms),
        ).to.deep.equal({ kms_key_type: 'CUSTOMER_MANAGED', kms_master_key_id: DYNAMODB_BACKUP_KEY });
      }
    });

    it("elsewhere without a key sends none (the target's default encryption) and warns", () => {
      const group = ddbGroup({ change_set_name: 'dr', target_account: DR_ACCOUNT, target_region: DR_REGION });
      expect(dynamodbRestoreBody(group, dynamodbBackup(), DR_ENV, 1).target.sse_specification).to.equal(null);
      expect(dynamodbRestoreWarnings(group, dynamodbBackup())).to.deep.equal([
        "encrypted with a customer key in the source; restored with the target's default key: set target_kms_key_native_id to choose one",
      ]);
    });

    it('an AWS-managed or default encryption goes anywhere as it is, without a warning', () => {
      const group = ddbGroup({ change_set_name: 'dr', target_account: DR_ACCOUNT, target_region: DR_REGION });
      for (const kms_key_type of ['AWS_MANAGED', 'DEFAULT']) {
        const backup = dynamodbBackup({ sse_specification: { kms_key_type, kms_master_key_id: null } });
        expect(dynamodbRestoreBody(group, backup, DR_ENV, 1).target.sse_specification).to.deep.equal({
          kms_key_type,
          kms_master_key_id: null,
        });
        expect(dynamodbRestoreWarnings(group, backup)).to.deep.equal([]);
      }
    });
  });

  it('a global table restores as a single-region table, and the plan says so', () => {
    const backup = dynamodbBackup({
      global_table_version: '2019.11.21',
      replicas: [
        { region_name: 'us-west-2', replica_table_class: 'STANDARD' },
        { region_name: 'eu-west-1', replica_table_class: 'STANDARD' },
      ],
    });
    const group = ddbGroup({ change_set_name: 'dr' });
    const { target } = dynamodbRestoreBody(group, backup, SOURCE_ENV, 1);
    expect(target).not.to.have.property('replicas');
    expect(target).not.to.have.property('global_table_version');
    expect(dynamodbRestoreWarnings(group, backup)).to.deep.equal([
      'a global table (replicas in us-west-2, eu-west-1): restored as a single-region table; add its replicas in AWS after the restore',
    ]);
  });

  describe('tags', () => {
    it('source_ddn_tags replace the backup tags', () => {
      const group = ddbGroup({
        change_set_name: 'dr',
        source_ddn_tags: [{ key: 'Team', value: 'payments' }],
      });
      expect(dynamodbRestoreBody(group, dynamodbBackup(), SOURCE_ENV, 1).target.tags).to.deep.equal([
        { key: 'Team', value: 'payments' },
      ]);
    });

    it('append_tags merge into the backup tags: same key in place, no duplicates', () => {
      const group = ddbGroup({
        change_set_name: 'dr',
        append_tags: { App: 'checkout-dr', RestoredBy: 'bulk' },
      });
      expect(dynamodbRestoreBody(group, dynamodbBackup(), SOURCE_ENV, 1).target.tags).to.deep.equal([
        { key: 'App', value: 'checkout-dr' },
        { key: 'Environment', value: 'prod' },
        { key: 'RestoredBy', value: 'bulk' },
      ]);
    });

    it('append_tags merge into source_ddn_tags, which may themselves repeat a key', () => {
      const group = ddbGroup({
        change_set_name: 'dr',
        source_ddn_tags: [
          { key: 'App', value: 'checkout' },
          { key: 'App', value: 'checkout-v2' },
          { key: 'Owner', value: 'payments' },
        ],
        append_tags: { Owner: 'sre' },
      });
      expect(dynamodbRestoreBody(group, dynamodbBackup(), SOURCE_ENV, 1).target.tags).to.deep.equal([
        { key: 'App', value: 'checkout-v2' },
        { key: 'Owner', value: 'sre' },
      ]);
    });

    it('an untagged backup restores with append_tags only, or with no tags', () => {
      const untagged = dynamodbBackup({ tags: null });
      expect(
        dynamodbRestoreBody(ddbGroup({ change_set_name: 'dr' }), untagged, SOURCE_ENV, 1).target.tags,
      ).to.deep.equal([]);
      const group = ddbGroup({ change_set_name: 'dr', append_tags: { RestoredBy: 'bulk' } });
      expect(dynamodbRestoreBody(group, untagged, SOURCE_ENV, 1).target.tags).to.deep.equal([
        { key: 'RestoredBy', value: 'bulk' },
      ]);
    });
  });
});
