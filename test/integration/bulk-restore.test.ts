import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { runRestore, type RestoreRunOptions } from '../../local/commands/restore.js';
import { startSimulator, type RunningSimulator } from '../../local/simulator/index.js';
import type { Report } from '../../workflows/report.js';
import type { RestoreRecord } from '../../core/records.js';
import { captureIO, filesBelow, tempDir, type CapturedIO } from './helpers.js';

const TOKEN = 'integration-token-6f1c0a9e2b7d4c58';
const examples = join(import.meta.dirname, '..', '..', 'examples');

interface Run {
  readonly code: number;
  readonly io: CapturedIO;
  readonly folder: string;
  report(): Promise<Report>;
  plan(): Promise<RestoreRecord[]>;
}

describe('integration: bulkRestore (the real ASL from serverless print, in the local runner, against the simulator)', function () {
  this.timeout(120_000);
  let sim: RunningSimulator;
  const seen: Run[] = [];

  before(async () => {
    sim = await startSimulator({ token: TOKEN, taskSeconds: 0, rateLimitPerSecond: false });
  });
  after(() => sim.close());
  beforeEach(() => sim.clearRequests());

  async function restore(input: unknown, options: Partial<RestoreRunOptions> = {}): Promise<Run> {
    const folder = await tempDir('run');
    const inputFile = join(folder, 'input.json');
    await writeFile(inputFile, typeof input === 'string' ? input : JSON.stringify(input));
    const io = captureIO({ CLUMIO_TOKEN: TOKEN });
    const code = await runRestore(
      {
        inputFile,
        baseUrl: sim.url,
        out: join(folder, 'run'),
        pollIntervalSeconds: 0.005,
        retryMs: 0,
        ...options,
      },
      io,
    );
    const run: Run = {
      code,
      io,
      folder: join(folder, 'run'),
      report: async () => JSON.parse(await readFile(join(folder, 'run', 'report.json'), 'utf8')) as Report,
      plan: async () =>
        JSON.parse(await readFile(join(folder, 'run', 'plan.json'), 'utf8')) as RestoreRecord[],
    };
    seen.push(run);
    return run;
  }

  async function example(name: string): Promise<Record<string, unknown>> {
    return JSON.parse(await readFile(join(examples, name), 'utf8')) as Record<string, unknown>;
  }

  it('restores all five types end to end: one POST per planned record with exactly its body, every task polled to completion', async () => {
    const run = await restore(await example('restore-input.json'));
    expect(run.code, run.io.err()).to.equal(0);
    const plan = await run.plan();
    const report = await run.report();
    expect(new Set(plan.map((r) => r.resourceType))).to.deep.equal(
      new Set(['EBS', 'EC2', 'RDS', 'DynamoDB', 'ProtectionGroup']),
    );
    const posts = sim.requests.filter((r) => r.method === 'POST');
    expect(posts).to.have.length(plan.length);
    const expectedPaths: Record<string, string> = {
      EBS: '/restores/aws/ebs-volumes',
      EC2: '/restores/aws/ec2-instances',
      RDS: '/restores/aws/rds-resources',
      DynamoDB: '/restores/aws/dynamodb-tables',
      ProtectionGroup: '/restores/protection-groups',
    };
    for (const record of plan) {
      const post = posts.filter((p) => JSON.stringify(p.body) === JSON.stringify(record.request.body));
      expect(post, `${record.resourceType} ${record.source.resourceNativeId}`).to.have.length(1);
      expect(post[0]?.path).to.equal(expectedPaths[record.resourceType]);
      expect(post[0]?.status).to.equal(202);
    }
    expect(report.counts).to.deep.equal({
      planned: plan.length,
      completed: plan.length,
      failed: 0,
      timed_out: 0,
      unknown: 0,
      no_backup: 1,
      no_match: 0,
      not_planned: 0,
    });
    const entries = report.restores.filter((r) => r.status !== 'no_backup');
    expect(entries.map((e) => e.backupId)).to.deep.equal(plan.map((r) => r.source.backupId));
    expect(new Set(entries.map((e) => e.taskId)).size).to.equal(plan.length);
    expect(report.version).to.equal(
      (await readFile(join(import.meta.dirname, '..', '..', 'VERSION'), 'utf8')).trim(),
    );
    expect(run.io.out()).to.contain(`${plan.length} restores: ${plan.length} completed; 1 without a backup`);
    const csv = await readFile(join(run.folder, 'report.csv'), 'utf8');
    expect(csv.split('\r\n').filter((l) => l !== '')).to.have.length(1 + entries.length + 1);
  });

  it('a dry run plans and reports without a single POST; every record is planned; exit 0', async () => {
    const run = await restore(await example('restore-input.json'), { dryRun: true });
    expect(run.code).to.equal(0);
    expect(sim.count({ method: 'POST' })).to.equal(0);
    expect(sim.count({ path: '/tasks/*' })).to.equal(0);
    const report = await run.report();
    expect(report.dryRun).to.equal(true);
    expect(
      report.restores.filter((r) => r.status !== 'no_backup').every((r) => r.status === 'planned'),
    ).to.equal(true);
    expect(report.counts.planned).to.equal((await run.plan()).length);
  });

  it('a failing Clumio task fails the execution with RestoresFailed and exit 1; the report names it', async () => {
    const input = await example('restore-ec2.json');
    const plan = (await restore(input, { dryRun: true })).plan();
    const victim = (await plan)[0];
    if (victim === undefined) throw new Error('nothing planned');
    sim.setTaskOutcome(victim.source.backupId ?? '', 'failed');
    sim.clearRequests();
    const run = await restore(input);
    expect(run.code).to.equal(1);
    expect(run.io.err()).to.contain('failed: RestoresFailed');
    const report = await run.report();
    const failed = report.restores.filter((r) => r.status === 'failed');
    expect(failed).to.have.length(1);
    expect(failed[0]?.backupId).to.equal(victim.source.backupId);
    expect(failed[0]?.error).to.match(/^Clumio task \d+ ended failed$/);
    expect(report.counts.failed).to.equal(1);
  });

  it('a task that never ends is timed_out after exactly pollingMaxAttempts polls (local stage: 50)', async () => {
    const input = {
      RestoreGroups: [
        {
          ResourceType: 'DynamoDB',
          source_account: '111111111111',
          source_region: 'us-east-1',
          search_table_id: 'prod-use1-sessions',
          target_table_name: 'sessions-never',
        },
      ],
    };
    const planned = await (await restore(input, { dryRun: true })).plan();
    sim.setTaskOutcome(planned[0]?.source.backupId ?? '', 'never');
    sim.clearRequests();
    // The schedule's maximum wait, for a polling interval of 5 ms: 50 polls.
    const run = await restore(input, { maxWaitSeconds: 0.25 });
    expect(run.code).to.equal(1);
    const [entry] = (await run.report()).restores;
    expect(entry?.status).to.equal('timed_out');
    expect(entry?.error).to.match(/still in_progress after 50 polls/);
    expect(sim.count({ path: `/tasks/${entry?.taskId}` })).to.equal(50);
  });

  it('invalid input is refused with exit 2 before any Clumio request or run file, listing every problem', async () => {
    const run = await restore({
      RestoreGroups: [
        { ResourceType: 'EBS', source_account: '111111111111', source_region: 'us-east-1' },
        { ResourceType: 'Tape', source_account: 'x' },
      ],
    });
    expect(run.code).to.equal(2);
    expect(sim.count()).to.equal(0);
    expect(run.io.err()).to.contain('error: RestoreGroups[0].target_az: required for EBS');
    expect(run.io.err()).to.contain('error: RestoreGroups[1].ResourceType: unknown ResourceType');
    expect(run.io.err()).to.contain('2 problems; nothing was run');
    expect(await filesBelow(run.folder)).to.have.property('size', 0);
  });

  it('a plan above max_restores fails with PlanTooLarge and exit 3 without a single POST', async () => {
    const input = { ...(await example('restore-input.json')), max_restores: 3 };
    const run = await restore(input);
    expect(run.code).to.equal(3);
    expect(sim.count({ method: 'POST' })).to.equal(0);
    expect(run.io.err()).to.contain('failed: PlanTooLarge');
    expect(run.io.err()).to.match(/the plan holds \d+ restores, more than the 3 this run allows/);
  });

  it('a group that cannot be planned fails the run with PlanFailed and exit 3, naming the group, nothing restored', async () => {
    const run = await restore({
      RestoreGroups: [
        {
          ResourceType: 'EBS',
          source_account: '111111111111',
          source_region: 'us-east-1',
          search_tag_key: 'App',
          search_tag_value: 'db',
          target_az: 'us-east-1a',
        },
        {
          ResourceType: 'ProtectionGroup',
          search_pg_name: 'pg-missing',
          target_account: '222222222222',
          target_bucket: 'dr-restore-bucket',
        },
      ],
    });
    expect(run.code).to.equal(3);
    expect(sim.count({ method: 'POST' })).to.equal(0);
    expect(run.io.err()).to.contain('PlanFailed');
    expect(run.io.err()).to.contain('RestoreGroups[1].search_pg_name: no protection group named pg-missing');
  });

  it('a refused token stops the run with exit 3 and a clear message', async () => {
    const folder = await tempDir('auth');
    const inputFile = join(folder, 'input.json');
    await writeFile(inputFile, JSON.stringify(await example('restore-ebs.json')));
    const io = captureIO({ CLUMIO_TOKEN: 'not-the-simulator-token-123' });
    const code = await runRestore({ inputFile, baseUrl: sim.url, out: join(folder, 'run'), retryMs: 0 }, io);
    expect(code).to.equal(3);
    expect(io.err()).to.contain('Clumio refused the API token');
    expect(sim.count({ method: 'POST' })).to.equal(0);
  });

  it('never writes the token to stdout, stderr or any file of any run', async () => {
    expect(seen.length).to.be.greaterThan(5);
    for (const run of seen) {
      expect(run.io.out()).not.to.contain(TOKEN);
      expect(run.io.err()).not.to.contain(TOKEN);
      for (const [path, text] of await filesBelow(run.folder)) expect(text, path).not.to.contain(TOKEN);
    }
  });
});
