import { setTimeout as sleep } from 'node:timers/promises';
import { ClumioHttpError, type ClumioClient } from '../../clumio/index.js';
import type { RunFiles } from '../run-store.js';
import { journalState, writeStop } from './journal.js';
import { readRun, type RunReading, type TaskReading } from './run-view.js';

/** How aborting one Clumio task went. */
export interface TaskAbort {
  readonly taskId: string;
  /** The task as Clumio answered (`aborting`), as it is now when it had ended, or why neither is known. */
  readonly reading: TaskReading;
  readonly outcome: 'aborted' | 'already-ended' | 'not-aborted';
}

const ABORTS_AT_ONCE = 8;

/** One PATCH per task; a task that had already ended is read to say how it ended. */
export async function abortTasks(client: ClumioClient, ids: readonly string[]): Promise<TaskAbort[]> {
  const out: TaskAbort[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const taskId = ids[next++] as string;
      out.push(await abortOne(client, taskId));
    }
  };
  await Promise.all(Array.from({ length: Math.min(ABORTS_AT_ONCE, ids.length) }, worker));
  return out;
}

async function abortOne(client: ClumioClient, taskId: string): Promise<TaskAbort> {
  try {
    return { taskId, reading: await client.abortTask(taskId), outcome: 'aborted' };
  } catch (error) {
    const message = (error as Error).message;
    // 400: Clumio aborts only queued or in_progress tasks; read how this one ended.
    if (error instanceof ClumioHttpError && error.status === 400) {
      const task = await client.readTask(taskId).catch(() => undefined);
      if (task !== undefined && task.status !== 'queued' && task.status !== 'in_progress') {
        return { taskId, reading: task, outcome: 'already-ended' };
      }
    }
    return {
      taskId,
      reading: { error: `Clumio task ${taskId} could not be aborted: ${message}` },
      outcome: 'not-aborted',
    };
  }
}

export interface StopOptions {
  readonly reason: string;
  readonly now?: () => Date;
  /**
   * How long a restore request may still be in flight after its intent was written: StartRestore's own
   * time limit (serverless.yml: 180 s). Intents older than that without an answer will not get one.
   */
  readonly inFlightMs?: number;
  /** Told once when it waits for requests in flight. */
  readonly onWait?: (count: number) => void;
  /** Runs once the stop is written, before waiting (deployed: the execution is stopped). */
  readonly afterStop?: () => Promise<void>;
}

/**
 * Stops a run from starting anything more, then reads it once every request already in flight has its
 * answer recorded: the stop is written before the journal is read, and StartRestore checks the stop
 * after writing its intent, so every restore either shows up here or never starts.
 */
export async function stopRun(files: RunFiles, options: StopOptions): Promise<RunReading> {
  const now = options.now ?? (() => new Date());
  const inFlightMs = options.inFlightMs ?? 180_000;
  await writeStop(files, { at: now().toISOString(), reason: options.reason });
  await options.afterStop?.();
  let told = false;
  for (;;) {
    const reading = await readRun(files);
    const inFlight = [...reading.journal.values()].filter(
      (entry) => journalState(entry) === 'sent' && now().getTime() - Date.parse(entry.intentAt) < inFlightMs,
    );
    if (inFlight.length === 0) return reading;
    if (!told) options.onWait?.(inFlight.length);
    told = true;
    await sleep(1000);
  }
}
