/**
 * B8's child process: FinalizePlan or Report, invoked once on the input a run gave it, against that
 * run's folder, as alone as in its Lambda. Input (env): BENCH_STEP, BENCH_FOLDER, BENCH_RUN_ID; the
 * event is bench-<step>-event.json in the folder. Output: one JSON line of FinishStepFigures.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finalizePlan } from '../workflows/bulk-restore/finalize-plan.js';
import { reportRun } from '../workflows/bulk-restore/report.js';
import type { FinalizePlanEvent, ReportEvent } from '../workflows/bulk-restore/state.js';
import { folderRunFiles } from '../workflows/run-store.js';

export type FinishStep = 'finalize' | 'report';

export interface FinishStepFigures {
  /** RSS with the modules loaded, before the call. */
  readonly baselineRssBytes: number;
  /** process.resourceUsage().maxRSS after the call. */
  readonly peakRssBytes: number;
  readonly heapUsedBytes: number;
  readonly seconds: number;
}

const step = process.env.BENCH_STEP as FinishStep | undefined;
const folder = process.env.BENCH_FOLDER ?? '';
if (step === undefined || folder === '') throw new Error('BENCH_STEP and BENCH_FOLDER are required');
const files = folderRunFiles(folder, process.env.BENCH_RUN_ID ?? '');
const event: unknown = JSON.parse(await readFile(join(folder, `bench-${step}-event.json`), 'utf8'));
const baselineRssBytes = process.memoryUsage().rss;
const started = performance.now();
if (step === 'finalize') {
  // The pace as the bench run had it: start slots do not change the memory.
  await finalizePlan(event as FinalizePlanEvent, files, { requestsPerSecond: 1_000_000, concurrency: 1000 });
} else {
  await reportRun(event as ReportEvent, files, 'bench');
}
const figures: FinishStepFigures = {
  baselineRssBytes,
  // maxRSS is in kilobytes (KiB).
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  heapUsedBytes: process.memoryUsage().heapUsed,
  seconds: (performance.now() - started) / 1000,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
