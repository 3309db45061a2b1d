/**
 * The benchmarks of issues 7 and 13 (B1–B7), each printing its figures and adding its rows to the summary
 * table. Sizes come from the options: bench/index.ts runs them at the targets' sizes (or small with
 * --quick); test/bench/smoke.test.ts runs them tiny so they never rot.
 */
import { measureBundles } from './bundles.js';
import { measureDryRun } from './dry-run.js';
import { pollingCost, simulatePolls } from './polling-cost.js';
import { measurePlanConcurrency, measureStart } from './start.js';
import { dollars, judge, kb, mb, num, type Row } from './table.js';
import { readLambdaConfig } from '../workflows/config.js';

/** The handlers' defaults: the piece size of PlanChunk and the pace of a stage that keeps its default. */
const DEFAULTS = readLambdaConfig({ CLUMIO_BASE_URL: 'unused' });
const PIECE_REQUESTS = DEFAULTS.planPieceRequests;

const TARGET = {
  startRatio: 1.15,
  startN: 1000,
  throttledShare: 0.01,
  busiestOverBudget: 1.1,
  piecesN: 100_000,
  pieceSeconds: 300,
  piecesBytes: 300_000_000,
  requestsPerRestore: 2.05,
  costPerRestore: 0.02,
  bundleBytes: 300_000,
  importMs: 150,
  dryRunN: 10_000,
  dryRunSeconds: 30,
  dryRunBytes: 300_000_000,
} as const;

export interface BenchOptions {
  /** B1/B2/B7: restores started (target size 1,000). */
  readonly startN: number;
  /** B1 is run at each of these restoreConcurrency values; the first gives the B2 and B7 rows. */
  readonly startConcurrencies: readonly number[];
  /** B6: restores planned by the dry run in pieces (target size 100,000). */
  readonly piecesN: number;
  /** B5: restores planned by the dry run (target size 10,000). */
  readonly dryRunN: number;
  /** B5 in a child process (peak RSS of the dry run alone); false runs it here. */
  readonly dryRunInChild: boolean;
  /** B3: the stage whose definition and params are modelled. */
  readonly costStage: string;
  /** B3: how long the modelled restore runs (target size 48 h). */
  readonly restoreHours: number;
  /** B4: fresh processes per import figure. */
  readonly importRuns: number;
  /** The slower explanations: B1's lookupConcurrency sweep, B5 at 0 ms latency. */
  readonly diagnostics: boolean;
  /** Benchmark ids to run (B1 and B2 are one run); empty = all. */
  readonly only: ReadonlySet<string>;
  readonly print: (text: string) => void;
}

export const FULL: Omit<BenchOptions, 'only' | 'print'> = {
  startN: 1000,
  startConcurrencies: [1000, 100],
  piecesN: 100_000,
  dryRunN: 10_000,
  dryRunInChild: true,
  costStage: 'prod',
  restoreHours: 48,
  importRuns: 7,
  diagnostics: true,
};

export const QUICK: Omit<BenchOptions, 'only' | 'print'> = {
  startN: 100,
  startConcurrencies: [1000],
  piecesN: 10_000,
  dryRunN: 1000,
  dryRunInChild: true,
  costStage: 'prod',
  restoreHours: 48,
  importRuns: 3,
  diagnostics: false,
};

const s = (seconds: number): string => `${num(seconds, 2)} s`;

