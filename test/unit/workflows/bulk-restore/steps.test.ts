import { expect } from 'chai';
import { ClumioClient, staticToken } from '../../../../clumio/index.js';
import type { RestoreItem, RestoreProgress } from '../../../../workflows/bulk-restore/state.js';
import { checkTask } from '../../../../workflows/bulk-restore/check-task.js';
import type { EndLogger } from '../../../../workflows/bulk-restore/restore-log.js';
import { startRestore } from '../../../../workflows/bulk-restore/start-restore.js';
import { startSimulator, type RunningSimulator } from '../../../../local/simulator/index.js';
import { folderRunFiles, type RunFiles } from '../../../../workflows/run-store.js';
import { tempDir } from '../../../integration/helpers.js';
import { ebsRestoreItem } from './fixtures.js';

describe('workflows/bulk-restore: StartRestore and CheckTask', () => {
  let sim: RunningSimulator;
  let client: ClumioClient;
  const lines: Record<string, unknown>[] = [];
  const log: EndLogger = { info: (_message, attributes) => lines.push(attributes) };
  const polling = { intervalSeconds: 60, maxIntervalSeconds: 900, maxAttempts: 6 };

  before(async () => {
    sim = await startSimulator({ taskSeconds: 0, rateLimitPerSecond: false });
    client = new ClumioClient({
      baseUrl: sim.url,
      token: staticToken(sim.token),
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
  });
  after(() => sim.close());
  let journal: RunFiles;
  beforeEach(async () => {
    lines.length = 0;
    sim.clearRequests();
    journal = folderRunFiles(await tempDir('journal'), 'steps-test');
  });

  const item = (index: number): RestoreItem => ebsRestoreItem(sim, index, 'steps-test', polling);

  it('StartRestore returns the task id and the first wait of the schedule', async () => {
    const started = await startRestore(item(0), client, log, journal);
    expect(started).to.deep.include({ status: 'started', error: null, polls: 0, waitSeconds: 60 });
    expect(started.taskId).to.match(/^\d+$/);
    expect(lines).to.deep.equal([]);
  });

  it('CheckTask waits 60, 120, 240, 480, 900 s between polls and times out after maxAttempts, logging one end line', async () => {
    const start = item(1);
    sim.setTaskOutcome(start.record.source.backupId ?? '', 'never');
    let progress: RestoreProgress = await startRestore(start, client, log, journal);
    const waits = [progress.waitSeconds];
    while (progress.status === 'started') {
      progress = await checkTask(progress, client, log);
      if (progress.status === 'started') waits.push(progress.waitSeconds);
    }
    expect(waits).to.deep.equal([60, 120, 240, 480, 900, 900]);
    expect(progress.status).to.equal('timed_out');
    expect(progress.polls).to.equal(6);
    expect(progress.error).to.equal(
      `Clumio task ${progress.taskId} was still in_progress after 6 polls over 2700 s (pollingMaxAttempts)`,
    );
    expect(sim.count({ path: `/tasks/${progress.taskId}` })).to.equal(6);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.deep.include({
      status: 'timed_out',
      resourceType: 'EBS',
      taskId: progress.taskId,
      polls: 6,
    });
    expect(lines[0]?.source).to.deep.equal(start.record.source);
    expect(lines[0]?.target).to.deep.equal(start.record.target);
  });

  it('a refused request is failed (not started); a POST whose answer was lost is unknown; neither is sent twice', async () => {
    sim.script({ method: 'POST', kind: 'status', status: 400 });
    const refused = await startRestore(item(2), client, log, journal);
    expect(refused).to.deep.include({ status: 'failed', taskId: null });
    expect(refused.error).to.match(/^not started: /);
    sim.script({ method: 'POST', kind: 'status', status: 502, afterProcessing: true });
    const lost = await startRestore(item(3), client, log, journal);
    expect(lost).to.deep.include({ status: 'unknown', taskId: null });
    expect(lost.error).to.match(
      /^outcome unknown: POST \/restores\/aws\/ebs-volumes was sent but Clumio answered HTTP 502/,
    );
    expect(sim.count({ method: 'POST' })).to.equal(2);
    expect(lines.map((l) => l.status)).to.deep.equal(['failed', 'unknown']);
  });

  it('a failed Clumio task ends the restore failed, an aborted one aborted, naming the task', async () => {
    const failing = item(4);
    sim.setTaskOutcome(failing.record.source.backupId ?? '', 'failed');
    const failed = await checkTask(await startRestore(failing, client, log, journal), client, log);
    expect(failed).to.deep.include({ status: 'failed', error: `Clumio task ${failed.taskId} ended failed` });
    const aborting = item(5);
    sim.setTaskOutcome(aborting.record.source.backupId ?? '', 'aborted');
    const aborted = await checkTask(await startRestore(aborting, client, log, journal), client, log);
    expect(aborted).to.deep.include({
      status: 'aborted',
      error: `Clumio task ${aborted.taskId} was aborted`,
    });
  });

  describe('the journal of starts', () => {
    const clock = (): Date => new Date('2026-12-01T10:00:00.000Z');

    it('records the intent before the POST and the task id after it, in tasks/<index>.json', async () => {
      const started = await startRestore(item(6), client, log, journal, clock);
      expect(await journal.getJson('tasks/6.json')).to.deep.equal({
        index: 6,
        endpoint: 'restoreEbsVolume',
        intentAt: '2026-12-01T10:00:00.000Z',
        taskId: started.taskId,
        acceptedAt: '2026-12-01T10:00:00.000Z',
      });
      expect(await journal.list('')).to.deep.equal(['tasks/6.json']);
    });

    it('runs again without a POST: an accepted restore goes on with its task id, a refused one stays failed', async () => {
      const first = await startRestore(item(7), client, log, journal);
      sim.script({ method: 'POST', kind: 'status', status: 400 });
      const refused = await startRestore(item(8), client, log, journal);
      sim.clearRequests();
      expect(await startRestore(item(7), client, log, journal)).to.deep.equal(first);
      expect(await startRestore(item(8), client, log, journal)).to.deep.equal(refused);
      expect(sim.count()).to.equal(0);
      expect((await journal.getJson<{ rejected: string }>('tasks/8.json')).rejected).to.match(
        /^Clumio request failed \(POST \/restores\/aws\/ebs-volumes -> HTTP 400\)/,
      );
    });

    it('a request sent without a recorded answer is unknown and never sent again', async () => {
      await journal.putJson('tasks/9.json', {
        index: 9,
        endpoint: 'restoreEbsVolume',
        intentAt: '2026-12-01T09:59:00.000Z',
      });
      const again = await startRestore(item(9), client, log, journal);
      expect(again).to.deep.include({ status: 'unknown', taskId: null });
      expect(again.error).to.equal(
        'outcome unknown: the restore request was sent at 2026-12-01T09:59:00.000Z and its answer was ' +
          'never recorded (the process or Lambda stopped); not sent again',
      );
      sim.script({ method: 'POST', kind: 'status', status: 502, afterProcessing: true });
      const lost = await startRestore(item(10), client, log, journal);
      expect(await startRestore(item(10), client, log, journal)).to.deep.include({
        status: 'unknown',
        error: `${lost.error}; not sent again`,
      });
      expect(sim.count({ method: 'POST' })).to.equal(1);
    });

    it('a POST throttled through every retry is recorded as not sent, so a retry of the step sends it', async () => {
      const retryOnce = new ClumioClient({
        baseUrl: sim.url,
        token: staticToken(sim.token),
        retry: { limit: 0, baseDelayMs: 1 },
      });
      sim.script({ method: 'POST', kind: 'status', status: 429 });
      await startRestore(item(11), retryOnce, log, journal).catch(() => undefined);
      expect(await journal.getJson('tasks/11.json')).to.have.property('notSent');
      const retried = await startRestore(item(11), retryOnce, log, journal);
      expect(retried.status).to.equal('started');
      expect(sim.count({ method: 'POST' })).to.equal(2);
      expect(sim.count({ method: 'POST', status: 202 })).to.equal(1);
    });

    it('once the run is stopped, starts nothing: the restore is aborted before it started', async () => {
      await journal.putJson('stop.json', { at: '2026-12-01T10:00:00.000Z', reason: 'abort' });
      const stopped = await startRestore(item(12), client, log, journal);
      expect(stopped).to.deep.include({
        status: 'aborted',
        taskId: null,
        error: 'not started: the run was stopped (abort) before this restore',
      });
      expect(sim.count()).to.equal(0);
      expect(await journal.getJson('tasks/12.json')).to.deep.include({
        notSent: 'the run was stopped: abort',
      });
    });
  });

  it('a restore carries when its Clumio task started and ended: the POST time until the task says, then its own', async () => {
    const accepted = new Date('2026-03-01T10:00:00.000Z');
    const started = await startRestore(item(13), client, log, journal, () => accepted);
    expect(started).to.deep.include({ startedAt: '2026-03-01T10:00:00.000Z', endedAt: null });
    const ended = await checkTask(started, client, log, () => new Date('2026-03-01T11:00:00.000Z'));
    const task = await client.readTask(ended.taskId ?? '');
    expect(ended.status).to.equal('completed');
    expect(ended.startedAt).to.equal(task.start_timestamp);
    expect(ended.endedAt).to.equal(task.end_timestamp);
    expect(task.end_timestamp).to.be.a('string');
  });
});
