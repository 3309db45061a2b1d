import { expect } from 'chai';
import {
  type AwsEnvironment,
  type Dataset,
  type RunningSimulator,
  type SimulatedTask,
} from '../../../../../local/simulator/index.js';
import { call } from '../helpers.js';
import { acceptedBy, must, refusedBy, startRestoreSimulator } from './restore-helpers.js';

describe('simulator restores (POST 17–22)', function () {
  let sim: RunningSimulator;
  let d: Dataset;
  let drEast: AwsEnvironment;

  before(async () => {
    ({ sim, d, drEast } = await startRestoreSimulator());
  });
  after(() => sim.close());

  const refused = (path: string, body: unknown, status: number, expected: string[]) =>
    refusedBy(sim, path, body, status, expected);
  const accepted = (path: string, body: unknown) => acceptedBy(sim, path, body);

  describe('DynamoDB table', () => {
    function body(target: Record<string, unknown> = {}, source?: Record<string, unknown>) {
      const backup = must(d.backups.dynamodb[0]);
      return {
        source: source ?? { securevault_backup: { backup_id: backup.id } },
        target: {
          environment_id: drEast.id,
          table_name: `${backup.table_name}-restored`,
          tags: null,
          sse_specification: null,
          billing_mode: null,
          provisioned_throughput: null,
          ...target,
        },
      };
    }

    it('accepts a vault backup and a continuous backup source', async () => {
      const res = await accepted(
        '/restores/aws/dynamodb-tables',
        body({ sse_specification: { kms_key_type: 'CUSTOMER_MANAGED', kms_master_key_id: 'alias/restore' } }),
      );
      const task = await call<SimulatedTask>(sim, `/tasks/${res.task_id}`);
      expect(task.body.type).to.equal('aws_dynamodb_table_restore');
      const table = must(d.dynamodbTables[0]);
      await accepted(
        '/restores/aws/dynamodb-tables',
        body({}, { continuous_backup: { table_id: table.id, use_latest_restorable_time: true } }),
      );
    });

    it("accepts a backup's own indexes, class and stream, and refuses what AWS would: projections, key types, a stream without view", async () => {
      const events = must(d.backups.dynamodb.find((b) => b.local_secondary_indexes.length > 0));
      const settings = {
        table_class: events.table_class,
        global_secondary_indexes: events.global_secondary_indexes,
        local_secondary_indexes: events.local_secondary_indexes,
        stream_specification: events.stream_specification,
      };
      await accepted('/restores/aws/dynamodb-tables', body(settings));
      const [gsi] = events.global_secondary_indexes;
      await refused(
        '/restores/aws/dynamodb-tables',
        body({
          global_secondary_indexes: [
            { ...gsi, projection: { projection_type: 'INCLUDE', non_key_attributes: [] } },
            { ...gsi, key_schema: [{ attribute_name: 'pk', key_type: 'PRIMARY' }] },
          ],
          local_secondary_indexes: [
            {
              index_name: 'by-x',
              key_schema: [],
              projection: { projection_type: 'ALL', non_key_attributes: ['a'] },
            },
          ],
          stream_specification: { enabled: true, view_type: null },
        }),
        400,
        [
          'target.global_secondary_indexes[0].projection.non_key_attributes: required when projection_type is INCLUDE',
          'target.global_secondary_indexes[1].key_schema[0].key_type: must be one of HASH, RANGE (got "PRIMARY")',
          'target.local_secondary_indexes[0].key_schema: must not be empty',
          'target.local_secondary_indexes[0].projection.non_key_attributes: must be empty when projection_type is ALL',
          'target.stream_specification.view_type: required when enabled is true',
        ],
      );
    });

    it('refuses bad table names, a CUSTOMER_MANAGED key without id and an ambiguous point in time', async () => {
      for (const name of ['ab', 'bad name!']) {
        await refused('/restores/aws/dynamodb-tables', body({ table_name: name }), 400, [
          `target.table_name: "${name}" is not a valid DynamoDB table name (3-255 of a-z, A-Z, 0-9, _ . -)`,
        ]);
      }
      await refused(
        '/restores/aws/dynamodb-tables',
        body({ sse_specification: { kms_key_type: 'CUSTOMER_MANAGED', kms_master_key_id: null } }),
        400,
        ['target.sse_specification.kms_master_key_id: required when kms_key_type is CUSTOMER_MANAGED'],
      );
      const table = must(d.dynamodbTables[0]);
      await refused(
        '/restores/aws/dynamodb-tables',
        body(
          {},
          {
            continuous_backup: {
              table_id: table.id,
              timestamp: '2024-06-10T00:00:00Z',
              use_latest_restorable_time: true,
            },
          },
        ),
        400,
        [
          'source.continuous_backup: exactly one of timestamp and use_latest_restorable_time (true) must be set',
        ],
      );
      await refused('/restores/aws/dynamodb-tables', body({ table_name: null }), 400, [
        'target.table_name: required',
      ]);
      await refused(
        '/restores/aws/dynamodb-tables',
        body({}, { securevault_backup: { backup_id: 'nope' } }),
        404,
        ['source.securevault_backup.backup_id: DynamoDB backup "nope" not found'],
      );
    });
  });
});
