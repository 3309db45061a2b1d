import { expect } from 'chai';
import { startSimulator, type EbsBackup, type RunningSimulator } from '../../../../local/simulator/index.js';
import { FIXED_NOW, followAll, list, messages, withQuery, type Envelope } from './helpers.js';

function busiestVolume(sim: RunningSimulator): { volumeId: string; count: number } {
  const counts = new Map<string, number>();
  for (const b of sim.dataset.backups.ebs) counts.set(b.volume_id, (counts.get(b.volume_id) ?? 0) + 1);
  const [volumeId, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  return { volumeId, count };
}

describe('simulator envelopes and pagination', function () {
  let sim: RunningSimulator;

  before(async () => {
    sim = await startSimulator({ now: () => FIXED_NOW, rateLimitPerSecond: false });
  });
  after(() => sim.close());

  describe('page-number style (§3.2)', () => {
    it('answers the documented envelope with totals, links and filter_applied', async () => {
      const { volumeId, count } = busiestVolume(sim);
      expect(count).to.equal(120);
      const filter = { volume_id: { $eq: volumeId } };
      const res = await list<EbsBackup>(sim, withQuery('/backups/aws/ebs-volumes', { limit: 100, filter }));
      expect(res.status).to.equal(200);
      const page = res.body;
      expect(Object.keys(page).sort()).to.deep.equal([
        '_embedded',
        '_links',
        'current_count',
        'filter_applied',
        'limit',
        'start',
        'total_count',
        'total_pages_count',
      ]);
      expect(page.current_count).to.equal(100);
      expect(page._embedded.items).to.have.length(100);
      expect(page.limit).to.equal(100);
      expect(page.start).to.equal('1');
      expect(page.total_count).to.equal(120);
      expect(page.total_pages_count).to.equal(2);
      expect(JSON.parse(page.filter_applied ?? '')).to.deep.equal(filter);
      expect(Object.keys(page._links).sort()).to.deep.equal(['_first', '_last', '_next', '_self']);
      const next = page._links['_next'];
      expect(next).to.deep.equal({
        href: `/backups/aws/ebs-volumes?limit=100&start=2&filter=${encodeURIComponent(JSON.stringify(filter))}`,
        templated: false,
        type: 'get',
      });
      expect(page._links['_last']?.href).to.contain('start=2');
    });

    it('pages through > 100 backups by following _next.href verbatim, newest first by default', async () => {
      const { volumeId, count } = busiestVolume(sim);
      sim.clearRequests();
      const { items, pages } = await followAll<EbsBackup>(
        sim,
        withQuery('/backups/aws/ebs-volumes', { limit: 100, filter: { volume_id: { $eq: volumeId } } }),
      );
      expect(items).to.have.length(count);
      expect(new Set(items.map((b) => b.id)).size).to.equal(count);
      const times = items.map((b) => b.start_timestamp);
      expect(times).to.deep.equal([...times].sort().reverse());
      expect(pages.map((p) => [p.start, p.current_count])).to.deep.equal([
        ['1', 100],
        ['2', 20],
      ]);
      const last = pages[1];
      expect(last?._links['_next']).to.equal(undefined);
      expect(last?._links['_prev']?.href).to.contain('start=1');
      expect(sim.requests.map((r) => r.query['start'])).to.deep.equal([undefined, '2']);
      expect(sim.requests[1]?.filter).to.deep.equal({ volume_id: { $eq: volumeId } });
    });

    it('keeps sort and a smaller limit in every link, ascending when asked', async () => {
      const { volumeId, count } = busiestVolume(sim);
      const { items, pages } = await followAll<EbsBackup>(
        sim,
        withQuery('/backups/aws/ebs-volumes', {
          limit: 50,
          sort: 'start_timestamp',
          filter: { volume_id: { $eq: volumeId } },
        }),
      );
      expect(pages).to.have.length(Math.ceil(count / 50));
      expect(pages.every((p) => p.total_pages_count === 3 && p.limit === 50)).to.equal(true);
      expect(pages[0]?._links['_next']?.href).to.contain('sort=start_timestamp');
      const times = items.map((b) => b.start_timestamp);
      expect(times).to.deep.equal([...times].sort());
    });

    it('pages through > 100 datasource items (scaled tagged volumes)', async () => {
      const big = await startSimulator({
        now: () => FIXED_NOW,
        rateLimitPerSecond: false,
        scale: { taggedVolumes: 150 },
      });
      try {
        const env = big.dataset.environments[0];
        const { items, pages } = await followAll<{ id: string }>(
          big,
          withQuery('/datasources/aws/ebs-volumes', { filter: { environment_id: { $eq: env?.id } } }),
        );
        const expected = big.dataset.volumes.filter(
          (v) => v.environment_id === env?.id && !v.is_deleted,
        ).length;
        expect(expected).to.be.greaterThan(150);
        expect(items).to.have.length(expected);
        expect(pages.map((p) => p.total_count)).to.deep.equal([expected, expected]);
        expect(pages[0]).to.not.have.property('filter_applied');
      } finally {
        await big.close();
      }
    });

    it('makes _next.href absolute when absoluteLinks is set, and following it still works', async () => {
      const absolute = await startSimulator({
        now: () => FIXED_NOW,
        rateLimitPerSecond: false,
        absoluteLinks: true,
      });
      try {
        const { volumeId, count } = busiestVolume(absolute);
        const first = await list(
          absolute,
          withQuery('/backups/aws/ebs-volumes', { filter: { volume_id: { $eq: volumeId } } }),
        );
        expect(
          first.body._links['_next']?.href.startsWith(`${absolute.url}/backups/aws/ebs-volumes?`),
        ).to.equal(true);
        const { items } = await followAll(
          absolute,
          withQuery('/backups/aws/ebs-volumes', { filter: { volume_id: { $eq: volumeId } } }),
        );
        expect(items).to.have.length(count);
      } finally {
        await absolute.close();
      }
    });

    it("with linkQuery 'start' links carry only start: followed verbatim they drop the filter and the limit", async () => {
      const bare = await startSimulator({
        now: () => FIXED_NOW,
        rateLimitPerSecond: false,
        linkQuery: 'start',
      });
      try {
        const { volumeId } = busiestVolume(bare);
        const filter = { volume_id: { $eq: volumeId } };
        const first = await list(bare, withQuery('/backups/aws/ebs-volumes', { limit: 50, filter }));
        expect(first.body.total_count).to.equal(120);
        expect(first.body._links['_next']?.href).to.equal('/backups/aws/ebs-volumes?start=2');
        expect(first.body._links['_first']?.href).to.equal('/backups/aws/ebs-volumes?start=1');
        const verbatim = await list(bare, first.body._links['_next']?.href ?? '');
        expect(verbatim.body.limit).to.equal(100);
        expect(verbatim.body.total_count).to.equal(bare.dataset.backups.ebs.length);
        const resent = await list(
          bare,
          withQuery('/backups/aws/ebs-volumes', { limit: 50, start: 2, filter }),
        );
        expect(resent.body._embedded.items.map((b) => b['volume_id'])).to.deep.equal(
          Array<string>(50).fill(volumeId),
        );
      } finally {
        await bare.close();
      }
    });

    it('answers an empty list with zero totals and no _next', async () => {
      const res = await list(
        sim,
        withQuery('/backups/aws/ebs-volumes', { filter: { volume_id: { $eq: 'nope' } } }),
      );
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ current_count: 0, total_count: 0, total_pages_count: 0, start: '1' });
      expect(res.body._embedded.items).to.deep.equal([]);
      expect(res.body._links['_next']).to.equal(undefined);
      expect(res.body._links['_prev']).to.equal(undefined);
    });

    it('clamps limit to 100, refuses bad limit/start, and answers an empty page past the end', async () => {
      const clamped = await list(sim, '/backups/aws/ebs-volumes?limit=500');
      expect(clamped.body.limit).to.equal(100);
      expect(clamped.body.current_count).to.equal(100);
      for (const bad of ['limit=0', 'limit=ten', 'start=0', 'start=abc']) {
        const res = await list(sim, `/backups/aws/ebs-volumes?${bad}`);
        expect(res.status, bad).to.equal(400);
        expect(messages(res.body)[0], bad).to.match(/^(limit|start) must be/);
      }
      const beyond = await list(sim, '/datasources/aws/rds-resources?start=9');
      expect(beyond.status).to.equal(200);
      expect(beyond.body.current_count).to.equal(0);
      expect(beyond.body.total_count).to.equal(sim.dataset.rdsResources.length);
    });

    it('puts filter_applied only on the lists reference §4 names', async () => {
      const withIt = [
        '/datasources/aws/rds-resources',
        '/organizational-units',
        '/tasks',
        '/backups/protection-groups',
      ];
      const without = [
        '/datasources/aws/ebs-volumes',
        '/datasources/protection-groups',
        '/datasources/aws/s3-buckets',
      ];
      for (const path of withIt)
        expect((await list(sim, path)).body, path).to.have.property('filter_applied');
      for (const path of without)
        expect((await list(sim, path)).body, path).to.not.have.property('filter_applied');
    });
  });

  describe('token style (§3.3)', () => {
    let big: RunningSimulator;
    before(async () => {
      big = await startSimulator({
        now: () => FIXED_NOW,
        rateLimitPerSecond: false,
        scale: { environments: 150 },
      });
    });
    after(() => big.close());

    it('pages environments with opaque tokens, no totals and only _first/_next/_self', async () => {
      const total = big.dataset.environments.length;
      expect(total).to.equal(157);
      const { items, pages } = await followAll<{ id: string }>(big, '/datasources/aws/environments');
      expect(items.map((e) => e.id)).to.deep.equal(big.dataset.environments.map((e) => e.id));
      expect(pages).to.have.length(2);
      const [first, second] = pages as [Envelope<{ id: string }>, Envelope<{ id: string }>];
      expect(first).to.not.have.property('total_count');
      expect(first).to.not.have.property('total_pages_count');
      expect(first).to.not.have.property('filter_applied');
      expect(Object.keys(first._links).sort()).to.deep.equal(['_first', '_next', '_self']);
      expect(first._links['_first']?.href).to.equal('/datasources/aws/environments?limit=100');
      const token = new URL(first._links['_next']?.href ?? '', 'http://x').searchParams.get('start');
      expect(token).to.be.a('string').and.not.equal('2');
      expect(second.current_count).to.equal(total - 100);
      expect(Object.keys(second._links).sort()).to.deep.equal(['_first', '_self']);
    });

    it('pages connections the same way, with create-aws-connection and filter_applied', async () => {
      const { items, pages } = await followAll<{ id: string }>(big, '/connections/aws?limit=60');
      expect(items).to.have.length(big.dataset.connections.length);
      expect(pages).to.have.length(3);
      expect(pages[0]?._links['create-aws-connection']).to.deep.equal({
        href: '/connections/aws',
        templated: false,
        type: 'post',
      });
      expect(pages[0]?.filter_applied).to.equal('');
    });

    it('refuses a start that is not one of its tokens', async () => {
      const res = await list(big, '/datasources/aws/environments?start=2');
      expect(res.status).to.equal(400);
      expect(messages(res.body)).to.deep.equal(['start "2" is not a page token of this list']);
    });
  });
});
