import { relative } from 'node:path';
import { readingReport, readRun } from '../../workflows/bulk-restore/run-view.js';
import type { Report } from '../../workflows/report.js';
import { writeReportFiles } from '../../workflows/report-files.js';
import { runLayout } from '../../workflows/run-layout.js';
import type { RunFiles } from '../../workflows/run-store.js';
import { EXIT_INTERRUPTED } from '../exit-codes.js';
import { reportTable } from '../report-table.js';
import type { LocalRun, Output } from './local-run.js';
import type { CommandIO } from './types.js';

/** What an interrupted run does, and how the commands that operate a run print it. */

/** How a command names a run folder to the user: relative when it is below the current directory. */
export function folderArgument(folder: string): string {
  const rel = relative(process.cwd(), folder);
  const shown = rel !== '' && !rel.startsWith('..') ? rel : folder;
  return /^[\w./-]+$/.test(shown) ? shown : `'${shown.replace(/'/g, `'\\''`)}'`;
}

/** A report's table (unless it holds a failure only) and where its files are. */
export function printReport(report: Report, files: RunFiles, io: CommandIO): void {
  if (report.failure === undefined || report.restores.length > 0) {
    const width = io.stdout.isTTY === true ? (io.stdout.columns ?? 80) : undefined;
    io.stdout.write(`\n${reportTable(report, width)}\n`);
  }
  io.stdout.write(
    `report: ${files.where(runLayout.report)}\n        ${files.where(runLayout.reportCsv)}\n` +
      `        ${files.where(runLayout.reportHtml)}\n`,
  );
}

/**
 * The report of an interrupted run, from its run store alone: what started is `running` (its Clumio
 * task goes on), what was never sent `planned`; then how to follow or stop them.
 */
export async function interrupted(files: RunFiles, run: LocalRun, out: Output): Promise<number> {
  const reading = await readRun(files);
  const folder = folderArgument(run.runFolder);
  if (reading.plannedRun === undefined) {
    out.final(
      `run ${run.runId} interrupted before its plan was complete: no restore was started; run restore again\n`,
    );
    return EXIT_INTERRUPTED;
  }
  const report = readingReport(reading, run.runId, {
    version: run.env.CODE_VERSION ?? 'unknown',
    at: new Date(),
    notStarted: `not started: the run was interrupted (clumio-bulk-restore resume ${folder} starts it)`,
  });
  await writeReportFiles(files, report, files.where(runLayout.input));
  out.json(report);
  const width = out.human?.isTTY === true ? (out.human.columns ?? 80) : undefined;
  out.say(`\n${reportTable(report, width)}\n`);
  out.say(
    `report: ${files.where(runLayout.report)}\n        ${files.where(runLayout.reportCsv)}\n` +
      `        ${files.where(runLayout.reportHtml)}\n`,
  );
  const notStarted = report.restores.filter((r) => r.status === 'planned').length;
  out.final(
    `run ${run.runId} interrupted: ${report.counts.running} started restores go on in Clumio, ${notStarted} not started\n`,
  );
  out.say(
    `  follow them (and start the rest): clumio-bulk-restore resume ${folder}\n` +
      `  stop them in Clumio:              clumio-bulk-restore abort ${folder}\n` +
      `  see where they are:               clumio-bulk-restore status ${folder}\n`,
  );
  return EXIT_INTERRUPTED;
}

/** Runs a command that Ctrl-C interrupts (see interruptOnSignals), its handlers removed when it ends. */
export async function interruptible(
  io: CommandIO,
  run: (signal: AbortSignal) => Promise<number>,
  mode: 'interrupt' | 'detach' = 'interrupt',
): Promise<number> {
  const interrupt = interruptOnSignals(io, mode);
  try {
    return await run(interrupt.signal);
  } finally {
    interrupt.dispose();
  }
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
