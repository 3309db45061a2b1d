import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { main } from '../../local/cli.js';
import { runRestore } from '../../local/commands/restore.js';
import { startSimulator, type RunningSimulator } from '../../local/simulator/index.js';
import { projectRoot } from '../../local/serverless-config.js';
import type { RestoreRecord } from '../../core/records.js';
import type { JournalEntry } from '../../workflows/bulk-restore/journal.js';
import type { Report } from '../../workflows/report.js';
import { captureIO, loadGroupInput, tempDir } from './helpers.js';

const TOKEN = 'operate-token-3b9e61d2c4a8f057';

async function json<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

/** The journal entries written so far (a missing folder is an empty journal). */
async function journal(folder: string): Promise<JournalEntry[]> {
  const names = await readdir(join(folder, 'tasks')).catch(() => [] as string[]);
  const entries = await Promise.all(
    names
      .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      .map((n) => json<JournalEntry>(join(folder, 'tasks', n)).catch(() => undefined)),
  );
  return entries.filter((e): e is JournalEntry => e !== undefined);
}

/** The CLI as a user runs it: its own process (Node with tsx, bin/clumio-bulk-restore.js). */
function cli(args: string[]): { child: ChildProcess; exit: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [join(projectRoot, 'bin', 'clumio-bulk-restore.js'), ...args], {
    cwd: projectRoot,
    env: { ...process.env, CLUMIO_TOKEN: TOKEN, POWERTOOLS_LOG_LEVEL: 'SILENT' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, exit, output: () => output };
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Accepted restore POSTs by backup id: how many times Clumio started each. */
function startsByBackup(sim: RunningSimulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of sim.restores()) counts.set(r.backupId ?? '', (counts.get(r.backupId ?? '') ?? 0) + 1);
  return counts;
}

describe('integration: operating a run (journal, interrupt, resume, status, abort, rerun)', function () {
  this.timeout(120_000);

  describe('kill -9 mid-run, then resume', () => {
    let sim: RunningSimulator;
    before(async () => {
      sim = await startSimulator({
        token: TOKEN,
        taskSeconds: 1,
        rateLimitPerSecond: false,
        scale: { taggedVolumes: 200 },
      });
    });
    after(() => sim.close());

    it('resume completes every one of 200 restores with exactly one POST each, none lost', async () => {
      const dir = await tempDir('kill9');
      const folder = join(dir, 'run');
      const inputFile = join(dir, 'input.json');
      await writeFile(inputFile, JSON.stringify(loadGroupInput(200, { base_url: sim.url })));
      // 50 at a time, and no task ends before the kill: the 51st restore cannot start, so at the kill no
      // request is in flight and the first 50 are exactly the ones Clumio accepted.
      for (const volume of sim.dataset.volumes) sim.setTaskOutcome(volume.volume_native_id, 'never');
      const first = cli(['restore', '--input', inputFile, '--out', folder, '--concurrency', '50']);
      await until('50 restores accepted and journaled', async () => {
        return sim.restores().length >= 50 && (await journal(folder)).filter((e) => e.taskId).length >= 50;
      });
      first.child.kill('SIGKILL');
      expect(await first.exit).to.equal(null);
      const atKill = await journal(folder);
      expect(atKill).to.have.length(50);
      expect(atKill.every((e) => e.taskId !== undefined)).to.equal(true);
      expect(sim.restores()).to.have.length(50);
      expect(new Set(atKill.map((e) => e.taskId))).to.deep.equal(
        new Set(sim.restores().map((r) => r.taskId)),
      );
      await readFile(join(folder, 'report.json')).then(
        () => expect.fail('a killed run writes no report'),
        () => undefined,
      );
      // report rebuilds what the killed run could not write, from the plan and the journal alone.
      const rebuilt = captureIO({});
      expect(await main(['report', folder], rebuilt), rebuilt.err()).to.equal(0);
      expect(rebuilt.out()).to.contain(
        'report.json rebuilt from the plan, the journal and the results: 200 restores: 50 running, 150 not started',
      );
      expect((await json<Report>(join(folder, 'report.json'))).counts).to.include({ running: 50 });

      for (const volume of sim.dataset.volumes) sim.setTaskOutcome(volume.volume_native_id, 'completed');
      const io = captureIO({ CLUMIO_TOKEN: TOKEN, POWERTOOLS_LOG_LEVEL: 'SILENT' });
      expect(await main(['resume', folder, '--poll-interval', '0.5'], io), io.err()).to.equal(0);
      expect(io.out()).to.contain('(200 restores in its plan)');
      expect(io.out()).to.contain('200 restores: 200 completed');

      const plan = await json<RestoreRecord[]>(join(folder, 'plan.json'));
      const starts = startsByBackup(sim);
      expect(plan).to.have.length(200);
      expect(plan.every((r) => starts.get(r.source.backupId ?? '') === 1)).to.equal(true);
      expect(sim.count({ method: 'POST' })).to.equal(200);
      const report = await json<Report>(join(folder, 'report.json'));
      expect(report.counts).to.include({ planned: 200, completed: 200, running: 0, unknown: 0 });
      expect(new Set(report.restores.map((r) => r.taskId))).to.deep.equal(
        new Set(sim.restores().map((r) => r.taskId)),
      );
      // The 50 started before the kill keep the task ids the journal had.
      const byTask = new Map(report.restores.map((r) => [r.taskId, r.status]));
      expect(atKill.every((e) => byTask.get(e.taskId ?? '') === 'completed')).to.equal(true);
    });
  });

  describe('Ctrl-C, status and abort', () => {
    let sim: RunningSimulator;
    before(async () => {
      // Short tasks that never end on their own: an aborted one is `aborted` a tenth of it later.
      sim = await startSimulator({
        token: TOKEN,
        taskSeconds: 2,
        rateLimitPerSecond: false,
        scale: { taggedVolumes: 30 },
      });
      for (const volume of sim.dataset.volumes) sim.setTaskOutcome(volume.volume_native_id, 'never');
    });
    after(() => sim.close());

    it('SIGINT starts nothing more and writes the report: started restores running, the rest planned; abort sends one PATCH per unfinished task and the report says aborted', async () => {
      const dir = await tempDir('sigint');
      const folder = join(dir, 'run');
      const inputFile = join(dir, 'input.json');
      await writeFile(inputFile, JSON.stringify(loadGroupInput(30, { base_url: sim.url })));
      const run = cli(['restore', '--input', inputFile, '--out', folder, '--concurrency', '10']);
      await until('10 restores accepted and journaled', async () => {
        return (await journal(folder)).filter((e) => e.taskId).length >= 10;
      });
      run.child.kill('SIGINT');
      expect(await run.exit).to.equal(130);
      const out = run.output();
      expect(out).to.contain('interrupted: starting no more restores');
      expect(out).to.contain('30 restores: 10 running, 20 not started');
      expect(out).to.contain(`clumio-bulk-restore resume ${folder}`);
      expect(out).to.contain(`clumio-bulk-restore abort ${folder}`);
      const report = await json<Report>(join(folder, 'report.json'));
      expect(report.counts).to.include({ planned: 30, running: 10, completed: 0 });
      const running = report.restores.filter((r) => r.status === 'running');
      expect(new Set(running.map((r) => r.taskId))).to.deep.equal(
        new Set(sim.restores().map((r) => r.taskId)),
      );
      const planned = report.restores.filter((r) => r.status === 'planned');
      expect(planned).to.have.length(20);
      expect(
        planned.every(
          (r) => r.taskId === null && r.error?.startsWith('not started: the run was interrupted'),
        ),
      ).to.equal(true);
      expect(await readFile(join(folder, 'report.csv'), 'utf8')).to.contain(',running,');

      // status reads Clumio for the 10 tasks and changes nothing.
      sim.clearRequests();
      const statusIo = captureIO({ CLUMIO_TOKEN: TOKEN });
      expect(await main(['status', folder], statusIo)).to.equal(1);
      expect(statusIo.out()).to.contain('30 restores: 10 running, 20 not started');
      expect(sim.requests.map((r) => r.method)).to.deep.equal(Array(10).fill('GET'));
      expect(sim.requests.every((r) => r.path.startsWith('/tasks/'))).to.equal(true);

      const refused = captureIO({ CLUMIO_TOKEN: TOKEN });
      expect(await main(['abort', folder], refused)).to.equal(2);
      expect(refused.err()).to.contain('add --yes');

      sim.clearRequests();
      const abortIo = captureIO({ CLUMIO_TOKEN: TOKEN });
      expect(await main(['abort', folder, '--yes'], abortIo), abortIo.err()).to.equal(0);
      const patches = sim.requests.filter((r) => r.method === 'PATCH');
      expect(patches).to.have.length(10);
      expect(new Set(patches.map((r) => r.path))).to.deep.equal(
        new Set(running.map((r) => `/tasks/${r.taskId}`)),
      );
      expect(
        patches.every((r) => JSON.stringify(r.body) === '{"status":"aborting"}' && r.status === 200),
      ).to.equal(true);
      expect(sim.count({ method: 'POST' })).to.equal(0);
      const aborted = await json<Report>(join(folder, 'report.json'));
      expect(aborted.counts).to.include({ planned: 30, aborted: 30, running: 0 });
      expect(
        aborted.restores
          .filter((r) => r.taskId !== null)
          .every((r) => r.error === `Clumio task ${r.taskId} is aborting`),
      ).to.equal(true);
      expect(abortIo.out()).to.contain('30 restores: 30 aborted');
      expect(abortIo.out().match(/^aborted: EBS vol-/gm)).to.have.length(10);

      // A resume after the abort starts nothing: the run is stopped.
      sim.clearRequests();
      const resumeIo = captureIO({ CLUMIO_TOKEN: TOKEN, POWERTOOLS_LOG_LEVEL: 'SILENT' });
      expect(await main(['resume', folder, '--poll-interval', '0.2'], resumeIo)).to.equal(1);
      expect(sim.count({ method: 'POST' })).to.equal(0);
      expect((await json<Report>(join(folder, 'report.json'))).counts).to.include({ aborted: 30 });
    });

    it('Ctrl-C in the demo (npm start) once its 15 restores started writes their report as running, and says its simulator stops with it', async () => {
      const demo = cli(['demo']);
      let folder = '';
      try {
        await until('the demo to name its run folder', () => {
          folder = /^run \S+: (\S+)$/m.exec(demo.output())?.[1] ?? '';
          return folder !== '';
        });
        await until('15 restores accepted and journaled', async () => {
          return (await journal(folder)).filter((e) => e.taskId).length === 15;
        });
        demo.child.kill('SIGINT');
        expect(await demo.exit).to.equal(130);
        const out = demo.output();
        expect(out).to.contain('15 restores: 15 running; 1 without a backup');
        expect(out).to.contain("(the demo's simulator stops with the demo, and its tasks with it");
        const report = await json<Report>(join(folder, 'report.json'));
        expect(report.counts).to.include({ planned: 15, running: 15, completed: 0, no_backup: 1 });
        expect(report.restores.filter((r) => r.status === 'running').map((r) => r.taskId)).to.have.length(15);
      } finally {
        demo.child.kill('SIGKILL');
        if (folder !== '') await rm(folder, { recursive: true, force: true });
      }
    });
  });

  describe('rerun', () => {
    let sim: RunningSimulator;
    // A simulator each: the unknown check reads every restore task Clumio has of a resource.
    beforeEach(async () => {
      sim = await startSimulator({
        token: TOKEN,
        taskSeconds: 0,
        rateLimitPerSecond: false,
        scale: { taggedVolumes: 12 },
      });
    });
    afterEach(() => sim.close());

    it('POSTs exactly the failed restores’ recorded bodies in a new run linked to the old one', async () => {
      const dir = await tempDir('rerun');
      const inputFile = join(dir, 'input.json');
      await writeFile(inputFile, JSON.stringify(loadGroupInput(12, { base_url: sim.url })));
      const volumes = sim.dataset.volumes.filter((v) => v.tags.some((t) => t.key === 'Bulk'));
      const failing = volumes.slice(0, 3).map((v) => v.volume_native_id);
      for (const volume of failing) sim.setTaskOutcome(volume, 'failed');
      const io = captureIO({ CLUMIO_TOKEN: TOKEN, POWERTOOLS_LOG_LEVEL: 'SILENT' });
      const first = join(dir, 'first');
      expect(await runRestore({ inputFile, out: first, pollIntervalSeconds: 0.01, retryMs: 0 }, io)).to.equal(
        1,
      );
      const plan = await json<RestoreRecord[]>(join(first, 'plan.json'));
      const failedIndexes = plan
        .map((r, i) => [r, i] as const)
        .filter(([r]) => failing.includes(r.source.resourceNativeId ?? ''))
        .map(([, i]) => i);
      expect(failedIndexes).to.have.length(3);

      for (const volume of failing) sim.setTaskOutcome(volume, 'completed');
      sim.clearRequests();
      const again = join(dir, 'again');
      const rerunIo = captureIO({ CLUMIO_TOKEN: TOKEN, POWERTOOLS_LOG_LEVEL: 'SILENT' });
      expect(
        await main(['rerun', first, '--out', again, '--poll-interval', '0.01'], rerunIo),
        rerunIo.err(),
      ).to.equal(0);
      const report = await json<Report>(join(first, 'report.json'));
      expect(rerunIo.out()).to.contain(
        `rerun of 3 restores of run ${report.runId} (3 failed), exactly as recorded`,
      );
      const posts = sim.requests.filter((r) => r.method === 'POST');
      expect(posts.map((r) => r.body)).to.have.deep.members(failedIndexes.map((i) => plan[i]?.request.body));
      expect(posts.map((r) => r.path)).to.deep.equal(Array(3).fill('/restores/aws/ebs-volumes'));
      const rerunReport = await json<Report>(join(again, 'report.json'));
      expect(rerunReport.rerunOf).to.deep.equal({ runId: report.runId, restores: failedIndexes });
      expect(rerunReport.counts).to.include({ planned: 3, completed: 3 });
      expect(await json(join(again, 'plan.json'))).to.deep.equal(failedIndexes.map((i) => plan[i]));
      // Nothing selected: no new run at all.
      const none = captureIO({ CLUMIO_TOKEN: TOKEN });
      expect(await main(['rerun', again, '--only', 'failed'], none)).to.equal(0);
      expect(none.out()).to.contain('nothing to rerun');
    });

    it('takes an unknown restore only with --include-unknown, and only when Clumio shows no restore task of it', async () => {
      const dir = await tempDir('rerun-unknown');
      const inputFile = join(dir, 'input.json');
      await writeFile(inputFile, JSON.stringify(loadGroupInput(12, { base_url: sim.url })));
      // Two answers lost: one POST Clumio processed (502 after processing), one it never processed.
      sim.script(
        { method: 'POST', kind: 'status', status: 502, afterProcessing: true },
        { method: 'POST', kind: 'reset' },
      );
      const first = join(dir, 'first');
      const io = captureIO({ CLUMIO_TOKEN: TOKEN, POWERTOOLS_LOG_LEVEL: 'SILENT' });
      expect(
        await runRestore(
          { inputFile, out: first, pollIntervalSeconds: 0.01, retryMs: 0, concurrency: 1 },
          io,
        ),
      ).to.equal(1);
      const report = await json<Report>(join(first, 'report.json'));
      expect(report.counts).to.include({ unknown: 2, completed: 10 });

      const refused = captureIO({ CLUMIO_TOKEN: TOKEN });
      expect(await main(['rerun', first, '--only', 'unknown'], refused)).to.equal(2);
      expect(refused.err()).to.contain('add --include-unknown');

      sim.clearRequests();
      const again = join(dir, 'again');
      const rerunIo = captureIO({ CLUMIO_TOKEN: TOKEN, POWERTOOLS_LOG_LEVEL: 'SILENT' });
      expect(
        await main(['rerun', first, '--include-unknown', '--out', again, '--poll-interval', '0.01'], rerunIo),
        rerunIo.err(),
      ).to.equal(0);
      const out = rerunIo.out();
      expect(out.match(/: not rerun: Clumio shows restore task \d+ \(completed/g)).to.have.length(1);
      expect(
        out.match(/: rerun: Clumio shows no restore task of the same resource since its request at /g),
      ).to.have.length(1);
      expect(sim.requests.filter((r) => r.method === 'GET' && r.path === '/tasks')).to.have.length(2);
      expect(sim.count({ method: 'POST' })).to.equal(1);
      expect((await json<Report>(join(again, 'report.json'))).counts).to.include({
        planned: 1,
        completed: 1,
      });
    });
  });
});
