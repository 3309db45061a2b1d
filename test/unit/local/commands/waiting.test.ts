import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';

import { isLoopback } from '../../../../local/commands/local-run.js';
import { stagePolling, waitingFor } from '../../../../local/commands/waiting.js';
import { coveredSeconds } from '../../../../core/polling.js';

describe('local/commands/waiting: how long a local run waits for each Clumio task', () => {
  it('only this machine is loopback: the simulator', () => {
    for (const url of ['http://127.0.0.1:8080', 'localhost:8080', 'http://[::1]:8080', '127.0.0.9']) {
      expect(isLoopback(url), url).to.equal(true);
    }
    for (const url of ['us-west-2.api.clumio.com', 'https://eu1.portal.clumio.com/', '10.0.0.5']) {
      expect(isLoopback(url), url).to.equal(false);
    }
  });

  it("a real Clumio is waited for like the deployed service: serverless.yml's default polling params", async function () {
    // serverless print takes seconds, more on a loaded machine.
    this.timeout(120_000);
    const yml = await readFile(join(import.meta.dirname, '..', '..', '..', '..', 'serverless.yml'), 'utf8');
    const defaults = yml.slice(yml.indexOf('  default:'), yml.indexOf('\n  dev:'));
    const param = (name: string): number => Number(new RegExp(`${name}: (\\d+)`).exec(defaults)?.[1]);
    const deployed = await stagePolling(false);
    expect(deployed).to.deep.equal({
      intervalSeconds: param('pollingIntervalSeconds'),
      maxIntervalSeconds: param('pollingMaxIntervalSeconds'),
      maxAttempts: param('pollingMaxAttempts'),
    });
    expect(deployed).to.deep.equal({ intervalSeconds: 60, maxIntervalSeconds: 900, maxAttempts: 200 });
    const waiting = waitingFor(deployed, {});
    expect(waiting).to.deep.equal({
      polling: deployed,
      text: 'each Clumio task is polled after 60 s, doubling to 900 s, up to 200 polls (49h15m)',
    });
  });

  it('the simulator keeps the short schedule of the local stage', async function () {
    this.timeout(120_000);
    const local = await stagePolling(true);
    expect(local).to.deep.equal({ intervalSeconds: 2, maxIntervalSeconds: 10, maxAttempts: 50 });
  });

  it('--max-wait sets how many polls of the schedule cover it; --poll-interval keeps the longest wait', () => {
    const deployed = { intervalSeconds: 60, maxIntervalSeconds: 900, maxAttempts: 200 };
    const days3 = waitingFor(deployed, { maxWaitSeconds: 72 * 3600 }).polling;
    expect(days3).to.deep.equal({ intervalSeconds: 60, maxIntervalSeconds: 900, maxAttempts: 291 });
    expect(coveredSeconds(291, days3)).to.be.at.least(72 * 3600);
    expect(coveredSeconds(290, days3)).to.be.below(72 * 3600);
    const every30 = waitingFor(deployed, { pollIntervalSeconds: 30 });
    expect(every30.polling).to.deep.equal({
      intervalSeconds: 30,
      maxIntervalSeconds: 30,
      maxAttempts: coveredSeconds(200, deployed) / 30,
    });
    expect(every30).not.to.have.property('waitMs');
    // Shorter than Step Functions' whole seconds: the runner waits instead.
    const fast = waitingFor(deployed, { pollIntervalSeconds: 0.005, maxWaitSeconds: 0.25 });
    expect(fast.polling.maxAttempts).to.equal(50);
    expect(fast.waitMs).to.equal(5);
  });
});
