import type { RestoreEndpointName } from '../../clumio/index.js';
import { runLayout } from '../run-layout.js';
import { RunFileError, type RunFiles } from '../run-store.js';

/**
 * The journal of starts: one run-store file per restore (`tasks/<index>.json`), written by StartRestore
 * right before its POST (the intent) and right after Clumio's answer. Whatever stops a run (Ctrl-C,
 * kill -9, a stopped execution, a killed Lambda), every task id Clumio gave is in it, and a restore
 * whose answer never arrived is known to have been sent.
 */
export interface JournalEntry {
  /** Position of the record in plan.json. */
  readonly index: number;
  readonly endpoint: RestoreEndpointName;
  /** When the POST was about to be sent. */
  readonly intentAt: string;
  /** Clumio accepted the restore. */
  readonly taskId?: string;
  readonly acceptedAt?: string;
  /** Clumio refused it (4xx, token refused): nothing started; a later attempt would be refused again. */
  readonly rejected?: string;
  /** Nothing reached Clumio or it did not act (429 on every attempt, the run stopped): it may be sent later. */
  readonly notSent?: string;
  /** The request may have reached Clumio but its answer was lost: never sent again. */
  readonly unknown?: string;
}

/** What a journal entry says about its restore. */
export type JournalState = 'accepted' | 'rejected' | 'not-sent' | 'unknown' | 'sent';

/** `sent`: the intent alone, the POST in flight or its process stopped before the answer was recorded. */
export function journalState(entry: JournalEntry): JournalState {
  if (entry.taskId !== undefined) return 'accepted';
  if (entry.rejected !== undefined) return 'rejected';
  if (entry.unknown !== undefined) return 'unknown';
  if (entry.notSent !== undefined) return 'not-sent';
  return 'sent';
}

/** The journal entry of one restore, or undefined when StartRestore never wrote one. */
export async function readJournalEntry(files: RunFiles, index: number): Promise<JournalEntry | undefined> {
  return files.getJson<JournalEntry>(runLayout.task(index)).catch(missingIsUndefined);
}

export async function writeJournalEntry(files: RunFiles, entry: JournalEntry): Promise<void> {
  await files.putJson(runLayout.task(entry.index), entry);
}

/** Reads at once from the run store (S3: parallel GETs) without opening thousands of requests together. */
const READ_CONCURRENCY = 32;

/** Every journal entry of a run, by plan index. */
export async function readJournal(files: RunFiles): Promise<Map<number, JournalEntry>> {
  const keys = (await files.list(runLayout.tasks)).filter((key) => /^tasks\/\d+\.json$/.test(key));
  return readEntries(keys, (key) => files.getJson<JournalEntry>(key));
}

/**
 * The journal entries of these plan indexes, those that have one: one read each, so a run whose results
 * all carry their task ids reads none (a whole journal is a GET per restore).
 */
export async function readJournalEntries(
  files: RunFiles,
  indexes: readonly number[],
): Promise<Map<number, JournalEntry>> {
  return readEntries(indexes, (index) => readJournalEntry(files, index));
}

async function readEntries<T>(
  from: readonly T[],
  read: (item: T) => Promise<JournalEntry | undefined>,
): Promise<Map<number, JournalEntry>> {
  const entries = new Map<number, JournalEntry>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < from.length) {
      const entry = await read(from[next++] as T);
      if (entry !== undefined) entries.set(entry.index, entry);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, from.length) }, worker));
  return entries;
}

/** Why and when a run was stopped: StartRestore starts nothing once this is in the run store. */
export interface StopRequest {
  readonly at: string;
  readonly reason: string;
}

export async function readStop(files: RunFiles): Promise<StopRequest | undefined> {
  return files.getJson<StopRequest>(runLayout.stop).catch(missingIsUndefined);
}

export async function writeStop(files: RunFiles, stop: StopRequest): Promise<void> {
  await files.putJson(runLayout.stop, stop);
}

function missingIsUndefined(error: unknown): undefined {
  if (error instanceof RunFileError && error.reason === 'missing') return undefined;
  throw error;
}
