import { redact, type ClumioClient, type Task } from '../../clumio/index.js';
import { causeText } from '../errors.js';
import type { NoBackupEntry, RestoreRecord } from '../../core/records.js';
import { readMapResults, type MapResultEntry } from '../map-results.js';
import { buildReport, type Report, type RestoreOutcome, type RestoreResult } from '../report.js';
import { runLayout } from '../run-layout.js';
import { RunFileError, type RunFiles } from '../run-store.js';
import { journalState, readJournal, readStop, type JournalEntry, type StopRequest } from './journal.js';
import { sentWithoutAnswer } from './start-restore.js';
import type { PlannedRun, UnplannedGroups } from './state.js';

/**
 * A run as its run store has it at any moment, whatever stopped it: the plan, the journal of starts, the
 * results of every Restore map that ended, and Clumio's own view of the tasks not yet ended. What
 * `status`, `resume`, `abort`, an interrupted run's report and the Report step all read.
 */
export interface RunReading {
  /** FinalizePlan's output; undefined while (or when) the run never got past planning. */
  readonly plannedRun?: PlannedRun;
  readonly records: readonly RestoreRecord[];
  readonly noBackup: readonly NoBackupEntry[];
  /** The groups that restore nothing (matched nothing, or could not be planned). */
  readonly unplanned: UnplannedGroups;
  /** The most final result of each restore over every Restore map of the run (a resumed run has two). */
  readonly results: ReadonlyMap<number, RestoreResult>;
  readonly journal: ReadonlyMap<number, JournalEntry>;
  readonly stop?: StopRequest;
}

export async function readRun(files: RunFiles): Promise<RunReading> {
  const [plannedRun, records, noBackup, unplanned, results, journal, stop] = await Promise.all([
    optional(files.getJson<PlannedRun>(runLayout.plannedRun)),
    optional(files.getJson<RestoreRecord[]>(runLayout.plan)),
    optional(files.getJson<NoBackupEntry[]>(runLayout.noBackup)),
    optional(files.getJson<UnplannedGroups>(runLayout.unplanned)),
    readAllResults(files),
    readJournal(files),
    readStop(files),
  ]);
  return {
    ...(plannedRun !== undefined ? { plannedRun } : {}),
    records: records ?? [],
    noBackup: noBackup ?? [],
    unplanned: unplanned ?? { noMatch: [], notPlanned: [] },
    results,
    journal,
    ...(stop !== undefined ? { stop } : {}),
  };
}

/** `error`, followed by the Lambda error a Catch passed on: its name and the message of its Cause. */
function withFailure(result: RestoreResult): RestoreResult {
  const { failure, ...rest } = result;
  if (failure === undefined) return rest;
  const detail = `${failure.Error ?? 'States.Runtime'}: ${causeText(failure.Cause)}`;
  return { ...rest, error: redact(rest.error ? `${rest.error} (${detail})` : detail) };
}

/** One child's result; a child that ended outright (no output) still names its index in its input. */
export function resultOf(entry: MapResultEntry): RestoreResult | undefined {
  if (entry.section === 'SUCCEEDED' && entry.output !== undefined) {
    return withFailure(JSON.parse(entry.output) as RestoreResult);
  }
  if (entry.input === undefined) return undefined;
  const { index } = JSON.parse(entry.input) as { index: number };
  const why = entry.error === undefined ? '' : `: ${entry.error}: ${causeText(entry.cause)}`;
  return { index, status: 'unknown', error: redact(`the restore's execution ended ${entry.status}${why}`) };
}

/** Later knowledge wins: a restore that timed out in one map and completed in a resumed one completed. */
const finality: Readonly<Record<RestoreResult['status'], number>> = {
  unknown: 0,
  timed_out: 1,
  aborted: 2,
  failed: 2,
  completed: 3,
};

async function readAllResults(files: RunFiles): Promise<Map<number, RestoreResult>> {
  const manifests = (await files.list(`${runLayout.restoreResults}/`)).filter((key) =>
    key.endsWith('/manifest.json'),
  );
  const best = new Map<number, RestoreResult>();
  for (const manifest of manifests) {
    for (const entry of await readMapResults(files, files.locate(manifest).key)) {
      const result = resultOf(entry);
      if (result === undefined) continue;
      const known = best.get(result.index);
      if (known === undefined || finality[result.status] > finality[known.status]) {
        best.set(
          result.index,
          result.taskId === undefined && known?.taskId ? { ...result, taskId: known.taskId } : result,
        );
      }
    }
  }
  return best;
}

const ended = new Set<string>(['completed', 'failed', 'aborted']);

