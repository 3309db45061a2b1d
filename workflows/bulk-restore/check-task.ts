import { ClumioAuthError, type ClumioClient } from '../../clumio/index.js';
import { coveredSeconds, waitBeforePoll } from '../../core/polling.js';
import { endLine, tokenRefused, type EndLogger } from './restore-log.js';
import type { RestoreProgress } from './state.js';

/** CheckTask: one read of the task, and the next wait of the polling schedule. */
export async function checkTask(
  progress: RestoreProgress,
  client: ClumioClient,
  log: EndLogger,
  now: () => Date = () => new Date(),
): Promise<RestoreProgress> {
  const taskId = progress.taskId ?? '';
  let task;
  try {
    task = await client.readTask(taskId);
  } catch (error) {
    // A refused token will not come back: stop polling; the restore itself may well go on.
    if (!(error instanceof ClumioAuthError)) throw error;
    const ended: RestoreProgress = {
      ...progress,
      status: 'unknown',
      error: `Clumio task ${taskId} can no longer be read: ${error.message}`,
      tokenRefused: tokenRefused(error),
    };
    endLine(ended, log);
    return ended;
  }
  const polls = progress.polls + 1;
  const startedAt = task.start_timestamp ?? progress.startedAt;
  // The task's own end time; when Clumio does not give one, the time of the read that saw the end.
  const endedAt = task.end_timestamp ?? now().toISOString();
  let next: RestoreProgress;
  if (task.status === 'completed') {
    next = { ...progress, polls, startedAt, endedAt, status: 'completed', error: null };
  } else if (task.status === 'failed' || task.status === 'aborted') {
    next = {
      ...progress,
      polls,
      startedAt,
      endedAt,
      status: 'failed',
      error: `Clumio task ${taskId} ended ${task.status}`,
    };
  } else if (polls >= progress.polling.maxAttempts) {
    const waited = coveredSeconds(polls, progress.polling);
    next = {
      ...progress,
      polls,
      startedAt,
      status: 'timed_out',
      error: `Clumio task ${taskId} was still ${task.status} after ${polls} polls over ${waited} s (pollingMaxAttempts)`,
    };
  } else {
    return { ...progress, polls, startedAt, waitSeconds: waitBeforePoll(polls + 1, progress.polling) };
  }
  endLine(next, log);
  return next;
}
