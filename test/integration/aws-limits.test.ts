import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RestoreRecord } from '../../core/records.js';
import { runList } from '../../local/commands/list.js';
import { runRestore } from '../../local/commands/restore.js';
import { runStateMachine, type RunnerEvent, type RunOptions } from '../../local/runner.js';
import type { LambdaFaultEvent } from '../../local/runner/lambda.js';
import { PAYLOAD_LIMIT_BYTES, payloadBytes } from '../../local/runner/limits.js';
import { startSimulator, type RequestRecord, type RunningSimulator } from '../../local/simulator/index.js';
import type { ListOutcome } from '../../workflows/bulk-list/state.js';
import type { Report, ReportEntry } from '../../workflows/report.js';
import { captureIO, filesBelow, tempDir } from './helpers.js';
import { SecretScan } from './secrets.js';

/**
 * The limits AWS enforces and the local runner now enforces too (issue 12), through the real ASL: the
 * 256 KiB payload limit, Lambda's own failures (throttling, timeouts, service errors) injected by
 * function, and a bulkList of 2,000 assets restored by reference. Counts come from the simulator's
 * request log and the runner's fault events.
 */

const TOKEN = 'aws-limits-token-4f1c9a2e7d3b6058';
const VOLUMES = 2000;
const POLL_LIMIT = 50; // pollingMaxAttempts of the local stage

type Document = { RestoreGroups: Record<string, unknown>[] } & Record<string, unknown>;

/** Each planned backup's restore POSTs, by answer status (a POST is the record whose body it carries). */
function postsByBackup(
  requests: readonly RequestRecord[],
  plan: readonly RestoreRecord[],
): Map<string, number[]> {
  const byBody = new Map(plan.map((r) => [JSON.stringify(r.request.body), r.source.backupId]));
  const out = new Map<string, number[]>();
  for (const request of requests) {
    if (request.method !== 'POST') continue;
    const id = byBody.get(JSON.stringify(request.body)) ?? `not in the plan: ${JSON.stringify(request.body)}`;
    out.set(id, [...(out.get(id) ?? []), request.status]);
  }
  return out;
}

/** A report row's error shows a message: never the runtime's envelope, a stack frame or JSON. */
function expectMessageOnly(entry: ReportEntry): void {
  expect(entry.error).to.be.a('string');
  for (const leak of ['errorType', 'errorMessage', 'trace', '    at ', '{"', '\\n'])
    expect(entry.error, leak).not.to.contain(leak);
}

