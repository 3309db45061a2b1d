/**
 * B1, B2 and B7: starting N restores of one tagged group through the real bulkRestore definition (local
 * runner, stage `local`, its own waits: start slots and polls) against the simulator with Clumio's rate
 * limit and a per-response latency.
 *
 * B1 = time from the end of Validate to the last accepted restore POST, against the floor: the requests
 *      that starting needs (environment, tag and asset pages, N backup lookups, N POSTs) ÷ the budget
 *      (clumioRequestsPerSecond).
 * B2 = those requests per started restore (task polls excluded; rate-limited 429s listed apart).
 * B7 = the most requests Clumio received within any one second until the last accepted POST.
 */
import { ClumioClient, RateGovernor, staticToken } from '../clumio/index.js';
import { lookupContext, planRun } from '../workflows/planning.js';
import type { RestoreProgress } from '../workflows/bulk-restore/state.js';
import { startSimulator } from '../local/simulator/index.js';
import { decodeRestoreInput } from '../schemas/index.js';
import {
  busiestSecond,
  countRequests,
  kindOf,
  loadInput,
  restoreMap,
  runBulkRestore,
  sum,
  type RequestCounts,
} from './harness.js';

export interface StartOptions {
  readonly n: number;
  /** Default 100 (Clumio's limit). */
  readonly rateLimitPerSecond?: number;
  /** Default 20. */
  readonly latencyMs?: number;
  /** Stage param restoreConcurrency for this run; default the local stage's. */
  readonly restoreConcurrency?: number;
}

export interface StartFigures {
  readonly n: number;
  readonly rateLimitPerSecond: number;
  readonly latencyMs: number;
  /** The Restore map's MaxConcurrency (stage param restoreConcurrency). */
  readonly restoreConcurrency: number;
  /** Stage param clumioRequestsPerSecond: what the run paces itself to. */
  readonly budget: number;
  readonly started: number;
  /** runStateMachine called → Validate ended: serverless-free local overhead (module loading, Validate). */
  readonly localOverheadSeconds: number;
  /** Validate ended → FinalizePlan ended. */
  readonly planSeconds: number;
  /** FinalizePlan ended → the last restore POST answered. */
  readonly restoreStartSeconds: number;
  /** B1: Validate ended → the last restore POST answered. */
  readonly startSeconds: number;
  /** Admitted requests needed to start: pages + lookups + POSTs. */
  readonly neededRequests: number;
  /** B1 floor: neededRequests ÷ budget. */
  readonly floorSeconds: number;
  /** neededRequests ÷ Clumio's limit (the floor of the older figures). */
  readonly limitFloorSeconds: number;
  readonly ratio: number;
  /** Task polls Clumio admitted before the last POST (each Restore child polls until its task ends). */
  readonly pollsBeforeLastStart: number;
  /** Run end (report written). */
  readonly totalSeconds: number;
  /** B2: neededRequests ÷ started. */
  readonly requestsPerRestore: number;
  /** Rate-limited (429, not processed) requests per started restore, task polls included. */
  readonly rateLimitedPerRestore: number;
  /** Every request Clumio received during the run, and how many it answered 429. */
  readonly received: number;
  readonly throttled: number;
  /** B7: the most requests received within one second, until the last accepted POST. */
  readonly busiestSecond: number;
  readonly counts: RequestCounts;
}

