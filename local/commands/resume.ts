import { parseArgs } from 'node:util';
import { normaliseBaseUrl } from '../../clumio/index.js';
import type { PlannedRun } from '../../workflows/bulk-restore/state.js';
import { runLayout } from '../../workflows/run-layout.js';
import { prepareLocalRun } from './local-run.js';
import { onePositional, optionalCount, optionalSeconds } from './options.js';
import { executeRestore, interruptOnSignals } from './restore-session.js';
import { openRunFolder, operatorToken } from './run-folder.js';
import { EXIT_OK, EXIT_USAGE, type Command, type CommandIO } from './types.js';

const USAGE =
  'usage: clumio-bulk-restore resume RUN_FOLDER [--base-url URL] [--poll-interval SECONDS] [--concurrency N]\n';

export interface ResumeOptions {
  readonly folder: string;
  readonly baseUrl?: string;
  readonly pollIntervalSeconds?: number;
  readonly concurrency?: number;
  /** Retry pauses in milliseconds (tests). */
  readonly retryMs?: number;
}

function parse(args: string[]): ResumeOptions | 'help' {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      'base-url': { type: 'string' },
      'poll-interval': { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return 'help';
  const poll = optionalSeconds('poll-interval', values['poll-interval']);
  const concurrency = optionalCount('concurrency', values.concurrency);
  return {
    folder: onePositional(positionals, 'RUN_FOLDER'),
    ...(values['base-url'] !== undefined ? { baseUrl: values['base-url'] } : {}),
    ...(poll !== undefined ? { pollIntervalSeconds: poll } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
  };
}

/**
 * `resume RUN_FOLDER`: the same run goes on from its run store, after Ctrl-C or kill -9 alike. It runs
 * the Restore map again over the run's plan: StartRestore finds each restore in the journal, so a
 * restore Clumio accepted is polled to its end with its task id, one never sent is started, and one
 * sent without a recorded answer is `unknown` and not sent again. Then the report, as a run ends.
 */
export const resume: Command = async (args, io) => {
  let options: ResumeOptions | 'help';
  try {
    options = parse(args);
  } catch (error) {
    io.stderr.write(`clumio-bulk-restore resume: ${(error as Error).message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (options === 'help') {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  const interrupt = interruptOnSignals(io);
  try {
    return await runResume(options, io, interrupt.signal);
  } finally {
    interrupt.dispose();
  }
};

export async function runResume(
  options: ResumeOptions,
  io: CommandIO,
  signal?: AbortSignal,
): Promise<number> {
  const fail = (message: string): number => {
    io.stderr.write(`clumio-bulk-restore resume: ${message}\n`);
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
    io.stdout.write(`run ${planned.runId} was a dry run: nothing to resume\n`);
    return EXIT_OK;
  }
  const token = operatorToken(io);
  if (token === undefined) return fail('no Clumio API token: set CLUMIO_TOKEN');
  let baseUrl = planned.baseUrl;
  if (options.baseUrl !== undefined) {
    try {
      baseUrl = normaliseBaseUrl(options.baseUrl);
    } catch (error) {
      return fail((error as Error).message);
    }
  }
  const run = await prepareLocalRun('resume', token, io, opened.folder, planned.runId);
  if (run === undefined) return EXIT_USAGE;
  io.stdout.write(`run ${run.runId} resumed: ${run.runFolder} (${planned.planned} restores in its plan)\n`);
  return executeRestore(
    { ...planned, baseUrl },
    run,
    {
      startAt: 'Restore',
      ...(options.pollIntervalSeconds !== undefined
        ? { pollIntervalSeconds: options.pollIntervalSeconds }
        : {}),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
      ...(signal !== undefined ? { signal } : {}),
    },
    io,
  );
}