/** The task ids of the restores that have not ended as far as the run store knows: what Clumio is asked about. */
export function unfinishedTasks(run: RunReading): string[] {
  const ids: string[] = [];
  for (let index = 0; index < run.records.length; index++) {
    const result = run.results.get(index);
    if (result !== undefined && ended.has(result.status)) continue;
    const taskId = result?.taskId ?? run.journal.get(index)?.taskId;
    if (taskId !== undefined) ids.push(taskId);
  }
  return ids;
}

/** What reading a task gave: the task, or why it could not be read (the sentence a report shows). */
export type TaskReading = Task | { readonly error: string };

/** Tasks read at once: well inside Clumio's 100 requests/s once the client's own retries are counted. */
const TASK_READS = 8;

/** One GET per task, a few at a time; a task that cannot be read says why instead of failing the reading. */
export async function readTasks(
  client: ClumioClient,
  ids: readonly string[],
): Promise<Map<string, TaskReading>> {
  const out = new Map<string, TaskReading>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      try {
        out.set(id, await client.readTask(id));
      } catch (error) {
        out.set(id, { error: `Clumio task ${id} could not be read: ${(error as Error).message}` });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(TASK_READS, ids.length) }, worker));
  return out;
}

export interface OutcomeOptions {
  /** Clumio's tasks by id (readTasks); without them a started restore not yet ended is `running`. */
  readonly tasks?: ReadonlyMap<string, TaskReading>;
  /** The error shown on a restore never started (`planned`). */
  readonly notStarted: string;
}

/** Every restore of the plan, as of now. */
export function currentOutcomes(run: RunReading, options: OutcomeOptions): RestoreOutcome[] {
  return run.records.map((_, index) => outcomeOf(run, index, options));
}

function outcomeOf(run: RunReading, index: number, options: OutcomeOptions): RestoreOutcome {
  const result = run.results.get(index);
  const entry = run.journal.get(index);
  const taskId = result?.taskId ?? entry?.taskId;
  if (result !== undefined && ended.has(result.status)) {
    return taskId === undefined ? result : { ...result, taskId };
  }
  if (taskId !== undefined) {
    const task = options.tasks?.get(taskId);
    const previous = result?.error === undefined ? {} : { error: result.error };
    if (task === undefined) return { index, status: result?.status ?? 'running', taskId, ...previous };
    if ('error' in task) {
      return { index, status: result?.status ?? 'running', taskId, error: task.error };
    }
    return { index, taskId, ...taskOutcome(task, taskId, previous) };
  }
  if (entry !== undefined) {
    const state = journalState(entry);
    if (state === 'rejected') return { index, status: 'failed', error: `not started: ${entry.rejected}` };
    if (state === 'sent' || state === 'unknown')
      return { index, status: 'unknown', error: sentWithoutAnswer(entry) };
  }
  if (result !== undefined) return result;
  if (run.stop !== undefined) {
    return { index, status: 'aborted', error: `not started: the run was stopped (${run.stop.reason})` };
  }
  return { index, status: 'planned', error: options.notStarted };
}

function taskOutcome(
  task: Task,
  taskId: string,
  previous: { error?: string },
): Pick<RestoreOutcome, 'status' | 'error'> {
  switch (task.status) {
    case 'completed':
      return { status: 'completed' };
    case 'failed':
      return { status: 'failed', error: `Clumio task ${taskId} ended failed` };
    case 'aborted':
      return { status: 'aborted', error: `Clumio task ${taskId} was aborted` };
    case 'aborting':
      return { status: 'aborted', error: `Clumio task ${taskId} is aborting` };
    default:
      return { status: 'running', ...previous };
  }
}

async function optional<T>(read: Promise<T>): Promise<T | undefined> {
  return read.catch((error: unknown) => {
    if (error instanceof RunFileError && error.reason === 'missing') return undefined;
    throw error;
  });
}

export interface ReadingReport {
  readonly version: string;
  /** When the reading was made: the report's finishedAt. */
  readonly at: Date;
  readonly tasks?: ReadonlyMap<string, TaskReading>;
  readonly notStarted: string;
}

/** The report of a run as of a reading (status, abort, an interrupted run), in report.json's shape. */
export function readingReport(run: RunReading, runId: string, options: ReadingReport): Report {
  const planned = run.plannedRun;
  return buildReport({
    version: options.version,
    runId,
    dryRun: planned?.dryRun ?? false,
    startedAt: planned?.startedAt ?? options.at.toISOString(),
    finishedAt: options.at.toISOString(),
    records: run.records,
    results: currentOutcomes(run, {
      notStarted: options.notStarted,
      ...(options.tasks !== undefined ? { tasks: options.tasks } : {}),
    }),
    noBackup: run.noBackup,
    noMatch: run.unplanned.noMatch,
    notPlanned: run.unplanned.notPlanned,
    ...(planned?.rerunOf !== undefined ? { rerunOf: planned.rerunOf } : {}),
  });
}