async function b1b2(o: BenchOptions, rows: Row[]): Promise<void> {
  const n = o.startN;
  const full = n === TARGET.startN;
  o.print(`\n## B1/B2/B7: starting ${num(n)} restores of one EBS group (tag Bulk=load)`);
  for (const [i, concurrency] of o.startConcurrencies.entries()) {
    const f = await measureStart({ n, restoreConcurrency: concurrency });
    o.print(
      `${i === 0 ? '' : '\n'}real bulkRestore definition in the local runner (stage local: restoreConcurrency ${f.restoreConcurrency}, ` +
        `clumioRequestsPerSecond ${f.budget}, its own start slots and polls); simulator: ${f.rateLimitPerSecond} requests/s, ` +
        `${f.latencyMs} ms latency, tasks end at their first read`,
    );
    const a = f.counts.admitted;
    const r = f.counts.rateLimited;
    const pages = a.environments + a.tags + a.assets;
    o.print(
      `  admitted by Clumio: ${a.environments} environment, ${a.tags} tag and ${a.assets} asset pages, ` +
        `${num(a.backups)} backup lookups, ${num(a.restore)} restore POSTs, ${num(a.task)} task polls`,
    );
    o.print(
      `  answered 429: ${num(f.throttled)} of ${num(f.received)} requests (${num((100 * f.throttled) / f.received, 2)} %): ` +
        `${num(r.backups)} lookups, ${num(r.restore)} POSTs, ${num(r.task)} task polls`,
    );
    o.print(
      `  plan (Validate end → FinalizePlan end)  ${s(f.planSeconds)}   floor ${s((pages + a.backups) / f.budget)}` +
        ` (${num(pages + a.backups)} requests ÷ ${f.budget}/s)`,
    );
    o.print(
      `  restore starts (→ last POST answered)   ${s(f.restoreStartSeconds)}   floor ${s(a.restore / f.budget)}` +
        ` (POSTs only); ${num(f.pollsBeforeLastStart)} task polls were admitted before the last POST`,
    );
    o.print(
      `  B1 time to start ${num(f.started)} restores  ${s(f.startSeconds)}   floor ${s(f.floorSeconds)} ` +
        `(${num(f.neededRequests)} requests ÷ ${f.budget}/s) → ${num(f.ratio, 2)}× ` +
        `(${num(f.startSeconds / f.limitFloorSeconds, 2)}× the ${s(f.limitFloorSeconds)} at Clumio's ${f.rateLimitPerSecond}/s)`,
    );
    o.print(
      `  B7 most requests Clumio received in one second (until the last POST): ${num(f.busiestSecond)} ` +
        `(budget ${f.budget}, Clumio's limit ${f.rateLimitPerSecond})`,
    );
    o.print(
      `  not counted: ${s(f.localOverheadSeconds)} before Validate ended (module loading, Validate); ` +
        `the whole run took ${s(f.totalSeconds)}`,
    );
    const label = `restoreConcurrency ${num(f.restoreConcurrency)}`;
    rows.push({
      id: 'B1',
      figure: `time to start ${num(n)} restores ÷ floor at the budget (${label})`,
      target: i === 0 ? `≤ ${TARGET.startRatio}×` : '—',
      measured: `${num(f.ratio, 2)}× (${s(f.startSeconds)} vs ${s(f.floorSeconds)})`,
      result: i === 0 ? judge(f.ratio, TARGET.startRatio, full) : '—',
    });
    rows.push({
      id: 'B1',
      figure: `requests answered 429 (${label})`,
      target: i === 0 ? `≤ ${TARGET.throttledShare * 100} %` : '—',
      measured: `${num((100 * f.throttled) / f.received, 2)} % (${num(f.throttled)} of ${num(f.received)})`,
      result: i === 0 ? judge(f.throttled / f.received, TARGET.throttledShare, full) : '—',
    });
    if (i > 0) continue;
    o.print(
      `  B2 requests per restore, task polls excluded: ${num(f.requestsPerRestore, 3)} ` +
        `(floor 2 + ${pages}/${num(n)} pages = ${num(2 + pages / n, 3)}); ` +
        `plus ${num(f.rateLimitedPerRestore, 2)} rate-limited attempts per restore (polls included)`,
    );
    if (o.diagnostics) {
      o.print(
        `  plan phase alone (workflows/planning.ts planRun, paced at ${f.budget}/s) by lookupConcurrency (default 16):`,
      );
      const sweep = await measurePlanConcurrency({ n, budget: f.budget, concurrencies: [2, 4, 8, 16] });
      for (const x of sweep) {
        o.print(
          `    ${String(x.lookupConcurrency).padStart(2)}: ${s(x.seconds)} = ${num(x.seconds / x.floorSeconds, 2)}× its floor, ` +
            `${x.rateLimited} lookups refused by the rate limit`,
        );
      }
    }
    rows.push({
      id: 'B2',
      figure: `Clumio requests per restore, no polls (N ${num(n)})`,
      target: `≤ ${TARGET.requestsPerRestore}`,
      measured: num(f.requestsPerRestore, 3),
      result: judge(f.requestsPerRestore, TARGET.requestsPerRestore, full),
    });
    rows.push({
      id: 'B7',
      figure: `most requests Clumio received in one second during B1`,
      target: `≤ ${num(f.budget * TARGET.busiestOverBudget, 0)} (budget + 10 %)`,
      measured: num(f.busiestSecond),
      result: judge(f.busiestSecond, f.budget * TARGET.busiestOverBudget, full),
    });
  }
}

