import { expect } from 'chai';
import { ClumioHttpError } from '../../../clumio/index.js';
import { ConfigError, readLambdaConfig } from '../../../workflows/config.js';
import { clumioClient, resetClients } from '../../../workflows/runtime.js';
import { startSimulator } from '../../../local/simulator/index.js';

describe('workflows/config: the Lambdas configuration, read in one place', () => {
  const base = { CLUMIO_BASE_URL: 'us-west-2.api.clumio.com' };

  it('leaves the client retry policy to its defaults when CLUMIO_RETRY_* are unset or empty', () => {
    expect(readLambdaConfig(base).clumioRetry).to.deep.equal({});
    expect(
      readLambdaConfig({ ...base, CLUMIO_RETRY_LIMIT: '', CLUMIO_RETRY_BASE_MS: ' ' }).clumioRetry,
    ).to.deep.equal({});
  });

  it('reads CLUMIO_RETRY_LIMIT (retries after the first attempt, 0 or more) and CLUMIO_RETRY_BASE_MS (1 or more)', () => {
    expect(
      readLambdaConfig({ ...base, CLUMIO_RETRY_LIMIT: '0', CLUMIO_RETRY_BASE_MS: '5' }).clumioRetry,
    ).to.deep.equal({ limit: 0, baseDelayMs: 5 });
    expect(readLambdaConfig({ ...base, CLUMIO_RETRY_LIMIT: '12' }).clumioRetry).to.deep.equal({ limit: 12 });
  });

  it('refuses a value that is not a whole number in range, naming the variable', () => {
    const bad: [string, string, string][] = [
      ['CLUMIO_RETRY_LIMIT', 'six', 'CLUMIO_RETRY_LIMIT must be a whole number ≥ 0, got "six"'],
      ['CLUMIO_RETRY_LIMIT', '-1', 'CLUMIO_RETRY_LIMIT must be a whole number ≥ 0, got "-1"'],
      ['CLUMIO_RETRY_LIMIT', '1.5', 'CLUMIO_RETRY_LIMIT must be a whole number ≥ 0, got "1.5"'],
      ['CLUMIO_RETRY_BASE_MS', '0', 'CLUMIO_RETRY_BASE_MS must be a whole number ≥ 1, got "0"'],
      ['CLUMIO_RETRY_BASE_MS', '1e3', 'CLUMIO_RETRY_BASE_MS must be a whole number ≥ 1, got "1e3"'],
    ];
    for (const [name, value, message] of bad) {
      expect(() => readLambdaConfig({ ...base, [name]: value }), `${name}=${value}`).to.throw(
        ConfigError,
        message,
      );
    }
  });

  it('workflows/runtime gives the setting to the Clumio client: CLUMIO_RETRY_LIMIT=1 means exactly two attempts', async () => {
    const sim = await startSimulator({ taskSeconds: 0, rateLimitPerSecond: false });
    const previous = process.env.CLUMIO_TOKEN;
    process.env.CLUMIO_TOKEN = sim.token;
    resetClients();
    try {
      const config = readLambdaConfig({ ...base, CLUMIO_RETRY_LIMIT: '1', CLUMIO_RETRY_BASE_MS: '1' });
      sim.script({ method: 'GET', kind: 'status', status: 503, times: 5 });
      const error = await clumioClient(config, sim.url)
        .readTask('1001')
        .catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ClumioHttpError);
      expect((error as ClumioHttpError).status).to.equal(503);
      expect(sim.count()).to.equal(2);
    } finally {
      resetClients();
      if (previous === undefined) delete process.env.CLUMIO_TOKEN;
      else process.env.CLUMIO_TOKEN = previous;
      await sim.close();
    }
  });
});
