import { expect } from 'chai';
import { startSimulator } from '../../../../local/simulator/index.js';
import { RateLimiter } from '../../../../local/simulator/rate-limit.js';
import { FIXED_NOW, call } from './helpers.js';

describe('simulator rate limit', function () {
  it('admits 100 requests per second by default and answers the rest 429 unprocessed', async () => {
    const sim = await startSimulator({ now: () => FIXED_NOW });
    try {
      const backup = sim.dataset.backups.ebs[0];
      const env = sim.dataset.environments.find(
        (e) => e.account_native_id === backup?.account_native_id && e.aws_region === backup?.aws_region,
      );
      const body = {
        source: { backup_id: backup?.id },
        target: { environment_id: env?.id, aws_az: env?.aws_az[0] },
      };
      const answers = await Promise.all(
        Array.from({ length: 150 }, () => call(sim, '/restores/aws/ebs-volumes', { json: body })),
      );
      const throttled = answers.filter((a) => a.status === 429);
      expect(throttled).to.have.length(50);
      expect(answers.filter((a) => a.status === 202)).to.have.length(100);
      expect(sim.restores()).to.have.length(100);
      expect(throttled[0]?.headers['retry-after']).to.equal('1');
      expect(throttled[0]?.body).to.deep.equal({
        errors: [{ error_code: 429, error_message: 'rate limit exceeded: at most 100 requests per second' }],
      });
      expect(sim.count({ status: 429 })).to.equal(50);
      expect(sim.requests.filter((r) => r.fault === 'rate-limit')).to.have.length(50);
    } finally {
      await sim.close();
    }
  });

  it('lets everything through when off', async () => {
    const sim = await startSimulator({ now: () => FIXED_NOW, rateLimitPerSecond: false });
    try {
      const answers = await Promise.all(Array.from({ length: 150 }, () => call(sim, '/tasks')));
      expect(answers.every((a) => a.status === 200)).to.equal(true);
    } finally {
      await sim.close();
    }
  });

  it('slides a one-second window over admitted requests only', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect(limiter.admit()).to.equal(true);
    now = 500;
    expect([limiter.admit(), limiter.admit(), limiter.admit()]).to.deep.equal([true, true, false]);
    now = 999;
    expect(limiter.admit()).to.equal(false);
    now = 1000;
    expect([limiter.admit(), limiter.admit()]).to.deep.equal([true, false]);
    now = 1499;
    expect(limiter.admit()).to.equal(false);
    now = 1500;
    expect([limiter.admit(), limiter.admit(), limiter.admit()]).to.deep.equal([true, true, false]);
    expect(() => new RateLimiter(0)).to.throw(RangeError);
  });
});