async function b3(o: BenchOptions, rows: Row[]): Promise<void> {
  const hours = num(o.restoreHours, o.restoreHours < 1 ? 2 : 0);
  const restoreSeconds = o.restoreHours * 3600;
  o.print(
    `\n## B3: waiting for one ${hours}-hour restore (modelled from the ${o.costStage} definition; us-east-1 list prices)`,
  );
  const c = await pollingCost({ stage: o.costStage, restoreSeconds });
  o.print(
    `  schedule ${c.polling.intervalSeconds} s doubling to ${c.polling.maxIntervalSeconds} s, ` +
      `at most ${c.polling.maxAttempts} polls; Restore child: ${c.childFixedTransitions} fixed transitions + ` +
      `${c.transitionsPerPoll} per poll; parent share ${num(c.parentTransitionsPerRestore, 3)} per restore (1,000 per run)`,
  );
  o.print(
    `  Lambda ${c.architecture}: CheckTask ${c.assumptions.checkTaskSeconds} s at ${c.memoryMb.checkTask} MB, ` +
      `StartRestore ${c.assumptions.startRestoreSeconds} s at ${c.memoryMb.startRestore} MB (assumed durations)`,
  );
  for (const line of c.lines) {
    o.print(
      `  ${line.name.padEnd(52)} ${num(line.polls).padStart(5)} polls ${num(line.transitions).padStart(6)} transitions ` +
        `${dollars(line.transitionCost)} + Lambda ${num(line.lambdaGbSeconds, 1)} GB-s ${dollars(line.lambdaCost)} ` +
        `= ${dollars(line.total)}`,
    );
  }
  o.print(`  (the reference's Lambda on x86, as aws-limits.md prices it: ${dollars(c.referenceTotalX86)})`);
  const sim = await simulatePolls({ stage: o.costStage, restoreSeconds });
  o.print(
    `  scaled run (${o.costStage} definition, virtual clock, ${s(sim.wallSeconds)} of wall time): the task ended ` +
      `${sim.status} after ${sim.polls} polls over ${num(sim.virtualSeconds / 3600, 2)} h; modelled ${sim.modelledPolls}`,
  );
  const [service] = c.lines;
  rows.push({
    id: 'B3',
    figure: `polls / transitions per ${hours}-hour restore`,
    target: '—',
    measured: `${service.polls} / ${num(service.transitions)} (simulated polls ${sim.polls})`,
    result: '—',
  });
  rows.push({
    id: 'B3',
    figure: `AWS cost per ${hours}-hour restore`,
    target: `≤ ${dollars(TARGET.costPerRestore, 2)}`,
    measured: `${dollars(service.total)} (60 s poll ${dollars(c.lines[1].total, 3)}, sleeping Lambda ${dollars(c.lines[2].total, 3)})`,
    result: judge(service.total, TARGET.costPerRestore, o.restoreHours === 48),
  });
}

