import { expect } from 'chai';
import { ClumioClient, RateGovernor, staticToken } from '../../../clumio/index.js';
import { startSimulator, type RunningSimulator } from '../../../local/simulator/index.js';

/** A governor that counts what the client asks of it. */
class CountingGovernor extends RateGovernor {
  acquired = 0;
  override acquire(): Promise<void> {
    this.acquired += 1;
    return super.acquire();
  }
}

interface Volume {
  readonly id: string;
}

describe('clumio/client: pacing (rate governor) and one page at a time', function () {
  let sim: RunningSimulator;
  const environmentOf = () => {
    const env = sim.dataset.environments.find(
      (e) => e.account_native_id === '111111111111' && e.aws_region === 'us-east-1',
    );
    if (env === undefined) throw new Error('no such environment');
    return env.id;
  };

  before(async () => {
    sim = await startSimulator({
      rateLimitPerSecond: false,
      taskSeconds: 0,
      maxPageSize: 7,
      scale: { taggedVolumes: 30 },
    });
  });
  after(() => sim.close());
  beforeEach(() => sim.clearRequests());

  it('asks the governor before every attempt, retries included, and tells it of every 429', async () => {
    const governor = new CountingGovernor(1000);
    const client = new ClumioClient({
      baseUrl: sim.url,
      token: staticToken(sim.token),
      retry: { baseDelayMs: 1 },
      governor,
    });
    sim.script({
      method: 'GET',
      path: '/tasks/*',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 0,
      times: 1,
    });
    const accepted = await client.startRestore('restoreEbsVolume', {
      source: { backup_id: sim.dataset.backups.ebs[0]?.id },
      target: { environment_id: environmentOf(), aws_az: 'us-east-1a' },
    });
    sim.script({ method: 'POST', kind: 'status', status: 429, retryAfterSeconds: 0, times: 1 });
    await client.startRestore('restoreEbsVolume', {
      source: { backup_id: sim.dataset.backups.ebs[1]?.id },
      target: { environment_id: environmentOf(), aws_az: 'us-east-1a' },
    });
    await client.readTask(accepted.taskId);
    expect(sim.requests.map((r) => `${r.method} ${r.status}`)).to.deep.equal([
      'POST 202',
      'POST 429',
      'POST 202',
      'GET 429',
      'GET 200',
    ]);
    expect(governor.acquired).to.equal(5);
    // The two 429s came within a second of each other: one halving.
    expect(governor.throttles).to.equal(1);
  });

  it('reads a list one page at a time, each asked with its own limit and filter and the start of the page before', async () => {
    const client = new ClumioClient({ baseUrl: sim.url, token: staticToken(sim.token) });
    const filter = { environment_id: { $eq: environmentOf() } };
    const all = await client.listAll<Volume>('ebsVolumes', { filter });
    sim.clearRequests();
    const pages: (readonly Volume[])[] = [];
    let start: string | undefined;
    do {
      const page = await client.page<Volume>('ebsVolumes', {
        filter,
        ...(start !== undefined ? { start } : {}),
      });
      pages.push(page.items);
      start = page.next;
    } while (start !== undefined);
    expect(pages.flat().map((v) => v.id)).to.deep.equal(all.map((v) => v.id));
    expect(pages.slice(0, -1).every((p) => p.length === 7)).to.equal(true);
    expect(sim.requests).to.have.length(Math.ceil(all.length / 7));
    expect(sim.requests.map((r) => r.query.start)).to.deep.equal([
      undefined,
      ...Array.from({ length: sim.requests.length - 1 }, (_, i) => String(i + 2)),
    ]);
    for (const request of sim.requests) {
      expect(request.query.limit).to.equal('100');
      expect(request.filter).to.deep.equal(filter);
    }
  });
});
