import { expect } from 'chai';
import { ClumioClient, staticToken } from '../../../clumio/index.js';
import { lookupContext, planRun, type RunPlan } from '../../../workflows/planning.js';
import { endOfDay, startOfDay } from '../../../core/window.js';
import { startSimulator, type RunningSimulator } from '../../../local/simulator/index.js';
import { decodeRestoreInput } from '../../../schemas/index.js';

/** Plans a document against a simulator, as the Plan step does. */
async function plan(sim: RunningSimulator, groups: object[], now: Date): Promise<RunPlan> {
  const decoded = decodeRestoreInput({ RestoreGroups: groups });
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems));
  const client = new ClumioClient({ baseUrl: sim.url, token: staticToken(sim.token) });
  return planRun(decoded.value, lookupContext(client, { now }));
}

const PROD = '111111111111';
const DR = '222222222222';

function ebsGroup(extra: object): object {
  return {
    ResourceType: 'EBS',
    source_account: PROD,
    source_region: 'us-east-1',
    target_account: DR,
    target_region: 'us-east-1',
    target_az: 'us-east-1a',
    ...extra,
  };
}

describe('restorers/plan-group against the simulator', () => {
  describe('the selection rule (DESIGN §3.2), checked against every backup of a volume with > 100', () => {
    // Three clocks: the first and last second of a UTC day, and mid-day.
    const clocks = ['2026-11-25T00:00:00Z', '2026-11-25T13:37:11Z', '2026-11-25T23:59:59Z'];
    for (const clock of clocks) {
      describe(`now = ${clock}`, () => {
        const now = new Date(clock);
        let sim: RunningSimulator;
        let volumeId = '';
        let starts: string[] = [];

        before(async () => {
          sim = await startSimulator({ now: () => now, rateLimitPerSecond: false });
          const counts = new Map<string, number>();
          for (const b of sim.dataset.backups.ebs)
            counts.set(b.volume_id, (counts.get(b.volume_id) ?? 0) + 1);
          volumeId = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
          starts = sim.dataset.backups.ebs
            .filter((b) => b.volume_id === volumeId)
            .map((b) => b.start_timestamp)
            .sort();
        });
        after(() => sim.close());

        const newestAtOrBefore = (t: string) => starts.filter((s) => s <= t).at(-1);
        const oldestIn = (from: string, to: string) => starts.find((s) => s > from && s <= to);

        const cases: { name: string; fields: object; expected: () => string | undefined }[] = [
          {
            name: 'no direction = newest up to the end of today',
            fields: {},
            expected: () => newestAtOrBefore(endOfDay(0, now)),
          },
          ...[0, 1, 3, 29].map((e) => ({
            name: `before, end offset ${e}`,
            fields: { search_direction: 'before', end_search_day_offset: e, start_search_day_offset: 0 },
            expected: () => newestAtOrBefore(endOfDay(e, now)),
          })),
          ...[
            [7, 2],
            [2, 7],
            [3, 3],
            [0, 0],
            [0, 10],
          ].map(([s, e]) => ({
            name: `after, offsets start ${s} end ${e}`,
            fields: { search_direction: 'after', start_search_day_offset: s, end_search_day_offset: e },
            expected: () =>
              oldestIn(startOfDay(Math.max(s ?? 0, e ?? 0), now), endOfDay(Math.min(s ?? 0, e ?? 0), now)),
          })),
          {
            name: 'before, a day older than every backup = no_backup',
            fields: { search_direction: 'before', end_search_day_offset: 60 },
            expected: () => undefined,
          },
        ];

        it('the volume has more than 100 backups', () => {
          expect(starts.length).to.be.greaterThan(100);
        });

        for (const c of cases) {
          it(c.name, async () => {
            sim.clearRequests();
            const result = await plan(sim, [ebsGroup({ search_volume_id: volumeId, ...c.fields })], now);
            const expected = c.expected();
            if (expected === undefined) {
              expect(result.records).to.deep.equal([]);
              expect(result.noBackup).to.have.length(1);
              expect(result.noBackup[0]?.source.resourceId).to.equal(volumeId);
            } else {
              expect(result.records.map((r) => r.source.backupTimestamp)).to.deep.equal([expected]);
            }
            // A Clumio-id pin needs no asset listing: one backup request with limit=1.
            const backupCalls = sim.requests.filter((r) => r.path === '/backups/aws/ebs-volumes');
            expect(backupCalls).to.have.length(1);
            expect(backupCalls[0]?.query.limit).to.equal('1');
            expect(sim.count({ path: '/datasources/aws/ebs-volumes' })).to.equal(0);
          });
        }
      });
    }
  });

  describe('matching resources', () => {
    const now = new Date('2026-11-25T15:00:00Z');
    let sim: RunningSimulator;
    before(async () => {
      sim = await startSimulator({ now: () => now, rateLimitPerSecond: false });
    });
    after(() => sim.close());
    beforeEach(() => sim.clearRequests());

    function prodEnv() {
      const env = sim.dataset.environments.find(
        (e) => e.account_native_id === PROD && e.aws_region === 'us-east-1',
      );
      if (env === undefined) throw new Error('no prod us-east-1 environment');
      return env;
    }

    it('a tag selects every matching volume of the source environment, deleted ones included: one restore each', async () => {
      const env = prodEnv();
      const tagged = sim.dataset.volumes.filter(
        (v) =>
          v.environment_id === env.id && v.tags.some((t) => t.key === 'Environment' && t.value === 'prod'),
      );
      expect(tagged.some((v) => v.is_deleted)).to.equal(true);
      const result = await plan(
        sim,
        [ebsGroup({ search_tag_key: 'Environment', search_tag_value: 'prod' })],
        now,
      );
      const planned = [
        ...result.records.map((r) => r.source.resourceId),
        ...result.noBackup.map((n) => n.source.resourceId),
      ];
      expect(planned.sort()).to.deep.equal(tagged.map((v) => v.id).sort());
      expect(new Set(result.records.map((r) => r.source.backupId)).size).to.equal(result.records.length);
      expect(
        result.records.every((r) => r.target.account === DR && r.request.endpoint === 'restoreEbsVolume'),
      ).to.equal(true);
    });

    it('uses the server-side filters: environment, tag id, asset id, window; no per-restore environment lookups', async () => {
      const result = await plan(sim, [ebsGroup({ search_tag_key: 'App', search_tag_value: 'db' })], now);
      const assets = result.records.length + result.noBackup.length;
      expect(assets).to.be.greaterThan(1);
      // source and target environment: one lookup each, however many restores
      expect(sim.count({ path: '/datasources/aws/environments' })).to.equal(2);
      expect(sim.count({ path: '/datasources/aws/environments/*' })).to.equal(1);
      const listCalls = sim.requests.filter((r) => r.path === '/datasources/aws/ebs-volumes');
      expect(listCalls).to.have.length(1);
      const listFilter = listCalls[0]?.filter as Record<string, unknown>;
      expect(listFilter.environment_id).to.deep.equal({ $eq: prodEnv().id });
      expect(listFilter['tags.id']).to.have.property('$all');
      expect(listFilter.is_deleted).to.deep.equal({ $in: ['true', 'false'] });
      const backupCalls = sim.requests.filter((r) => r.path === '/backups/aws/ebs-volumes');
      expect(backupCalls).to.have.length(assets);
      for (const call of backupCalls) {
        expect(call.query.limit).to.equal('1');
        expect(call.query.sort).to.equal('-start_timestamp');
        expect(call.filter).to.have.all.keys('volume_id', 'start_timestamp');
      }
      expect(sim.count()).to.equal(2 + 1 + 1 + assets);
    });

    it('looks each environment up once per run, whatever the number of groups', async () => {
      await plan(
        sim,
        [
          ebsGroup({ search_tag_key: 'App', search_tag_value: 'db' }),
          ebsGroup({ search_tag_key: 'App', search_tag_value: 'web' }),
          ebsGroup({ search_tag_key: 'App', search_tag_value: 'web', target_az: 'us-east-1b' }),
        ],
        now,
      );
      expect(sim.count({ path: '/datasources/aws/environments' })).to.equal(2);
      expect(sim.count({ path: '/datasources/aws/environments/*' })).to.equal(2);
    });

    it('a tag nobody carries matches nothing, after one tag lookup, and says what it searched', async () => {
      const result = await plan(
        sim,
        [ebsGroup({ search_tag_key: 'App', search_tag_value: 'no-such-app' })],
        now,
      );
      expect(result).to.deep.equal({
        records: [],
        noBackup: [],
        noMatch: [
          {
            groupIndex: 0,
            resourceType: 'EBS',
            source: { account: PROD, region: 'us-east-1' },
            searched: `EBS volumes with tag App=no-such-app in ${PROD}/us-east-1`,
          },
        ],
        notPlanned: [],
        problems: [],
      });
      expect(sim.count({ path: '/datasources/aws/ebs-volumes' })).to.equal(0);
    });

    it('pins by AWS id with the native-id filter, and by Clumio id without listing assets', async () => {
      const env = prodEnv();
      const volume = sim.dataset.volumes.find(
        (v) => v.environment_id === env.id && sim.dataset.backups.ebs.some((b) => b.volume_id === v.id),
      );
      if (volume === undefined) throw new Error('no backed-up volume');
      const byNative = await plan(sim, [ebsGroup({ search_volume_id: volume.volume_native_id })], now);
      expect(byNative.records.map((r) => r.source.resourceId)).to.deep.equal([volume.id]);
      const list = sim.requests.find((r) => r.path === '/datasources/aws/ebs-volumes');
      expect((list?.filter as Record<string, unknown>).volume_native_id).to.deep.equal({
        $eq: volume.volume_native_id,
      });
      sim.clearRequests();
      const byClumioId = await plan(sim, [ebsGroup({ search_volume_id: volume.id })], now);
      expect(byClumioId.records).to.deep.equal(byNative.records);
      expect(sim.count({ path: '/datasources/aws/ebs-volumes' })).to.equal(0);
    });

    it('refuses a Clumio-id pin of another account or region, naming both', async () => {
      const other = sim.dataset.backups.ebs.find((b) => b.account_native_id !== PROD);
      if (other === undefined) throw new Error('no backup outside prod');
      const result = await plan(sim, [ebsGroup({ search_volume_id: other.volume_id })], now);
      expect(result.records).to.deep.equal([]);
      expect(result.problems).to.have.length(1);
      expect(result.problems[0]?.path).to.equal('RestoreGroups[0].search_volume_id');
      expect(result.problems[0]?.message).to.contain(`is a resource of account ${other.account_native_id}`);
      expect(result.problems[0]?.message).to.contain(`not of the group's source ${PROD} in us-east-1`);
    });

    it('reports a matching volume without any backup as no_backup, and keeps planning the rest', async () => {
      const env = prodEnv();
      const withoutBackup = sim.dataset.volumes.filter(
        (v) => v.environment_id === env.id && !sim.dataset.backups.ebs.some((b) => b.volume_id === v.id),
      );
      expect(withoutBackup.length).to.be.greaterThan(0);
      const target = withoutBackup[0];
      if (target === undefined) throw new Error('unreachable');
      const result = await plan(sim, [ebsGroup({ search_volume_id: target.volume_native_id })], now);
      expect(result.records).to.deep.equal([]);
      expect(result.noBackup).to.deep.equal([
        {
          groupIndex: 0,
          resourceType: 'EBS',
          source: {
            account: PROD,
            region: 'us-east-1',
            resourceId: target.id,
            resourceNativeId: target.volume_native_id,
          },
          reason: `no backup at or before ${endOfDay(0, now)} (before, end_search_day_offset 0)`,
        },
      ]);
    });

    it('passes over granular RDS backups to the newest restorable one', async () => {
      const granular = sim.dataset.backups.rds.filter((b) => b.type.includes('granular'));
      const resourceId = granular[0]?.resource_id;
      if (resourceId === undefined) throw new Error('dataset has no granular RDS backup');
      const restorable = sim.dataset.backups.rds
        .filter((b) => b.resource_id === resourceId && !b.type.includes('granular'))
        .map((b) => b.start_timestamp)
        .sort();
      const backup = sim.dataset.backups.rds.find((b) => b.resource_id === resourceId);
      const result = await plan(
        sim,
        [
          {
            ResourceType: 'RDS',
            source_account: backup?.account_native_id,
            source_region: backup?.aws_region,
            search_resource_id: resourceId,
            target_rds_name: 'restored-db',
          },
        ],
        now,
      );
      expect(result.records.map((r) => r.source.backupTimestamp)).to.deep.equal([restorable.at(-1)]);
    });

    it('an unknown target environment is a plan problem naming the account and region', async () => {
      const result = await plan(
        sim,
        [
          ebsGroup({
            target_account: '999999999999',
            target_region: 'us-east-1',
            search_tag_key: 'App',
            search_tag_value: 'db',
          }),
        ],
        now,
      );
      expect(result.problems).to.deep.equal([
        {
          path: 'RestoreGroups[0].target_account/target_region',
          message: 'no Clumio environment for account 999999999999 in us-east-1 (is it connected to Clumio?)',
        },
      ]);
      expect(result.notPlanned).to.deep.equal([
        {
          groupIndex: 0,
          resourceType: 'EBS',
          source: { account: PROD, region: 'us-east-1' },
          problems: result.problems,
        },
      ]);
    });

    it('an unknown source environment is a plan problem at source_account/source_region', async () => {
      const result = await plan(sim, [ebsGroup({ source_account: '999999999999' })], now);
      expect(result.problems).to.deep.equal([
        {
          path: 'RestoreGroups[0].source_account/source_region',
          message: 'no Clumio environment for account 999999999999 in us-east-1 (is it connected to Clumio?)',
        },
      ]);
    });

    it('an availability zone outside the target environment is a plan problem before any asset lookup', async () => {
      const result = await plan(
        sim,
        [ebsGroup({ target_az: 'us-east-1f', search_tag_key: 'App', search_tag_value: 'db' })],
        now,
      );
      expect(result.problems[0]?.path).to.equal('RestoreGroups[0].target_az');
      expect(result.problems[0]?.message).to.match(
        /^us-east-1f is not an availability zone of account 222222222222 in us-east-1/,
      );
      expect(sim.count({ path: '/backups/aws/ebs-volumes' })).to.equal(0);
    });
  });
});
