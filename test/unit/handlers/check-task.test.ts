import { expect } from 'chai';
import { ClumioClient, staticToken } from '../../../clumio/index.js';
import { handler } from '../../../handlers/check-task.js';
import { startSimulator, type RunningSimulator } from '../../../local/simulator/index.js';

describe('handlers/check-task', () => {
  let sim: RunningSimulator;
  const saved = { ...process.env };

  before(async () => {
    sim = await startSimulator({ rateLimitPerSecond: false, taskSeconds: 0 });
    process.env.CLUMIO_BASE_URL = sim.url;
    process.env.CLUMIO_TOKEN = sim.token;
    process.env.CODE_VERSION = '9.9.9';
  });
  after(async () => {
    process.env = saved;
    await sim.close();
  });

  async function startEbsRestore(): Promise<string> {
    const backup = sim.dataset.backups.ebs[0];
    const env = sim.dataset.environments.find(
      (e) => e.account_native_id === backup?.account_native_id && e.aws_region === backup?.aws_region,
    );
    if (backup === undefined || env === undefined) throw new Error('dataset lacks an EBS backup');
    const client = new ClumioClient({ baseUrl: sim.url, token: staticToken(sim.token) });
    const { taskId } = await client.startRestore('restoreEbsVolume', {
      source: { backup_id: backup.id },
      target: { environment_id: env.id, aws_az: env.aws_az[0] },
    });
    return taskId;
  }

  it('reads the task once and returns its status', async () => {
    const taskId = await startEbsRestore();
    sim.clearRequests();
    const result = await handler({ taskId });
    expect(result).to.deep.equal({ taskId, taskStatus: 'completed', progress: 100 });
    expect(sim.count()).to.equal(1);
    expect(sim.requests[0]?.path).to.equal(`/tasks/${taskId}`);
  });

  it('fails with a clear error when the base URL is not configured', async () => {
    delete process.env.CLUMIO_BASE_URL;
    try {
      await handler({ taskId: '1' }).then(
        () => expect.fail('expected a rejection'),
        (error: Error) =>
          expect(error.message).to.equal('CLUMIO_BASE_URL is not set (stage param clumioBaseUrl)'),
      );
    } finally {
      process.env.CLUMIO_BASE_URL = sim.url;
    }
  });
});
