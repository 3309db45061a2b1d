import { expect } from 'chai';

import { ClumioClient, ClumioHttpError, staticToken } from '../../../clumio/index.js';
import type { RestoreRecord } from '../../../core/records.js';
import { startSimulator, type RunningSimulator } from '../../../local/simulator/index.js';
import { decodeRestoreInput } from '../../../schemas/index.js';
import { lookupContext, planRun, type RunPlan } from '../../../workflows/planning.js';

const NOW = new Date('2026-06-30T12:00:00Z');
const PROD = '111111111111';
const DR = '222222222222';
const SOURCE = { source_account: PROD, source_region: 'us-east-1' };
const MINUTE = 60_000;
const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const ago = (ms: number): string => iso(NOW.getTime() - ms);

describe('restorers: point-in-time restores planned and started against the simulator (real HTTP)', () => {
  let sim: RunningSimulator;
  let client: ClumioClient;

  before(async () => {
    sim = await startSimulator({ now: () => NOW, rateLimitPerSecond: false });
    client = new ClumioClient({ baseUrl: sim.url, token: staticToken(sim.token) });
  });
  after(() => sim.close());
  beforeEach(() => sim.clearRequests());

  async function plan(groups: object[]): Promise<RunPlan> {
    const decoded = decodeRestoreInput({ RestoreGroups: groups }, NOW);
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems));
    return planRun(decoded.value, lookupContext(client, { now: NOW }));
  }

  /** Plans one group that must yield records, then POSTs each: the simulator accepts exactly that body. */
  async function planAndStart(group: object): Promise<RestoreRecord[]> {
    const result = await plan([group]);
    expect(result.problems, JSON.stringify(result.problems)).to.deep.equal([]);
    for (const record of result.records) {
      const before = sim.restores().length;
      await client.startRestore(record.request.endpoint, record.request.body);
      const started = sim.restores().slice(before);
      expect(started).to.have.length(1);
      expect(started[0]?.body).to.deep.equal(record.request.body);
      expect(started[0]?.backupId).to.equal(null);
    }
    return result.records;
  }

  async function problemsOf(group: object): Promise<string[]> {
    const result = await plan([group]);
    expect(result.records).to.deep.equal([]);
    return result.problems.map((p) => `${p.path}: ${p.message}`);
  }

  const env = (account: string, region: string) => {
    const found = sim.dataset.environments.find(
      (e) => e.account_native_id === account && e.aws_region === region,
    );
    if (found === undefined) throw new Error(`no environment ${account}/${region}`);
    return found;
  };

  describe('RDS: source.snapshot {resource_id, timestamp}', () => {
    const database = () => {
      const db = sim.dataset.rdsResources.find((r) => r.name === 'prod-use1-orders-cluster');
      if (db === undefined) throw new Error('no prod-use1-orders-cluster');
      return db;
    };
    const group = (fields: object) => ({
      ResourceType: 'RDS',
      ...SOURCE,
      target_account: DR,
      target_rds_name: 'orders-at-1405',
      restore_from: 'point_in_time',
      ...fields,
    });

    it('restores the database as it was at search_time: the body is exactly the SDK model', async () => {
      const db = database();
      const records = await planAndStart(
        group({ search_resource_id: db.resource_native_id, search_time: '2026-06-28T16:05:00+02:00' }),
      );
      expect(records).to.have.length(1);
      const [record] = records;
      expect(record?.source).to.deep.equal({
        account: PROD,
        region: 'us-east-1',
        resourceId: db.id,
        resourceNativeId: db.resource_native_id,
        backupId: null,
        backupTimestamp: null,
        pointInTime: { timestamp: '2026-06-28T14:05:00Z' },
      });
      expect(record?.request).to.deep.equal({
        endpoint: 'restoreRdsResource',
        body: {
          source: { snapshot: { resource_id: db.id, timestamp: '2026-06-28T14:05:00Z' } },
          target: {
            environment_id: env(DR, 'us-east-1').id,
            name: 'orders-at-1405',
            instance_class: null,
            is_publicly_accessible: null,
            kms_key_native_id: null,
            security_group_native_ids: null,
            subnet_group_name: null,
            option_group_name: null,
            parameter_group_name: null,
            tags: db.tags.map(({ key, value }) => ({ key, value })),
          },
        },
      });
      // Pinned by its identifier: one list of the environment's databases, no backup list.
      expect(sim.count({ path: '/backups/aws/rds-resources' })).to.equal(0);
    });

    it('a pin by Clumio id reads the resource directly; a tag group restores each database', async () => {
      const db = database();
      const [pinned] = await planAndStart(
        group({ search_resource_id: db.id, search_time: '2026-06-28T14:05:00Z' }),
      );
      expect(pinned?.source.resourceId).to.equal(db.id);
      expect(sim.count({ path: `/datasources/aws/rds-resources/${db.id}` })).to.equal(1);
      expect(sim.count({ path: '/datasources/aws/rds-resources' })).to.equal(0);
      const tagged = await planAndStart(
        group({
          search_tag_key: 'Environment',
          search_tag_value: 'prod',
          search_time: '2026-06-28T14:05:00Z',
        }),
      );
      const expected = sim.dataset.rdsResources
        .filter((r) => r.environment_id === env(PROD, 'us-east-1').id)
        .map((r) => r.resource_native_id)
        .sort();
      expect(tagged.map((r) => r.source.resourceNativeId).sort()).to.deep.equal(expected);
      expect(
        tagged.map((r) => (r.request.body as { target: { name: string } }).target.name).sort(),
      ).to.deep.equal(expected.map((name) => `orders-at-1405-${name}`).sort());
    });

    it('the window bounds are restorable; a second outside them fails planning, naming the window', async () => {
      const db = database();
      const earliest = db.earliest_aws_snapshot_restorable_timestamp ?? '';
      const latest = db.latest_aws_snapshot_restorable_timestamp ?? '';
      expect([earliest, latest]).to.deep.equal([ago(7 * DAY), ago(5 * MINUTE)]);
      for (const time of [earliest, latest]) {
        const [record] = await planAndStart(group({ search_resource_id: db.id, search_time: time }));
        expect(record?.source.pointInTime).to.deep.equal({ timestamp: time });
      }
      for (const time of [iso(Date.parse(earliest) - 1000), iso(Date.parse(latest) + 1000)]) {
        expect(await problemsOf(group({ search_resource_id: db.id, search_time: time }))).to.deep.equal([
          `RestoreGroups[0].search_time: prod-use1-orders-cluster: ${time} is outside its restorable window ` +
            `${earliest} to ${latest} (earliest_aws_snapshot_restorable_timestamp, latest_aws_snapshot_restorable_timestamp)`,
        ]);
      }
    });

    it('a search_time still to come restores the latest restorable moment', async () => {
      const db = database();
      const [record] = await planAndStart(
        group({ search_resource_id: db.id, search_time: '2026-07-04T00:00:00Z' }),
      );
      expect(record?.source.pointInTime).to.deep.equal({ timestamp: ago(5 * MINUTE) });
    });

    it('the simulator refuses a snapshot time outside the window (400), naming it', async () => {
      const db = database();
      const body = {
        source: { snapshot: { resource_id: db.id, timestamp: ago(8 * DAY) } },
        target: { environment_id: env(DR, 'us-east-1').id, name: 'too-old' },
      };
      const error = await client.startRestore('restoreRdsResource', body).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ClumioHttpError);
      expect((error as ClumioHttpError).status).to.equal(400);
      expect((error as Error).message).to.contain(
        `source.snapshot.timestamp: ${ago(8 * DAY)} is outside the restorable window of prod-use1-orders-cluster (${ago(7 * DAY)} to ${ago(5 * MINUTE)})`,
      );
    });
  });

  describe('DynamoDB: source.continuous_backup {table_id, timestamp | use_latest_restorable_time, type}', () => {
    const table = (name: string) => {
      const found = sim.dataset.dynamodbTables.find((t) => t.name === name);
      if (found === undefined) throw new Error(`no table ${name}`);
      return found;
    };
    const group = (fields: object) => ({
      ResourceType: 'DynamoDB',
      ...SOURCE,
      change_set_name: 'at-1405',
      restore_from: 'point_in_time',
      ...fields,
    });
    /**
     * The target of prod-use1-orders restored in place: the table's current settings (its item), as the
     * SDK says a point-in-time restore takes them.
     */
    const target = (t: ReturnType<typeof table>) => ({
      environment_id: env(PROD, 'us-east-1').id,
      table_name: `${t.name}-at-1405`,
      tags: t.tags.map(({ key, value }) => ({ key, value })),
      sse_specification: { kms_key_type: 'DEFAULT', kms_master_key_id: null },
      table_class: 'STANDARD',
      global_secondary_indexes: [
        {
          index_name: 'by-customer-id',
          key_schema: [
            { attribute_name: 'customer_id', key_type: 'HASH' },
            { attribute_name: 'created_at', key_type: 'RANGE' },
          ],
          projection: { projection_type: 'ALL', non_key_attributes: [] },
          provisioned_throughput: { read_capacity_units: 50, write_capacity_units: 25 },
          contributor_insights_status: false,
        },
      ],
      local_secondary_indexes: [],
      stream_specification: { enabled: false, view_type: null },
    });

    it('at search_time, aws_pitr by default', async () => {
      const orders = table('prod-use1-orders');
      const [record] = await planAndStart(
        group({ search_table_id: orders.name, search_time: '2026-06-28T14:05:00Z' }),
      );
      expect(record?.request).to.deep.equal({
        endpoint: 'restoreDynamodbTable',
        body: {
          source: {
            continuous_backup: {
              table_id: orders.id,
              timestamp: '2026-06-28T14:05:00Z',
              use_latest_restorable_time: null,
              type: 'aws_pitr',
            },
          },
          target: target(orders),
        },
      });
      expect(record?.source.pointInTime).to.deep.equal({ timestamp: '2026-06-28T14:05:00Z' });
    });

    it('without search_time (or with one to come): use_latest_restorable_time', async () => {
      const orders = table('prod-use1-orders');
      for (const fields of [{}, { search_time: '2026-07-04T00:00:00Z' }]) {
        const [record] = await planAndStart(group({ search_table_id: orders.id, ...fields }));
        expect(record?.request.body).to.deep.equal({
          source: {
            continuous_backup: {
              table_id: orders.id,
              timestamp: null,
              use_latest_restorable_time: true,
              type: 'aws_pitr',
            },
          },
          target: target(orders),
        });
        expect(record?.source.pointInTime).to.deep.equal({ timestamp: null });
      }
      expect(sim.count({ path: `/datasources/aws/dynamodb-tables/${orders.id}` })).to.equal(2);
    });

    it('a table without AWS PITR fails planning for aws_pitr; the window bounds are checked', async () => {
      const sessions = table('prod-use1-sessions');
      expect(sessions.latest_continuous_snapshot_restorable_timestamp).to.equal(null);
      const none =
        'RestoreGroups[0].restore_from: prod-use1-sessions: no point-in-time window: AWS point-in-time recovery is not enabled on the table ' +
        '(Clumio reports earliest_continuous_snapshot_restorable_timestamp, latest_continuous_snapshot_restorable_timestamp as null)';
      expect(await problemsOf(group({ search_table_id: sessions.name }))).to.deep.equal([none]);
      expect(
        await problemsOf(group({ search_table_id: sessions.name, search_time: '2026-06-28T14:05:00Z' })),
      ).to.deep.equal([none]);
      const orders = table('prod-use1-orders');
      const early = iso(Date.parse(orders.earliest_continuous_snapshot_restorable_timestamp ?? '') - 1000);
      expect(await problemsOf(group({ search_table_id: orders.id, search_time: early }))).to.deep.equal([
        `RestoreGroups[0].search_time: prod-use1-orders: ${early} is outside its restorable window ` +
          `${orders.earliest_continuous_snapshot_restorable_timestamp} to ${orders.latest_continuous_snapshot_restorable_timestamp} ` +
          '(earliest_continuous_snapshot_restorable_timestamp, latest_continuous_snapshot_restorable_timestamp)',
      ]);
    });

    it('clumio_pitr: no window in the API to check at plan time; the simulator checks its own', async () => {
      const sessions = table('prod-use1-sessions');
      const own = sim.dataset.backups.dynamodb.filter(
        (b) => b.table_id === sessions.id && b.type === 'clumio_backup',
      );
      const inside = own[1]?.start_timestamp ?? '';
      const [record] = await planAndStart(
        group({ search_table_id: sessions.id, pitr_type: 'clumio_pitr', search_time: inside }),
      );
      expect(record?.request.body).to.deep.include({
        source: {
          continuous_backup: {
            table_id: sessions.id,
            timestamp: inside,
            use_latest_restorable_time: null,
            type: 'clumio_pitr',
          },
        },
      });
      const tooOld = iso(Date.parse(own[0]?.start_timestamp ?? '') - 1000);
      const result = await plan([
        group({ search_table_id: sessions.id, pitr_type: 'clumio_pitr', search_time: tooOld }),
      ]);
      expect(result.problems).to.deep.equal([]);
      const error = await client
        .startRestore('restoreDynamodbTable', result.records[0]?.request.body)
        .catch((e: unknown) => e);
      expect((error as ClumioHttpError).status).to.equal(400);
      expect((error as Error).message).to.contain(
        `source.continuous_backup.timestamp: ${tooOld} is outside the restorable window of prod-use1-sessions (clumio_pitr)`,
      );
    });
  });

  describe('ProtectionGroup: source.pitr {protection_group_id, restore_start_timestamp, restore_end_timestamp}', () => {
    const group = (fields: object) => ({
      ResourceType: 'ProtectionGroup',
      search_pg_name: 'pg-finance',
      target_account: DR,
      target_bucket: 'dr-restore-bucket',
      target_prefix: 'at-1405/',
      restore_from: 'point_in_time',
      ...fields,
    });
    const finance = () => {
      const pg = sim.dataset.protectionGroups.find((g) => g.name === 'pg-finance');
      if (pg === undefined) throw new Error('no pg-finance');
      return pg;
    };
    const members = (groupId: string) =>
      sim.dataset.pgS3Assets.filter((a) => a.group_id === groupId).map((a) => a.id);
    const bucket = () => {
      const found = sim.dataset.buckets.find((b) => b.name === 'dr-restore-bucket');
      if (found === undefined) throw new Error('no dr-restore-bucket');
      return found;
    };

    it('ends at search_time, from search_time_start when given, over every bucket of the group', async () => {
      const pg = finance();
      const time = ago(2 * DAY);
      for (const [fields, start] of [
        [{}, null],
        [{ search_time_start: ago(3 * DAY) }, ago(3 * DAY)],
      ] as const) {
        const [record] = await planAndStart(group({ search_time: time, ...fields }));
        expect(record?.request).to.deep.equal({
          endpoint: 'restoreProtectionGroup',
          body: {
            source: {
              pitr: {
                protection_group_id: pg.id,
                restore_start_timestamp: start,
                restore_end_timestamp: time,
              },
              object_filters: { latest_version_only: true },
              protection_group_s3_asset_ids: members(pg.id),
            },
            target: {
              bucket_id: bucket().id,
              environment_id: bucket().environment_id,
              prefix: 'at-1405/',
              overwrite: true,
              restore_original_storage_class: true,
              storage_class: null,
            },
          },
        });
        expect(record?.source).to.deep.include({ backupId: null, pointInTime: { timestamp: time } });
      }
      // One pitr-intervals list per bucket, no backup list.
      const intervalLists = sim.requests.filter((r) => r.path.endsWith('/pitr-intervals'));
      expect(intervalLists).to.have.length(2 * members(pg.id).length);
      expect(sim.count({ path: '/backups/protection-groups' })).to.equal(0);
    });

    it('a search_time in the gap between intervals fails planning, naming each bucket and its windows', async () => {
      const time = ago(11 * DAY);
      const spans = `${ago(20 * DAY)} to ${ago(12 * DAY + 5 * MINUTE)}, ${ago(10 * DAY)} to ${ago(5 * MINUTE)}`;
      const buckets = sim.dataset.pgS3Assets
        .filter((a) => a.group_id === finance().id)
        .map((a) => a.bucket_name);
      expect(await problemsOf(group({ search_time: time }))).to.deep.equal(
        buckets.map(
          (name) =>
            `RestoreGroups[0].search_time: ${time} is outside the restorable windows of bucket ${name}: ${spans} (its pitr-intervals)`,
        ),
      );
    });

    it('a group without continuous backup has no window; a time to come is the latest moment of all buckets', async () => {
      const messages = await problemsOf(group({ search_pg_name: 'pg-logs', search_time: ago(DAY) }));
      expect(messages).to.have.length(4);
      expect(messages[0]).to.match(
        /^RestoreGroups\[0\]\.restore_from: bucket prod-use1-logs has no point-in-time window: the protection group has no continuous backup of it \(its pitr-intervals list is empty\)$/,
      );
      const [record] = await planAndStart(group({ search_time: '2026-07-04T00:00:00Z' }));
      expect(record?.source.pointInTime).to.deep.equal({ timestamp: ago(5 * MINUTE) });
    });

    it('the simulator refuses a restore_end_timestamp outside an interval (400)', async () => {
      const pg = finance();
      const [first] = members(pg.id);
      const body = {
        source: {
          pitr: {
            protection_group_id: pg.id,
            restore_start_timestamp: null,
            restore_end_timestamp: ago(11 * DAY),
          },
          object_filters: { latest_version_only: true },
          protection_group_s3_asset_ids: [first],
        },
        target: {
          bucket_id: bucket().id,
          environment_id: bucket().environment_id,
          prefix: null,
          overwrite: true,
          restore_original_storage_class: true,
          storage_class: null,
        },
      };
      const error = await client.startRestore('restoreProtectionGroup', body).catch((e: unknown) => e);
      expect((error as ClumioHttpError).status).to.equal(400);
      expect((error as Error).message).to.contain(
        `source.pitr.restore_end_timestamp: ${ago(11 * DAY)} is outside the restorable window of bucket prod-use1-finance-data`,
      );
    });
  });
});
