import { expect } from 'chai';
import type { AwsEnvironment, Dataset, RunningSimulator } from '../../../../../local/simulator/index.js';
import { FIXED_NOW, call, list, messages, withQuery } from '../helpers.js';
import { acceptedBy, must, refusedBy, startRestoreSimulator } from './restore-helpers.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const ago = (ms: number): string => new Date(FIXED_NOW.getTime() - ms).toISOString().replace('.000Z', 'Z');

describe('simulator: restorable windows, the reads and the pitr-intervals that expose them', function () {
  let sim: RunningSimulator;
  let d: Dataset;
  let drEast: AwsEnvironment;

  before(async () => {
    ({ sim, d, drEast } = await startRestoreSimulator());
  });
  after(() => sim.close());

  describe('GET one RDS resource, one DynamoDB table', () => {
    it('serves the item with its window under the aws-*=v1 Accept, 404 for an unknown id', async () => {
      const db = must(d.rdsResources[0]);
      const read = await call<Record<string, unknown>>(sim, `/datasources/aws/rds-resources/${db.id}`, {
        accept: 'application/api.clumio.aws-rds-resources=v1+json',
      });
      expect(read.status).to.equal(200);
      expect(read.body).to.deep.equal(JSON.parse(JSON.stringify(db)));
      expect(read.body).to.deep.include({
        earliest_aws_snapshot_restorable_timestamp: ago(7 * DAY),
        latest_aws_snapshot_restorable_timestamp: ago(5 * MINUTE),
      });
      const table = must(d.dynamodbTables[0]);
      const tableRead = await call(
        sim,
        withQuery(`/datasources/aws/dynamodb-tables/${table.id}`, { lookback_days: 3 }),
        {
          accept: 'application/api.clumio.aws-dynamodb-tables=v1+json',
        },
      );
      expect(tableRead.status).to.equal(200);
      expect(tableRead.body).to.deep.equal(JSON.parse(JSON.stringify(table)));
      const missing = await call(sim, '/datasources/aws/rds-resources/no-such-id');
      expect(missing.status).to.equal(404);
      expect(messages(missing.body)).to.deep.equal(['RDS resource "no-such-id" not found']);
    });
  });

  describe('GET …/s3-assets/{id}/pitr-intervals', () => {
    const assetOf = (group: string) => must(d.pgS3Assets.find((a) => a.group_name === group));

    it('lists a continuous group bucket’s two intervals in a token envelope; none without continuous backup', async () => {
      const finance = assetOf('pg-finance');
      const page = await list<{ start_timestamp: string; end_timestamp: string }>(
        sim,
        `/datasources/protection-groups/s3-assets/${finance.id}/pitr-intervals`,
        { accept: 'application/api.clumio.protection-groups-s3-assets=v1+json' },
      );
      expect(page.status).to.equal(200);
      expect(page.body._embedded.items).to.deep.equal([
        { start_timestamp: ago(20 * DAY), end_timestamp: ago(12 * DAY + 5 * MINUTE) },
        { start_timestamp: ago(10 * DAY), end_timestamp: ago(5 * MINUTE) },
      ]);
      expect(page.body).not.to.have.property('total_count');
      expect(finance.last_continuous_backup_timestamp).to.equal(ago(5 * MINUTE));
      const logs = await list(
        sim,
        `/datasources/protection-groups/s3-assets/${assetOf('pg-logs').id}/pitr-intervals`,
      );
      expect(logs.body._embedded.items).to.deep.equal([]);
      expect(assetOf('pg-logs').last_continuous_backup_timestamp).to.equal(null);
      const unknown = await call(sim, '/datasources/protection-groups/s3-assets/nope/pitr-intervals');
      expect(unknown.status).to.equal(404);
    });
  });

  describe('point-in-time bodies outside the window: 400 naming it', () => {
    const rdsBody = (timestamp: string) => ({
      source: { snapshot: { resource_id: must(d.rdsResources[0]).id, timestamp } },
      target: { environment_id: drEast.id, name: 'restored-at' },
    });

    it('RDS: the bounds are accepted, a second outside refused', async () => {
      const db = must(d.rdsResources[0]);
      await acceptedBy(sim, '/restores/aws/rds-resources', rdsBody(ago(7 * DAY)));
      await acceptedBy(sim, '/restores/aws/rds-resources', rdsBody(ago(5 * MINUTE)));
      await refusedBy(sim, '/restores/aws/rds-resources', rdsBody(ago(5 * MINUTE - 1000)), 400, [
        `source.snapshot.timestamp: ${ago(5 * MINUTE - 1000)} is outside the restorable window of ${db.resource_native_id} (${ago(7 * DAY)} to ${ago(5 * MINUTE)})`,
      ]);
    });

    it('DynamoDB aws_pitr: a table without PITR has no window, even for the latest restorable time', async () => {
      const sessions = must(d.dynamodbTables.find((t) => t.name === 'prod-use1-sessions'));
      await refusedBy(
        sim,
        '/restores/aws/dynamodb-tables',
        {
          source: { continuous_backup: { table_id: sessions.id, use_latest_restorable_time: true } },
          target: { environment_id: drEast.id, table_name: 'sessions-latest' },
        },
        400,
        [
          'source.continuous_backup.use_latest_restorable_time: prod-use1-sessions (aws_pitr) has no restorable window (point-in-time restore is not available)',
        ],
      );
      const orders = must(d.dynamodbTables.find((t) => t.name === 'prod-use1-orders'));
      await acceptedBy(sim, '/restores/aws/dynamodb-tables', {
        source: {
          continuous_backup: { table_id: orders.id, use_latest_restorable_time: true, type: 'aws_pitr' },
        },
        target: { environment_id: drEast.id, table_name: 'orders-latest' },
      });
    });

    it('ProtectionGroup S3 asset: restore_end_timestamp must lie in an interval; a start must come before it', async () => {
      const asset = must(d.pgS3Assets.find((a) => a.group_name === 'pg-finance'));
      const bucket = must(d.buckets.find((b) => b.name === 'dr-restore-bucket'));
      const body = (pitr: Record<string, unknown>) => ({
        source: {
          pitr: { protection_group_s3_asset_id: asset.id, ...pitr },
          object_filters: { latest_version_only: true },
        },
        target: {
          bucket_id: bucket.id,
          environment_id: bucket.environment_id,
          restore_original_storage_class: true,
        },
      });
      await acceptedBy(
        sim,
        '/restores/protection-groups/s3-assets',
        body({ restore_end_timestamp: ago(2 * DAY) }),
      );
      await refusedBy(
        sim,
        '/restores/protection-groups/s3-assets',
        body({ restore_start_timestamp: ago(DAY), restore_end_timestamp: ago(11 * DAY) }),
        400,
        [
          `source.pitr.restore_start_timestamp: must come before restore_end_timestamp (${ago(11 * DAY)})`,
          `source.pitr.restore_end_timestamp: ${ago(11 * DAY)} is outside the restorable window of bucket ${asset.bucket_name} ` +
            `(${ago(20 * DAY)} to ${ago(12 * DAY + 5 * MINUTE)}, ${ago(10 * DAY)} to ${ago(5 * MINUTE)})`,
        ],
      );
    });
  });
});
