/**
 * B5 and B6: a dry run of N restores (one tagged group of N EBS volumes): the real bulkRestore definition
 * in the local runner — Validate, Plan (one backup lookup per volume, piece after piece), FinalizePlan,
 * Report — timed, with the peak RSS of a child process that runs only that dry run (the simulator stays
 * in the parent process), at the end of planning and at the end of the run.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { PlannedRun } from '../workflows/bulk-restore/state.js';
import { startSimulator } from '../local/simulator/index.js';
import { loadServerlessConfig, projectRoot } from '../local/serverless-config.js';
import { node22 } from './bundles.js';
import { loadInput, runBulkRestore } from './harness.js';

const run = promisify(execFile);

export interface DryRunChildFigures {
  readonly n: number;
  readonly planned: number;
  /** runStateMachine called → returned (serverless print done before). */
  readonly wallSeconds: number;
  /** Validate ended → FinalizePlan ended: the plan itself. */
  readonly planSeconds: number;
  /** PlanChunk invocations (pieces), and the longest one (its handler's time). */
  readonly planChunkInvocations: number;
  readonly longestPlanChunkSeconds: number;
  /** process.resourceUsage().maxRSS when the last PlanChunk ended (the planning's peak), in bytes. */
  readonly planPeakRssBytes: number;
  /** RSS and V8 heap in use when each PlanChunk ended, in bytes: what planning holds piece after piece. */
  readonly pieceRssBytes: readonly number[];
  readonly pieceHeapBytes: readonly number[];
  /** process.resourceUsage().maxRSS at the end (FinalizePlan and Report included), in bytes. */
  readonly peakRssBytes: number;
  /** RSS just before the run (Node, tsx, the runner and the resolved serverless.yml loaded), in bytes. */
  readonly baselineRssBytes: number;
  readonly planJsonBytes: number;
}

/** The dry run itself, in this process, against a simulator at `url`. */
export async function runDryRun(options: {
  readonly url: string;
  readonly token: string;
  readonly n: number;
  /** The handlers' clumioRequestsPerSecond; unset: the stage's. */
  readonly budget?: number;
}): Promise<DryRunChildFigures> {
  await loadServerlessConfig('local');
  const baselineRss = process.memoryUsage().rss;
  let validated = Number.NaN;
  let planned = Number.NaN;
  let count = 0;
  let planJsonBytes = 0;
  const pieceSeconds: number[] = [];
  const pieceRss: number[] = [];
  const pieceHeap: number[] = [];
  let planPeakRss = 0;
  const result = await runBulkRestore(
    { token: options.token },
    loadInput(options.url, { dryRun: true, maxRestores: options.n }),
    {
      ...(options.budget !== undefined
        ? { env: { CLUMIO_REQUESTS_PER_SECOND: String(options.budget) } }
        : {}),
      onTaskEnd: (event) => {
        const now = performance.now();
        if (event.state === 'PlanChunk') {
          pieceSeconds.push(event.ms / 1000);
          planPeakRss = process.resourceUsage().maxRSS * 1024;
          const memory = process.memoryUsage();
          pieceRss.push(memory.rss);
          pieceHeap.push(memory.heapUsed);
        }
        if (event.state === 'Validate') validated = now;
        if (event.state === 'FinalizePlan') {
          planned = performance.now();
          count = (event.output as PlannedRun).planned;
        }
      },
    },
    async (done) => {
      planJsonBytes = (await stat(join(done.runFolder, 'plan.json'))).size;
    },
  );
  return {
    n: options.n,
    planned: count,
    wallSeconds: (result.returnedAt - result.calledAt) / 1000,
    planSeconds: (planned - validated) / 1000,
    planChunkInvocations: pieceSeconds.length,
    longestPlanChunkSeconds: Math.max(...pieceSeconds),
    // maxRSS is in kilobytes (KiB).
    planPeakRssBytes: planPeakRss,
    pieceRssBytes: pieceRss,
    pieceHeapBytes: pieceHeap,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    baselineRssBytes: baselineRss,
    planJsonBytes,
  };
}

/** A clumioRequestsPerSecond no dry run here reaches. */
const UNPACED = 1_000_000;

export interface DryRunFigures extends DryRunChildFigures {
  readonly rateLimitPerSecond: number | false;
  readonly latencyMs: number;
}

/** B5: the simulator here (N tagged volumes), the dry run in a child process (or here: smoke test). */
export async function measureDryRun(options: {
  readonly n: number;
  /** Default true. In this process, peak RSS is this process's, whatever else it ran. */
  readonly inChild?: boolean;
  /**
   * Default false: off (at 100/s, 10,000 lookups alone take 100 s), and the product's own pace with it
   * (clumioRequestsPerSecond far above what the run can send); with a limit, the stage's pace.
   */
  readonly rateLimitPerSecond?: number | false;
  /** Default 20. */
  readonly latencyMs?: number;
  /** Node options of the child, e.g. a V8 heap cap (`--max-old-space-size=256`). */
  readonly nodeArgs?: readonly string[];
}): Promise<DryRunFigures> {
  const rateLimitPerSecond = options.rateLimitPerSecond ?? false;
  const latencyMs = options.latencyMs ?? 20;
  const sim = await startSimulator({
    rateLimitPerSecond,
    latencyMs,
    recordRequests: false,
    scale: { taggedVolumes: options.n },
  });
  const budget = rateLimitPerSecond === false ? UNPACED : undefined;
  try {
    if (options.inChild === false) {
      const figures = await runDryRun({ ...sim, n: options.n, ...(budget !== undefined ? { budget } : {}) });
      return { ...figures, rateLimitPerSecond, latencyMs };
    }
    const { stdout } = await run(
      node22(),
      [
        ...(options.nodeArgs ?? []),
        '--import',
        'tsx',
        '--no-experimental-require-module',
        join(projectRoot, 'bench', 'dry-run-child.ts'),
      ],
      {
        cwd: projectRoot,
        env: {
          ...process.env,
          BENCH_SIM_URL: sim.url,
          BENCH_SIM_TOKEN: sim.token,
          BENCH_N: String(options.n),
          ...(budget !== undefined ? { BENCH_BUDGET: String(budget) } : {}),
        },
        maxBuffer: 1024 * 1024,
      },
    );
    const line = stdout.trim().split('\n').at(-1) ?? '';
    return { ...(JSON.parse(line) as DryRunChildFigures), rateLimitPerSecond, latencyMs };
  } finally {
    await sim.close();
  }
}