/** B1, B2 and B7 in one run of bulkRestore. */
export async function measureStart(options: StartOptions): Promise<StartFigures> {
  const rate = options.rateLimitPerSecond ?? 100;
  const latencyMs = options.latencyMs ?? 20;
  const stageMap = await restoreMap('local');
  const params: Record<string, string> =
    options.restoreConcurrency === undefined || options.restoreConcurrency === stageMap.maxConcurrency
      ? {}
      : { restoreConcurrency: String(options.restoreConcurrency) };
  const map = await restoreMap('local', params);
  const budget = Number(map.config.provider?.environment?.CLUMIO_REQUESTS_PER_SECOND);
  const sim = await startSimulator({
    rateLimitPerSecond: rate,
    latencyMs,
    taskSeconds: 0,
    scale: { taggedVolumes: options.n },
  });
  try {
    let validated = Number.NaN;
    let planned = Number.NaN;
    let lastStart = Number.NaN;
    let started = 0;
    const run = await runBulkRestore(sim, loadInput(sim.url, { maxRestores: options.n }), {
      params,
      onTaskEnd: (event) => {
        const now = performance.now();
        if (event.state === 'Validate') validated = now;
        if (event.state === 'FinalizePlan') planned = now;
        if (event.state === 'StartRestore' && (event.output as RestoreProgress).status === 'started') {
          started += 1;
          lastStart = now;
        }
      },
    });
    const records = sim.requests;
    let lastPost = -1;
    records.forEach((r, i) => {
      if (kindOf(r) === 'restore' && r.fault !== 'rate-limit') lastPost = i;
    });
    const beforeLastPost = records.slice(0, lastPost + 1);
    const counts = countRequests(records);
    const needed = sum(counts.admitted, ['environments', 'tags', 'assets', 'backups', 'restore']);
    const floorSeconds = needed / budget;
    const startSeconds = (lastStart - validated) / 1000;
    const kinds = ['environments', 'tags', 'assets', 'backups', 'restore', 'task'] as const;
    const rateLimited = sum(counts.rateLimited, kinds);
    return {
      n: options.n,
      rateLimitPerSecond: rate,
      latencyMs,
      restoreConcurrency: map.maxConcurrency,
      budget,
      started,
      localOverheadSeconds: (validated - run.calledAt) / 1000,
      planSeconds: (planned - validated) / 1000,
      restoreStartSeconds: (lastStart - planned) / 1000,
      startSeconds,
      neededRequests: needed,
      floorSeconds,
      limitFloorSeconds: needed / rate,
      ratio: startSeconds / floorSeconds,
      pollsBeforeLastStart: countRequests(beforeLastPost).admitted.task,
      totalSeconds: (run.returnedAt - run.calledAt) / 1000,
      requestsPerRestore: needed / started,
      rateLimitedPerRestore: rateLimited / started,
      received: records.length,
      throttled: records.filter((r) => r.status === 429).length,
      busiestSecond: busiestSecond(beforeLastPost),
      counts,
    };
  } finally {
    await sim.close();
  }
}

export interface LookupFigures {
  readonly lookupConcurrency: number;
  readonly seconds: number;
  /** (pages + lookups) ÷ budget. */
  readonly floorSeconds: number;
  readonly rateLimited: number;
}

/**
 * B1's plan phase alone: workflows/planning.ts planRun (no state machine) paced by a rate governor at
 * `budget`, at several `lookupConcurrency` values, same simulator settings.
 */
export async function measurePlanConcurrency(
  options: StartOptions & { readonly concurrencies: readonly number[]; readonly budget: number },
): Promise<LookupFigures[]> {
  const rate = options.rateLimitPerSecond ?? 100;
  const sim = await startSimulator({
    rateLimitPerSecond: rate,
    latencyMs: options.latencyMs ?? 20,
    scale: { taggedVolumes: options.n },
  });
  try {
    const decoded = decodeRestoreInput(loadInput(sim.url, { maxRestores: options.n }));
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems));
    const out: LookupFigures[] = [];
    for (const lookupConcurrency of options.concurrencies) {
      sim.clearRequests();
      // A fresh client per run; a second apart so each run starts with an empty rate-limit window.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const client = new ClumioClient({
        baseUrl: sim.url,
        token: staticToken(sim.token),
        governor: new RateGovernor(options.budget),
      });
      const started = performance.now();
      const plan = await planRun(decoded.value, lookupContext(client, { lookupConcurrency }));
      const seconds = (performance.now() - started) / 1000;
      if (plan.records.length !== options.n)
        throw new Error(`planned ${plan.records.length} of ${options.n}`);
      const counts = countRequests(sim.requests);
      out.push({
        lookupConcurrency,
        seconds,
        floorSeconds: sum(counts.admitted, ['environments', 'tags', 'assets', 'backups']) / options.budget,
        rateLimited: sum(counts.rateLimited, ['environments', 'tags', 'assets', 'backups']),
      });
    }
    return out;
  } finally {
    await sim.close();
  }
}
