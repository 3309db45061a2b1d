import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { expect } from 'chai';
import {
  ClumioAuthError,
  ClumioClient,
  ClumioHttpError,
  ClumioNetworkError,
  type RetryNotice,
  ClumioOutcomeUnknownError,
  ClumioThrottledError,
  endpoints,
  staticToken,
  type EndpointName,
} from '../../../clumio/index.js';
import { startSimulator, type RunningSimulator } from '../../../local/simulator/index.js';
import { startRecorder } from '../../conformance/recorder.js';

const TOKEN = 'client-test-token-0123456789';
const fastRetry = { baseDelayMs: 5, maxDelayMs: 20 };

function clientFor(
  sim: RunningSimulator,
  extra: Partial<ConstructorParameters<typeof ClumioClient>[0]> = {},
) {
  return new ClumioClient({ baseUrl: sim.url, token: staticToken(sim.token), retry: fastRetry, ...extra });
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Every way an error can be shown: message, stack, JSON, inspect (what a logger prints). */
function renderings(error: Error): string[] {
  return [error.message, String(error.stack), JSON.stringify(error), inspect(error, { depth: 10 })];
}

interface EbsBackup {
  id: string;
  volume_id: string;
  start_timestamp: string;
}

describe('clumio/client against the simulator (real HTTP)', function () {
  let sim: RunningSimulator;
  const errorsSeen: Error[] = [];

  before(async () => {
    sim = await startSimulator({ token: TOKEN, rateLimitPerSecond: false, taskSeconds: 0 });
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(() => {
    sim.clearRequests();
    sim.setFaults({});
  });

  /** The asset with the most backups (the dataset guarantees > 100). */
  function busiestVolume(): { volumeId: string; count: number } {
    const counts = new Map<string, number>();
    for (const b of sim.dataset.backups.ebs) counts.set(b.volume_id, (counts.get(b.volume_id) ?? 0) + 1);
    const [volumeId, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    return { volumeId, count };
  }

  describe('requests', () => {
    it('sends the bearer token and the exact versioned Accept header of every GET endpoint', async () => {
      const client = clientFor(sim);
      const env = sim.dataset.environments[0];
      if (env === undefined) throw new Error('dataset has no environment');
      const listNames = (Object.keys(endpoints) as EndpointName[]).filter(
        (n) => endpoints[n].method === 'GET' && n !== 'task',
      );
      const params = {
        environment_id: env.id,
        resource_id: sim.dataset.rdsResources[0]?.id ?? '',
        table_id: sim.dataset.dynamodbTables[0]?.id ?? '',
        protection_group_s3_asset_id: sim.dataset.pgS3Assets[0]?.id ?? '',
      };
      for (const name of listNames) {
        // A path ending in a parameter reads one item; the others are lists.
        if (endpoints[name].path.endsWith('}')) await client.get(name, { params });
        else await client.first(name, { params });
      }
      expect(sim.count()).to.equal(listNames.length);
      expect(sim.requests.every((r) => r.status === 200)).to.equal(true);
    });

    it('sends filter and sort, and chooses a backup with one limit=1 request', async () => {
      const client = clientFor(sim);
      const { volumeId } = busiestVolume();
      const all = sim.dataset.backups.ebs
        .filter((b) => b.volume_id === volumeId)
        .map((b) => b.start_timestamp)
        .sort();
      const cut = all[Math.floor(all.length / 2)] ?? '';
      const chosen = await client.first<EbsBackup>('ebsBackups', {
        filter: { volume_id: { $eq: volumeId }, start_timestamp: { $lte: cut } },
        sort: '-start_timestamp',
      });
      expect(chosen?.start_timestamp).to.equal(cut);
      expect(sim.requests).to.have.length(1);
      expect(sim.requests[0]?.query.limit).to.equal('1');
      expect(sim.requests[0]?.query.sort).to.equal('-start_timestamp');
      expect(sim.requests[0]?.filter).to.deep.equal({
        volume_id: { $eq: volumeId },
        start_timestamp: { $lte: cut },
      });
    });
  });

  describe('pagination', () => {
    it('pages through > 100 items of a page-number list with limit=100, following _next.href', async () => {
      const client = clientFor(sim);
      const { volumeId, count } = busiestVolume();
      expect(count).to.be.greaterThan(100);
      const items = await client.listAll<EbsBackup>('ebsBackups', {
        filter: { volume_id: { $eq: volumeId } },
      });
      expect(items).to.have.length(count);
      expect(new Set(items.map((i) => i.id)).size).to.equal(count);
      expect(sim.count({ path: '/backups/aws/ebs-volumes' })).to.equal(Math.ceil(count / 100));
      expect(sim.requests.map((r) => r.query.start ?? '1')).to.deep.equal(
        Array.from({ length: Math.ceil(count / 100) }, (_, i) => String(i + 1)),
      );
      expect(sim.requests.every((r) => r.query.limit === '100')).to.equal(true);
    });

    it('follows absolute _next links as well as relative ones', async () => {
      const absolute = await startSimulator({ token: TOKEN, rateLimitPerSecond: false, absoluteLinks: true });
      try {
        const { volumeId, count } = busiestVolume();
        const items = await clientFor(absolute).listAll<EbsBackup>('ebsBackups', {
          filter: { volume_id: { $eq: volumeId } },
        });
        expect(items).to.have.length(count);
        expect(absolute.count({ path: '/backups/aws/ebs-volumes' })).to.equal(Math.ceil(count / 100));
      } finally {
        await absolute.close();
      }
    });

    it('pages through > 100 items of a token-style list (environments)', async () => {
      const big = await startSimulator({
        token: TOKEN,
        rateLimitPerSecond: false,
        scale: { environments: 150 },
      });
      try {
        const envs = await clientFor(big).listAll<{ id: string }>('environments');
        expect(envs).to.have.length(big.dataset.environments.length);
        expect(envs.length).to.be.greaterThan(100);
        expect(new Set(envs.map((e) => e.id)).size).to.equal(envs.length);
        const pages = big.requests.filter((r) => r.path === '/datasources/aws/environments');
        expect(pages).to.have.length(Math.ceil(envs.length / 100));
        expect(pages[0]?.query.start).to.equal(undefined);
        expect(pages[1]?.query.start).to.be.a('string').and.not.equal('2');
      } finally {
        await big.close();
      }
    });

    it('re-sends its own limit, filter and sort on every page and takes only start from the link (links without the filter)', async () => {
      const bare = await startSimulator({ token: TOKEN, rateLimitPerSecond: false, linkQuery: 'start' });
      try {
        const { volumeId, count } = busiestVolume();
        const filter = { volume_id: { $eq: volumeId } };
        const items = await clientFor(bare).listAll<EbsBackup>('ebsBackups', {
          filter,
          sort: 'start_timestamp',
          limit: 50,
        });
        expect(items).to.have.length(count);
        expect(items.every((b) => b.volume_id === volumeId)).to.equal(true);
        const times = items.map((b) => b.start_timestamp);
        expect(times).to.deep.equal([...times].sort());
        expect(bare.requests.map((r) => r.query)).to.deep.equal(
          Array.from({ length: Math.ceil(count / 50) }, (_, i) => ({
            limit: '50',
            filter: JSON.stringify(filter),
            sort: 'start_timestamp',
            ...(i === 0 ? {} : { start: String(i + 1) }),
          })),
        );
      } finally {
        await bare.close();
      }
    });

    it('pages a token-style list whose links carry only start', async () => {
      const big = await startSimulator({
        token: TOKEN,
        rateLimitPerSecond: false,
        scale: { environments: 150 },
        linkQuery: 'start',
      });
      try {
        const envs = await clientFor(big).listAll<{ id: string; aws_region: string }>('environments', {
          filter: { aws_region: { $eq: 'us-east-1' } },
        });
        const expected = big.dataset.environments.filter((e) => e.aws_region === 'us-east-1');
        expect(expected.length).to.be.greaterThan(100);
        expect(envs.map((e) => e.id)).to.deep.equal(expected.map((e) => e.id));
        expect(
          big.requests.every((r) => r.query.filter === JSON.stringify({ aws_region: { $eq: 'us-east-1' } })),
        ).to.equal(true);
      } finally {
        await big.close();
      }
    });

    it("never sends a request to the host of an absolute link: only its start is used, on Clumio's own host", async () => {
      const elsewhere = await startSimulator({
        token: TOKEN,
        rateLimitPerSecond: false,
        absoluteLinks: true,
      });
      const relay = await startRecorder(elsewhere.url);
      try {
        const { volumeId, count } = busiestVolume();
        const items = await clientFor(sim, { baseUrl: relay.url }).listAll<EbsBackup>('ebsBackups', {
          filter: { volume_id: { $eq: volumeId } },
        });
        expect(items).to.have.length(count);
        expect(relay.exchanges.map((x) => x.query.get('start'))).to.deep.equal([null, '2']);
        expect(elsewhere.requests).to.have.length(2);
      } finally {
        await relay.close();
        await elsewhere.close();
      }
    });

    it('refuses a next link without start and one that goes back to a page already read', async () => {
      const pages: Record<string, unknown>[] = [];
      const server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(pages.shift() ?? {}));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const page = (start: string, next: string | null) => ({
        _embedded: { items: [{ id: start }] },
        _links: next === null ? {} : { _next: { href: next } },
        start,
      });
      try {
        const client = new ClumioClient({ baseUrl: url, token: staticToken(TOKEN), retry: fastRetry });
        pages.push(page('1', '/backups/aws/ebs-volumes?limit=100'));
        const noStart = await caught(client.listAll('ebsBackups'));
        expect(noStart.name).to.equal('ClumioProtocolError');
        expect(noStart.message).to.equal(
          'GET /backups/aws/ebs-volumes: the next page link has no start (/backups/aws/ebs-volumes?limit=100)',
        );
        pages.push(page('1', '?start=2'), page('2', '?start=1'));
        const loop = await caught(client.listAll('ebsBackups'));
        expect(loop.message).to.equal(
          'GET /backups/aws/ebs-volumes: the next page link repeats a page already read',
        );
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('stops on an empty list after one request', async () => {
      const items = await clientFor(sim).listAll('ebsBackups', {
        filter: { volume_id: { $eq: 'no-such-volume' } },
      });
      expect(items).to.deep.equal([]);
      expect(sim.count()).to.equal(1);
    });
  });

  describe('GET retries', () => {
    it('retries 503 and 500 and succeeds, counting every attempt', async () => {
      sim.script({
        method: 'GET',
        path: '/datasources/aws/ebs-volumes',
        kind: 'status',
        status: 503,
        times: 2,
      });
      sim.script({ method: 'GET', path: '/datasources/aws/ebs-volumes', kind: 'status', status: 500 });
      const item = await clientFor(sim).first('ebsVolumes');
      expect(item).to.not.equal(undefined);
      expect(sim.count({ path: '/datasources/aws/ebs-volumes' })).to.equal(4);
    });

    it('tells onRetry of every retry before it waits: host, request, reason, which retry of how many, the delay', async () => {
      sim.script({ method: 'GET', path: '/tasks/*', kind: 'status', status: 503, times: 2 });
      const notices: RetryNotice[] = [];
      const client = clientFor(sim, { onRetry: (n) => notices.push(n) });
      await caught(client.readTask('999999'));
      const host = new URL(sim.url).host;
      expect(notices.map(({ delayMs: _d, ...n }) => n)).to.deep.equal([
        { host, method: 'GET', path: '/tasks/999999', reason: 'HTTP 503', retry: 1, limit: 6 },
        { host, method: 'GET', path: '/tasks/999999', reason: 'HTTP 503', retry: 2, limit: 6 },
      ]);
      // The first backoff (5 ms, equal jitter) and the second (10 ms).
      expect(notices[0]?.delayMs).to.be.within(3, 5);
      expect(notices[1]?.delayMs).to.be.within(5, 10);
      expect(sim.count({ path: '/tasks/999999' })).to.equal(3);
    });

    it('retries a dropped connection', async () => {
      sim.script({ method: 'GET', path: '/tasks/*', kind: 'reset' });
      const client = clientFor(sim);
      const error = await caught(client.readTask('999999'));
      expect(error).to.be.instanceOf(ClumioHttpError);
      expect((error as ClumioHttpError).status).to.equal(404);
      expect(sim.count({ path: '/tasks/999999' })).to.equal(2);
      errorsSeen.push(error);
    });

    it('honours Retry-After on 429 before retrying', async () => {
      sim.script({ method: 'GET', kind: 'status', status: 429, retryAfterSeconds: 1 });
      const started = Date.now();
      await clientFor(sim).first('ebsVolumes');
      const elapsed = Date.now() - started;
      expect(elapsed).to.be.at.least(950);
      expect(sim.count()).to.equal(2);
    });

    it('gives up after the retry limit with a typed error carrying status, Clumio code and path', async () => {
      sim.script({ method: 'GET', kind: 'status', status: 503, times: 10 });
      const error = await caught(clientFor(sim, { retry: { ...fastRetry, limit: 5 } }).first('ebsVolumes'));
      expect(error).to.be.instanceOf(ClumioHttpError);
      const http = error as ClumioHttpError;
      expect(http.status).to.equal(503);
      expect(http.method).to.equal('GET');
      expect(http.path).to.equal('/datasources/aws/ebs-volumes');
      expect(http.errorCode).to.be.a('number');
      expect(sim.count()).to.equal(6);
      errorsSeen.push(error);
    });

    it('says when throttling outlasted the retries', async () => {
      sim.setFaults({ throttleShare: 1 });
      const error = await caught(clientFor(sim, { retry: { ...fastRetry, limit: 5 } }).first('ebsVolumes'));
      expect(error).to.be.instanceOf(ClumioThrottledError);
      expect(error.message).to.contain('throttling');
      expect(sim.count()).to.equal(6);
      errorsSeen.push(error);
    });

    it("does not retry a 400 and reports Clumio's error message", async () => {
      const error = await caught(
        clientFor(sim).first('ebsVolumes', { filter: { no_such_field: { $eq: 'x' } } }),
      );
      expect(error).to.be.instanceOf(ClumioHttpError);
      expect((error as ClumioHttpError).status).to.equal(400);
      expect(error.message).to.contain('no_such_field');
      expect(sim.count()).to.equal(1);
      errorsSeen.push(error);
    });
  });

  describe('restore POST', () => {
    function ebsRestoreBody() {
      const backup = sim.dataset.backups.ebs[0];
      const env = sim.dataset.environments.find(
        (e) => e.account_native_id === backup?.account_native_id && e.aws_region === backup?.aws_region,
      );
      if (backup === undefined || env === undefined)
        throw new Error('dataset lacks an EBS backup and its env');
      return {
        backupId: backup.id,
        body: {
          source: { backup_id: backup.id },
          target: {
            environment_id: env.id,
            aws_az: env.aws_az[0],
            type: null,
            iops: null,
            kms_key_native_id: null,
            tags: null,
          },
        },
      };
    }

    it('starts a restore and returns its task id', async () => {
      const { body } = ebsRestoreBody();
      const { taskId } = await clientFor(sim).startRestore('restoreEbsVolume', body);
      expect(taskId).to.be.a('string').and.not.equal('');
      expect(sim.restores().map((r) => r.taskId)).to.include(taskId);
      const task = await clientFor(sim).readTask(taskId);
      expect(task.id).to.equal(taskId);
    });

    it('retries a 429 (Clumio did not process it) and starts the restore exactly once', async () => {
      sim.script({ method: 'POST', kind: 'status', status: 429, times: 2 });
      const before = sim.restores().length;
      await clientFor(sim).startRestore('restoreEbsVolume', ebsRestoreBody().body);
      expect(sim.count({ method: 'POST' })).to.equal(3);
      expect(sim.restores().length - before).to.equal(1);
    });

    it('never re-sends after a 5xx: the outcome is unknown', async () => {
      sim.script({ method: 'POST', kind: 'status', status: 503, afterProcessing: true });
      const before = sim.restores().length;
      const error = await caught(clientFor(sim).startRestore('restoreEbsVolume', ebsRestoreBody().body));
      expect(error).to.be.instanceOf(ClumioOutcomeUnknownError);
      expect(error.message).to.contain('Clumio answered HTTP 503');
      expect(error.message).to.contain('was not sent again');
      expect(sim.count({ method: 'POST' })).to.equal(1);
      expect(sim.restores().length - before).to.equal(1);
      errorsSeen.push(error);
    });

    it('never re-sends after a dropped connection', async () => {
      sim.script({ method: 'POST', kind: 'reset' });
      const error = await caught(clientFor(sim).startRestore('restoreEbsVolume', ebsRestoreBody().body));
      expect(error).to.be.instanceOf(ClumioOutcomeUnknownError);
      expect(sim.count({ method: 'POST' })).to.equal(1);
      errorsSeen.push(error);
    });

    it('never re-sends after a timeout waiting for the answer', async () => {
      sim.script({ method: 'POST', kind: 'hang' });
      const client = clientFor(sim, { timeouts: { restoreResponseMs: 300 } });
      const error = await caught(client.startRestore('restoreEbsVolume', ebsRestoreBody().body));
      expect(error).to.be.instanceOf(ClumioOutcomeUnknownError);
      expect(error.message).to.contain('no answer came in time');
      expect(sim.count({ method: 'POST' })).to.equal(1);
      errorsSeen.push(error);
    });

    it('does not retry a 400: the body was refused and nothing started', async () => {
      const { body } = ebsRestoreBody();
      const error = await caught(
        clientFor(sim).startRestore('restoreEbsVolume', {
          ...body,
          target: { ...body.target, aws_az: 'mars-1a' },
        }),
      );
      expect(error).to.be.instanceOf(ClumioHttpError);
      expect(error).not.to.be.instanceOf(ClumioOutcomeUnknownError);
      expect((error as ClumioHttpError).status).to.equal(400);
      expect(sim.count({ method: 'POST' })).to.equal(1);
      errorsSeen.push(error);
    });

    it('retries a POST that could not connect (nothing was sent), then reports the network error', async () => {
      const closed = await startSimulator({ token: TOKEN, rateLimitPerSecond: false });
      const url = closed.url;
      await closed.close();
      const client = new ClumioClient({
        baseUrl: url,
        token: staticToken(TOKEN),
        retry: { ...fastRetry, limit: 2 },
      });
      const notices: string[] = [];
      const noisy = new ClumioClient({
        baseUrl: url,
        token: staticToken(TOKEN),
        retry: { ...fastRetry, limit: 2 },
        onRetry: (n) => notices.push(`${n.host} ${n.reason} ${n.retry}/${n.limit}`),
      });
      const error = await caught(client.startRestore('restoreEbsVolume', ebsRestoreBody().body));
      expect(error).to.be.instanceOf(ClumioNetworkError);
      const host = new URL(url).host;
      expect(error.message).to.equal(
        `Clumio at ${host} could not be reached (POST /restores/aws/ebs-volumes: ECONNREFUSED)`,
      );
      expect((error as ClumioNetworkError).host).to.equal(host);
      await caught(noisy.checkAccess());
      expect(notices).to.deep.equal([`${host} ECONNREFUSED 1/2`, `${host} ECONNREFUSED 2/2`]);
      errorsSeen.push(error);
    });
  });

  describe('auth', () => {
    it('gives an auth error on 401 and sends nothing more with a refused token', async () => {
      const client = new ClumioClient({
        baseUrl: sim.url,
        token: staticToken('wrong-token-abcdefgh'),
        retry: fastRetry,
      });
      const first = await caught(client.first('ebsVolumes'));
      expect(first).to.be.instanceOf(ClumioAuthError);
      expect((first as ClumioAuthError).status).to.equal(401);
      expect(first.message).to.contain('refused the API token');
      const second = await caught(client.first('ebsBackups'));
      expect(second).to.be.instanceOf(ClumioAuthError);
      expect(sim.count()).to.equal(1);
      errorsSeen.push(first, second);
    });

    it('stops after the token expires mid-way', async () => {
      sim.setFaults({ tokenExpiresAfterRequests: 2 });
      const client = clientFor(sim);
      await client.first('ebsVolumes');
      await client.first('ebsVolumes');
      const error = await caught(client.first('ebsVolumes'));
      expect(error).to.be.instanceOf(ClumioAuthError);
      await caught(client.startRestore('restoreEbsVolume', {}));
      expect(sim.count()).to.equal(3);
      errorsSeen.push(error);
    });

    it('distinguishes 403 (not allowed) from throttling and does not retry it', async () => {
      sim.script({ method: 'GET', kind: 'status', status: 403 });
      const error = await caught(clientFor(sim).first('ebsVolumes'));
      expect(error).to.be.instanceOf(ClumioAuthError);
      expect((error as ClumioAuthError).status).to.equal(403);
      expect(error).not.to.be.instanceOf(ClumioThrottledError);
      expect(sim.count()).to.equal(1);
      errorsSeen.push(error);
    });
  });

  // Mocha runs a suite's own tests before its nested suites: this one must be a suite of its own, last.
  describe('secrecy', () => {
    it('never puts the token in an error message, stack, JSON or inspection', () => {
      expect(errorsSeen.length).to.be.greaterThan(10);
      for (const error of errorsSeen) {
        for (const text of renderings(error)) {
          expect(text).not.to.contain(TOKEN);
          expect(text).not.to.contain('wrong-token-abcdefgh');
          expect(text.toLowerCase()).not.to.contain('bearer');
        }
      }
    });
  });
});
