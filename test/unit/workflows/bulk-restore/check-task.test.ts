import { expect } from 'chai';
import type { RestoreProgress } from '../../../../workflows/bulk-restore/state.js';
import { checkTask } from '../../../../workflows/bulk-restore/check-task.js';
import { startRestore } from '../../../../workflows/bulk-restore/start-restore.js';
import { restoreBench } from './fixtures.js';

describe('workflows/bulk-restore/check-task', () => {
  const bench = restoreBench('check-task');
  const { lines, log, item, newClient } = bench;

  it('CheckTask waits 60, 120, 240, 480, 900 s between polls and times out after maxAttempts, logging one end line', async () => {
    const { sim, client, journal } = bench;
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

  it('a failed Clumio task ends the restore failed, an aborted one aborted, naming the task', async () => {
    const { sim, client, journal } = bench;
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

  it('a restore carries when its Clumio task started and ended: the POST time until the task says, then its own', async () => {
    const { client, journal } = bench;
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

  it('CheckTask: a task that can no longer be read because the token was refused is unknown and marked', async () => {
    const { sim, journal } = bench;
    const shared = newClient();
    // Backup 5 is set to end aborted above; this test needs a backup no other test scripts.
    const started = await startRestore(item(14), shared, log, journal);
    expect(started).to.deep.include({ status: 'started', tokenRefused: false });
    sim.setFaults({ tokenExpiresAfterRequests: 0 });
    try {
      const ended = await checkTask(started, shared, log);
      expect(ended).to.deep.include({ status: 'unknown', tokenRefused: true, taskId: started.taskId });
      expect(ended.error).to.match(
        new RegExp(`^Clumio task ${started.taskId} can no longer be read: Clumio refused`),
      );
    } finally {
      sim.setFaults({});
    }
  });
});
