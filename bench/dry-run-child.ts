/**
 * B5's and B6's child process: one dry run of bulkRestore (Validate → Plan → FinalizePlan → Report, every backup
 * looked up) against a simulator that the parent runs, so this process's peak RSS is the service's alone.
 * Input (env): BENCH_SIM_URL, BENCH_SIM_TOKEN, BENCH_N, BENCH_BUDGET. Output: one JSON line of DryRunChildFigures.
 */
import { runDryRun } from './dry-run.js';

const figures = await runDryRun({
  url: process.env.BENCH_SIM_URL ?? '',
  token: process.env.BENCH_SIM_TOKEN ?? '',
  n: Number(process.env.BENCH_N),
  ...(process.env.BENCH_BUDGET !== undefined ? { budget: Number(process.env.BENCH_BUDGET) } : {}),
});
process.stdout.write(`${JSON.stringify(figures)}\n`);
