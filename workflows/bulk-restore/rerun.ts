import type { ClumioClient, Task } from '../../clumio/index.js';
import type { RestoreRecord } from '../../core/records.js';
import { currentOutcomes, type RunReading, type TaskReading } from './run-view.js';

/** The restores a rerun sends again, verbatim from the earlier plan, and what was checked on the way. */
export interface RerunChoice {
  /** Plan indexes in the earlier run. */
  readonly indexes: number[];
  /** The earlier plan's records at those indexes, unchanged: the same backups, targets and bodies. */
  readonly records: RestoreRecord[];
  readonly byStatus: Record<string, number>;
  /** One line per unknown restore: whether Clumio shows it started, and so whether it is rerun. */
  readonly checks: string[];
}

export interface RerunSelection {
  readonly statuses: readonly string[];
  /** Clumio's view of the tasks not ended (readTasks), so a restore still going is never rerun. */
  readonly tasks: ReadonlyMap<string, TaskReading>;
  /** Lists Clumio's restore tasks when an unknown restore is to be rerun. */
  readonly client: ClumioClient;
}

/** A restore task as the task list has it (clumio-api §9.1). */
interface ListedTask extends Task {
  readonly primary_entity?: { readonly id?: string; readonly value?: string };
}

/** Clocks differ: a task Clumio created a little before the intent's own time is still that request's. */
const CLOCK_SLACK_MS = 5 * 60 * 1000;

/**
 * Picks the restores whose current status is one of `statuses`. An `unknown` one may have started: it
 * is taken only when Clumio lists no restore task of the same source resource created since its request
 * was sent (GET /tasks filtered by category, primary entity and creation time, clumio-api §9.2).
 */
export async function chooseRerun(run: RunReading, selection: RerunSelection): Promise<RerunChoice> {
  const outcomes = currentOutcomes(run, { tasks: selection.tasks, notStarted: 'not started' });
  const choice: RerunChoice = { indexes: [], records: [], byStatus: {}, checks: [] };
  for (const outcome of outcomes) {
    if (!selection.statuses.includes(outcome.status)) continue;
    const record = run.records[outcome.index] as RestoreRecord;
    if (outcome.status === 'unknown') {
      const since = run.journal.get(outcome.index)?.intentAt ?? run.plannedRun?.startedAt;
      const found = await restoreTasksSince(selection.client, record, since);
      const what = `restore ${outcome.index + 1} (${record.resourceType} ${record.source.resourceNativeId ?? record.source.resourceId})`;
      if ('error' in found) {
        choice.checks.push(`${what}: not rerun: Clumio's restore tasks could not be listed: ${found.error}`);
        continue;
      }
      if (found.tasks.length > 0) {
        const listed = found.tasks.map((t) => `${t.id} (${t.status}, created ${t.created_timestamp ?? '?'})`);
        choice.checks.push(
          `${what}: not rerun: Clumio shows restore task ${listed.join(', ')} of the same resource since its request at ${since}`,
        );
        continue;
      }
      choice.checks.push(
        `${what}: rerun: Clumio shows no restore task of the same resource since its request at ${since}`,
      );
    }
    choice.indexes.push(outcome.index);
    choice.records.push(record);
    choice.byStatus[outcome.status] = (choice.byStatus[outcome.status] ?? 0) + 1;
  }
  return choice;
}

async function restoreTasksSince(
  client: ClumioClient,
  record: RestoreRecord,
  since: string | undefined,
): Promise<{ tasks: ListedTask[] } | { error: string }> {
  const from = new Date(Date.parse(since ?? '') - CLOCK_SLACK_MS);
  try {
    const tasks = await client.listAll<ListedTask>('tasks', {
      filter: {
        category: { $in: ['restore'] },
        'primary_entity.id': { $contains: record.source.resourceId },
        ...(Number.isNaN(from.getTime())
          ? {}
          : { created_timestamp: { $gte: from.toISOString().replace(/\.\d{3}Z$/, 'Z') } }),
      },
    });
    return { tasks: tasks.filter((t) => t.primary_entity?.id === record.source.resourceId) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
