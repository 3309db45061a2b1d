import { parseArgs } from 'node:util';
import { normaliseBaseUrl } from '../../clumio/index.js';
import { chooseRerun, type RerunChoice } from '../../workflows/bulk-restore/rerun.js';
import {
  readRun,
  readTasks,
  unfinishedTasks,
  type RunReading,
} from '../../workflows/bulk-restore/run-view.js';
import { runLayout } from '../../workflows/run-layout.js';
import { folderRunFiles } from '../../workflows/run-store.js';
import { prepareLocalRun } from './local-run.js';
import { onePositional, optionalCount, optionalSeconds, UsageError } from './options.js';
import { executeRestore, interruptOnSignals } from './restore-session.js';
import { localBaseUrl, openRunFolder, operatorClient, operatorToken } from './run-folder.js';
import { EXIT_OK, EXIT_USAGE, type Command, type CommandIO } from './types.js';

const USAGE =
  'usage: clumio-bulk-restore rerun RUN_FOLDER [--only failed,timed_out,aborted,unknown] [--include-unknown] ' +
  '[--out DIR] [--dry-run] [--base-url URL] [--poll-interval SECONDS] [--concurrency N]\n';

/** Statuses a rerun may select; `unknown` only with --include-unknown (it may have started). */
const RERUNNABLE = ['failed', 'timed_out', 'aborted', 'unknown'] as const;
type Rerunnable = (typeof RERUNNABLE)[number];

export interface RerunOptions {
  readonly folder: string;
  readonly only: readonly Rerunnable[];
  readonly includeUnknown: boolean;
  readonly out?: string;
  readonly dryRun?: boolean;
  readonly baseUrl?: string;
  readonly pollIntervalSeconds?: number;
  readonly concurrency?: number;
  /** Retry pauses in milliseconds (tests). */
  readonly retryMs?: number;
}

/** `--only` and `--include-unknown` as the statuses to select: shared by the local and deployed rerun. */
export function rerunStatuses(only: string | undefined, includeUnknown: boolean): Rerunnable[] {
  const listed = (only ?? 'failed,timed_out')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const status of listed) {
    if (!(RERUNNABLE as readonly string[]).includes(status)) {
      throw new UsageError(`--only takes ${RERUNNABLE.join(', ')}; not "${status}"`);
    }
  }
  if (listed.includes('unknown') && !includeUnknown) {
    throw new UsageError(
      'an unknown restore may have started: add --include-unknown to rerun them after a check',
    );
  }
  const statuses = new Set(listed as Rerunnable[]);
  if (includeUnknown) statuses.add('unknown');
  return [...statuses];
}

function parse(args: string[]): RerunOptions | 'help' {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      only: { type: 'string' },
      'include-unknown': { type: 'boolean' },
      out: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'base-url': { type: 'string' },
      'poll-interval': { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return 'help';
  const includeUnknown = values['include-unknown'] === true;
  const poll = optionalSeconds('poll-interval', values['poll-interval']);
  const concurrency = optionalCount('concurrency', values.concurrency);
  return {
    folder: onePositional(positionals, 'RUN_FOLDER'),
    only: rerunStatuses(values.only, includeUnknown),
    includeUnknown,
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(values['dry-run'] === true ? { dryRun: true } : {}),
    ...(values['base-url'] !== undefined ? { baseUrl: values['base-url'] } : {}),
    ...(poll !== undefined ? { pollIntervalSeconds: poll } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
  };
}

/**
 * `rerun RUN_FOLDER`: a new run that sends again, exactly as recorded (same backups, same targets), the
 * restores of an earlier run that did not complete; its report names the earlier run (`rerunOf`).
 */
export const rerun: Command = async (args, io) => {
  let options: RerunOptions | 'help';
  try {
    options = parse(args);
  } catch (error) {
    io.stderr.write(`clumio-bulk-restore rerun: ${(error as Error).message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (options === 'help') {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  const interrupt = interruptOnSignals(io);
  try {
    return await runRerun(options, io, interrupt.signal);
  } finally {
    interrupt.dispose();
  }
};

export async function runRerun(options: RerunOptions, io: CommandIO, signal?: AbortSignal): Promise<number> {
  const fail = (message: string): number => {
    io.stderr.write(`clumio-bulk-restore rerun: ${message}\n`);
    return EXIT_USAGE;
  };
  let opened;
  let reading: RunReading;
  let baseUrl: string;
  try {
    opened = await openRunFolder(options.folder);
    reading = await readRun(opened.files);
    baseUrl = await localBaseUrl(options.baseUrl, reading.plannedRun);
  } catch (error) {
    return fail((error as Error).message);
  }
  const token = operatorToken(io);
  if (token === undefined) return fail('no Clumio API token: set CLUMIO_TOKEN');
  const client = operatorClient(baseUrl, token, io);
  const tasks = await readTasks(client, unfinishedTasks(reading));
  const choice = await chooseRerun(reading, { statuses: options.only, tasks, client });
  printChoice(choice, opened.runId, options.only, io);
  if (choice.indexes.length === 0) return EXIT_OK;

  const run = await prepareLocalRun('rerun', token, io, options.out);
  if (run === undefined) return EXIT_USAGE;
  await folderRunFiles(run.runFolder, run.runId).putJson(runLayout.rerunRecords, choice.records);
  io.stdout.write(`run ${run.runId}: ${run.runFolder}\n`);
  const explicitUrl =
    options.baseUrl !== undefined ? normaliseBaseUrl(options.baseUrl) : reading.plannedRun?.baseUrl;
  const input = {
    rerun_of: { run_id: opened.runId, restores: choice.indexes },
    ...(explicitUrl ? { base_url: explicitUrl } : {}),
    ...(options.dryRun === true ? { dry_run: true } : {}),
  };
  return executeRestore(
    input,
    run,
    {
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

/** What the rerun takes, and for each unknown restore what the check found. */
export function printChoice(
  choice: RerunChoice,
  runId: string,
  statuses: readonly string[],
  io: CommandIO,
): void {
  for (const line of choice.checks) io.stdout.write(`${line}\n`);
  if (choice.indexes.length === 0) {
    io.stdout.write(`nothing to rerun: no restore of run ${runId} is ${statuses.join(' or ')}\n`);
    return;
  }
  const by = Object.entries(choice.byStatus)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  io.stdout.write(
    `rerun of ${choice.indexes.length} restores of run ${runId} (${by}), exactly as recorded\n`,
  );
}
