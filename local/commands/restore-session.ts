import { relative } from 'node:path';
import { redact } from '../../clumio/index.js';
import { causeText } from '../../workflows/errors.js';
import type {
  PlannedRun,
  ReportSummary,
  RestoreProgress,
  RunState,
} from '../../workflows/bulk-restore/state.js';
import { readingReport, readRun } from '../../workflows/bulk-restore/run-view.js';
import type { Report } from '../../workflows/report.js';
import { writeReportFiles } from '../../workflows/report-files.js';
import { runLayout } from '../../workflows/run-layout.js';
import { folderRunFiles, type RunFiles } from '../../workflows/run-store.js';
import { countsLine, reportTable } from '../report-table.js';
import { runStateMachine, type RunnerEvent } from '../runner.js';
import type { LocalRun } from './local-run.js';
import {
  EXIT_CANNOT_PROCEED,
  EXIT_INCOMPLETE,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
  type CommandIO,
} from './types.js';

/**
 * One bulkRestore execution in-process with its console: the live progress, then the table and the
 * exit code; interrupted, the report of what started and how to go on. What `restore`, `resume` and
 * `rerun` share.
 */

export interface SessionOptions {
  /** The state to start at (a resume starts at the Restore map with FinalizePlan's output as input). */
  readonly startAt?: string;
  readonly pollIntervalSeconds?: number;
  readonly concurrency?: number;
  /** Retry pauses in milliseconds (tests). */
  readonly retryMs?: number;
  /** Interrupts the run (restore: the first Ctrl-C). */
  readonly signal?: AbortSignal;
  /** The folder that plays the run bucket, where an input_key is read (default: the current directory). */
  readonly storeRoot?: string;
}

/** Live progress: one updating line on a terminal, a line per milestone otherwise. */
class Progress {
  private planned = 0;
  private started = 0;
  private readonly ended = new Map<string, number>();
  constructor(private readonly io: CommandIO) {}

  onTaskEnd(event: RunnerEvent): void {
    const output = event.output as Partial<RestoreProgress & PlannedRun & RunState>;
    if (event.state === 'Validate') {
      this.line(
        output.rerunOf === undefined
          ? `input valid: ${output.groupCount} groups`
          : `rerun of ${output.rerunOf.restores.length} restores of run ${output.rerunOf.runId}`,
      );
    }
    if (event.state === 'FinalizePlan') {
      this.planned = output.planned ?? 0;
      this.line(
        `planned ${this.planned} restores (${output.noBackup ?? 0} matching resources without a backup)`,
      );
    }
    if (event.state === 'StartRestore' && output.status === 'started') this.started++;
    if ((event.state === 'StartRestore' || event.state === 'CheckTask') && output.status !== 'started') {
      this.ended.set(output.status ?? 'unknown', (this.ended.get(output.status ?? 'unknown') ?? 0) + 1);
      if (!this.io.stdout.isTTY) {
        const source = output.record?.source;
        this.line(
          `restore ${output.index} ${output.status}: ${output.record?.resourceType} ${source?.resourceNativeId ?? source?.resourceId}`,
        );
      }
    }
    if (this.io.stdout.isTTY && this.planned > 0) this.bar();
  }

  /** A resumed run starts past FinalizePlan: its size comes from the plan it resumes. */
  resumes(planned: number): void {
    this.planned = planned;
  }