describe('faithful to AWS: the payload limit, Lambda faults and a 2,000-asset list restored by reference', function () {
  this.timeout(240_000);
  let sim: RunningSimulator;
  /** The folder that plays the run bucket: inputs/ and runs/. */
  let root: string;
  /** The test's own input files (one holds the token, as a user's file may). */
  let inputs: string;
  const scan = new SecretScan(TOKEN);
  const figures: string[] = [];
  let list: ListOutcome;
  let listMs: number;
  let lookups: RunnerEvent[];
  /** The list document, compact, as an object. */
  let document: Document;

  const env = (extra: Record<string, string> = {}) => ({
    CLUMIO_BASE_URL: sim.url,
    CLUMIO_TOKEN: TOKEN,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    MAX_RESTORES_PER_RUN: String(VOLUMES),
    CLUMIO_RETRY_BASE_MS: '5',
    ...extra,
  });

  async function run(
    name: 'bulkRestore' | 'bulkList',
    input: unknown,
    runId: string,
    options: Partial<RunOptions> & { extraEnv?: Record<string, string> } = {},
  ) {
    const { extraEnv, ...rest } = options;
    const started = performance.now();
    const outcome = await runStateMachine(name, input, {
      runId,
      runFolder: join(root, 'runs', runId),
      storeRoot: root,
      env: env(extraEnv),
      retryMs: 0,
      waitMs: 1,
      ...rest,
    });
    return { outcome, ms: Math.round(performance.now() - started) };
  }

  const readJson = async <T>(runId: string, key: string): Promise<T> =>
    JSON.parse(await readFile(join(root, 'runs', runId, key), 'utf8')) as T;

  /** The first `n` groups of the list document: n restores, each pinned to one volume. */
  const groups = (n: number): Document => ({
    ...document,
    RestoreGroups: document.RestoreGroups.slice(0, n),
  });

  before(async () => {
    sim = await startSimulator({
      token: TOKEN,
      taskSeconds: 0,
      rateLimitPerSecond: false,
      scale: { taggedVolumes: VOLUMES },
    });
    root = await tempDir('aws-limits');
    inputs = await tempDir('aws-limits-inputs');
    scan.folder(root);
    lookups = [];
    const listed = await run(
      'bulkList',
      {
        source_account: '111111111111',
        source_regions: ['us-east-1'],
        source_asset_types: { EBS: { asset_tags: { Bulk: 'load' } } },
        target_specs: {
          target_account: '222222222222',
          EBS: { target_region: 'us-east-1', target_az: 'us-east-1a' },
        },
      },
      'list-2000',
      { onTaskEnd: (e) => e.state === 'FindBackup' && lookups.push(e) },
    );
    expect(listed.outcome.status, JSON.stringify(listed.outcome)).to.equal('SUCCEEDED');
    list = (listed.outcome as { output: ListOutcome }).output;
    listMs = listed.ms;
    document = await readJson<Document>('list-2000', 'restore-input.json');
  });
  after(async () => {
    await sim.close();
    const searched = await scan.assertClean();
    expect(searched.files).to.be.greaterThan(20);
    if (process.env.RELIABILITY_FIGURES) console.log(`\n${figures.join('\n')}`);
  });
  beforeEach(() => sim.clearRequests());

  it('bulkList discovers 2,000 EBS volumes: one group each, a document over 256 KiB, and the input_key that runs it', () => {
    expect(list.counts).to.deep.equal({ assets: VOLUMES, groups: VOLUMES, noBackup: 0, problems: 0 });
    expect(list.inputKey).to.equal('runs/list-2000/restore-input.json');
    const bytes = payloadBytes(document);
    expect(bytes).to.be.greaterThan(3 * PAYLOAD_LIMIT_BYTES);
    // Each Express child looked its asset up once; none came near its budget.
    expect(lookups).to.have.length(VOLUMES);
    const slowest = Math.max(...lookups.map((e) => e.ms));
    expect(slowest).to.be.below(30_000);
    figures.push(
      `bulkList: ${VOLUMES} EBS volumes in ${listMs} ms; ${VOLUMES} FindBackup children (Express), one invocation each, ` +
        `the slowest ${Math.round(slowest)} ms; document ${bytes.toLocaleString('en-US')} bytes compact ` +
        `(${(bytes / PAYLOAD_LIMIT_BYTES).toFixed(1)}× the execution input limit)`,
    );
  });

  it('runs that document by input_key: a dry run plans all 2,000 and sends no POST', async () => {
    const { outcome, ms } = await run('bulkRestore', { input_key: list.inputKey, dry_run: true }, 'dry-2000');
    expect(outcome.status, JSON.stringify(outcome)).to.equal('SUCCEEDED');
    const report = await readJson<Report>('dry-2000', 'report.json');
    expect(report.dryRun).to.equal(true);
    expect(report.counts.planned).to.equal(VOLUMES);
    expect(report.restores.every((r) => r.status === 'planned')).to.equal(true);
    expect(sim.count({ method: 'POST' })).to.equal(0);
    figures.push(`bulkRestore by input_key, dry run: ${VOLUMES} planned, 0 POSTs, ${ms} ms`);
  });

  it('and a real run by input_key: 2,000 completed, exactly one POST per backup, every one accepted', async () => {
    const restoresBefore = sim.restores().length;
    const { outcome, ms } = await run('bulkRestore', { input_key: list.inputKey }, 'real-2000');
    expect(outcome.status, JSON.stringify(outcome)).to.equal('SUCCEEDED');
    const report = await readJson<Report>('real-2000', 'report.json');
    expect(report.counts).to.include({ planned: VOLUMES, completed: VOLUMES, unknown: 0, failed: 0 });
    const plan = await readJson<RestoreRecord[]>('real-2000', 'plan.json');
    const posts = postsByBackup(sim.requests, plan);
    expect(posts.size).to.equal(VOLUMES);
    for (const [backup, statuses] of posts) expect(statuses, backup).to.deep.equal([202]);
    expect(sim.restores().length - restoresBefore).to.equal(VOLUMES);
    figures.push(
      `bulkRestore by input_key, real run: ${VOLUMES} completed, ${posts.size} POSTs (one each), ${ms} ms`,
    );
  });

  it('refuses the same document inline, as StartExecution would: States.DataLimitExceeded, no request, no file', async () => {
    const { outcome } = await run('bulkRestore', document, 'inline-2000');
    expect(outcome).to.deep.equal({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: `the execution input is ${payloadBytes(document).toLocaleString('en-US')} bytes, over the Step Functions limit of 262,144 bytes`,
    });
    expect(sim.count()).to.equal(0);
    expect((await filesBelow(join(root, 'runs', 'inline-2000'))).size).to.equal(0);
  });

  it('restore --input passes a document over the limit by reference (inputs/<run id>.json, without the token), as deployed', async () => {
    const over = groups(700);
    const file = join(inputs, 'over-the-limit.json');
    await writeFile(file, JSON.stringify({ ...over, clumio_token: TOKEN }, null, 2));
    const io = captureIO({ CLUMIO_TOKEN: '', CLUMIO_RETRY_BASE_MS: '5' });
    const out = join(root, 'runs', 'cli-700');
    const code = await runRestore(
      { inputFile: file, baseUrl: sim.url, dryRun: true, out, storeRoot: root, retryMs: 0 },
      io,
    );
    scan.text('restore stdout', io.out());
    scan.text('restore stderr', io.err());
    expect(code, io.err()).to.equal(0);
    const line =
      /input: ([\d,]+) bytes, over Step Functions' 262,144: passed by reference, input_key (inputs\/[\w-]+\.json) \(/.exec(
        io.out(),
      );
    expect(line, io.out()).not.to.equal(null);
    const key = line?.[2] ?? '';
    expect(Number(line?.[1]?.replace(/,/g, ''))).to.be.greaterThan(PAYLOAD_LIMIT_BYTES);
    const uploaded = JSON.parse(await readFile(join(root, key), 'utf8')) as Document;
    expect(uploaded).not.to.have.property('clumio_token');
    expect(uploaded.RestoreGroups).to.have.length(700);
    expect(uploaded.dry_run).to.equal(true);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.counts.planned).to.equal(700);
    figures.push(
      `restore --input of ${line?.[1]} bytes (700 groups): passed by reference (${key}), 700 planned, exit 0`,
    );
  });

  it('fails an input that fits but whose Validate parameters do not with States.DataLimitExceeded: not taken by the Catch into ReportFailure', async () => {
    // The document plus the run id and start time that Validate's Parameters add cross the limit.
    const base = groups(500);
    const padding = PAYLOAD_LIMIT_BYTES - 40 - payloadBytes({ ...base, pad: '' });
    const input = { ...base, pad: 'x'.repeat(padding) };
    expect(payloadBytes(input)).to.be.within(PAYLOAD_LIMIT_BYTES - 40, PAYLOAD_LIMIT_BYTES);
    const { outcome } = await run('bulkRestore', input, 'validate-over');
    expect(outcome.status).to.equal('FAILED');
    if (outcome.status !== 'FAILED') return;
    expect(outcome.error).to.equal('States.DataLimitExceeded');
    expect(outcome.cause).to.match(
      /^the parameters of task Validate is 262,1\d\d bytes, over the Step Functions limit of 262,144 bytes$/,
    );
    // Terminal: ReportFailure (the Catch of States.ALL) never ran, so there is no report at all.
    expect((await filesBelow(join(root, 'runs', 'validate-over'))).size).to.equal(0);
    expect(sim.count()).to.equal(0);
    figures.push(
      `input of ${payloadBytes(input).toLocaleString('en-US')} bytes: Validate's parameters over the limit, States.DataLimitExceeded, no report`,
    );
  });

  it('with 30 % of StartRestore invocations throttled by Lambda, each restore starts exactly once and none is unknown', async () => {
    const faults: LambdaFaultEvent[] = [];
    const { outcome, ms } = await run('bulkRestore', groups(300), 'throttled-starts', {
      lambda: { seed: 12, faults: { startRestore: { throttled: 0.3 } }, onFault: (e) => faults.push(e) },
    });
    expect(outcome.status, JSON.stringify(outcome)).to.equal('SUCCEEDED');
    const report = await readJson<Report>('throttled-starts', 'report.json');
    expect(report.counts).to.include({ planned: 300, completed: 300, unknown: 0, failed: 0 });
    const posts = postsByBackup(
      sim.requests,
      await readJson<RestoreRecord[]>('throttled-starts', 'plan.json'),
    );
    expect(posts.size).to.equal(300);
    for (const [backup, statuses] of posts) expect(statuses, backup).to.deep.equal([202]);
    expect(faults.every((f) => f.fault === 'throttled' && !f.handlerRan)).to.equal(true);
    const invocations = faults.length + 300;
    expect(faults.length / invocations).to.be.within(0.25, 0.35);
    figures.push(
      `Lambda throttle storm: 300 restores, ${faults.length} of ${invocations} StartRestore invocations throttled ` +
        `(${((faults.length / invocations) * 100).toFixed(1)} %), retried by the state machine; 300 POSTs, one per backup; ` +
        `300 completed, 0 unknown; ${ms} ms`,
    );
  });

  it('a StartRestore that Lambda throttles through every retry is failed, "not started", with no POST; never unknown', async () => {
    const faults: LambdaFaultEvent[] = [];
    const { outcome } = await run('bulkRestore', groups(4), 'never-invoked', {
      lambda: { faults: { startRestore: { throttled: 1 } }, onFault: (e) => faults.push(e) },
    });
    expect(outcome.status).to.equal('FAILED');
    const report = await readJson<Report>('never-invoked', 'report.json');
    expect(report.counts).to.include({ planned: 4, failed: 4, unknown: 0 });
    for (const entry of report.restores) {
      expect(entry.error).to.match(
        /^not started: Lambda did not run StartRestore, through every retry \(Lambda\.TooManyRequestsException: Rate Exceeded\. \(Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: [0-9a-f-]{36}; Proxy: null\)\)$/,
      );
      expect(entry.taskId).to.equal(null);
      expectMessageOnly(entry);
    }
    // 1 + 6 attempts (the Retry of Lambda's own errors) per restore, and not one POST.
    expect(faults).to.have.length(4 * 7);
    expect(sim.count({ method: 'POST' })).to.equal(0);
  });

  it('a StartRestore cut by its timeout after its POST is unknown (Clumio did start it); the report shows the message only', async () => {
    const before = sim.restores().length;
    const { outcome } = await run('bulkRestore', groups(3), 'start-timed-out', {
      lambda: { faults: { startRestore: { timedOut: 1 } } },
    });
    expect(outcome.status).to.equal('FAILED');
    const report = await readJson<Report>('start-timed-out', 'report.json');
    expect(report.counts).to.include({ planned: 3, unknown: 3 });
    for (const entry of report.restores) {
      expect(entry.error).to.match(
        /^StartRestore did not return; its restore request may have reached Clumio \(Sandbox\.Timedout: RequestId: [0-9a-f-]{36} Error: Task timed out after 180\.00 seconds\)$/,
      );
      expectMessageOnly(entry);
    }
    // Sandbox.Timedout is not retried: the handler ran, its one POST was accepted.
    expect(sim.count({ method: 'POST' })).to.equal(3);
    expect(sim.restores().length - before).to.equal(3);
  });

  it('with CheckTask throttled, timing out and meeting Clumio 5xx, every restore still reaches its Clumio end state', async () => {
    const faults: LambdaFaultEvent[] = [];
    const plan = groups(200);
    const failing = plan.RestoreGroups.slice(0, 20).map((g) => String(g.search_volume_id));
    for (const volume of failing) sim.setTaskOutcome(volume, 'failed');
    sim.script({ method: 'GET', path: '/tasks/*', kind: 'status', status: 503, times: 60 });
    const checks: RunnerEvent[] = [];
    const { outcome, ms } = await run('bulkRestore', plan, 'flaky-checks', {
      extraEnv: { CLUMIO_RETRY_LIMIT: '0' },
      lambda: {
        seed: 3,
        faults: {
          checkTask: { throttled: 0.25, timedOut: 0.15, serviceError: 0.05, serviceErrorAfterRun: true },
        },
        onFault: (e) => faults.push(e),
      },
      onTaskEnd: (e) => e.state === 'CheckTask' && checks.push(e),
    });
    for (const volume of failing) sim.setTaskOutcome(volume, 'completed');
    expect(outcome.status).to.equal('FAILED');
    const report = await readJson<Report>('flaky-checks', 'report.json');
    expect(report.counts).to.include({ planned: 200, completed: 180, failed: 20, timed_out: 0, unknown: 0 });
    const failed = report.restores.filter((r) => r.status === 'failed');
    for (const entry of failed) expect(entry.error).to.match(/^Clumio task \d+ ended failed$/);
    expect(failed.map((r) => r.sourceResourceId).sort()).to.deep.equal([...failing].sort());
    const answered503 = sim.requests.filter((r) => r.path.startsWith('/tasks/') && r.status === 503).length;
    expect(answered503).to.equal(60);
    expect(
      postsByBackup(sim.requests, await readJson<RestoreRecord[]>('flaky-checks', 'plan.json')).size,
    ).to.equal(200);
    const results = await readJson<Report>('flaky-checks', 'report.json');
    expect(results.restores).to.have.length(200);
    const failedChecks = faults.length + answered503;
    figures.push(
      `CheckTask trouble: 200 restores (20 failed by Clumio), ${faults.length} Lambda faults on CheckTask ` +
        `(${['throttled', 'timed_out', 'service_error'].map((f) => `${faults.filter((x) => x.fault === f).length} ${f}`).join(', ')}) ` +
        `and ${answered503} task reads answered 503: ${failedChecks} failed checks, each counted as a poll; ` +
        `${checks.length} successful checks; every restore reached its Clumio end state (180 completed, 20 failed), 0 unknown; ${ms} ms`,
    );
  });

  it('a CheckTask that fails every time ends the restore timed_out after pollingMaxAttempts, with the message of its last failure', async () => {
    sim.script({ method: 'GET', path: '/tasks/*', kind: 'status', status: 503, times: 3 * POLL_LIMIT });
    const before = sim.restores().length;
    const { outcome } = await run('bulkRestore', groups(3), 'checks-always-fail', {
      extraEnv: { CLUMIO_RETRY_LIMIT: '0' },
    });
    expect(outcome.status).to.equal('FAILED');
    const report = await readJson<Report>('checks-always-fail', 'report.json');
    expect(report.counts).to.include({ planned: 3, timed_out: 3 });
    for (const entry of report.restores) {
      // The handler threw (a ClumioHttpError with its stack): the row shows its name and message only.
      expect(entry.error).to.match(
        new RegExp(
          `^Clumio task ${entry.taskId} was not seen to end in ${POLL_LIMIT} polls \\(pollingMaxAttempts\\); the last check failed ` +
            `\\(ClumioHttpError: Clumio request failed \\(GET /tasks/${entry.taskId} -> HTTP 503\\)`,
        ),
      );
      expectMessageOnly(entry);
    }
    expect(sim.count({ method: 'GET', path: '/tasks/*' })).to.equal(3 * POLL_LIMIT);
    // The restores themselves went on in Clumio: started once each.
    expect(sim.restores().length - before).to.equal(3);
  });

  it('a lookup that keeps failing fails bulkList past its retries (the map tolerates none), and list names the asset', async () => {
    // The last test of the suite: what this leaves unconsumed dies with the simulator.
    sim.script({ method: 'GET', path: '/backups/aws/ebs-volumes*', kind: 'reset', times: 1000 });
    const file = join(inputs, 'list-one.json');
    await writeFile(
      file,
      JSON.stringify({
        source_account: '111111111111',
        source_regions: ['us-west-2'],
        source_asset_types: { EBS: { asset_tags: { Environment: 'prod' } } },
        target_specs: {
          target_account: '222222222222',
          EBS: { target_region: 'us-east-1', target_az: 'us-east-1a' },
        },
      }),
    );
    const io = captureIO({ CLUMIO_TOKEN: TOKEN, CLUMIO_RETRY_LIMIT: '0' });
    const code = await runList(
      { inputFile: file, baseUrl: sim.url, runFolder: join(root, 'runs', 'list-fails'), retryMs: 0 },
      io,
    );
    scan.text('list stderr', io.err());
    expect(code).to.equal(3);
    expect(io.err()).to.match(
      /failed: States\.ExceedToleratedFailureThreshold\nThe specified tolerated failure threshold was exceeded: \d+ of \d+ child executions did not succeed/,
    );
    expect(io.err()).to.match(
      /\n {2}EBS vol-\w+: FAILED \(ClumioNetworkError: Clumio at [\w.:]+ could not be reached \(GET \/backups\/aws\/ebs-volumes: ECONNRESET\)\)\n/,
    );
    // 1 + 2 attempts of the first child to fail (its Retry of ClumioNetworkError) before the map gave up.
    const failedChild = (await filesBelow(join(root, 'runs', 'list-fails', 'list-results'))).size;
    expect(failedChild).to.be.at.least(2);
  });
});
