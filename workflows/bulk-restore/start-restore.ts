import {
  ClumioError,
  ClumioOutcomeUnknownError,
  ClumioThrottledError,
  redact,
  type ClumioClient,
} from '../../clumio/index.js';
import { waitBeforePoll } from '../../core/polling.js';
import { endLine, tokenRefused, type EndLogger } from './restore-log.js';
import type { RestoreItem, RestoreProgress } from './state.js';

/**
 * StartRestore: the one POST of a restore. Any failure after sending is `unknown`, never a second POST.
 * A POST still throttled after every client retry is thrown: Clumio did not act on any attempt (a 429 is
 * not processed), so the state machine retries the step later (its Retry on ClumioThrottledError).
 */
export async function startRestore(
  item: RestoreItem,
  client: ClumioClient,
  log: EndLogger,
  now: () => Date = () => new Date(),
): Promise<RestoreProgress> {
  const base = {
    ...item,
    taskId: null,
    polls: 0,
    startedAt: null,
    endedAt: null,
    waitSeconds: 0,
    tokenRefused: false,
  };
  try {
    const { taskId } = await client.startRestore(item.record.request.endpoint, item.record.request.body);
    return {
      ...base,
      status: 'started',
      taskId,
      error: null,
      // Until a read of the task says when Clumio started it: when it accepted the request.
      startedAt: now().toISOString(),
      waitSeconds: waitBeforePoll(1, item.polling),
    };
  } catch (error) {
    if (!(error instanceof ClumioError) || error instanceof ClumioThrottledError) throw error;
    const status = error instanceof ClumioOutcomeUnknownError ? 'unknown' : 'failed';
    const reason =
      error instanceof ClumioOutcomeUnknownError ? error.message : `not started: ${error.message}`;
    const ended: RestoreProgress = {
      ...base,
      status,
      error: redact(reason),
      tokenRefused: tokenRefused(error),
    };
    endLine(ended, log);
    return ended;
  }
}
