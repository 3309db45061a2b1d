import { expect } from 'chai';
import { ClumioClient, staticToken } from '../../../clumio/index.js';
import { startSimulator, type RunningSimulator } from '../../../local/simulator/index.js';
import { filterMismatch } from '../../../restorers/checked-list.js';
import { decodeRestoreInput } from '../../../schemas/index.js';
import { lookupContext, planRun, type RunPlan } from '../../../workflows/planning.js';
import { startRecorder, type Recorder } from '../../conformance/recorder.js';

const PROD = '111111111111';
const DR = '222222222222';
const NOW = new Date('2026-11-25T13:37:11Z');

describe('restorers/checked-list', () => {
  describe('filterMismatch: the filter the product sent, checked on an item', () => {
    const volume = {
      id: 'v1',
      environment_id: 'env-a',
      is_deleted: false,
      tags: [{ id: 't1' }, { id: 't2' }],
      backup_status_info: { backup_status: 'success' },
      name: 'Prod-Use1-Data',
    };

    it('passes an item that satisfies every condition', () => {
      expect(
        filterMismatch(
          {
            environment_id: { $eq: 'env-a' },
            is_deleted: { $in: ['true', 'false'] },
            'tags.id': { $all: ['t2', 't1'] },
            backup_status: { $in: ['success', 'partial_success'] },
            name: { $contains: 'use1-data' },
          },
          volume,
        ),
      ).to.equal(undefined);
    });

    it('names the first condition an item fails', () => {
      expect(filterMismatch({ environment_id: { $eq: 'env-b' } }, volume)).to.equal(
        'environment_id "env-a" does not satisfy $eq "env-b"',
      );
      expect(filterMismatch({ 'tags.id': { $all: ['t1', 't3'] } }, volume)).to.equal(
        'tags.id ["t1","t2"] does not satisfy $all ["t1","t3"]',
      );
      expect(filterMismatch({ is_deleted: { $in: ['true'] } }, volume)).to.equal(
        'is_deleted false does not satisfy $in ["true"]',
      );
      expect(filterMismatch({ volume_id: { $eq: 'v9' } }, volume)).to.equal(
        'volume_id absent does not satisfy $eq "v9"',
      );
    });

    it('compares start_timestamp as instants, both ends of an after window', () => {
      const window = { start_timestamp: { $gt: '2026-11-20T00:00:00Z', $lte: '2026-11-22T23:59:59Z' } };
      expect(filterMismatch(window, { start_timestamp: '2026-11-22T23:59:59.000Z' })).to.equal(undefined);
      expect(filterMismatch(window, { start_timestamp: '2026-11-20T00:00:00+00:00' })).to.equal(
        'start_timestamp "2026-11-20T00:00:00+00:00" does not satisfy $gt "2026-11-20T00:00:00Z"',
      );
      expect(filterMismatch(window, { start_timestamp: '2026-11-23T00:00:00Z' })).to.match(/\$lte/);
    });

    it("reads an RDS backup's database in either SDK model and a group S3 asset's group", () => {
      expect(filterMismatch({ resource_id: { $eq: 'db1' } }, { database_id: 'db1' })).to.equal(undefined);
      expect(filterMismatch({ resource_id: { $eq: 'db1' } }, { resource_id: 'db1' })).to.equal(undefined);
      expect(filterMismatch({ protection_group_id: { $eq: 'pg' } }, { group_id: 'pg' })).to.equal(undefined);
    });
  });

  describe('against a server that ignores filters (a relay strips them from the query)', function () {
    this.timeout(60_000);
    let sim: RunningSimulator;
    before(async () => {
      sim = await startSimulator({ now: () => NOW, rateLimitPerSecond: false });
    });
    after(() => sim.close());

    /** Removes these fields from every `filter` the product sends. */
    function ignoring(...fields: string[]): (url: URL) => void {
      return (url) => {
        const filter = url.searchParams.get('filter');
        if (filter === null) return;
        const parsed = JSON.parse(filter) as Record<string, unknown>;
        for (const field of fields) delete parsed[field];
        url.searchParams.set('filter', JSON.stringify(parsed));
      };
    }

    async function planThrough(
      url: string,
      groups: object[],
    ): Promise<{ plan: RunPlan; warnings: Record<string, unknown>[] }> {
      const decoded = decodeRestoreInput({ RestoreGroups: groups });
      if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems));
      const warnings: Record<string, unknown>[] = [];
      const client = new ClumioClient({ baseUrl: url, token: staticToken(sim.token) });
      const log = {
        warn: (message: string, attributes: Record<string, unknown>) =>
          warnings.push({ message, ...attributes }),
      };
      return { plan: await planRun(decoded.value, lookupContext(client, { now: NOW, log })), warnings };
    }

    const groups = [
      {
        ResourceType: 'EBS',
        source_account: PROD,
        source_region: 'us-east-1',
        search_tag_key: 'App',
        search_tag_value: 'web',
        search_direction: 'before',
        end_search_day_offset: 3,
        target_account: DR,
        target_region: 'us-east-1',
        target_az: 'us-east-1a',
      },
    ];

    let relay: Recorder | undefined;
    afterEach(async () => {
      await relay?.close();
      relay = undefined;
    });

    it('plans only the asked environment and tag, each with its own backup in the window, and logs the drops', async () => {
      const expected = (await planThrough(sim.url, groups)).plan;
      expect(expected.records.length).to.be.greaterThan(0);
      relay = await startRecorder(
        sim.url,
        ignoring('environment_id', 'tags.id', 'volume_id', 'start_timestamp'),
      );
      const { plan, warnings } = await planThrough(relay.url, groups);
      expect(plan.problems).to.deep.equal([]);
      expect(plan.records.map((r) => [r.source.resourceId, r.source.backupId])).to.deep.equal(
        expected.records.map((r) => [r.source.resourceId, r.source.backupId]),
      );
      expect(plan.records.map((r) => r.request)).to.deep.equal(expected.records.map((r) => r.request));
      const assets = warnings.filter((w) => w['list'] === 'ebsVolumes');
      const allVolumes = sim.dataset.volumes.length;
      expect(assets).to.have.length(1);
      expect(assets[0]).to.include({
        message: 'dropped list items that do not match the filter sent',
        dropped: allVolumes - expected.records.length - expected.noBackup.length,
      });
      expect(assets[0]?.['example']).to.match(/: (environment_id|tags\.id) .* does not satisfy/);
      const backups = warnings.filter((w) => w['list'] === 'ebsBackups');
      expect(backups).to.have.length(plan.records.length);
      expect(backups.every((w) => (w['dropped'] as number) > 0)).to.equal(true);
    });

    it('restores nothing of another account when the environment lookup ignores its filter', async () => {
      relay = await startRecorder(sim.url, ignoring('account_native_id', 'aws_region'));
      const { plan, warnings } = await planThrough(relay.url, groups);
      const env = sim.dataset.environments.find(
        (e) => e.account_native_id === DR && e.aws_region === 'us-east-1',
      );
      expect(plan.records.length).to.be.greaterThan(0);
      expect(plan.records.every((r) => r.target.environmentId === env?.id)).to.equal(true);
      expect(warnings.filter((w) => w['list'] === 'environments').length).to.be.greaterThan(0);
    });
  });
});
