import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { runStateMachine, type RunnerEvent } from '../../../local/runner.js';
import { loadServerlessConfig } from '../../../local/serverless-config.js';
import { startSimulator, type RunningSimulator } from '../../../local/simulator/index.js';
import type { RestoreRecord } from '../../../core/records.js';
import { filesBelow, tempDir } from '../../integration/helpers.js';

describe('local/runner: the Distributed Map emulation (ItemReader / ResultWriter)', function () {
  this.timeout(60_000);
  let sim: RunningSimulator;
  let folder: string;
  const runId = 'runner-emulation-1';
  const events: RunnerEvent[] = [];
  let outcome: Awaited<ReturnType<typeof runStateMachine>>;

  before(async () => {
    sim = await startSimulator({ taskSeconds: 0, rateLimitPerSecond: false });
    folder = await tempDir('runner');
    const input = JSON.parse(
      await readFile(join(import.meta.dirname, '..', '..', '..', 'examples', 'restore-ebs.json'), 'utf8'),
    );
    outcome = await runStateMachine('bulkRestore', input, {
      runId,
      runFolder: folder,
      env: { CLUMIO_BASE_URL: sim.url, CLUMIO_TOKEN: sim.token, POWERTOOLS_LOG_LEVEL: 'SILENT' },
      waitMs: 1,
      retryMs: 0,
      onTaskEnd: (event) => events.push(event),
    });
  });
  after(() => sim.close());

  const json = async <T>(key: string): Promise<T> =>
    JSON.parse(await readFile(join(folder, key), 'utf8')) as T;

  it('runs the definition that serverless.yml deploys: the Restore map reads plan.json from the run store and writes its results there', async () => {
    const config = await loadServerlessConfig('local');
    const restore = config.stepFunctions.stateMachines.bulkRestore?.definition.States.Restore as Record<
      string,
      unknown
    >;
    expect(restore.ItemReader).to.deep.equal({
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: 'JSON' },
      Parameters: { 'Bucket.$': '$.plan.bucket', 'Key.$': '$.plan.key' },
    });
    expect(restore.ResultWriter).to.deep.equal({
      Resource: 'arn:aws:states:::s3:putObject',
      Parameters: { 'Bucket.$': '$.results.bucket', 'Prefix.$': '$.results.key' },
    });
    const finalize = events.find((e) => e.state === 'FinalizePlan')?.output as Record<string, unknown>;
    expect(finalize.plan).to.deep.equal({ bucket: 'local', key: `runs/${runId}/plan.json` });
    expect(finalize.results).to.deep.equal({ bucket: 'local', key: `runs/${runId}/results` });
    // Each event carries the state's input too: Report's is FinalizePlan's output with the Restore map's
    // result at $.restore (its ResultPath).
    const report = events.find((e) => e.state === 'Report')?.input as Record<string, unknown>;
    const { restore: mapResult, ...planned } = report;
    expect(planned).to.deep.equal(finalize);
    expect(mapResult).to.have.nested.property('ResultWriterDetails.Key');
    expect(outcome.status).to.equal('SUCCEEDED');
  });

  it('gives each child the ItemSelector applied to its plan.json item, in order (what AWS passes a child)', async () => {
    const plan = await json<RestoreRecord[]>('plan.json');
    const starts = events
      .filter((e) => e.state === 'StartRestore')
      .map((e) => e.output as { index: number; record: RestoreRecord; runId: string; polling: unknown });
    expect(starts).to.have.length(plan.length);
    for (const start of starts) {
      expect(start.record).to.deep.equal(plan[start.index]);
      expect(start.runId).to.equal(runId);
      expect(start.polling).to.deep.equal({
        intervalSeconds: 2,
        maxIntervalSeconds: 10,
        maxAttempts: 50,
        minIntervalSeconds: 1,
      });
    }
  });

  it('takes another polling schedule for the Restore children, as a deploy with other stage params would', async () => {
    const other: RunnerEvent[] = [];
    const deployed = { intervalSeconds: 60, maxIntervalSeconds: 900, maxAttempts: 200 };
    const input = JSON.parse(
      await readFile(join(import.meta.dirname, '..', '..', '..', 'examples', 'restore-ebs.json'), 'utf8'),
    );
    const result = await runStateMachine('bulkRestore', input, {
      runId: 'runner-polling-1',
      runFolder: await tempDir('runner-polling'),
      env: { CLUMIO_BASE_URL: sim.url, CLUMIO_TOKEN: sim.token, POWERTOOLS_LOG_LEVEL: 'SILENT' },
      polling: deployed,
      waitMs: 1,
      retryMs: 0,
      onTaskEnd: (event) => other.push(event),
    });
    expect(result.status).to.equal('SUCCEEDED');
    const starts = other
      .filter((e) => e.state === 'StartRestore')
      .map((e) => e.output as Record<string, unknown>);
    expect(starts.length).to.be.greaterThan(0);
    for (const start of starts) {
      // The start phase's floor (1 s for these few restores) comes from the definition, as deployed.
      expect(start.polling).to.deep.equal({ ...deployed, minIntervalSeconds: 1 });
      expect(start.waitSeconds).to.equal(60);
    }
  });

  it('writes the results in the ResultWriter layout of AWS: <prefix>/<map run id>/manifest.json and SUCCEEDED_0.json', async () => {
    const files = [...(await filesBelow(join(folder, 'results'))).keys()]
      .map((f) => f.slice(folder.length + 1))
      .sort();
    expect(files).to.have.length(2);
    const [manifestKey, succeededKey] = [
      files.find((f) => f.endsWith('manifest.json')),
      files.find((f) => f.endsWith('SUCCEEDED_0.json')),
    ];
    expect(manifestKey).to.match(/^results\/[0-9a-f-]{36}\/manifest\.json$/);
    const manifest = await json<Record<string, unknown>>(manifestKey ?? '');
    const body = await readFile(join(folder, succeededKey ?? ''), 'utf8');
    expect(manifest).to.deep.equal({
      DestinationBucket: 'local',
      MapRunArn: manifest.MapRunArn,
      ResultFiles: {
        FAILED: [],
        PENDING: [],
        SUCCEEDED: [{ Key: `runs/${runId}/${succeededKey}`, Size: Buffer.byteLength(body) }],
      },
    });
    expect(manifest.MapRunArn).to.match(/^arn:aws:states:[a-z0-9-]+:\d{12}:mapRun:/);
    const entries = JSON.parse(body) as Record<string, unknown>[];
    const plan = await json<RestoreRecord[]>('plan.json');
    expect(entries).to.have.length(plan.length);
    for (const [index, entry] of entries.entries()) {
      expect(entry).to.have.all.keys(
        'ExecutionArn',
        'Input',
        'InputDetails',
        'Name',
        'Output',
        'OutputDetails',
        'RedriveCount',
        'RedriveStatus',
        'StartDate',
        'StateMachineArn',
        'Status',
        'StopDate',
      );
      expect(entry.Status).to.equal('SUCCEEDED');
      expect(JSON.parse(String(entry.Input)).record).to.deep.equal(plan[index]);
      const output = JSON.parse(String(entry.Output)) as Record<string, unknown>;
      expect(output).to.deep.equal({
        index,
        status: 'completed',
        taskId: output.taskId,
        error: null,
        polls: 1,
        startedAt: output.startedAt,
        endedAt: output.endedAt,
        tokenRefused: false,
      });
    }
  });

  it('hands the ResultWriter details to Report, which reads every result back', async () => {
    const report = await json<{ restores: { status: string; taskId: string | null }[] }>('report.json');
    const entries = JSON.parse(
      [...(await filesBelow(join(folder, 'results'))).entries()].find(([k]) =>
        k.endsWith('SUCCEEDED_0.json'),
      )?.[1] ?? '[]',
    ) as { Output: string }[];
    const taskIds = entries.map((e) => (JSON.parse(e.Output) as { taskId: string }).taskId);
    expect(report.restores.filter((r) => r.status === 'completed').map((r) => r.taskId)).to.deep.equal(
      taskIds,
    );
    expect(outcome.status === 'SUCCEEDED' && (outcome.output as { incomplete: number }).incomplete).to.equal(
      0,
    );
  });
});
