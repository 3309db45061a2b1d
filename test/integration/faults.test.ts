import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Report } from '../../workflows/report.js';
import type { RestoreRecord } from '../../core/records.js';
import { runRestore, type RestoreRunOptions } from '../../local/commands/restore.js';
import { loadServerlessConfig } from '../../local/serverless-config.js';
import {
  startSimulator,
  type RequestRecord,
  type RunningSimulator,
  type ScriptedFault,
  type StartedRestore,
} from '../../local/simulator/index.js';
import { captureIO, filesBelow, tempDir, type CapturedIO } from './helpers.js';
import { captureHandlerLogs, SecretScan, type LogCapture } from './secrets.js';

/**
 * The fault suite of issue 7: Clumio throttles, errors, drops connections, expires the token or cannot be
 * reached, and the service keeps its promises. Real ASL (serverless print) through the local runner,
 * against the simulator's fault injection; every count comes from the simulator's request log.
 *
 * The client's backoff is shortened through its documented setting (CLUMIO_RETRY_BASE_MS=5: 5 ms
 * doubling instead of 500 ms); the retry limit stays the default (6) unless a test says otherwise.
 */

const TOKEN = 'reliability-token-9c3e71f0a2b84d56';
const FAST_RETRIES = { CLUMIO_RETRY_BASE_MS: '5' };
/**
 * Injected 429s come at random, whatever the rate: the client's rate governor halves on each second's
 * first one, so these runs give it a budget far above their needs (pacing has its own suite, pacing.test.ts).
 */
const WIDE_BUDGET = { CLUMIO_REQUESTS_PER_SECOND: '1000' };
const BULK = 500;

const bulkInput = {
  max_restores: 1000,
  RestoreGroups: [
    {
      ResourceType: 'EBS',
      source_account: '111111111111',
      source_region: 'us-east-1',
      search_tag_key: 'Bulk',
      search_tag_value: 'load',
      target_az: 'us-east-1a',
    },
  ],
};

/** Several EBS volumes and one DynamoDB table: the table's restore is the one a fault hits. */
const mixedInput = {
  RestoreGroups: [
    {
      ResourceType: 'EBS',
      source_account: '111111111111',
      source_region: 'us-east-1',
      search_tag_key: 'App',
      search_tag_value: 'db',
      target_az: 'us-east-1b',
    },
    {
      ResourceType: 'DynamoDB',
      source_account: '111111111111',
      source_region: 'us-east-1',
      search_table_id: 'prod-use1-sessions',
      target_table_name: 'sessions-restored',
    },
  ],
};

interface Run {
  readonly code: number;
  readonly io: CapturedIO;
  readonly folder: string;
  readonly ms: number;
  /** The restores the simulator started during this run. */
  readonly started: readonly StartedRestore[];
  report(): Promise<Report>;
  plan(): Promise<RestoreRecord[]>;
}

/**
 * The answer statuses of every restore POST, per planned backup: a POST is the plan record whose request
 * body it carries, byte for byte (the body names the backup in a different place for each type).
 */
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

