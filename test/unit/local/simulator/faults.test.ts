import { expect } from 'chai';
import got, { RequestError } from 'got';
import { startSimulator, type RunningSimulator } from '../../../../local/simulator/index.js';
import { FIXED_NOW, call, messages } from './helpers.js';

async function failure(promise: Promise<unknown>): Promise<RequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('simulator faults', function () {
  let sim: RunningSimulator;

  before(async () => {
    sim = await startSimulator({ now: () => FIXED_NOW, rateLimitPerSecond: false });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.clearRequests();
    sim.setFaults({});
  });

  function restoreBody() {
    const backup = sim.dataset.backups.ebs[0];
    const env = sim.dataset.environments.find(
      (e) => e.account_native_id === backup?.account_native_id && e.aws_region === backup?.aws_region,
    );
    return { source: { backup_id: backup?.id }, target: { environment_id: env?.id, aws_az: env?.aws_az[0] } };
  }

  describe('probabilistic', () => {
    it('throttleShare 1: every request 429 errors[], nothing processed, Retry-After only when configured', async () => {
      sim.setFaults({ throttleShare: 1 });
      const before = sim.restores().length;
      for (let i = 0; i < 3; i++) {
        const res = await call(sim, '/restores/aws/ebs-volumes', { json: restoreBody() });
        expect(res.status).to.equal(429);
        expect(res.headers['retry-after']).to.equal(undefined);
        expect(messages(res.body)).to.deep.equal(['too many requests']);
      }
      expect(sim.restores().length).to.equal(before);
      expect(sim.requests.map((r) => [r.status, r.fault])).to.deep.equal([
        [429, 'throttle'],
        [429, 'throttle'],
        [429, 'throttle'],
      ]);
      sim.setFaults({ throttleShare: 1, retryAfterSeconds: 3 });
      const withHeader = await call(sim, '/tasks');
      expect(withHeader.status).to.equal(429);
      expect(withHeader.headers['retry-after']).to.equal('3');
    });

    it('draws 429s and 503s from a seeded sequence: same seed, same statuses', async () => {
      const statuses = async (seed: number): Promise<number[]> => {
        const s = await startSimulator({
          seed,
          now: () => FIXED_NOW,
          rateLimitPerSecond: false,
          faults: { throttleShare: 0.2, serverErrorShare: 0.3 },
        });
        try {
          const out: number[] = [];
          for (let i = 0; i < 40; i++) out.push((await call(s, '/tasks')).status);
          return out;
        } finally {
          await s.close();
        }
      };
      const first = await statuses(7);
      expect(await statuses(7)).to.deep.equal(first);
      expect(first.filter((s) => s === 429).length).to.be.within(2, 16);
      expect(first.filter((s) => s === 503).length).to.be.within(4, 22);
      expect(first.filter((s) => s === 200).length).to.be.within(8, 34);
      expect(await statuses(8)).to.not.deep.equal(first);
    });

    it('expires the token after N authenticated requests, then 401 for every request', async () => {
      sim.setFaults({ tokenExpiresAfterRequests: 3 });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await call(sim, '/tasks')).status);
      expect(statuses).to.deep.equal([200, 200, 200, 401, 401]);
      expect(sim.requests.map((r) => r.fault)).to.deep.equal([
        undefined,
        undefined,
        undefined,
        'token-expired',
        'token-expired',
      ]);
      const res = await call(sim, '/tasks');
      expect(messages(res.body)).to.deep.equal(['unauthorized: the API token has expired']);
      sim.setFaults({});
      expect((await call(sim, '/tasks')).status).to.equal(200);
    });

    it('refuses shares outside 0..1', () => {
      expect(() => sim.setFaults({ throttleShare: 1.5 })).to.throw(
        RangeError,
        'throttleShare must be between 0 and 1',
      );
    });
  });

  describe('scripted', () => {
    it('answers matching requests with a status, consumed in order, matching method and path prefix', async () => {
      sim.script(
        { method: 'get', path: '/tasks*', kind: 'status', status: 500, times: 2 },
        { path: '/datasources/aws/ebs-volumes', kind: 'status', status: 403 },
      );
      expect((await call(sim, '/datasources/aws/s3-buckets')).status).to.equal(200);
      expect((await call(sim, '/tasks/1')).status).to.equal(500);
      expect((await call(sim, '/tasks', { method: 'DELETE' })).status).to.equal(405);
      expect((await call(sim, '/tasks')).status).to.equal(500);
      expect((await call(sim, '/tasks')).status).to.equal(200);
      const forbidden = await call(sim, '/datasources/aws/ebs-volumes');
      expect(forbidden.status).to.equal(403);
      expect(messages(forbidden.body)).to.deep.equal(['injected fault: HTTP 403']);
      expect(sim.count({ status: 500 })).to.equal(2);
      expect(sim.count({ path: '/tasks*' })).to.equal(4);
      expect(sim.count({ method: 'delete' })).to.equal(1);
      expect(sim.requests.map((r) => r.fault ?? '-')).to.deep.equal([
        '-',
        'server-error',
        '-',
        'server-error',
        '-',
        'status-403',
      ]);
    });

    it('sends Retry-After on a scripted 429 and does not process the request', async () => {
      sim.script({ method: 'POST', kind: 'status', status: 429, retryAfterSeconds: 2 });
      const before = sim.restores().length;
      const res = await call(sim, '/restores/aws/ebs-volumes', { json: restoreBody() });
      expect(res.status).to.equal(429);
      expect(res.headers['retry-after']).to.equal('2');
      expect(sim.restores().length).to.equal(before);
      expect((await call(sim, '/restores/aws/ebs-volumes', { json: restoreBody() })).status).to.equal(202);
      expect(sim.restores().length).to.equal(before + 1);
    });

    it('afterProcessing: the restore starts, then the client gets the fault', async () => {
      sim.script({ method: 'POST', path: '/restores/*', kind: 'status', status: 503, afterProcessing: true });
      const before = sim.restores().length;
      const res = await call(sim, '/restores/aws/ebs-volumes', { json: restoreBody() });
      expect(res.status).to.equal(503);
      expect(sim.restores().length).to.equal(before + 1);
      const taskId = sim.restores().at(-1)?.taskId;
      expect((await call(sim, `/tasks/${taskId}`)).status).to.equal(200);
      expect(sim.requests[0]).to.include({ status: 503, fault: 'server-error', method: 'POST' });
      expect(sim.requests[0]?.body).to.deep.equal(restoreBody());
    });

    it('reset destroys the socket without an answer', async () => {
      sim.script({ kind: 'reset', path: '/tasks' });
      const error = await failure(
        got(`${sim.url}/tasks`, { headers: { authorization: `Bearer ${sim.token}` }, retry: { limit: 0 } }),
      );
      expect(error.code).to.be.oneOf(['ECONNRESET', 'ERR_GOT_REQUEST_ERROR']);
      expect(sim.requests[0]).to.include({ status: 0, fault: 'reset' });
      expect((await call(sim, '/tasks')).status).to.equal(200);
    });

    it('reset after processing: the restore starts and the connection drops', async () => {
      sim.script({ method: 'POST', kind: 'reset', afterProcessing: true });
      const before = sim.restores().length;
      await failure(
        got.post(`${sim.url}/restores/aws/ebs-volumes`, {
          headers: { authorization: `Bearer ${sim.token}` },
          json: restoreBody(),
          retry: { limit: 0 },
        }),
      );
      expect(sim.restores().length).to.equal(before + 1);
    });

    it('hang never answers: the client times out, and close() ends the request', async () => {
      const hanging = await startSimulator({ now: () => FIXED_NOW, rateLimitPerSecond: false });
      hanging.script({ kind: 'hang', times: 2 });
      const headers = { authorization: `Bearer ${hanging.token}` };
      const timedOut = await failure(
        got(`${hanging.url}/tasks`, { headers, retry: { limit: 0 }, timeout: { request: 200 } }),
      );
      expect(timedOut.code).to.equal('ETIMEDOUT');
      const pending = failure(got(`${hanging.url}/tasks`, { headers, retry: { limit: 0 } }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(hanging.requests.map((r) => r.fault)).to.deep.equal(['hang', 'hang']);
      await hanging.close();
      expect((await pending).code).to.be.a('string');
      expect(hanging.count({ status: 0 })).to.equal(2);
    });
  });

  it('keeps no request log when recordRequests is false', async () => {
    const quiet = await startSimulator({
      now: () => FIXED_NOW,
      rateLimitPerSecond: false,
      recordRequests: false,
    });
    try {
      expect((await call(quiet, '/tasks')).status).to.equal(200);
      expect(quiet.requests).to.have.length(0);
      expect(quiet.count()).to.equal(0);
    } finally {
      await quiet.close();
    }
  });

  it('adds latencyMs to every response', async () => {
    const slow = await startSimulator({ now: () => FIXED_NOW, rateLimitPerSecond: false, latencyMs: 150 });
    try {
      const started = performance.now();
      expect((await call(slow, '/tasks')).status).to.equal(200);
      expect(performance.now() - started).to.be.at.least(145);
    } finally {
      await slow.close();
    }
  });
});
