import { expect } from 'chai';
import { ClumioClient, staticToken } from '../../../../clumio/index.js';
import type { RestoreItem, RestoreProgress } from '../../../../workflows/bulk-restore/state.js';
import { checkTask } from '../../../../workflows/bulk-restore/check-task.js';
import type { EndLogger } from '../../../../workflows/bulk-restore/restore-log.js';
import { startRestore } from '../../../../workflows/bulk-restore/start-restore.js';
import { startSimulator, type RunningSimulator } from '../../../../local/simulator/index.js';
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
  beforeEach(() => {
    lines.length = 0;
    sim.clearRequests();
  });

  const item = (index: number): RestoreItem => ebsRestoreItem(sim, index, 'steps-test', polling);

  it('StartRestore returns the task id and the first wait of the schedule', async () => {
    const started = await startRestore(item(0), client, log);
    expect(started).to.deep.include({ status: 'started', error: null, polls: 0, waitSeconds: 60 });
    expect(started.taskId).to.match(/^\d+$/);
    expect(lines).to.deep.equal([]);
  });

  it('CheckTask waits 60, 120, 240, 480, 900 s between polls and times out after maxAttempts, logging one end line', async () => {
    const start = item(1);
    sim.setTaskOutcome(start.record.source.backupId ?? '', 'never');
    let progress: RestoreProgress = await startRestore(start, client, log);
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
    const refused = await startRestore(item(2), client, log);
    expect(refused).to.deep.include({ status: 'failed', taskId: null });
    expect(refused.error).to.match(/^not started: /);
    sim.script({ method: 'POST', kind: 'status', status: 502, afterProcessing: true });
    const lost = await startRestore(item(3), client, log);
    expect(lost).to.deep.include({ status: 'unknown', taskId: null });
    expect(lost.error).to.match(
      /^outcome unknown: POST \/restores\/aws\/ebs-volumes was sent but Clumio answered HTTP 502/,
    );
    expect(sim.count({ method: 'POST' })).to.equal(2);
    expect(lines.map((l) => l.status)).to.deep.equal(['failed', 'unknown']);
  });

  it('a restore carries when its Clumio task started and ended: the POST time until the task says, then its own', async () => {
    const accepted = new Date('2026-03-01T10:00:00.000Z');
    const started = await startRestore(item(5), client, log, () => accepted);
    expect(started).to.deep.include({ startedAt: '2026-03-01T10:00:00.000Z', endedAt: null });
    const ended = await checkTask(started, client, log, () => new Date('2026-03-01T11:00:00.000Z'));
    const task = await client.readTask(ended.taskId ?? '');
    expect(ended.status).to.equal('completed');
    expect(ended.startedAt).to.equal(task.start_timestamp);
    expect(ended.endedAt).to.equal(task.end_timestamp);
    expect(task.end_timestamp).to.be.a('string');
  });

  it('a failed or aborted Clumio task ends the restore failed, naming the task', async () => {
    const start = item(4);
    sim.setTaskOutcome(start.record.source.backupId ?? '', 'aborted');
    const ended = await checkTask(await startRestore(start, client, log), client, log);
    expect(ended.status).to.equal('failed');
    expect(ended.error).to.equal(`Clumio task ${ended.taskId} ended aborted`);
  });
});
