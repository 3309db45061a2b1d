import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  readingReport,
  readRun,
  readTasks,
  unfinishedTasks,
  type RunReading,
} from '../../workflows/bulk-restore/run-view.js';
import type { Report } from '../../workflows/report.js';
import { countsLine, reportTable } from '../report-table.js';
import { projectRoot } from '../serverless-config.js';
import { UsageError } from '../options.js';
import { commandLine } from './local-run.js';
import { statusSpec } from './specs.js';
import { folderArgument } from './restore-session.js';
import { localBaseUrl, onePositional, openRunFolder, operatorClient, operatorToken } from './run-folder.js';
import { EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import type { Command, CommandIO } from './types.js';

export interface StatusOptions {
  readonly folder: string;
  readonly baseUrl?: string;
}

/**
 * `status RUN_FOLDER`: the run's table as of now, changing nothing: the run store (plan, journal,
 * results) and, with CLUMIO_TOKEN, one read of each Clumio task not yet ended.
 */
export const status: Command = async (args, io) => {
  const options = commandLine(statusSpec, args, io, ({ values, positionals }): StatusOptions => {
    for (const name of ['follow', 'out', 'poll-interval', 'region']) {
      if (values[name] !== undefined) throw new UsageError(`--${name} goes with --stage`);
    }
    const baseUrl = values['base-url'];
    return {
      folder: onePositional(positionals, 'RUN_FOLDER'),
      ...(typeof baseUrl === 'string' ? { baseUrl } : {}),
    };
  });
  return typeof options === 'number' ? options : runStatus(options, io);
};

export async function runStatus(options: StatusOptions, io: CommandIO): Promise<number> {
  let opened;
  let reading: RunReading;
  let baseUrl: string;
  try {
    opened = await openRunFolder(options.folder);
    reading = await readRun(opened.files);
    baseUrl = await localBaseUrl(options.baseUrl, reading.plannedRun);
  } catch (error) {
    io.stderr.write(`clumio-bulk-restore status: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const token = operatorToken(io);
  const ids = unfinishedTasks(reading);
  const tasks =
    token === undefined || ids.length === 0
      ? undefined
      : await readTasks(operatorClient(baseUrl, token, io), ids);
  if (token === undefined && ids.length > 0) {
    io.stderr.write(
      `CLUMIO_TOKEN is not set: the ${ids.length} Clumio tasks not ended were not read (shown as the run store has them)\n`,
    );
  }
  const report = readingReport(reading, opened.runId, {
    version: await version(),
    at: new Date(),
    ...(tasks !== undefined ? { tasks } : {}),
    notStarted: reading.stop === undefined ? 'not started yet' : 'not started: the run was stopped',
  });
  describeRun(report, reading, { target: folderArgument(opened.folder), deployed: false }, io);
  return report.counts.completed === report.counts.planned && !report.dryRun ? EXIT_OK : EXIT_INCOMPLETE;
}

/** How the next commands are named for a run: its folder locally, its id and stage deployed. */
export interface RunCommands {
  /** What follows the command name: `runs/<id>` or `<id> --stage S --region R`. */
  readonly target: string;
  /** Deployed runs go on by themselves: there is no resume, but `status --follow`. */
  readonly deployed: boolean;
}

/** The table, the counts, and what can be done next: status and abort print the same. */
export function describeRun(report: Report, reading: RunReading, next: RunCommands, io: CommandIO): void {
  const width = io.stdout.isTTY === true ? (io.stdout.columns ?? 80) : undefined;
  const rerun =
    report.rerunOf === undefined
      ? ''
      : ` (rerun of ${report.rerunOf.restores.length} restores of run ${report.rerunOf.runId})`;
  io.stdout.write(`run ${report.runId}${rerun} as of ${report.finishedAt}\n`);
  io.stdout.write(`${report.restores.length > 0 ? reportTable(report, width) : countsLine(report)}\n`);
  const notStarted = report.dryRun ? 0 : report.restores.filter((r) => r.status === 'planned').length;
  if (reading.stop !== undefined) {
    io.stdout.write(`stopped at ${reading.stop.at} (${reading.stop.reason}): no further restore starts\n`);
  }
  if (report.counts.running + notStarted > 0 && reading.stop === undefined) {
    io.stdout.write(
      next.deployed
        ? `  follow it:           clumio-bulk-restore status ${next.target} --follow\n` +
            `  stop it in Clumio:   clumio-bulk-restore abort ${next.target}\n`
        : `  follow them (and start the rest): clumio-bulk-restore resume ${next.target}\n` +
            `  stop them in Clumio:              clumio-bulk-restore abort ${next.target}\n`,
    );
  }
  const again = report.counts.failed + report.counts.timed_out;
  if (again > 0 && report.counts.running === 0) {
    io.stdout.write(
      `  run the ${again} failed or timed out again: clumio-bulk-restore rerun ${next.target}\n`,
    );
  }
}

/** The release of this CLI: what a report it writes says it was written by. */
export async function version(): Promise<string> {
  return (await readFile(join(projectRoot, 'VERSION'), 'utf8')).trim();
}