async function b4(o: BenchOptions, rows: Row[]): Promise<void> {
  const runs = o.importRuns;
  o.print(
    `\n## B4: bundles of serverless package --stage dev; cold import, median of ${runs} fresh Node 22 processes`,
  );
  const b = await measureBundles({ runs });
  o.print(
    `  ${b.sdkPackages.join(' + ')} imported alone from node_modules: ${num(b.sdkAlone.medianMs, 0)} ms`,
  );
  o.print(
    '  function       bundle       zip   memory   import: deployed   no NODE_OPTIONS   own code (SDK stubbed)',
  );
  for (const f of b.functions) {
    o.print(
      `  ${f.functionKey.padEnd(13)} ${kb(f.bundleBytes).padStart(9)} ${kb(f.zipBytes).padStart(9)} ${String(f.memoryMb).padStart(5)} MB` +
        `   ${num(f.deployed.medianMs, 0).padStart(8)} ms ${num(f.withoutNodeOptions.medianMs, 0).padStart(14)} ms` +
        ` ${num(f.ownCode.medianMs, 0).padStart(13)} ms`,
    );
  }
  o.print(
    `  deployed = the bundle with @aws-sdk/* from node_modules and the function's NODE_OPTIONS ` +
      `(${b.functions[0]?.nodeOptions || 'none'})`,
  );
  for (const f of b.functions) {
    rows.push({
      id: 'B4',
      figure: `${f.functionKey} bundle`,
      target: `≤ ${kb(TARGET.bundleBytes, 0)}`,
      measured: kb(f.bundleBytes),
      result: judge(f.bundleBytes, TARGET.bundleBytes),
    });
  }
  for (const f of b.functions) {
    rows.push({
      id: 'B4',
      figure: `${f.functionKey} cold import`,
      target: `≤ ${TARGET.importMs} ms`,
      measured: `${num(f.deployed.medianMs, 0)} ms (own code ${num(f.ownCode.medianMs, 0)} ms)`,
      result: judge(f.deployed.medianMs, TARGET.importMs),
    });
  }
}

async function b5(o: BenchOptions, rows: Row[]): Promise<void> {
  const n = o.dryRunN;
  const full = n === TARGET.dryRunN;
  const where = o.dryRunInChild ? 'in a child process' : 'in this process';
  o.print(`\n## B5: dry run of ${num(n)} restores (rate limit off, 20 ms latency), ${where}`);
  const d = await measureDryRun({ n, inChild: o.dryRunInChild });
  o.print(
    `  planned ${num(d.planned)}; wall ${s(d.wallSeconds)} (plan ${s(d.planSeconds)}); peak RSS ${mb(d.peakRssBytes)} ` +
      `(${mb(d.baselineRssBytes)} before the run); plan.json ${mb(d.planJsonBytes)}`,
  );
  if (o.diagnostics) {
    const fast = await measureDryRun({ n, latencyMs: 0, inChild: o.dryRunInChild });
    o.print(`  the same at 0 ms latency: wall ${s(fast.wallSeconds)}, peak RSS ${mb(fast.peakRssBytes)}`);
    if (o.dryRunInChild) {
      const capped = await measureDryRun({ n, nodeArgs: ['--max-old-space-size=256'] });
      o.print(
        `  the same with a 256 MB V8 heap cap (--max-old-space-size=256): wall ${s(capped.wallSeconds)}, ` +
          `peak RSS ${mb(capped.peakRssBytes)}`,
      );
    }
  }
  rows.push({
    id: 'B5',
    figure: `${num(n)}-restore dry run: wall time`,
    target: `≤ ${TARGET.dryRunSeconds} s`,
    measured: s(d.wallSeconds),
    result: judge(d.wallSeconds, TARGET.dryRunSeconds, full),
  });
  rows.push({
    id: 'B5',
    figure: `${num(n)}-restore dry run: peak memory`,
    target: `≤ ${mb(TARGET.dryRunBytes)}`,
    measured: `${mb(d.peakRssBytes)} RSS`,
    result: judge(d.peakRssBytes, TARGET.dryRunBytes, full),
  });
}

