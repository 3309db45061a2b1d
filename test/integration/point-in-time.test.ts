import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { exampleClock } from '../../local/commands/example-clock.js';
import { runRestore } from '../../local/commands/restore.js';
import { startSimulator, type RunningSimulator } from '../../local/simulator/index.js';
import type { RestoreRecord } from '../../core/records.js';
import type { Report } from '../../workflows/report.js';
import { captureIO, tempDir, type CapturedIO } from './helpers.js';

const TOKEN = 'integration-token-6f1c0a9e2b7d4c58';
const examples = join(import.meta.dirname, '..', '..', 'examples');
const SEARCH_TIME = '2026-06-28T14:05:00Z';

interface Run {
  readonly code: number;
  readonly io: CapturedIO;
  readonly folder: string;
  report(): Promise<Report>;
  plan(): Promise<RestoreRecord[]>;
}

async function example(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(examples, name), 'utf8')) as Record<string, unknown>;
}

describe('integration: restore to an exact moment (examples/restore-point-in-time.json, as the demo runs it)', function () {
  this.timeout(120_000);
  let sim: RunningSimulator;

  before(async () => {
    // The demo's clock: the simulator runs two days after the example's search_time.
    const clock = exampleClock(await example('restore-point-in-time.json'));
    if (clock === undefined) throw new Error('the example names no search_time');
    sim = await startSimulator({ token: TOKEN, taskSeconds: 0, rateLimitPerSecond: false, now: clock });
  });
  after(() => sim.close());
  beforeEach(() => sim.clearRequests());

  async function restore(input: unknown): Promise<Run> {
    const folder = await tempDir('pitr');
    const inputFile = join(folder, 'input.json');
    await writeFile(inputFile, JSON.stringify(input));
    const io = captureIO({ CLUMIO_TOKEN: TOKEN });
    const out = join(folder, 'run');
    const code = await runRestore(
      { inputFile, baseUrl: sim.url, out, pollIntervalSeconds: 0.005, retryMs: 0 },
      io,
    );
    return {
      code,
      io,
      folder: out,
      report: async () => JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report,
      plan: async () => JSON.parse(await readFile(join(out, 'plan.json'), 'utf8')) as RestoreRecord[],
    };
  }

  it('EBS from the newest backup at or before 14:05, RDS, DynamoDB and the protection group at 14:05 exactly', async () => {
    const run = await restore(await example('restore-point-in-time.json'));
    expect(run.code, run.io.err()).to.equal(0);
    const plan = await run.plan();
    expect(new Set(plan.map((r) => r.resourceType))).to.deep.equal(
      new Set(['EBS', 'RDS', 'DynamoDB', 'ProtectionGroup']),
    );
    const posts = sim.requests.filter((r) => r.method === 'POST');
    expect(posts).to.have.length(plan.length);
    for (const record of plan) {
      const sent = posts.filter((p) => JSON.stringify(p.body) === JSON.stringify(record.request.body));
      expect(sent, `${record.resourceType} ${record.source.resourceNativeId}`).to.have.length(1);
      expect(sent[0]?.status).to.equal(202);
    }
    const ebs = plan.filter((r) => r.resourceType === 'EBS');
    expect(ebs.length).to.be.greaterThan(0);
    for (const record of ebs) {
      expect(Date.parse(record.source.backupTimestamp ?? '')).to.be.at.most(Date.parse(SEARCH_TIME));
      const volumeBackups = sim.dataset.backups.ebs.filter(
        (b) => b.volume_id === record.source.resourceId && b.start_timestamp <= SEARCH_TIME,
      );
      expect(record.source.backupTimestamp).to.equal(volumeBackups.at(-1)?.start_timestamp);
    }
    const pitr = plan.filter((r) => r.resourceType !== 'EBS');
    expect(pitr.map((r) => r.source.pointInTime)).to.deep.equal(pitr.map(() => ({ timestamp: SEARCH_TIME })));
    const bodies = pitr.map((r) => r.request.body as { source: Record<string, Record<string, unknown>> });
    expect(bodies.map((b) => Object.keys(b.source)[0])).to.have.members([
      'snapshot',
      'continuous_backup',
      'pitr',
    ]);
    expect(bodies.find((b) => b.source.snapshot)?.source.snapshot?.timestamp).to.equal(SEARCH_TIME);
    expect(bodies.find((b) => b.source.continuous_backup)?.source.continuous_backup).to.deep.include({
      timestamp: SEARCH_TIME,
      use_latest_restorable_time: null,
      type: 'aws_pitr',
    });
    expect(bodies.find((b) => b.source.pitr)?.source.pitr).to.deep.include({
      restore_start_timestamp: null,
      restore_end_timestamp: SEARCH_TIME,
    });

    const report = await run.report();
    expect(report.counts).to.deep.include({ planned: plan.length, completed: plan.length, failed: 0 });
    for (const entry of report.restores) {
      if (entry.resourceType === 'EBS') {
        expect(entry).to.deep.include({ restoreFrom: 'backup', restorePoint: entry.backupTimestamp });
      } else {
        expect(entry).to.deep.include({
          restoreFrom: 'point_in_time',
          restorePoint: SEARCH_TIME,
          backupId: null,
          backupTimestamp: null,
        });
      }
    }
    const csv = (await readFile(join(run.folder, 'report.csv'), 'utf8')).split('\r\n');
    expect(csv[0]).to.match(/,error,warnings,.*,targetPrefix,restoreFrom,restorePoint$/);
    expect(csv.filter((line) => line.endsWith(`,point_in_time,${SEARCH_TIME}`))).to.have.length(pitr.length);
    expect(run.io.out()).to.contain(`${SEARCH_TIME} (point in time)`);
  });

  for (const name of [
    'restore-search-time.json',
    'restore-ec2-ami.json',
    'restore-ec2-volumes.json',
    'restore-dynamodb-point-in-time.json',
    'restore-rds-point-in-time.json',
  ]) {
    it(`examples/${name} runs to completion against the same simulator`, async () => {
      const run = await restore(await example(name));
      expect(run.code, run.io.err()).to.equal(0);
      const plan = await run.plan();
      expect(plan.length).to.be.greaterThan(0);
      expect(sim.requests.filter((r) => r.method === 'POST' && r.status === 202)).to.have.length(plan.length);
    });
  }

  it('invalid combinations exit 2 before any Clumio request, naming the fields', async () => {
    const run = await restore({
      RestoreGroups: [
        {
          ResourceType: 'EBS',
          source_account: '111111111111',
          source_region: 'us-east-1',
          target_az: 'us-east-1a',
          restore_from: 'point_in_time',
          search_time: SEARCH_TIME,
          end_search_day_offset: 1,
        },
        {
          ResourceType: 'RDS',
          source_account: '111111111111',
          source_region: 'us-east-1',
          target_rds_name: 'x',
          restore_from: 'point_in_time',
          search_time: '2026-06-28T14:05:00',
        },
      ],
    });
    expect(run.code).to.equal(2);
    expect(sim.count()).to.equal(0);
    const err = run.io.err();
    for (const path of [
      'RestoreGroups[0].restore_from',
      'RestoreGroups[0].end_search_day_offset',
      'RestoreGroups[1].search_time',
    ]) {
      expect(err).to.contain(path);
    }
    expect(err).to.contain('EBS has no point-in-time source in Clumio');
    expect(err).to.contain('a timestamp without a zone is ambiguous');
  });

  it('a moment outside the restorable window stops the run at planning, naming the window; nothing restored', async () => {
    const run = await restore({
      RestoreGroups: [
        {
          ResourceType: 'RDS',
          source_account: '111111111111',
          source_region: 'us-east-1',
          search_resource_id: 'prod-use1-web-db',
          restore_from: 'point_in_time',
          search_time: '2026-06-01T00:00:00Z',
          target_rds_name: 'web-too-old',
        },
      ],
    });
    expect(run.code).to.equal(3);
    expect(sim.count({ method: 'POST' })).to.equal(0);
    expect(run.io.err()).to.contain('failed: PlanFailed');
    expect(run.io.err()).to.match(
      /RestoreGroups\[0\]\.search_time: prod-use1-web-db: 2026-06-01T00:00:00Z is outside its restorable window \S+ to \S+ \(earliest_aws_snapshot_restorable_timestamp, latest_aws_snapshot_restorable_timestamp\)/,
    );
  });
});