  private bar(): void {
    const done = [...this.ended.values()].reduce((a, b) => a + b, 0);
    const parts = ['completed', 'failed', 'timed_out', 'unknown', 'aborted']
      .filter((s) => s !== 'aborted' || this.ended.has(s))
      .map((s) => `${s} ${this.ended.get(s) ?? 0}`);
    const width = 24;
    const filled = Math.round((done / this.planned) * width);
    this.io.stdout.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.planned} · started ${this.started} · ${parts.join(' · ')}   `,
    );
  }

  line(text: string): void {
    this.io.stdout.write(`${this.io.stdout.isTTY ? '\r\x1b[K' : ''}${text}\n`);
  }

  finish(): void {
    if (this.io.stdout.isTTY && this.planned > 0) this.io.stdout.write('\n');
  }
}

const exitByError: Readonly<Record<string, number>> = {
  InvalidInput: EXIT_USAGE,
  RestoresFailed: EXIT_INCOMPLETE,
};

const tableWidth = (io: CommandIO): number => (io.stdout.isTTY ? (process.stdout.columns ?? 160) : 160);

/** Prints a report's table (unless it holds a failure only) and where its files are. */
export function printReport(report: Report, files: RunFiles, io: CommandIO): void {
  if (report.failure === undefined || report.restores.length > 0) {
    io.stdout.write(`\n${reportTable(report, tableWidth(io))}\n`);
  }
  io.stdout.write(
    `report: ${files.where(runLayout.report)}
        ${files.where(runLayout.reportCsv)}
        ${files.where(runLayout.reportHtml)}
`,
  );
}

/** Runs bulkRestore (or its tail, for a resume) on `input`; returns the exit code of DESIGN §6. */
export async function executeRestore(
  input: unknown,
  run: LocalRun,
  options: SessionOptions,
  io: CommandIO,
): Promise<number> {
  const { runId, runFolder } = run;
  const progress = new Progress(io);
  if (options.startAt !== undefined) progress.resumes((input as PlannedRun).planned);
  const settings = {
    runId,
    runFolder,
    env: run.env,
    ...(options.startAt !== undefined ? { startAt: options.startAt } : {}),
    ...(options.pollIntervalSeconds !== undefined ? { waitMs: options.pollIntervalSeconds * 1000 } : {}),
    ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
    ...(options.concurrency !== undefined ? { maxConcurrency: options.concurrency } : {}),
    ...(options.storeRoot !== undefined ? { storeRoot: options.storeRoot } : {}),
    onTaskEnd: (event: RunnerEvent) => progress.onTaskEnd(event),
  };
  const outcome =
    options.signal === undefined
      ? await runStateMachine('bulkRestore', input, settings)
      : await runStateMachine('bulkRestore', input, { ...settings, signal: options.signal });
  progress.finish();
  const files = folderRunFiles(runFolder, runId);
  if (outcome.status === 'ABORTED') return interrupted(files, run, io);
  const report = await files.getJson<Report>(runLayout.report).catch(() => undefined);
  if (report !== undefined) printReport(report, files, io);
  if (outcome.status === 'SUCCEEDED') {
    const summary = outcome.output as ReportSummary;
    io.stdout.write(`${report ? '' : `${summary.summary}\n`}run ${runId} succeeded\n`);
    return EXIT_OK;
  }
  const cause = redact(causeText(outcome.cause));
  io.stderr.write(`run ${runId} failed: ${outcome.error}\n${cause}\n`);
  if (report !== undefined && report.restores.length > 0) io.stderr.write(`${countsLine(report)}\n`);
  return exitByError[outcome.error] ?? EXIT_CANNOT_PROCEED;
}

/** How a command names a run folder to the user: relative when it is below the current directory. */
export function folderArgument(folder: string): string {
  const rel = relative(process.cwd(), folder);
  const shown = rel !== '' && !rel.startsWith('..') ? rel : folder;
  return /^[\w./-]+$/.test(shown) ? shown : `'${shown.replace(/'/g, `'\\''`)}'`;
}

/**
 * The report of an interrupted run, from its run store alone: what started is `running` (its Clumio
 * task goes on), what was never sent `planned`; then how to follow or stop them.
 */
async function interrupted(files: RunFiles, run: LocalRun, io: CommandIO): Promise<number> {
  const reading = await readRun(files);
  const planned = reading.plannedRun;
  const folder = folderArgument(run.runFolder);
  if (planned === undefined) {
    io.stdout.write(
      `run ${run.runId} interrupted before its plan was complete: no restore was started; ` +
        'run restore again\n',
    );
    return EXIT_INTERRUPTED;
  }
  const report = readingReport(reading, run.runId, {
    version: run.env.CODE_VERSION ?? 'unknown',
    at: new Date(),
    notStarted: `not started: the run was interrupted (clumio-bulk-restore resume ${folder} starts it)`,
  });
  await writeReportFiles(files, report, files.where(runLayout.input));
  printReport(report, files, io);
  const { counts } = report;
  const notStarted = report.restores.filter((r) => r.status === 'planned').length;
  io.stdout.write(
    `run ${run.runId} interrupted: ${counts.running} started restores go on in Clumio, ${notStarted} not started\n` +
      `  follow them (and start the rest): clumio-bulk-restore resume ${folder}\n` +
      `  stop them in Clumio:              clumio-bulk-restore abort ${folder}\n` +
      `  see where they are:               clumio-bulk-restore status ${folder}\n`,
  );
  return EXIT_INTERRUPTED;
}

/**
 * The first SIGINT or SIGTERM interrupts (a local run starts no restore any more and writes its report;
 * following a deployed run detaches from it), a second one exits at once. `dispose` removes the handlers.
 */
export function interruptOnSignals(
  io: CommandIO,
  mode: 'interrupt' | 'detach' = 'interrupt',
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) {
      io.stderr.write('\ninterrupted again: exiting now\n');
      process.exit(EXIT_INTERRUPTED);
    }
    io.stderr.write(
      mode === 'detach'
        ? '\ndetaching: the run goes on in AWS\n'
        : '\ninterrupted: starting no more restores; waiting for the requests in flight, then writing the ' +
            'report (Ctrl-C again exits at once)\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
