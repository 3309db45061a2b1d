import { createInterface } from 'node:readline/promises';
import { abortTasks, stopRun, type TaskAbort } from '../../workflows/bulk-restore/abort.js';
import {
  readingReport,
  readRun,
  unfinishedTasks,
  type RunReading,
} from '../../workflows/bulk-restore/run-view.js';
import type { Report } from '../../workflows/report.js';
import { writeReportFiles } from '../../workflows/report-files.js';
import { runLayout } from '../../workflows/run-layout.js';
import type { RunFiles } from '../../workflows/run-store.js';
import type { ClumioClient } from '../../clumio/index.js';
import { UsageError } from '../options.js';
import { commandLine } from './local-run.js';
import { localBaseUrl, onePositional, openRunFolder, operatorClient, operatorToken } from './run-folder.js';
import { abortSpec } from './specs.js';
import { folderArgument } from './restore-session.js';
import { describeRun, version, type RunCommands } from './status.js';
import { EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import type { Command, CommandIO } from './types.js';

export interface AbortOptions {
  readonly folder: string;
  /** No confirmation prompt (required when standard input is not a terminal). */
  readonly yes?: boolean;
  readonly baseUrl?: string;
  /** How long an intent without an answer may still be in flight (tests). */
  readonly inFlightMs?: number;
}

/**
 * `abort RUN_FOLDER`: nothing more starts (the run's stop, which a run still going honours), every
 * started Clumio task not yet ended is asked to abort (one PATCH each), and the report says `aborted`
 * for each, or why not.
 */
export const abort: Command = async (args, io) => {
  const options = commandLine(abortSpec, args, io, ({ values, positionals }): AbortOptions => {
    for (const name of ['out', 'region']) {
      if (values[name] !== undefined) throw new UsageError(`--${name} goes with --stage`);
    }
    const baseUrl = values['base-url'];
    return {
      folder: onePositional(positionals, 'RUN_FOLDER'),
      ...(values.yes === true ? { yes: true } : {}),
      ...(typeof baseUrl === 'string' ? { baseUrl } : {}),
    };
  });
  return typeof options === 'number' ? options : runAbort(options, io);
};

export async function runAbort(options: AbortOptions, io: CommandIO): Promise<number> {
  const fail = (message: string): number => {
    io.stderr.write(`clumio-bulk-restore abort: ${message}\n`);
    return EXIT_USAGE;
  };
  let opened;
  let before: RunReading;
  let baseUrl: string;
  try {
    opened = await openRunFolder(options.folder);
    before = await readRun(opened.files);
    baseUrl = await localBaseUrl(options.baseUrl, before.plannedRun);
  } catch (error) {
    return fail((error as Error).message);
  }
  const token = operatorToken(io);
  if (token === undefined) return fail('no Clumio API token: set CLUMIO_TOKEN');
  const client = operatorClient(baseUrl, token, io);
  return abortRun(
    {
      runId: opened.runId,
      files: opened.files,
      next: { target: folderArgument(opened.folder), deployed: false },
      before,
      client,
      options,
    },
    io,
  );
}

export interface AbortTarget {
  readonly runId: string;
  readonly files: RunFiles;
  /** How the next commands name the run. */
  readonly next: RunCommands;
  readonly before: RunReading;
  readonly client: ClumioClient;
  readonly options: Pick<AbortOptions, 'yes' | 'inFlightMs'>;
  /** Runs once the run starts nothing more, before its tasks are read and aborted (deployed: StopExecution). */
  readonly stopExecution?: () => Promise<void>;
  /** Where the report goes when it is not the run store itself (deployed: the local --out folder). */
  readonly writeReport?: (report: Report) => Promise<string>;
}

/** The shared part of a local and a deployed abort, once the run and its Clumio are known. */
export async function abortRun(target: AbortTarget, io: CommandIO): Promise<number> {
  const { before, runId } = target;
  const pending = unfinishedTasks(before).length;
  const notStarted = before.records.length - countStarted(before);
  if (pending === 0 && notStarted === 0 && before.records.length > 0) {
    io.stdout.write(`nothing to abort: every restore of run ${runId} has ended\n`);
    return EXIT_OK;
  }
  const question =
    `abort run ${runId}: ${pending} Clumio tasks not ended will be aborted, ` +
    `and ${notStarted} restores not started will never start. Continue? [y/N] `;
  if (target.options.yes !== true) {
    if (io.stdin?.isTTY !== true) {
      io.stderr.write(
        `clumio-bulk-restore abort: not a terminal, so nothing can be confirmed: add --yes to abort run ${runId}\n`,
      );
      return EXIT_USAGE;
    }
    const prompt = createInterface({ input: io.stdin, output: io.stdout });
    const answer = await prompt.question(question);
    prompt.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.stdout.write('not aborted\n');
      return EXIT_OK;
    }
  }
  const reading = await stopRun(target.files, {
    reason: 'clumio-bulk-restore abort',
    ...(target.options.inFlightMs !== undefined ? { inFlightMs: target.options.inFlightMs } : {}),
    onWait: (count) =>
      io.stdout.write(`waiting for the answers of ${count} restore requests in flight before aborting…\n`),
    ...(target.stopExecution !== undefined ? { afterStop: target.stopExecution } : {}),
  });
  const aborts = await abortTasks(target.client, unfinishedTasks(reading));
  const report = readingReport(reading, runId, {
    version: await version(),
    at: new Date(),
    tasks: new Map(aborts.map((a) => [a.taskId, a.reading])),
    notStarted: 'not started: the run was aborted',
  });
  for (const line of abortLines(aborts, report)) io.stdout.write(`${line}\n`);
  const where = target.writeReport
    ? await target.writeReport(report)
    : await writeReportFiles(target.files, report, target.files.where(runLayout.input)).then(() =>
        target.files.where(runLayout.report),
      );
  describeRun(report, reading, target.next, io);
  io.stdout.write(`report: ${where}\n`);
  const refused = aborts.filter((a) => a.outcome === 'not-aborted').length;
  return refused === 0 ? EXIT_OK : EXIT_INCOMPLETE;
}

/** Restores that have a journal entry or a result: the rest never started. */
function countStarted(reading: RunReading): number {
  let started = 0;
  for (let index = 0; index < reading.records.length; index++) {
    if (reading.journal.has(index) || reading.results.has(index)) started++;
  }
  return started;
}

function abortLines(aborts: readonly TaskAbort[], report: Report): string[] {
  const byTask = new Map(
    report.restores.filter((r) => r.taskId !== null).map((r, i) => [r.taskId, [r, i] as const]),
  );
  return aborts.map((a) => {
    const [entry] = byTask.get(a.taskId) ?? [];
    const what =
      entry === undefined
        ? `task ${a.taskId}`
        : `${entry.resourceType} ${entry.sourceResourceNativeId ?? entry.sourceResourceId} (task ${a.taskId})`;
    if (a.outcome === 'aborted') return `aborted: ${what}`;
    if (a.outcome === 'already-ended')
      return `not aborted, it had ended ${'status' in a.reading ? a.reading.status : ''}: ${what}`;
    return `not aborted: ${what}: ${'error' in a.reading ? a.reading.error : ''}`;
  });
}
