import { expect } from 'chai';
import { ClumioClient, staticToken } from '../../../../clumio/index.js';
import { startSimulator, type RunningSimulator } from '../../../../local/simulator/index.js';
import { finalizePlan } from '../../../../workflows/bulk-restore/finalize-plan.js';
import { validateRun } from '../../../../workflows/bulk-restore/validate.js';
import { InvalidInput } from '../../../../workflows/errors.js';
import { folderRunFiles, folderStoreObjects } from '../../../../workflows/run-store.js';
import { filesBelow, tempDir } from '../../../integration/helpers.js';
import { ebsRestoreItem } from './fixtures.js';

describe('workflows/bulk-restore: a rerun through Validate and FinalizePlan', () => {
  let sim: RunningSimulator;
  const run = {
    runId: 'rerun-1',
    startedAt: '2026-12-01T10:00:00.000Z',
    defaultMaxRestores: 1000,
    inLambda: false,
  };
  const polling = { intervalSeconds: 60, maxIntervalSeconds: 900, maxAttempts: 6 };
  before(async () => {
    sim = await startSimulator({ taskSeconds: 0, rateLimitPerSecond: false });
  });
  after(() => sim.close());
  const client = () => new ClumioClient({ baseUrl: sim.url, token: staticToken(sim.token) });
  const input = { rerun_of: { run_id: 'first-run', restores: [4, 1] } };

  it('refuses a rerun whose records are missing or are not the ones it names, before any Clumio call', async () => {
    const dir = await tempDir('rerun');
    const files = folderRunFiles(dir, run.runId);
    sim.clearRequests();
    const missing = await validateRun(input, run, files, client, () => folderStoreObjects(dir)).catch(
      (e: unknown) => e,
    );
    expect(missing).to.be.instanceOf(InvalidInput);
    expect((missing as Error).message).to.contain(
      'rerun-records.json is missing: start a rerun with `clumio-bulk-restore rerun`',
    );
    await files.putJson('rerun-records.json', [ebsRestoreItem(sim, 0, 'x', polling).record]);
    const short = await validateRun(input, run, files, client, () => folderStoreObjects(dir)).catch(
      (e: unknown) => e,
    );
    expect((short as Error).message).to.contain('does not hold the 2 restore records the input names');
    await files.putJson('rerun-records.json', [{ request: { endpoint: 'task' } }, { request: {} }]);
    const notRecords = await validateRun(input, run, files, client, () => folderStoreObjects(dir)).catch(
      (e: unknown) => e,
    );
    expect(notRecords).to.be.instanceOf(InvalidInput);
    expect(sim.count()).to.equal(0);
  });

  it('plans nothing: FinalizePlan takes the records as they were copied, gives them start slots, and keeps run.json for a resume', async () => {
    const dir = await tempDir('rerun');
    const files = folderRunFiles(dir, run.runId);
    const records = [
      ebsRestoreItem(sim, 4, 'x', polling).record,
      ebsRestoreItem(sim, 1, 'x', polling).record,
    ];
    await files.putJson('rerun-records.json', records);
    const state = await validateRun(input, run, files, client, () => folderStoreObjects(dir));
    expect(state).to.deep.include({
      groupCount: 0,
      chunks: [],
      rerunOf: { runId: 'first-run', restores: [4, 1] },
      dryRun: false,
    });
    expect(await files.getJson('input.json')).to.deep.equal({
      rerunOf: { runId: 'first-run', restores: [4, 1] },
      dryRun: false,
      groups: [],
    });
    const planned = await finalizePlan({ ...state, chunkResults: [] }, files, {
      requestsPerSecond: 1,
      concurrency: 10,
    });
    expect(planned).to.deep.include({ planned: 2, noBackup: 0, startPhaseSeconds: 2 });
    // The same records, each with its start slot in this run.
    expect(await files.getJson('plan.json')).to.deep.equal([
      { ...records[0], startAfterSeconds: 0 },
      { ...records[1], startAfterSeconds: 1 },
    ]);
    expect(await files.getJson('run.json')).to.deep.equal(planned);
    expect([...(await filesBelow(dir)).keys()].map((k) => k.slice(dir.length + 1)).sort()).to.deep.equal([
      'input.json',
      'no-backup.json',
      'plan.json',
      'rerun-records.json',
      'run.json',
      'unplanned.json',
    ]);
  });
});
