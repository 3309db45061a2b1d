import { normaliseBaseUrl } from '../../clumio/index.js';
import type { PlannedRun } from '../../workflows/bulk-restore/state.js';
import { runLayout } from '../../workflows/run-layout.js';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import {
  baseUrlOverride,
  clientSettings,
  clumioLocation,
  commandLine,
  isLoopback,
  Output,
  prepareLocalRun,
} from './local-run.js';
import { executeRun, followOptions, type FollowOptions } from './restore.js';
import { interruptible } from './restore-session.js';
import { openRunFolder, operatorToken } from './run-folder.js';
import { resumeSpec } from './specs.js';
import type { Command, CommandIO } from './types.js';
import { stagePolling, waitingFor } from './waiting.js';

export interface ResumeOptions extends FollowOptions {
  readonly folder: string;
  /** Retry pauses in milliseconds (tests). */
  readonly retryMs?: number;
}

/**
 * `resume RUN_FOLDER`: the same run goes on from its run store, after Ctrl-C or kill -9 alike. It runs
 * the Restore map again over the run's plan: StartRestore finds each restore in the journal, so a
 * restore Clumio accepted is polled to its end with its task id, one never sent is started, and one
 * sent without a recorded answer is `unknown` and not sent again. Then the report, as a run ends.
 */
export const resume: Command = async (args, io) => {
  const options = commandLine(resumeSpec, args, io, ({ values, positionals }): ResumeOptions => ({
    folder: positionals[0] ?? '.',
    ...followOptions(values),
  }));
  return typeof options === 'number'
    ? options
    : interruptible(io, (signal) => runResume(options, io, signal));
};

export async function runResume(
  options: ResumeOptions,
  io: CommandIO,
  signal?: AbortSignal,
): Promise<number> {
  const out = new Output(io, 'text', false);
  const fail = (message: string): number => {
    out.error(`clumio-bulk-restore resume: ${message}\n`);
    return EXIT_USAGE;
  };
  let opened;
  let planned: PlannedRun;
  try {
    opened = await openRunFolder(options.folder);
    planned = await opened.files.getJson<PlannedRun>(runLayout.plannedRun);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (planned.dryRun) {
    out.final(`run ${planned.runId} was a dry run: nothing to resume\n`);
    return EXIT_OK;
  }
  const token = operatorToken(io);
  if (token === undefined) return fail('no Clumio API token: set CLUMIO_TOKEN');
  const override = baseUrlOverride(options.baseUrl, io.env);
  let baseUrl = planned.baseUrl;
  if (override !== undefined) {
    try {
      baseUrl = normaliseBaseUrl(override.baseUrl);
    } catch (error) {
      return fail(`${override.source}: ${(error as Error).message}`);
    }
  }
  const settings = clientSettings('resume', io);
  if (settings === undefined) return EXIT_USAGE;
  const run = await prepareLocalRun(token, settings, io, opened.folder, planned.runId);
  const location = await clumioLocation(override, planned.baseUrl);
  const waiting = waitingFor(await stagePolling(isLoopback(location.baseUrl)), options);
  out.say(`run ${run.runId} resumed: ${run.runFolder} (${planned.planned} restores in its plan)\n`);
  out.say(`Clumio at ${location.baseUrl} (from ${location.source})\n${waiting.text}\n`);
  return executeRun(
    { ...planned, baseUrl },
    {
      run,
      location,
      waiting,
      out,
      resume: { startAt: 'Restore', planned: planned.planned },
      ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(signal !== undefined ? { signal } : {}),
    },
  );
}
