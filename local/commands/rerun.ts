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
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { UsageError } from '../options.js';
import {
  baseUrlOverride,
  claimRunFolder,
  clientSettings,
  commandLine,
  isLoopback,
  Output,
  prepareLocalRun,
} from './local-run.js';
import { executeRun, followOptions, type FollowOptions } from './restore.js';
import { interruptible } from './restore-session.js';
import { localBaseUrl, onePositional, openRunFolder, operatorClient, operatorToken } from './run-folder.js';
import { rerunSpec } from './specs.js';
import type { Command, CommandIO } from './types.js';
import { stagePolling, waitingFor } from './waiting.js';

/** Statuses a rerun may select; `unknown` only with --include-unknown (it may have started). */
const RERUNNABLE = ['failed', 'timed_out', 'aborted', 'unknown'] as const;
type Rerunnable = (typeof RERUNNABLE)[number];

export interface RerunOptions extends FollowOptions {
  readonly folder: string;
  readonly only: readonly Rerunnable[];
  readonly includeUnknown: boolean;
  readonly out?: string;
  readonly force?: boolean;
  readonly dryRun?: boolean;
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

/**
 * `rerun RUN_FOLDER`: a new run that sends again, exactly as recorded (same backups, same targets), the
 * restores of an earlier run that did not complete; its report names the earlier run (`rerunOf`).
 */
export const rerun: Command = async (args, io) => {
  const options = commandLine(rerunSpec, args, io, ({ values, positionals }): RerunOptions => {
    if (values.region !== undefined) throw new UsageError('--region goes with --stage');
    const includeUnknown = values['include-unknown'] === true;
    const { only, out } = values;
    return {
      folder: onePositional(positionals, 'RUN_FOLDER'),
      only: rerunStatuses(typeof only === 'string' ? only : undefined, includeUnknown),
      includeUnknown,
      ...(typeof out === 'string' ? { out } : {}),
      ...(values.force === true ? { force: true } : {}),
      ...(values['dry-run'] === true ? { dryRun: true } : {}),
      ...followOptions(values),
    };
  });
  return typeof options === 'number' ? options : interruptible(io, (signal) => runRerun(options, io, signal));
};

export async function runRerun(options: RerunOptions, io: CommandIO, signal?: AbortSignal): Promise<number> {
  const out = new Output(io, 'text', false);
  const fail = (message: string): number => {
    out.error(`clumio-bulk-restore rerun: ${message}\n`);
    return EXIT_USAGE;
  };
  let opened;
  let reading: RunReading;
  let baseUrl: string;
  const override = baseUrlOverride(options.baseUrl, io.env);
  try {
    opened = await openRunFolder(options.folder);
    reading = await readRun(opened.files);
    baseUrl = await localBaseUrl(override?.baseUrl, reading.plannedRun);
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

  const settings = clientSettings('rerun', io);
  if (settings === undefined) return EXIT_USAGE;
  const run = await prepareLocalRun(token, settings, io, options.out);
  const refused = await claimRunFolder(run.runFolder, options.force === true);
  if (refused !== undefined) return fail(refused);
  await folderRunFiles(run.runFolder, run.runId).putJson(runLayout.rerunRecords, choice.records);
  const location = { baseUrl, source: override?.source ?? "the earlier run's" };
  const waiting = waitingFor(await stagePolling(isLoopback(baseUrl)), options);
  out.say(`run ${run.runId}: ${run.runFolder}\n`);
  out.say(`Clumio at ${location.baseUrl} (from ${location.source})\n${waiting.text}\n`);
  const explicitUrl =
    override !== undefined ? normaliseBaseUrl(override.baseUrl) : reading.plannedRun?.baseUrl;
  const input = {
    rerun_of: { run_id: opened.runId, restores: choice.indexes },
    ...(explicitUrl ? { base_url: explicitUrl } : {}),
    ...(options.dryRun === true ? { dry_run: true } : {}),
  };
  return executeRun(input, {
    run,
    location,
    waiting,
    out,
    ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(signal !== undefined ? { signal } : {}),
  });
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
