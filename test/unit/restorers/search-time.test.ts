import { expect } from 'chai';

import { ClumioClient, staticToken } from '../../../clumio/index.js';
import { findTagId, startSimulator, type RunningSimulator } from '../../../local/simulator/index.js';
import { decodeRestoreInput } from '../../../schemas/index.js';
import { lookupContext, planRun, type RunPlan } from '../../../workflows/planning.js';

const NOW = new Date('2026-06-30T12:00:00Z');
const PROD = '111111111111';
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The same instant written with another zone offset (`+05:30`, `-07:00`). */
function inZone(utc: string, offsetMinutes: number): string {
  const local = new Date(Date.parse(utc) + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

describe('restorers: search_time chooses the backup (against the simulator, real HTTP)', () => {
  let sim: RunningSimulator;
  let client: ClumioClient;
  let volumeId = '';
  let starts: string[] = [];

  before(async () => {
    sim = await startSimulator({ now: () => NOW, rateLimitPerSecond: false });
    client = new ClumioClient({ baseUrl: sim.url, token: staticToken(sim.token) });
    const volume = sim.dataset.volumes.find((v) => v.name === 'prod-use1-db-journal');
    if (volume === undefined) throw new Error('no prod-use1-db-journal');
    volumeId = volume.id;
    starts = sim.dataset.backups.ebs
      .filter((b) => b.volume_id === volumeId)
      .map((b) => b.start_timestamp)
      .sort();
  });
  after(() => sim.close());
  beforeEach(() => sim.clearRequests());

  async function plan(fields: object): Promise<RunPlan> {
    const decoded = decodeRestoreInput(
      {
        RestoreGroups: [
          {
            ResourceType: 'EBS',
            source_account: PROD,
            source_region: 'us-east-1',
            target_az: 'us-east-1a',
            ...fields,
          },
        ],
      },
      NOW,
    );
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems));
    return planRun(decoded.value, lookupContext(client, { now: NOW }));
  }

  async function chosen(fields: object): Promise<string | undefined> {
    sim.clearRequests();
    const result = await plan({ search_volume_id: volumeId, ...fields });
    expect(result.problems).to.deep.equal([]);
    const backups = sim.requests.filter((r) => r.path === '/backups/aws/ebs-volumes');
    expect(backups, 'one backup list request').to.have.length(1);
    return result.records[0]?.source.backupTimestamp ?? undefined;
  }

  const plus = (t: string, seconds: number): string => iso(Date.parse(t) + seconds * 1000);

  it('the volume has backups every six hours to choose from', () => {
    expect(starts.length).to.be.greaterThan(100);
  });

  it('before: a backup that started exactly at search_time is chosen; one second earlier, the one before', async () => {
    const k = 60;
    const backup = starts[k] ?? '';
    expect(await chosen({ search_time: backup })).to.equal(backup);
    expect(await chosen({ search_direction: 'before', search_time: plus(backup, 1) })).to.equal(backup);
    expect(await chosen({ search_time: plus(backup, -1) })).to.equal(starts[k - 1]);
    const [call] = sim.requests.filter((r) => r.path === '/backups/aws/ebs-volumes');
    expect(call?.filter).to.deep.equal({
      start_timestamp: { $lte: plus(backup, -1) },
      volume_id: { $eq: volumeId },
    });
    expect(call?.query.sort).to.equal('-start_timestamp');
    expect(call?.query.limit).to.equal('1');
  });

  it('zone offsets are converted before the search: the same instant chooses the same backup', async () => {
    const backup = starts[70] ?? '';
    for (const offset of [330, -420, 0, 840, -720]) {
      expect(await chosen({ search_time: inZone(backup, offset) }), inZone(backup, offset)).to.equal(backup);
      expect(await chosen({ search_time: inZone(plus(backup, -1), offset) })).to.equal(starts[69]);
    }
  });

  it('after: the oldest backup strictly after search_time, up to now', async () => {
    const backup = starts[50] ?? '';
    expect(await chosen({ search_direction: 'after', search_time: plus(backup, -1) })).to.equal(backup);
    expect(await chosen({ search_direction: 'after', search_time: backup })).to.equal(starts[51]);
    const [call] = sim.requests.filter((r) => r.path === '/backups/aws/ebs-volumes');
    expect(call?.filter).to.deep.equal({
      start_timestamp: { $gt: backup, $lte: '2026-06-30T12:00:00Z' },
      volume_id: { $eq: volumeId },
    });
    expect(call?.query.sort).to.equal('start_timestamp');
  });

  it('after with search_time_end: a backup exactly at the end is in; one second before the end, not', async () => {
    const backup = starts[50] ?? '';
    const from = plus(backup, -3600);
    expect(await chosen({ search_direction: 'after', search_time: from, search_time_end: backup })).to.equal(
      backup,
    );
    const result = await plan({
      search_volume_id: volumeId,
      search_direction: 'after',
      search_time: from,
      search_time_end: plus(backup, -1),
    });
    expect(result.records).to.deep.equal([]);
    expect(result.noBackup.map((n) => n.reason)).to.deep.equal([
      `no backup after search_time ${from} and at or before search_time_end ${plus(backup, -1)}`,
    ]);
  });

  it('before every backup: no backup, the reason names search_time', async () => {
    const early = plus(starts[0] ?? '', -1);
    const result = await plan({ search_volume_id: volumeId, search_time: early });
    expect(result.noBackup.map((n) => n.reason)).to.deep.equal([
      `no backup at or before search_time ${early}`,
    ]);
  });

  it('the report shows the backup time as the restore point', async () => {
    const result = await plan({ search_volume_id: volumeId, search_time: starts[40] ?? '' });
    expect(result.records[0]?.source).to.deep.include({
      backupTimestamp: starts[40],
    });
    expect(result.records[0]?.source).not.to.have.property('pointInTime');
  });

  describe('search_tags', () => {
    const env = () => {
      const found = sim.dataset.environments.find(
        (e) => e.account_native_id === PROD && e.aws_region === 'us-east-1',
      );
      if (found === undefined) throw new Error('no prod us-east-1');
      return found;
    };
    const carrying = (tags: Record<string, string>) =>
      sim.dataset.volumes
        .filter(
          (v) =>
            v.environment_id === env().id &&
            Object.entries(tags).every(([k, value]) => v.tags.some((t) => t.key === k && t.value === value)),
        )
        .map((v) => v.volume_native_id)
        .sort();

    it('every tag must match, sent as one tags.id $all filter, alone or with search_tag_key/value', async () => {
      const tags = { Environment: 'prod', App: 'db' };
      const expected = carrying(tags);
      expect(expected.length).to.be.greaterThan(0);
      expect(expected.length).to.be.lessThan(carrying({ Environment: 'prod' }).length);
      const ids = [
        findTagId(sim.dataset, env().id, 'Environment', 'prod'),
        findTagId(sim.dataset, env().id, 'App', 'db'),
      ];
      for (const fields of [
        { search_tags: tags },
        { search_tag_key: 'Environment', search_tag_value: 'prod', search_tags: { App: 'db' } },
        { search_tag_key: 'App', search_tag_value: 'db', search_tags: { Environment: 'prod', App: 'db' } },
      ]) {
        sim.clearRequests();
        const result = await plan(fields);
        expect(result.records.map((r) => r.source.resourceNativeId).sort()).to.deep.equal(expected);
        const lists = sim.requests.filter((r) => r.path === '/datasources/aws/ebs-volumes');
        expect(lists).to.have.length(1);
        const filter = lists[0]?.filter as Record<string, { $all?: string[] }>;
        expect([...(filter['tags.id']?.$all ?? [])].sort()).to.deep.equal([...ids].sort());
      }
    });

    it('a tag nobody carries matches nothing, without listing assets', async () => {
      const result = await plan({ search_tags: { Environment: 'prod', App: 'nobody' } });
      expect(result.records).to.deep.equal([]);
      expect(sim.count({ path: '/datasources/aws/ebs-volumes' })).to.equal(0);
    });
  });
});
