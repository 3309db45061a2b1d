import { ClumioAuthError } from '../../clumio/index.js';
import type { RestoreProgress } from './state.js';

/** Where a Restore child logs the one structured line that tells how its restore ended. */
export interface EndLogger {
  info(message: string, attributes: Record<string, unknown>): void;
}

/** The line a Restore child logs when its restore ends: status, source and target, so CloudWatch tells the story. */
export function endLine(progress: RestoreProgress, log: EndLogger): void {
  const { record } = progress;
  log.info('restore ended', {
    runId: progress.runId,
    index: progress.index,
    status: progress.status,
    resourceType: record.resourceType,
    source: record.source,
    target: record.target,
    taskId: progress.taskId,
    error: progress.error,
    polls: progress.polls,
  });
}

/** A 401: the token is dead for the whole run, not only for this request (a 403 may concern one target). */
export function tokenRefused(error: unknown): boolean {
  return error instanceof ClumioAuthError && error.status === 401;
}
