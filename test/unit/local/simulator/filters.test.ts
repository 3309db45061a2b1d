import { expect } from 'chai';
import {
  findTagId,
  startSimulator,
  type AwsEnvironment,
  type RunningSimulator,
} from '../../../../local/simulator/index.js';
import { FIXED_NOW, list, messages, withQuery } from './helpers.js';

type Item = Record<string, unknown> & { id: string };

describe('simulator filters', function () {
  let sim: RunningSimulator;
  let prodEast: AwsEnvironment;

  before(async () => {
    sim = await startSimulator({ now: () => FIXED_NOW, rateLimitPerSecond: false });
    const env = sim.dataset.environments.find(
      (e) => e.account_native_id === '111111111111' && e.aws_region === 'us-east-1',
    );
    if (env === undefined) throw new Error('no prod us-east-1 environment');
    prodEast = env;
  });
  after(() => sim.close());

  async function ids(
    path: string,
    query: Record<string, string | number | object | undefined>,
  ): Promise<string[]> {
    const res = await list<Item>(sim, withQuery(path, { limit: 100, ...query }));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body._embedded.items.map((i) => i.id);
  }

  describe('backup lists', () => {
    it('selects a window with $gt + $lte, in either sort order', async () => {
      const volume = sim.dataset.volumes.find((v) => v.name === 'prod-use1-db-data');
      const all = sim.dataset.backups.ebs.filter((b) => b.volume_id === volume?.id);
      const from = all[5]?.start_timestamp ?? '';
      const to = all[15]?.start_timestamp ?? '';
      const expected = all
        .filter((b) => b.start_timestamp > from && b.start_timestamp <= to)
        .map((b) => b.id);
      expect(expected).to.have.length(10);
      const filter = { volume_id: { $eq: volume?.id }, start_timestamp: { $gt: from, $lte: to } };
      expect(await ids('/backups/aws/ebs-volumes', { filter, sort: 'start_timestamp' })).to.deep.equal(
        expected,
      );
      expect(await ids('/backups/aws/ebs-volumes', { filter, sort: '-start_timestamp' })).to.deep.equal(
        [...expected].reverse(),
      );
      expect(await ids('/backups/aws/ebs-volumes', { filter })).to.deep.equal([...expected].reverse());
    });

    it('compares timestamps as instants, not as text', async () => {
      const volume = sim.dataset.volumes.find((v) => v.name === 'prod-use1-db-data');
      const all = sim.dataset.backups.ebs.filter((b) => b.volume_id === volume?.id);
      const pivot = all[10]?.start_timestamp ?? '';
      // The same instant written with an offset and milliseconds.
      const shifted = new Date(Date.parse(pivot) + 2 * 3600_000).toISOString().replace('Z', '+02:00');
      const res = await ids('/backups/aws/ebs-volumes', {
        filter: { volume_id: { $eq: volume?.id }, start_timestamp: { $lte: shifted } },
        sort: 'start_timestamp',
      });
      expect(res).to.deep.equal(all.slice(0, 11).map((b) => b.id));
    });

    it('chooses one backup with limit=1 for the before and after searches', async () => {
      const instance = sim.dataset.instances[0];
      const all = sim.dataset.backups.ec2.filter((b) => b.instance_id === instance?.id);
      const cut = all[20]?.start_timestamp ?? '';
      const before = await ids('/backups/aws/ec2-instances', {
        limit: 1,
        sort: '-start_timestamp',
        filter: { instance_id: { $eq: instance?.id }, start_timestamp: { $lte: cut } },
      });
      expect(before).to.deep.equal([all[20]?.id]);
      const after = await ids('/backups/aws/ec2-instances', {
        limit: 1,
        sort: 'start_timestamp',
        filter: { instance_id: { $eq: instance?.id }, start_timestamp: { $gt: cut } },
      });
      expect(after).to.deep.equal([all[21]?.id]);
    });

    it('filters RDS, DynamoDB (type $all) and protection-group backups by their asset', async () => {
      const rds = sim.dataset.rdsResources[0];
      expect(
        await ids('/backups/aws/rds-resources', { filter: { resource_id: { $eq: rds?.id } } }),
      ).to.have.length(sim.dataset.backups.rds.filter((b) => b.resource_id === rds?.id).length);
      const table = sim.dataset.dynamodbTables[0];
      const snapshots = sim.dataset.backups.dynamodb.filter(
        (b) => b.table_id === table?.id && b.type === 'aws_snapshot',
      );
      expect(snapshots.length).to.be.greaterThan(0);
      expect(
        await ids('/backups/aws/dynamodb-tables', {
          filter: { table_id: { $eq: table?.id }, type: { $all: ['aws_snapshot'] } },
          sort: 'start_timestamp',
        }),
      ).to.deep.equal(snapshots.map((b) => b.id));
      const group = sim.dataset.protectionGroups[0];
      const groupBackups = await ids('/backups/protection-groups', {
        filter: { protection_group_id: { $eq: group?.id } },
      });
      expect(groupBackups).to.have.length(30);
      const assets = sim.dataset.pgS3Assets.filter((a) => a.group_id === group?.id);
      const children = await ids('/backups/protection-groups/s3-assets', {
        filter: { parent_protection_group_backup_id: { $eq: groupBackups[0] } },
      });
      expect(children).to.have.length(assets.length);
      const regional = await ids('/backups/protection-groups/s3-assets', {
        filter: {
          protection_group_s3_asset_id: { $eq: assets[0]?.id },
          bucket_region: { $eq: assets[0]?.aws_region },
        },
      });
      expect(regional).to.have.length(30);
    });
  });

  describe('datasource lists', () => {
    it('tags.id $all keeps the assets that carry every listed tag', async () => {
      const db = findTagId(sim.dataset, prodEast.id, 'App', 'db');
      const bob = findTagId(sim.dataset, prodEast.id, 'Owner', 'bob');
      const expected = sim.dataset.volumes
        .filter((v) => v.environment_id === prodEast.id && !v.is_deleted)
        .filter((v) => v.tags.some((t) => t.id === db) && v.tags.some((t) => t.id === bob))
        .map((v) => v.id);
      expect(expected).to.have.length(2);
      const filter = { environment_id: { $eq: prodEast.id }, 'tags.id': { $all: [db, bob] } };
      expect(await ids('/datasources/aws/ebs-volumes', { filter })).to.deep.equal(expected);
      const onlyDb = await ids('/datasources/aws/ebs-volumes', {
        filter: { environment_id: { $eq: prodEast.id }, 'tags.id': { $all: [db] } },
      });
      expect(onlyDb.length).to.be.greaterThan(expected.length);
      expect(
        await ids('/datasources/aws/ec2-instances', {
          filter: { environment_id: { $eq: prodEast.id }, 'tags.id': { $all: [db, bob] } },
        }),
      ).to.have.length(1);
    });

    it('shows only active assets unless is_deleted is filtered, and accepts both is_deleted forms', async () => {
      const inEnv = sim.dataset.volumes.filter((v) => v.environment_id === prodEast.id);
      const deleted = inEnv.filter((v) => v.is_deleted).map((v) => v.id);
      expect(deleted).to.have.length(1);
      const env = { environment_id: { $eq: prodEast.id } };
      expect(await ids('/datasources/aws/ebs-volumes', { filter: env })).to.have.length(inEnv.length - 1);
      expect(
        await ids('/datasources/aws/ebs-volumes', { filter: { ...env, is_deleted: { $eq: true } } }),
      ).to.deep.equal(deleted);
      expect(
        await ids('/datasources/aws/ebs-volumes', { filter: { ...env, is_deleted: { $eq: 'true' } } }),
      ).to.deep.equal(deleted);
      expect(
        await ids('/datasources/aws/ebs-volumes', {
          filter: { ...env, is_deleted: { $in: ['true', 'false'] } },
        }),
      ).to.have.length(inEnv.length);
      expect(
        await ids('/datasources/aws/ebs-volumes', { filter: { ...env, is_deleted: { $in: [false] } } }),
      ).to.have.length(inEnv.length - 1);
    });

    it('filters by native id, name, status and the other documented fields', async () => {
      const volume = sim.dataset.volumes.find((v) => v.environment_id === prodEast.id);
      expect(
        await ids('/datasources/aws/ebs-volumes', {
          filter: { volume_native_id: { $eq: volume?.volume_native_id } },
        }),
      ).to.deep.equal([volume?.id]);
      expect(
        await ids('/datasources/aws/ebs-volumes', {
          filter: { environment_id: { $eq: prodEast.id }, backup_status: { $in: ['no_backup'] } },
        }),
      ).to.deep.equal(
        sim.dataset.volumes.filter((v) => v.name === 'prod-use1-scratch-unprotected').map((v) => v.id),
      );
      const clusters = sim.dataset.rdsResources.filter((r) => r.type === 'aws_rds_cluster').map((r) => r.id);
      expect(
        await ids('/datasources/aws/rds-resources', { filter: { type: { $in: ['aws_rds_cluster'] } } }),
      ).to.deep.equal(clusters);
      const mysql = await ids('/datasources/aws/rds-resources', {
        filter: { engine: { $eq: 'mysql' }, account_native_id: { $eq: '333333333333' } },
      });
      expect(mysql).to.have.length(2);
      const table = sim.dataset.dynamodbTables[4];
      expect(
        await ids('/datasources/aws/dynamodb-tables', {
          filter: { name: { $contains: table?.name.toUpperCase() } },
        }),
      ).to.deep.equal([table?.id]);
      const instance = sim.dataset.instances[1];
      expect(
        await ids('/datasources/aws/ec2-instances', {
          filter: { aws_region: { $eq: instance?.aws_region }, availability_zone: { $eq: instance?.aws_az } },
        }),
      ).to.include(instance?.id);
    });

    it('looks up an environment by account and region, and services case-insensitively', async () => {
      expect(
        await ids('/datasources/aws/environments', {
          filter: {
            account_native_id: { $eq: '111111111111' },
            aws_region: { $eq: 'us-east-1' },
            connection_status: { $eq: 'connected' },
          },
        }),
      ).to.deep.equal([prodEast.id]);
      expect(
        await ids('/datasources/aws/environments', {
          filter: { account_native_id: { $begins_with: '2222' } },
        }),
      ).to.have.length(2);
      expect(
        await ids('/datasources/aws/environments', {
          filter: { services_enabled: { $contains: 'DynamoDB' } },
        }),
      ).to.have.length(sim.dataset.environments.length);
      expect(
        await ids('/connections/aws', {
          filter: { account_native_id: { $in: ['333333333333'] }, aws_region: { $in: ['us-west-2'] } },
        }),
      ).to.have.length(1);
    });

    it('finds tags of an environment by value ($contains) and key_id, 404 for an unknown environment', async () => {
      const path = `/datasources/aws/environments/${prodEast.id}/tags`;
      const res = await list<{ key: string; value: string; key_id: string }>(
        sim,
        withQuery(path, { filter: { value: { $contains: 'DB' } } }),
      );
      expect(res.body._embedded.items.map((t) => `${t.key}=${t.value}`)).to.deep.equal(['App=db']);
      const keyId = res.body._embedded.items[0]?.key_id;
      const apps = await list<{ key: string }>(sim, withQuery(path, { filter: { key_id: { $eq: keyId } } }));
      expect(apps.body._embedded.items.map((t) => t.key)).to.deep.equal(['App', 'App', 'App']);
      const missing = await list(sim, '/datasources/aws/environments/no-such-env/tags');
      expect(missing.status).to.equal(404);
      expect(messages(missing.body)).to.deep.equal(['environment "no-such-env" not found']);
    });

    it('finds buckets, protection groups, their S3 assets and the organizational unit', async () => {
      expect(
        await ids('/datasources/aws/s3-buckets', {
          filter: { account_native_id: { $eq: '222222222222' }, name: { $in: ['dr-restore-bucket'] } },
        }),
      ).to.deep.equal(sim.dataset.buckets.filter((b) => b.name === 'dr-restore-bucket').map((b) => b.id));
      const ou = sim.dataset.organizationalUnits[0]?.id;
      const finance = await ids('/datasources/protection-groups', {
        filter: { organizational_unit_id: { $in: [ou] }, name: { $eq: 'pg-finance' } },
      });
      expect(finance).to.have.length(1);
      const assets = await ids('/datasources/protection-groups/s3-assets', {
        filter: { protection_group_id: { $eq: finance[0] }, environment_id: { $eq: prodEast.id } },
      });
      expect(assets).to.deep.equal(
        sim.dataset.pgS3Assets
          .filter((a) => a.group_id === finance[0] && a.environment_id === prodEast.id)
          .map((a) => a.id),
      );
      expect(await ids('/organizational-units', { filter: { name: { $contains: 'global' } } })).to.deep.equal(
        [ou],
      );
    });

    it('accepts lookback_days 1–60 and embeds the policy on request', async () => {
      const res = await list<{
        _embedded: Record<string, unknown>;
        protection_info: { policy_id: string } | null;
      }>(sim, '/datasources/aws/ebs-volumes?lookback_days=60&embed=read-policy-definition&limit=1');
      expect(res.status).to.equal(200);
      const item = res.body._embedded.items[0];
      expect(item?._embedded['read-policy-definition']).to.deep.equal(
        sim.dataset.policies.find((p) => p.id === item?.protection_info?.policy_id),
      );
      const bad = await list(sim, '/datasources/aws/ebs-volumes?lookback_days=61');
      expect(bad.status).to.equal(400);
      expect(messages(bad.body)).to.deep.equal(['lookback_days must be an integer from 1 to 60, got "61"']);
    });
  });

  describe('refusals (400 errors[])', () => {
    it('names an undocumented filter field and lists the supported ones', async () => {
      const res = await list(
        sim,
        withQuery('/backups/aws/ebs-volumes', { filter: { account_native_id: { $eq: '111111111111' } } }),
      );
      expect(res.status).to.equal(400);
      expect(res.headers['content-type']).to.equal('application/json');
      expect(res.body).to.deep.equal({
        errors: [
          {
            error_code: 400,
            error_message:
              'filter field "account_native_id" is not supported by GET /backups/aws/ebs-volumes; supported fields: volume_id, start_timestamp',
          },
        ],
      });
    });

    it('names an undocumented operator, also one Clumio does not have', async () => {
      const res = await list(
        sim,
        withQuery('/backups/aws/ebs-volumes', {
          filter: { start_timestamp: { $gte: '2024-06-01T00:00:00Z' }, volume_id: { $regex: 'x' } },
        }),
      );
      expect(res.status).to.equal(400);
      expect(messages(res.body)).to.deep.equal([
        'filter operator "$gte" is not supported for field "start_timestamp" by GET /backups/aws/ebs-volumes; supported: $lte, $gt',
        'filter operator "$regex" is not supported for field "volume_id" by GET /backups/aws/ebs-volumes; supported: $eq',
      ]);
      const env = await list(
        sim,
        withQuery('/datasources/aws/ebs-volumes', { filter: { aws_region: { $eq: 'us-east-1' } } }),
      );
      expect(messages(env.body)[0]).to.match(
        /^filter field "aws_region" is not supported by GET \/datasources\/aws\/ebs-volumes/,
      );
      const contains = await list(
        sim,
        withQuery('/datasources/aws/rds-resources', { filter: { name: { $eq: 'prod-use1-web-db' } } }),
      );
      expect(messages(contains.body)[0]).to.match(
        /operator "\$eq" is not supported for field "name".*supported: \$contains$/,
      );
    });

    it('refuses malformed JSON, wrong value types and combined exclusive operators', async () => {
      const cases: [string, string][] = [
        ['{"volume_id":', 'filter is not valid JSON'],
        ['[1,2]', 'filter must be a JSON object'],
        ['{"volume_id":"abc"}', 'filter field "volume_id" must be an object of operators'],
        [
          '{"start_timestamp":{"$gt":"yesterday"}}',
          'filter field "start_timestamp" operator "$gt" expects an RFC-3339 timestamp',
        ],
        ['{"volume_id":{"$eq":42}}', 'filter field "volume_id" operator "$eq" expects a string'],
      ];
      for (const [filter, message] of cases) {
        const res = await list(sim, `/backups/aws/ebs-volumes?filter=${encodeURIComponent(filter)}`);
        expect(res.status, filter).to.equal(400);
        expect(messages(res.body)[0], filter).to.contain(message);
      }
      const inString = await list(
        sim,
        withQuery('/datasources/aws/ebs-volumes', { filter: { is_deleted: { $in: 'true' } } }),
      );
      expect(messages(inString.body)).to.deep.equal([
        'filter field "is_deleted" operator "$in" expects a JSON array',
      ]);
      const both = await list(
        sim,
        withQuery('/datasources/aws/ebs-volumes', {
          filter: { volume_native_id: { $eq: 'vol-1', $contains: 'vol' } },
        }),
      );
      expect(messages(both.body)).to.deep.equal([
        'filter field "volume_native_id" accepts only one of $eq, $contains at a time',
      ]);
    });

    it('refuses an unknown sort and query parameters an endpoint does not document', async () => {
      const sort = await list(sim, '/backups/aws/ebs-volumes?sort=-size');
      expect(sort.status).to.equal(400);
      expect(messages(sort.body)).to.deep.equal([
        'sort "-size" is not supported; use start_timestamp or -start_timestamp',
      ]);
      const param = await list(sim, '/datasources/aws/ebs-volumes?sort=start_timestamp');
      expect(param.status).to.equal(400);
      expect(messages(param.body)[0]).to.match(
        /^query parameter "sort" is not supported by GET \/datasources\/aws\/ebs-volumes/,
      );
      const lookback = await list(sim, '/backups/aws/ebs-volumes?lookback_days=10');
      expect(lookback.status).to.equal(400);
    });
  });
});
