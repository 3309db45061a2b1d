import { expect } from 'chai';
import { ClumioThrottledError } from '../../../../clumio/index.js';
import { startRestore } from '../../../../workflows/bulk-restore/start-restore.js';
import { restoreBench } from './fixtures.js';

describe('workflows/bulk-restore/start-restore', () => {
  const bench = restoreBench('start-restore');
  const { lines, log, item, newClient } = bench;

  it('StartRestore returns the task id and the first wait of the schedule', async () => {
    const { client, journal } = bench;
    const started = await startRestore(item(0), client, log, journal);
    expect(started).to.deep.include({ status: 'started', error: null, polls: 0, waitSeconds: 60 });
    expect(started.taskId).to.match(/^\d+$/);
    expect(lines).to.deep.equal([]);
  });

  it('a refused request is failed (not started); a POST whose answer was lost is unknown; neither is sent twice', async () => {
    const { sim, client, journal } = bench;
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

  it('throws a POST throttled through every client retry (nothing started: the state machine may retry it)', async () => {
    const { sim, journal } = bench;
    sim.script({ method: 'POST', kind: 'status', status: 429, times: 2 });
    const restores = sim.restores().length;
    const error = await startRestore(item(0), newClient(), log, journal).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ClumioThrottledError);
    expect(sim.count({ method: 'POST' })).to.equal(2);
    expect(sim.restores()).to.have.length(restores);
    expect(lines).to.deep.equal([]);
  });

  it('marks a restore stopped by a refused token (401), and sends nothing more with that token', async () => {
    const { sim, journal } = bench;
    const shared = newClient();
    sim.setFaults({ tokenExpiresAfterRequests: 0 });
    try {
      const first = await startRestore(item(1), shared, log, journal);
      expect(first).to.deep.include({ status: 'failed', taskId: null, tokenRefused: true });
      expect(first.error).to.match(/^not started: Clumio refused the API token/);
      const second = await startRestore(item(2), shared, log, journal);
      expect(second).to.deep.include({ status: 'failed', tokenRefused: true });
      expect(sim.count()).to.equal(1);
      expect(lines.map((l) => l.status)).to.deep.equal(['failed', 'failed']);
    } finally {
      sim.setFaults({});
    }
  });

  it('does not mark a 403 (one request denied) or a 400 as a refused token', async () => {
    const { sim, journal } = bench;
    sim.script(
      { method: 'POST', kind: 'status', status: 403 },
      { method: 'POST', kind: 'status', status: 400 },
    );
    const denied = await startRestore(item(3), newClient(), log, journal);
    const refused = await startRestore(item(4), newClient(), log, journal);
    expect(denied).to.deep.include({ status: 'failed', tokenRefused: false });
    expect(refused).to.deep.include({ status: 'failed', tokenRefused: false });
  });

  describe('the journal of starts', () => {
    const clock = (): Date => new Date('2026-12-01T10:00:00.000Z');

    it('records the intent before the POST and the task id after it, in tasks/<index>.json', async () => {
      const { client, journal } = bench;
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
      const { sim, client, journal } = bench;
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
      const { sim, client, journal } = bench;
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
      const { sim, journal } = bench;
      const retryOnce = newClient({ limit: 0, baseDelayMs: 1 });
      sim.script({ method: 'POST', kind: 'status', status: 429 });
      await startRestore(item(11), retryOnce, log, journal).catch(() => undefined);
      expect(await journal.getJson('tasks/11.json')).to.have.property('notSent');
      const retried = await startRestore(item(11), retryOnce, log, journal);
      expect(retried.status).to.equal('started');
      expect(sim.count({ method: 'POST' })).to.equal(2);
      expect(sim.count({ method: 'POST', status: 202 })).to.equal(1);
    });

    it('once the run is stopped, starts nothing: the restore is aborted before it started', async () => {
      const { sim, client, journal } = bench;
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
});
