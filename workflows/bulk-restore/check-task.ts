import { ClumioAuthError, type ClumioClient } from '../../clumio/index.js';
import { coveredSeconds, waitBeforePoll } from '../../core/polling.js';
import { endLine, tokenRefused, type EndLogger } from './restore-log.js';
import type { RestoreProgress } from './state.js';

/** CheckTask: one read of the task, and the next wait of the polling schedule. */
export async function checkTask(
  progress: RestoreProgress,
  client: ClumioClient,
  log: EndLogger,
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
  let next: RestoreProgress;
  if (task.status === 'completed') {
    next = { ...progress, polls, status: 'completed', error: null };
  } else if (task.status === 'failed') {
    next = { ...progress, polls, status: 'failed', error: `Clumio task ${taskId} ended failed` };
  } else if (task.status === 'aborted') {
    next = { ...progress, polls, status: 'aborted', error: `Clumio task ${taskId} was aborted` };
  } else if (polls >= progress.polling.maxAttempts) {
    const waited = coveredSeconds(polls, progress.polling);
    next = {
      ...progress,
      polls,
      status: 'timed_out',
      error: `Clumio task ${taskId} was still ${task.status} after ${polls} polls over ${waited} s (pollingMaxAttempts)`,
    };
  } else {
    return { ...progress, polls, waitSeconds: waitBeforePoll(polls + 1, progress.polling) };
  }
  endLine(next, log);
  return next;
}
