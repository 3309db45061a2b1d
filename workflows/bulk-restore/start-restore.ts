import {
  ClumioError,
  ClumioOutcomeUnknownError,
  ClumioThrottledError,
  redact,
  type ClumioClient,
} from '../../clumio/index.js';
import { waitBeforePoll } from '../../core/polling.js';
import type { RunFiles } from '../run-store.js';
import { journalState, readJournalEntry, readStop, writeJournalEntry, type JournalEntry } from './journal.js';
import { endLine, tokenRefused, type EndLogger } from './restore-log.js';
import type { RestoreItem, RestoreProgress } from './state.js';

/**
 * StartRestore: the one POST of a restore. Any failure after sending is `unknown`, never a second POST.
 * A POST still throttled after every client retry is thrown: Clumio did not act on any attempt (a 429 is
 * not processed), so the state machine retries the step later (its Retry on ClumioThrottledError).
 *
 * The journal (journal.ts) makes the step safe to run again for the same restore (a retried Lambda, a
 * resumed run): a restore Clumio accepted is followed by its recorded task id, one it refused stays
 * refused, and one whose request was sent without a recorded answer is `unknown`; none is POSTed again.
 */
export async function startRestore(
  item: RestoreItem,
  client: ClumioClient,
  log: EndLogger,
  files: RunFiles,
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
  const end = (status: RestoreProgress['status'], error: string, refused = false): RestoreProgress => {
    const ended: RestoreProgress = { ...base, status, error: redact(error), tokenRefused: refused };
    endLine(ended, log);
    return ended;
  };
  // Until a read of the task says when Clumio started it: when it accepted the request.
  const started = (taskId: string, acceptedAt: string): RestoreProgress => ({
    ...base,
    status: 'started',
    taskId,
    error: null,
    startedAt: acceptedAt,
    waitSeconds: waitBeforePoll(1, item.polling),
  });

  const recorded = await readJournalEntry(files, item.index);
  if (recorded !== undefined) {
    const state = journalState(recorded);
    if (state === 'accepted') {
      return started(recorded.taskId as string, recorded.acceptedAt ?? recorded.intentAt);
    }
    if (state === 'rejected') return end('failed', `not started: ${recorded.rejected}`);
    if (state === 'unknown' || state === 'sent') return end('unknown', sentWithoutAnswer(recorded));
  }

  const intent: JournalEntry = {
    index: item.index,
    endpoint: item.record.request.endpoint,
    intentAt: now().toISOString(),
  };
  await writeJournalEntry(files, intent);
  // Checked after the intent is written: an abort that wrote its stop first and then read the journal
  // either sees this intent or this check sees its stop, so no restore starts unseen by an abort.
  const stop = await readStop(files);
  if (stop !== undefined) {
    await writeJournalEntry(files, { ...intent, notSent: `the run was stopped: ${stop.reason}` });
    return end('aborted', `not started: the run was stopped (${stop.reason}) before this restore`);
  }

  let taskId: string;
  try {
    ({ taskId } = await client.startRestore(item.record.request.endpoint, item.record.request.body));
  } catch (error) {
    if (!(error instanceof ClumioError)) throw error;
    const reason = redact(error.message);
    if (error instanceof ClumioThrottledError) {
      await writeJournalEntry(files, { ...intent, notSent: reason });
      throw error;
    }
    if (error instanceof ClumioOutcomeUnknownError) {
      await journalQuietly(files, { ...intent, unknown: reason }, log);
      return end('unknown', reason);
    }
    await journalQuietly(files, { ...intent, rejected: reason }, log);
    return end('failed', `not started: ${reason}`, tokenRefused(error));
  }
  const acceptedAt = now().toISOString();
  await journalQuietly(files, { ...intent, taskId, acceptedAt }, log);
  return started(taskId, acceptedAt);
}

/** The answer is recorded in the step's output as well: a journal that cannot be written must not lose it. */
async function journalQuietly(files: RunFiles, entry: JournalEntry, log: EndLogger): Promise<void> {
  try {
    await writeJournalEntry(files, entry);
  } catch (error) {
    log.info('journal entry not written', {
      index: entry.index,
      taskId: entry.taskId,
      error: redact(String(error)),
    });
  }
}

/** Why a restore whose request was sent, without an answer on record, is `unknown`. */
export function sentWithoutAnswer(entry: JournalEntry): string {
  if (entry.unknown !== undefined) return `${entry.unknown}; not sent again`;
  return (
    `outcome unknown: the restore request was sent at ${entry.intentAt} and its answer was never ` +
    'recorded (the process or Lambda stopped); not sent again'
  );
}