async function b6(o: BenchOptions, rows: Row[]): Promise<void> {
  const n = o.piecesN;
  const full = n === TARGET.piecesN;
  const where = o.dryRunInChild ? 'in a child process' : 'in this process';
  o.print(
    `\n## B6: dry run of ${num(n)} restores of one tag group, planned in pieces (rate limit off, 20 ms latency), ${where}`,
  );
  const d = await measureDryRun({ n, inChild: o.dryRunInChild });
  const budget = DEFAULTS.clumioRequestsPerSecond;
  o.print(
    `  planned ${num(d.planned)} in ${num(d.planChunkInvocations)} PlanChunk invocations (pieces of ${num(PIECE_REQUESTS)} ` +
      `asset pages and lookups); the longest ${s(d.longestPlanChunkSeconds)}; plan ${s(d.planSeconds)}, wall ${s(d.wallSeconds)}`,
  );
  o.print(
    `  peak RSS ${mb(d.planPeakRssBytes)} when planning ended, ${mb(d.peakRssBytes)} at the end of the run ` +
      `(FinalizePlan and Report of ${num(d.planned)} records; ${mb(d.baselineRssBytes)} before the run); plan.json ${mb(d.planJsonBytes)}`,
  );
  const range = (values: readonly number[]): string =>
    `${mb(Math.min(...values))}–${mb(Math.max(...values))}`;
  o.print(
    `  when each piece ended: RSS ${range(d.pieceRssBytes)}, V8 heap in use ${range(d.pieceHeapBytes)} ` +
      `(the last piece: ${mb(d.pieceRssBytes.at(-1) ?? 0)}, ${mb(d.pieceHeapBytes.at(-1) ?? 0)})`,
  );
  o.print(
    `  deployed, paced at ${budget} requests/s, a piece of ${num(PIECE_REQUESTS)} requests takes at least ` +
      `${s(PIECE_REQUESTS / budget)} (Lambda's limit: 900 s; a piece also stops 180 s before it)`,
  );
  rows.push({
    id: 'B6',
    figure: `${num(n)}-restore dry run: longest PlanChunk invocation`,
    target: `≤ ${TARGET.pieceSeconds} s`,
    measured: `${s(d.longestPlanChunkSeconds)} (${num(d.planChunkInvocations)} invocations)`,
    result: judge(d.longestPlanChunkSeconds, TARGET.pieceSeconds, full),
  });
  rows.push({
    id: 'B6',
    figure: `${num(n)}-restore dry run: peak memory while planning`,
    target: `≤ ${mb(TARGET.piecesBytes)}`,
    measured: `${mb(d.planPeakRssBytes)} RSS (whole run ${mb(d.peakRssBytes)})`,
    result: judge(d.planPeakRssBytes, TARGET.piecesBytes, full),
  });
  rows.push({
    id: 'B6',
    figure: `${num(n)}-restore dry run: wall time`,
    target: '—',
    measured: s(d.wallSeconds),
    result: '—',
  });
}

const BENCHES: readonly [readonly string[], (o: BenchOptions, rows: Row[]) => Promise<void>][] = [
  [['B1', 'B2', 'B7'], b1b2],
  [['B3'], b3],
  [['B4'], b4],
  [['B5'], b5],
  [['B6'], b6],
];

export async function runBenchmarks(o: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [ids, bench] of BENCHES) {
    if (o.only.size === 0 || ids.some((id) => o.only.has(id))) await bench(o, rows);
  }
  return rows;
}
