/**
 * B8: the memory FinalizePlan and Report need for a run of N restores, each alone in a fresh process as
 * in its Lambda. A real run of the bulkRestore definition is made here (one tagged EBS group, tasks that
 * end at their first read, rate limit and pace off); then each of the two functions is invoked again, in
 * a child process, on the input the run gave it and against the run's folder, and the child's peak RSS
 * is printed; then again under a V8 heap cap that fits the function's memorySize (serverless.yml), which
 * says whether it would run out of memory there. Prints figures; asserts nothing.
 * Run: npx tsx bench/finish-memory.ts [N ...] (default 5000 20000); BENCH_NODE_ARGS adds Node options to
 * the children (say `--cpu-prof`).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startSimulator } from '../local/simulator/index.js';
import { projectRoot } from '../local/serverless-config.js';
import { node22 } from './bundles.js';
import { loadInput, restoreMap, runBulkRestore } from './harness.js';
import type { FinishStep, FinishStepFigures } from './finish-memory-child.js';

const run = promisify(execFile);
const STEPS: Readonly<Record<FinishStep, string>> = { finalize: 'FinalizePlan', report: 'Report' };
const FUNCTIONS: Readonly<Record<FinishStep, string>> = { finalize: 'finalizePlan', report: 'report' };
/** What a Lambda's memory holds besides the V8 heap: the runtime, the bundle, buffers. */
const OUTSIDE_HEAP_MB = 64;
const mb = (bytes: number): string => `${Math.round(bytes / 1_000_000)} MB`;

async function child(
  step: FinishStep,
  folder: string,
  runId: string,
  heapCapMb?: number,
): Promise<FinishStepFigures | string> {
  try {
    const { stdout } = await run(
      node22(),
      [
        ...(heapCapMb !== undefined ? [`--max-old-space-size=${heapCapMb}`] : []),
        ...(process.env.BENCH_NODE_ARGS?.split(' ').filter((a) => a !== '') ?? []),
        '--import',
        'tsx',
        join(projectRoot, 'bench', 'finish-memory-child.ts'),
      ],
      {
        cwd: projectRoot,
        env: { ...process.env, BENCH_STEP: step, BENCH_FOLDER: folder, BENCH_RUN_ID: runId },
        maxBuffer: 1024 * 1024,
      },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as FinishStepFigures;
  } catch (error) {
    const text = String((error as { stderr?: string }).stderr ?? error);
    return /heap out of memory|Allocation failed/.test(text) ? 'out of memory' : text.slice(0, 300);
  }
}

async function measure(n: number): Promise<void> {
  const { config } = await restoreMap('local');
  const sim = await startSimulator({
    taskSeconds: 0,
    rateLimitPerSecond: false,
    latencyMs: 0,
    recordRequests: false,
    scale: { taggedVolumes: n },
  });
  const inputs = new Map<string, unknown>();
  try {
    const started = performance.now();
    await runBulkRestore(
      sim,
      loadInput(sim.url, { maxRestores: n }),
      {
        waitMs: 0,
        retryMs: 0,
        env: { CLUMIO_REQUESTS_PER_SECOND: '1000000' },
        onTaskEnd: (event) => {
          if (event.state === 'FinalizePlan' || event.state === 'Report')
            inputs.set(event.state, event.input);
        },
      },
      async (done) => {
        const runId = (inputs.get('Report') as { runId: string }).runId;
        process.stdout.write(
          `\n## B8: ${n.toLocaleString('en-US')} restores (run ${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
        );
        for (const step of ['finalize', 'report'] as const) {
          await writeFile(
            join(done.runFolder, `bench-${step}-event.json`),
            JSON.stringify(inputs.get(STEPS[step])),
          );
          const memorySize =
            config.functions[FUNCTIONS[step]]?.memorySize ?? config.provider?.memorySize ?? 1024;
          const free = await child(step, done.runFolder, runId);
          const capped = await child(step, done.runFolder, runId, memorySize - OUTSIDE_HEAP_MB);
          const line =
            typeof free === 'string'
              ? free
              : `peak RSS ${mb(free.peakRssBytes)} (${mb(free.baselineRssBytes)} before the call), ` +
                `heap in use after ${mb(free.heapUsedBytes)}, ${free.seconds.toFixed(1)} s`;
          const fits =
            typeof capped === 'string'
              ? capped
              : `ran, peak RSS ${mb(capped.peakRssBytes)}, ${capped.seconds.toFixed(1)} s`;
          process.stdout.write(
            `  ${STEPS[step]}: ${line}\n    with a ${memorySize - OUTSIDE_HEAP_MB} MB heap cap ` +
              `(memorySize ${memorySize} MB): ${fits}\n`,
          );
        }
      },
    );
  } finally {
    await sim.close();
  }
}

const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length > 0 ? sizes : [5000, 20000]) await measure(n);
