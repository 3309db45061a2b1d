import { expect } from 'chai';
import {
  startSimulator,
  type EbsBackup,
  type RunningSimulator,
  type SimulatedTask,
} from '../../../../local/simulator/index.js';
import { FIXED_NOW, call, list, messages, withQuery } from './helpers.js';

describe('simulator tasks (§9)', function () {
  let sim: RunningSimulator;
  let nowMs = FIXED_NOW.getTime();
  let nextBackup = 0;

  before(async () => {
    sim = await startSimulator({ now: () => new Date(nowMs), taskSeconds: 10, rateLimitPerSecond: false });
  });
  after(() => sim.close());

  /** Starts an EBS restore of a different backup each time; returns the task id and the backup. */
  async function startRestore(): Promise<{ taskId: string; backup: EbsBackup }> {
    const backup = sim.dataset.backups.ebs[nextBackup++];
    const env = sim.dataset.environments.find(
      (e) => e.account_native_id === backup?.account_native_id && e.aws_region === backup?.aws_region,
    );
    const res = await call<{ task_id: string }>(sim, '/restores/aws/ebs-volumes', {
      json: {
        source: { backup_id: backup?.id },
        target: { environment_id: env?.id, aws_az: env?.aws_az[0] },
      },
    });
    expect(res.status).to.equal(202);
    if (backup === undefined) throw new Error('dataset has too few EBS backups');
    return { taskId: res.body.task_id, backup };
  }

  async function task(id: string): Promise<SimulatedTask> {
    const res = await call<SimulatedTask>(sim, `/tasks/${id}`, {
      accept: 'application/api.clumio.tasks=v1+json',
    });
    expect(res.status).to.equal(200);
    return res.body;
  }

  const at = (offsetSeconds: number, base: number): string =>
    new Date(base + offsetSeconds * 1000).toISOString().replace('.000Z', 'Z');

  it('runs queued → in_progress (progress rising) → completed on the simulator clock', async () => {
    const t0 = nowMs;
    const { taskId, backup } = await startRestore();
    const queued = await task(taskId);
    expect(queued).to.include({
      id: taskId,
      status: 'queued',
      type: 'aws_ebs_volume_restore',
      category: 'restore',
      genre: 'operational',
      progress_percentage: 0,
      created_timestamp: at(0, t0),
      start_timestamp: null,
      end_timestamp: null,
      is_abortable: true,
    });
    expect(queued.primary_entity).to.deep.equal({
      id: backup.volume_id,
      type: 'aws_ebs_volume',
      value: backup.volume_native_id,
    });
    expect(queued._links['update-task']).to.deep.equal({
      href: `/tasks/${taskId}`,
      templated: false,
      type: 'patch',
    });

    nowMs = t0 + 1_500;
    expect(await task(taskId)).to.include({
      status: 'in_progress',
      progress_percentage: 5,
      start_timestamp: at(1, t0),
    });
    nowMs = t0 + 5_500;
    expect(await task(taskId)).to.include({ status: 'in_progress', progress_percentage: 50 });
    nowMs = t0 + 10_000;
    expect(await task(taskId)).to.include({
      status: 'completed',
      progress_percentage: 100,
      end_timestamp: at(10, t0),
      is_abortable: false,
    });
  });

  it('ends failed or aborted as setTaskOutcome says, by backup id or by native id', async () => {
    const t0 = nowMs;
    const byBackup = await startRestore();
    const byNative = await startRestore();
    sim.setTaskOutcome(byBackup.backup.id, 'failed');
    sim.setTaskOutcome(byNative.backup.volume_native_id, 'aborted');
    nowMs = t0 + 10_000;
    expect(await task(byBackup.taskId)).to.include({
      status: 'failed',
      end_timestamp: at(10, t0),
      is_abortable: false,
    });
    expect(await task(byNative.taskId)).to.include({ status: 'aborted', end_timestamp: at(10, t0) });
    sim.setTaskOutcome(byBackup.backup.id, 'completed');
    expect((await task(byBackup.taskId)).status).to.equal('failed');
  });

  it('keeps a "never" task in_progress forever', async () => {
    const t0 = nowMs;
    const { taskId, backup } = await startRestore();
    sim.setTaskOutcome(backup.id, 'never');
    nowMs = t0 + 86_400_000;
    expect(await task(taskId)).to.include({
      status: 'in_progress',
      progress_percentage: 99,
      end_timestamp: null,
    });
  });

  it('aborts a running task: aborting, then aborted; refuses to abort a finished one', async () => {
    const t0 = nowMs;
    const { taskId } = await startRestore();
    nowMs = t0 + 3_000;
    const patch = await call<SimulatedTask>(sim, `/tasks/${taskId}`, {
      method: 'PATCH',
      json: { status: 'aborting' },
    });
    expect(patch.status).to.equal(200);
    expect(patch.headers['content-type']).to.equal('application/api.clumio.tasks=v1+json');
    expect(patch.body).to.include({ id: taskId, status: 'aborting', is_abortable: false });
    expect(await task(taskId)).to.include({ status: 'aborting' });
    nowMs = t0 + 4_000;
    expect(await task(taskId)).to.include({
      status: 'aborted',
      end_timestamp: at(4, t0),
      start_timestamp: at(1, t0),
    });
    nowMs = t0 + 20_000;
    expect((await task(taskId)).status).to.equal('aborted');

    const again = await call(sim, `/tasks/${taskId}`, { method: 'PATCH', json: { status: 'aborting' } });
    expect(again.status).to.equal(400);
    expect(messages(again.body)).to.deep.equal([
      `task ${taskId} is aborted; only queued or in_progress tasks can be aborted`,
    ]);
    const bad = await call(sim, `/tasks/${taskId}`, { method: 'PATCH', json: { status: 'cancel' } });
    expect(messages(bad.body)).to.deep.equal(['status: must be one of aborting (got "cancel")']);
  });

  it('aborts a queued task that would never end', async () => {
    const t0 = nowMs;
    const { taskId, backup } = await startRestore();
    sim.setTaskOutcome(backup.volume_native_id, 'never');
    expect(
      (await call(sim, `/tasks/${taskId}`, { method: 'PATCH', json: { status: 'aborting' } })).status,
    ).to.equal(200);
    nowMs = t0 + 1_000;
    expect(await task(taskId)).to.include({
      status: 'aborted',
      start_timestamp: null,
      progress_percentage: 0,
    });
  });

  it('answers 404 for an unknown task, on GET and PATCH', async () => {
    const res = await call(sim, '/tasks/999999');
    expect(res.status).to.equal(404);
    expect(messages(res.body)).to.deep.equal(['task "999999" not found']);
    expect(
      (await call(sim, '/tasks/999999', { method: 'PATCH', json: { status: 'aborting' } })).status,
    ).to.equal(404);
  });

  it('lists tasks newest first with the documented filters', async () => {
    const t0 = nowMs;
    const running = await startRestore();
    const all = await list<SimulatedTask>(sim, '/tasks');
    expect(all.body.total_count).to.equal(Number(running.taskId) - 1000);
    expect(all.body._embedded.items[0]?.id).to.equal(running.taskId);
    const q = async (filter: object): Promise<string[]> => {
      const res = await list<SimulatedTask>(sim, withQuery('/tasks', { filter }));
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return res.body._embedded.items.map((t) => t.id);
    };
    expect(await q({ status: { $in: ['queued'] } })).to.deep.equal([running.taskId]);
    expect(await q({ id: { $in: [running.taskId, '1001'] } })).to.deep.equal([running.taskId, '1001']);
    expect(await q({ 'primary_entity.value': { $contains: running.backup.volume_native_id } })).to.include(
      running.taskId,
    );
    expect(
      await q({ created_timestamp: { $gte: at(0, t0) }, type: { $in: ['aws_ebs_volume_restore'] } }),
    ).to.deep.equal([running.taskId]);
    expect(await q({ category: { $in: ['restore'] }, genre: { $in: ['operational'] } })).to.have.length(
      all.body.total_count ?? 0,
    );
    const bad = await list(sim, withQuery('/tasks', { filter: { status: { $eq: 'queued' } } }));
    expect(bad.status).to.equal(400);
  });

  it('finishes at the first read when taskSeconds is 0', async () => {
    const instant = await startSimulator({ now: () => FIXED_NOW, taskSeconds: 0, rateLimitPerSecond: false });
    try {
      const backup = instant.dataset.backups.ebs[0];
      const env = instant.dataset.environments.find(
        (e) => e.account_native_id === backup?.account_native_id && e.aws_region === backup?.aws_region,
      );
      const res = await call<{ task_id: string }>(instant, '/restores/aws/ebs-volumes?embed=read-task', {
        json: {
          source: { backup_id: backup?.id },
          target: { environment_id: env?.id, aws_az: env?.aws_az[1] },
        },
      });
      const read = await call<SimulatedTask>(instant, `/tasks/${res.body.task_id}`);
      expect(read.body).to.include({ status: 'completed', progress_percentage: 100 });
    } finally {
      await instant.close();
    }
  });
});