/** The Restore map's MaxConcurrency in the definition the runner executes (stage param restoreConcurrency). */
async function restoreConcurrency(): Promise<number> {
  const config = await loadServerlessConfig('local');
  const restore = config.stepFunctions.stateMachines.bulkRestore?.definition.States.Restore;
  const value = restore?.MaxConcurrency;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`the Restore map has no fixed MaxConcurrency: ${JSON.stringify(value)}`);
  }
  return value;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('reliability: faults (simulator fault injection, the real ASL in the local runner)', function () {
  this.timeout(60_000);
  let sim: RunningSimulator;
  let logs: LogCapture;
  const scan = new SecretScan(TOKEN);
  const figures: string[] = [];
  const dirs: string[] = [];

  before(async () => {
    sim = await startSimulator({
      token: TOKEN,
      taskSeconds: 0,
      rateLimitPerSecond: false,
      scale: { taggedVolumes: BULK },
    });
    // Every suite runs with the handlers logging at INFO: their lines go through the secret scan too.
    logs = await captureHandlerLogs();
  });
  after(async () => {
    logs.stop();
    await sim.close();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    if (process.env.RELIABILITY_FIGURES) console.log(`\n${figures.join('\n')}`);
  });
  beforeEach(() => {
    sim.clearRequests();
    sim.setFaults({});
  });

  async function restore(
    input: unknown,
    options: Partial<RestoreRunOptions> = {},
    env: NodeJS.ProcessEnv = {},
    clumio: RunningSimulator = sim,
  ): Promise<Run> {
    const dir = await tempDir('faults');
    dirs.push(dir);
    const inputFile = join(dir, 'input.json');
    await writeFile(inputFile, JSON.stringify(input));
    const io = captureIO({ CLUMIO_TOKEN: TOKEN, ...FAST_RETRIES, ...WIDE_BUDGET, ...env });
    const folder = join(dir, 'run');
    const restoresBefore = clumio.restores().length;
    const started = Date.now();
    const code = await runRestore(
      { inputFile, baseUrl: clumio.url, out: folder, pollIntervalSeconds: 0.001, retryMs: 0, ...options },
      io,
    );
    const ms = Date.now() - started;
    scan.text(`stdout of ${folder}`, io.out());
    scan.text(`stderr of ${folder}`, io.err());
    scan.folder(dir);
    return {
      code,
      io,
      folder,
      ms,
      started: clumio.restores().slice(restoresBefore),
      report: async () => JSON.parse(await readFile(join(folder, 'report.json'), 'utf8')) as Report,
      plan: async () => JSON.parse(await readFile(join(folder, 'plan.json'), 'utf8')) as RestoreRecord[],
    };
  }

  it(`a 429 storm (35% of all requests throttled, start to end) over ${BULK} restores: every backup POSTed and restored exactly once, exit 0`, async () => {
    sim.setFaults({ throttleShare: 0.35 });
    const run = await restore(bulkInput);
    expect(run.code, run.io.err()).to.equal(0);
    const plan = await run.plan();
    expect(plan).to.have.length(BULK);
    const planned = plan.map((r) => r.source.backupId).sort();
    expect(new Set(planned).size).to.equal(BULK);

    const requests = sim.requests;
    const throttled = requests.filter((r) => r.fault === 'throttle').length;
    expect(throttled / requests.length, 'share of requests throttled').to.be.at.least(0.3);
    // Every answer was a success or an injected 429: nothing else went wrong.
    expect(requests.filter((r) => r.status !== 429 && (r.status < 200 || r.status > 299))).to.deep.equal([]);

    const posts = postsByBackup(requests, plan);
    expect([...posts.keys()].sort()).to.deep.equal(planned);
    for (const [backupId, statuses] of posts) {
      // Any number of throttled attempts (not processed by Clumio), then exactly one accepted POST.
      expect(
        statuses.filter((s) => s === 202),
        backupId,
      ).to.have.length(1);
      expect(statuses.at(-1), backupId).to.equal(202);
    }
    const started = run.started;
    expect(started).to.have.length(BULK);
    expect(started.map((r) => r.backupId).sort()).to.deep.equal(planned);

    const report = await run.report();
    expect(report.counts).to.deep.equal({
      planned: BULK,
      completed: BULK,
      failed: 0,
      timed_out: 0,
      unknown: 0,
      aborted: 0,
      running: 0,
      no_backup: 0,
      no_match: 0,
      not_planned: 0,
    });
    expect(report.failure).to.equal(undefined);
    const postAttempts = [...posts.values()].map((s) => s.length);
    const kinds = (match: (r: RequestRecord) => boolean) => {
      const of = requests.filter(match);
      const throttledOf = of.filter((r) => r.status === 429).length;
      return `${of.length} (${throttledOf} throttled, ${of.length - throttledOf} answered)`;
    };
    figures.push(
      `429 storm: ${requests.length} requests, ${throttled} throttled (${((100 * throttled) / requests.length).toFixed(1)}%): ` +
        `plan GETs ${kinds((r) => r.method === 'GET' && !r.path.startsWith('/tasks/'))}, ` +
        `POSTs ${kinds((r) => r.method === 'POST')}, task GETs ${kinds((r) => r.path.startsWith('/tasks/'))}; ` +
        `at most ${Math.max(...postAttempts)} POST attempts for one restore, ` +
        `${postAttempts.filter((n) => n > 7).length} restores needed the state machine's retry (over 1 + 6 client attempts); ` +
        `${started.length} restores started, ${report.counts.completed} completed, ${run.ms} ms`,
    );
  });

  const lostAnswers: readonly {
    readonly fault: ScriptedFault;
    readonly reason: RegExp;
    readonly label: string;
  }[] = [
    {
      label: 'HTTP 503 after Clumio started the restore',
      fault: { kind: 'status', status: 503, afterProcessing: true },
      reason: /was sent but Clumio answered HTTP 503;/,
    },
    {
      label: 'HTTP 500 after Clumio started the restore',
      fault: { kind: 'status', status: 500, afterProcessing: true },
      reason: /was sent but Clumio answered HTTP 500;/,
    },
    {
      label: 'HTTP 502 before Clumio acted',
      fault: { kind: 'status', status: 502 },
      reason: /was sent but Clumio answered HTTP 502;/,
    },
    {
      label: 'HTTP 504 after Clumio started the restore',
      fault: { kind: 'status', status: 504, afterProcessing: true },
      reason: /was sent but Clumio answered HTTP 504;/,
    },
    {
      label: 'connection dropped after Clumio started the restore',
      fault: { kind: 'reset', afterProcessing: true },
      reason: /was sent but the connection failed \(ECONNRESET\);/,
    },
    {
      label: 'connection dropped before Clumio acted',
      fault: { kind: 'reset' },
      reason: /was sent but the connection failed \(ECONNRESET\);/,
    },
  ];

  for (const { label, fault, reason } of lostAnswers) {
    it(`the restore POST's answer is lost (${label}): that record is unknown with the reason, never POSTed again; the others complete; exit 1`, async () => {
      sim.script({ ...fault, method: 'POST', path: '/restores/aws/dynamodb-tables' });
      const run = await restore(mixedInput);
      expect(run.code, run.io.err()).to.equal(1);
      const plan = await run.plan();
      const victim = plan.find((r) => r.resourceType === 'DynamoDB');
      if (victim === undefined) throw new Error('the table was not planned');
      expect(plan.filter((r) => r.resourceType === 'EBS').length).to.be.at.least(3);

      const posts = postsByBackup(sim.requests, plan);
      expect([...posts.keys()].sort()).to.deep.equal(plan.map((r) => r.source.backupId).sort());
      for (const [backupId, statuses] of posts) {
        expect(statuses, backupId).to.have.length(1);
        expect(statuses[0], backupId).to.equal(
          backupId === victim.source.backupId ? (fault.status ?? 0) : 202,
        );
      }
      // The lost answer's restore really started when Clumio processed it: a second POST would have doubled it.
      const started = run.started.filter((r) => r.backupId === victim.source.backupId);
      expect(run.started).to.have.length(plan.length - 1 + started.length);
      expect(started).to.have.length(fault.afterProcessing === true ? 1 : 0);

      const report = await run.report();
      const entries = report.restores.filter((r) => r.status !== 'no_backup');
      const lost = entries.filter((r) => r.backupId === victim.source.backupId);
      expect(lost).to.have.length(1);
      expect(lost[0]?.status).to.equal('unknown');
      expect(lost[0]?.taskId).to.equal(null);
      expect(lost[0]?.error).to.match(/^outcome unknown: POST \/restores\/aws\/dynamodb-tables /);
      expect(lost[0]?.error).to.match(reason);
      expect(lost[0]?.error).to.contain('so it was not sent again');
      const others = entries.filter((r) => r.backupId !== victim.source.backupId);
      expect(others.map((r) => r.status)).to.deep.equal(others.map(() => 'completed'));
      expect(report.counts).to.include({ planned: plan.length, completed: plan.length - 1, unknown: 1 });
      expect(run.io.err()).to.contain('failed: RestoresFailed');
      expect(run.io.err()).to.contain(`${plan.length} restores: ${plan.length - 1} completed, 1 unknown`);
      figures.push(`lost answer (${label}): ${posts.size} backups, 1 POST each, ${run.ms} ms`);
    });
  }

  it("a POST throttled beyond the client's 1 + 6 attempts is tried again by the state machine, and starts once", async () => {
    sim.script({
      method: 'POST',
      path: '/restores/aws/dynamodb-tables',
      kind: 'status',
      status: 429,
      times: 7,
    });
    const run = await restore(mixedInput);
    expect(run.code, run.io.err()).to.equal(0);
    const plan = await run.plan();
    const table = plan.find((r) => r.resourceType === 'DynamoDB');
    const posts = postsByBackup(sim.requests, plan);
    expect(posts.get(table?.source.backupId ?? '')).to.deep.equal([429, 429, 429, 429, 429, 429, 429, 202]);
    expect(run.started.filter((r) => r.backupId === table?.source.backupId)).to.have.length(1);
    expect((await run.report()).counts).to.include({ planned: plan.length, completed: plan.length });
  });

  it('a POST throttled through every retry of the client and of the state machine is failed, not started, never unknown', async () => {
    // 4 StartRestore attempts (1 + Retry MaxAttempts 3) of 7 POSTs each.
    sim.script({
      method: 'POST',
      path: '/restores/aws/dynamodb-tables',
      kind: 'status',
      status: 429,
      times: 28,
    });
    const run = await restore(mixedInput);
    expect(run.code).to.equal(1);
    const plan = await run.plan();
    const table = plan.find((r) => r.resourceType === 'DynamoDB');
    expect(postsByBackup(sim.requests, plan).get(table?.source.backupId ?? '')).to.deep.equal(
      Array.from({ length: 28 }, () => 429),
    );
    expect(run.started.filter((r) => r.backupId === table?.source.backupId)).to.have.length(0);
    const entry = (await run.report()).restores.find((r) => r.backupId === table?.source.backupId);
    expect(entry?.status).to.equal('failed');
    expect(entry?.error).to.equal(
      'not started: Clumio throttled the restore request (HTTP 429) through every retry',
    );
  });

  it("a plan GET throttled beyond the client's attempts: the chunk is planned again and the run completes", async () => {
    sim.script({
      method: 'GET',
      path: '/backups/aws/dynamodb-tables',
      kind: 'status',
      status: 429,
      times: 7,
    });
    const run = await restore(mixedInput);
    expect(run.code, run.io.err()).to.equal(0);
    expect(sim.count({ path: '/backups/aws/dynamodb-tables', status: 429 })).to.equal(7);
    expect(sim.count({ path: '/backups/aws/dynamodb-tables', status: 200 })).to.equal(1);
    const plan = await run.plan();
    expect(plan.filter((r) => r.resourceType === 'DynamoDB')).to.have.length(1);
    expect(sim.count({ method: 'POST', status: 202 })).to.equal(plan.length);
  });

  it('the token expires mid-run: no further POSTs, a clear auth error in the report and on stderr, exit 3, extra requests bounded by the restores in flight', async () => {
    // More restores than the Restore map runs at once, so that some are still waiting for a slot when the
    // token dies: those must send nothing at all.
    const inFlight = await restoreConcurrency();
    const waiting = 200;
    const total = inFlight + waiting;
    const expiresAfter = 150;
    const clumio = await startSimulator({
      token: TOKEN,
      taskSeconds: 0,
      rateLimitPerSecond: false,
      scale: { taggedVolumes: total },
    });
    try {
      const input = { ...bulkInput, max_restores: total };
      // A dry run counts the requests before the first POST (access check + plan).
      const dry = await restore(input, { dryRun: true }, {}, clumio);
      expect(dry.code).to.equal(0);
      const beforeRestores = clumio.count();
      expect(clumio.count({ method: 'POST' })).to.equal(0);
      clumio.clearRequests();
      clumio.setFaults({ tokenExpiresAfterRequests: beforeRestores + expiresAfter });

      const run = await restore(input, {}, {}, clumio);
      expect(run.code, run.io.err()).to.equal(3);
      const requests = clumio.requests;
      const refusedAt = requests.findIndex((r) => r.status === 401);
      expect(refusedAt).to.equal(beforeRestores + expiresAfter);
      const afterRefusal = requests.slice(refusedAt + 1);
      // After the first 401 every running restore sends at most the one request it already had on its
      // way: the extra requests are bounded by the restores in flight, and all of them were refused.
      expect(afterRefusal.length).to.be.at.most(inFlight - 1);
      expect(afterRefusal.every((r) => r.status === 401)).to.equal(true);

      const plan = await run.plan();
      expect(plan).to.have.length(total);
      const posts = postsByBackup(requests, plan);
      for (const [backupId, statuses] of posts) expect(statuses, backupId).to.have.length(1);
      const accepted = [...posts.values()].filter(([s]) => s === 202).length;
      const refusedPosts = [...posts.values()].filter(([s]) => s === 401).length;
      expect(accepted + refusedPosts).to.equal(posts.size);
      expect(run.started).to.have.length(accepted);
      // Restores waiting for a slot start only when another ends; before the refusal is known only a
      // completed restore (a POST and a read: 2 of the 150 requests) frees one. So at least 200 - 75 of
      // them started after it, and sent nothing.
      const sentNothing = total - posts.size;
      expect(sentNothing).to.be.at.least(waiting - expiresAfter / 2);

      const report = await run.report();
      const entries = report.restores;
      expect(entries).to.have.length(total);
      const notStarted = entries.filter((e) => e.status === 'failed');
      const unfollowed = entries.filter((e) => e.status === 'unknown');
      const completed = entries.filter((e) => e.status === 'completed');
      expect(notStarted.length + unfollowed.length + completed.length).to.equal(total);
      expect(completed.length + unfollowed.length).to.equal(accepted);
      expect(notStarted).to.have.length(refusedPosts + sentNothing);
      for (const entry of notStarted) {
        expect(entry.error).to.match(
          /^not started: Clumio refused the API token \(expired or invalid\); no further requests are sent with it \((POST \/restores\/aws\/ebs-volumes|GET \/tasks\/\d+) -> HTTP 401\): unauthorized: the API token has expired$/,
        );
        expect(entry.taskId).to.equal(null);
      }
      for (const entry of unfollowed) {
        expect(entry.error).to.match(/^Clumio task \d+ can no longer be read: Clumio refused the API token/);
        expect(entry.taskId).to.match(/^\d+$/);
      }
      expect(report.failure?.error).to.equal('ClumioAuthError');
      expect(report.failure?.cause).to.match(
        new RegExp(
          `^Clumio refused the API token during the run \\(expired or revoked\\); no further request was sent with it: ` +
            `${notStarted.length} restores were not started and ${unfollowed.length} started ones can no longer be followed; `,
        ),
      );
      expect(run.io.err()).to.contain('failed: ClumioAuthError');
      expect(run.io.err()).to.contain(report.failure?.cause);
      figures.push(
        `token expiry: ${total} restores, ${inFlight} at once; ${beforeRestores} requests before the restores, ` +
          `token dead after ${expiresAfter} more; ${afterRefusal.length} further requests, all already on their way ` +
          `and answered 401 (bound ${inFlight - 1}); ${accepted} restores started, ${notStarted.length} not started ` +
          `(${sentNothing} without sending anything), ${unfollowed.length} no longer followed; ${run.ms} ms`,
      );
    } finally {
      await clumio.close();
    }
  });

  it('Clumio unreachable at start (connection refused): exit 3, a clear message, nothing written but the report', async () => {
    const port = await closedPort();
    const run = await restore(
      bulkInput,
      { baseUrl: `http://127.0.0.1:${port}` },
      { CLUMIO_RETRY_LIMIT: '2' },
    );
    expect(run.code).to.equal(3);
    const host = `127.0.0.1:${port}`;
    const cause = `Clumio at ${host} could not be reached (GET /datasources/aws/environments: ECONNREFUSED)`;
    expect(run.io.err()).to.contain(
      `failed: ClumioNetworkError\n${cause}\nClumio base URL: http://${host} (from --base-url)\n`,
    );
    // While it retried, the console said what it was waiting for.
    expect(run.io.out()).to.match(
      new RegExp(`\\nClumio at ${host} did not answer \\(ECONNREFUSED\\); retry 1 of 2 in \\d+\\.\\d s\\n`),
    );
    const files = [...(await filesBelow(run.folder)).keys()].map((f) => f.slice(run.folder.length + 1));
    expect(files.sort()).to.deep.equal(['report.csv', 'report.html', 'report.json']);
    const report = await run.report();
    expect(report.failure).to.deep.equal({ error: 'ClumioNetworkError', cause });
    expect(report.restores).to.deep.equal([]);
    expect(report.counts).to.deep.equal({
      planned: 0,
      completed: 0,
      failed: 0,
      timed_out: 0,
      unknown: 0,
      aborted: 0,
      running: 0,
      no_backup: 0,
      no_match: 0,
      not_planned: 0,
    });
    // The CSV carries the failure too: the header, then one run_failed line.
    const csv = (await readFile(join(run.folder, 'report.csv'), 'utf8')).split('\r\n');
    expect(csv).to.have.length(3);
    expect(csv[1]).to.equal(`,,,,,,,,,,,run_failed,ClumioNetworkError: ${cause},,${report.runId},,,,,,,,`);
    expect(run.io.out()).to.contain(`report: ${join(run.folder, 'report.json')}`);
    expect(sim.count()).to.equal(0);
    figures.push(`unreachable (connection refused): exit 3 after ${run.ms} ms (3 connection attempts)`);
  });

  it('Clumio drops every connection at start: exactly 1 + CLUMIO_RETRY_LIMIT attempts, exit 3, only the report', async () => {
    sim.script({ method: 'GET', kind: 'reset', times: 4 });
    const run = await restore(bulkInput, {}, { CLUMIO_RETRY_LIMIT: '3' });
    expect(run.code).to.equal(3);
    expect(sim.count()).to.equal(4);
    expect(
      sim.requests.every((r) => r.fault === 'reset' && r.path === '/datasources/aws/environments'),
    ).to.equal(true);
    expect(run.io.err()).to.contain(
      `failed: ClumioNetworkError\nClumio at ${new URL(sim.url).host} could not be reached ` +
        '(GET /datasources/aws/environments: ECONNRESET)\n',
    );
    const files = [...(await filesBelow(run.folder)).keys()].map((f) => f.slice(run.folder.length + 1));
    expect(files.sort()).to.deep.equal(['report.csv', 'report.html', 'report.json']);
    expect((await run.report()).failure?.error).to.equal('ClumioNetworkError');
  });

  it('a token Clumio refuses from the start: exactly one request, exit 3, the auth error, only the report', async () => {
    const run = await restore(bulkInput, {}, { CLUMIO_TOKEN: 'reliability-wrong-token-5e1d' });
    expect(run.code).to.equal(3);
    expect(sim.count()).to.equal(1);
    expect(sim.requests[0]?.status).to.equal(401);
    expect(run.io.err()).to.contain(
      'failed: ClumioAuthError\nClumio refused the API token (expired or invalid); no further requests are sent with it ' +
        '(GET /datasources/aws/environments -> HTTP 401): unauthorized: the API token is missing or not valid\n',
    );
    const files = [...(await filesBelow(run.folder)).keys()].map((f) => f.slice(run.folder.length + 1));
    expect(files.sort()).to.deep.equal(['report.csv', 'report.html', 'report.json']);
    expect((await run.report()).failure?.error).to.equal('ClumioAuthError');
  });

  it('secret scan: the token is in no stdout, stderr, log line or run file of this suite', async () => {
    const lines = logs.lines();
    // The handlers logged one line per ended restore at least (the storm alone ends 500).
    expect(lines.length).to.be.at.least(BULK);
    expect(lines.filter((l) => l.includes('"message":"restore ended"')).length).to.be.at.least(BULK);
    scan.text('handler log lines', lines.join('\n'));
    const searched = await scan.assertClean();
    figures.push(
      `secret scan: ${searched.texts} captured outputs and ${searched.files} run files (${(searched.bytes / 1e6).toFixed(1)} MB), token absent`,
    );
  });
});
