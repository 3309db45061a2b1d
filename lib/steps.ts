import {
  ClumioAuthError,
  ClumioError,
  ClumioOutcomeUnknownError,
  ClumioThrottledError,
  redact,
  type ClumioClient,
} from '../clumio/index.js';
import { decodeRestoreInput, type RestoreInput } from '../schemas/index.js';
import { describeProblems, InvalidInput, PlanFailed, PlanTooLarge } from './errors.js';
import { planContext, planRun } from './plan.js';
import { coveredSeconds, waitBeforePoll } from './polling.js';
import type { NoBackupEntry, RestoreRecord } from './records.js';
import { renderReportHtml } from './report-html.js';
import { buildReport, reportCsv, type Report, type RestoreResult, type RunFailureReport } from './report.js';
import {
  GROUPS_PER_CHUNK,
  type FailureReportEvent,
  type FinalizePlanEvent,
  type PlanChunkEvent,
  type PlanChunkResult,
  type PlannedRun,
  type ReportEvent,
  type ReportSummary,
  type RestoreItem,
  type RestoreProgress,
  type RunState,
} from './run-state.js';
import { RunFileError, runKeyOf, type RunFiles } from './run-store.js';

/**
 * The logic of each bulkRestore step, one function per Lambda; handlers only wire configuration in.
 * Every function is idempotent on its inputs (Step Functions may retry a Lambda) except startRestore,
 * which is retried only for Lambda service errors (DESIGN §7).
 */

export interface EndLogger {
  info(message: string, attributes: Record<string, unknown>): void;
}

const INPUT_KEY = 'input.json';
const PLAN_KEY = 'plan.json';
const NO_BACKUP_KEY = 'no-backup.json';
const chunkKey = (index: number) => `plan-chunks/${index}.json`;

interface StoredChunk {
  readonly records: readonly RestoreRecord[];
  readonly noBackup: readonly NoBackupEntry[];
  readonly problems: readonly { path: string; message: string }[];
}

/**
 * Validate: decode everything (no Clumio call for an invalid input), then one request that proves Clumio
 * can be reached and accepts the token, and only then keep the normalised input (without any token) in
 * the run store: a run that cannot proceed leaves nothing behind but its report.
 */
export async function validateRun(
  input: unknown,
  run: { runId: string; startedAt: string; defaultMaxRestores: number; inLambda: boolean },
  files: RunFiles,
  clientFor: (baseUrl: string | null) => ClumioClient,
): Promise<RunState> {
  const decoded = decodeRestoreInput(input);
  if (!decoded.ok) throw new InvalidInput(describeProblems(decoded.problems));
  const { clumioToken, ...document } = decoded.value;
  const warnings = decoded.warnings.map((w) => `${w.path}: ${w.message}`);
  if (clumioToken !== undefined && run.inLambda) {
    // A token in an execution input is readable by anyone who can read the execution's history.
    warnings.push('clumio_token: ignored; the deployed service reads the token from its secret only');
  }
  await clientFor(document.baseUrl ?? null).checkAccess();
  await files.putJson(INPUT_KEY, document);
  const groupCount = document.groups.length;
  const chunks = [];
  for (let first = 0, index = 0; first < groupCount; first += GROUPS_PER_CHUNK, index++) {
    chunks.push({ index, firstGroup: first, groupCount: Math.min(GROUPS_PER_CHUNK, groupCount - first) });
  }
  return {
    runId: run.runId,
    startedAt: run.startedAt,
    dryRun: document.dryRun,
    maxRestores: document.maxRestores ?? run.defaultMaxRestores,
    baseUrl: document.baseUrl ?? null,
    groupCount,
    chunks,
    warnings,
  };
}

/** Plan, one chunk of groups: discovery and request building, written to the run store. */
export async function planChunk(
  event: PlanChunkEvent,
  files: RunFiles,
  client: ClumioClient,
  now: Date = new Date(event.startedAt),
): Promise<PlanChunkResult> {
  const input = await files.getJson<RestoreInput>(INPUT_KEY);
  const { firstGroup, groupCount } = event.chunk;
  const groups = input.groups.slice(firstGroup, firstGroup + groupCount);
  const plan = await planRun({ ...input, groups }, planContext(client, { now }));
  const stored: StoredChunk = plan;
  await files.putJson(chunkKey(event.chunk.index), stored);
  return {
    index: event.chunk.index,
    records: plan.records.length,
    noBackup: plan.noBackup.length,
    problems: plan.problems.length,
  };
}

/** FinalizePlan: one plan.json for the Restore map, and the guards that stop a run before it restores. */
export async function finalizePlan(event: FinalizePlanEvent, files: RunFiles): Promise<PlannedRun> {
  const { chunkResults: _counts, ...run } = event;
  const chunks = await Promise.all(run.chunks.map((c) => files.getJson<StoredChunk>(chunkKey(c.index))));
  const problems = chunks.flatMap((c) => c.problems);
  if (problems.length > 0) throw new PlanFailed(describeProblems(problems));
  const records = chunks.flatMap((c) => c.records);
  const noBackup = chunks.flatMap((c) => c.noBackup);
  await files.putJson(PLAN_KEY, records);
  await files.putJson(NO_BACKUP_KEY, noBackup);
  if (records.length > run.maxRestores) {
    throw new PlanTooLarge(
      `the plan holds ${records.length} restores, more than the ${run.maxRestores} this run allows ` +
        `(raise max_restores in the input, or the stage param maxRestoresPerRun); nothing was restored; ` +
        `the plan is at ${files.where(PLAN_KEY)}`,
    );
  }
  return {
    ...run,
    planned: records.length,
    noBackup: noBackup.length,
    plan: files.locate(PLAN_KEY),
    results: files.locate('results'),
  };
}

function endLine(progress: RestoreProgress, log: EndLogger): void {
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
function tokenRefused(error: unknown): boolean {
  return error instanceof ClumioAuthError && error.status === 401;
}

/**
 * StartRestore: the one POST of a restore. Any failure after sending is `unknown`, never a second POST.
 * A POST still throttled after every client retry is thrown: Clumio did not act on any attempt (a 429 is
 * not processed), so the state machine retries the step later (its Retry on ClumioThrottledError).
 */
export async function startRestore(
  item: RestoreItem,
  client: ClumioClient,
  log: EndLogger,
): Promise<RestoreProgress> {
  const base = { ...item, taskId: null, polls: 0, waitSeconds: 0, tokenRefused: false };
  try {
    const { taskId } = await client.startRestore(item.record.request.endpoint, item.record.request.body);
    return { ...base, status: 'started', taskId, error: null, waitSeconds: waitBeforePoll(1, item.polling) };
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
  } else if (task.status === 'failed' || task.status === 'aborted') {
    next = { ...progress, polls, status: 'failed', error: `Clumio task ${taskId} ended ${task.status}` };
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

interface ResultFileEntry {
  readonly Input?: string;
  readonly Output?: string;
  readonly Status?: string;
  readonly Error?: string;
  readonly Cause?: string;
}

interface ResultManifest {
  readonly ResultFiles?: Readonly<Record<string, readonly { readonly Key: string }[]>>;
}

/** The results the Restore map wrote (AWS ResultWriter layout: manifest.json, then SUCCEEDED/FAILED files). */
async function readResults(
  run: PlannedRun,
  output: ReportEvent['restore'],
  files: RunFiles,
): Promise<RestoreResult[]> {
  if (output === undefined) return [];
  const manifest = await files.getJson<ResultManifest>(runKeyOf(run.runId, output.ResultWriterDetails.Key));
  const results: RestoreResult[] = [];
  for (const [status, entries] of Object.entries(manifest.ResultFiles ?? {})) {
    for (const { Key } of entries) {
      for (const entry of await files.getJson<readonly ResultFileEntry[]>(runKeyOf(run.runId, Key))) {
        if (status === 'SUCCEEDED' && entry.Output !== undefined) {
          results.push(JSON.parse(entry.Output) as RestoreResult);
        } else if (entry.Input !== undefined) {
          // A child execution that failed outright: its restore may or may not have started.
          const { index } = JSON.parse(entry.Input) as { index: number };
          results.push({
            index,
            status: 'unknown',
            error:
              `the restore's execution ended ${entry.Status ?? status}: ${entry.Error ?? ''} ${entry.Cause ?? ''}`.trim(),
          });
        }
      }
    }
  }
  return results;
}

/** Report: every record with its outcome, as report.json and report.csv in the run store. */
export async function reportRun(
  event: ReportEvent,
  files: RunFiles,
  version: string,
  finishedAt: Date = new Date(),
): Promise<ReportSummary> {
  const { restore, ...run } = event;
  const [records, noBackup, results] = await Promise.all([
    files.getJson<RestoreRecord[]>(PLAN_KEY),
    files.getJson<NoBackupEntry[]>(NO_BACKUP_KEY),
    readResults(run, restore, files),
  ]);
  const report = buildReport({
    version,
    runId: run.runId,
    dryRun: run.dryRun,
    startedAt: run.startedAt,
    finishedAt: finishedAt.toISOString(),
    records,
    results,
    noBackup,
  });
  const { counts } = report;
  const incomplete = report.dryRun ? 0 : counts.failed + counts.timed_out + counts.unknown;
  const outcome =
    `${incomplete} of ${counts.planned} restores did not complete (${counts.failed} failed, ` +
    `${counts.timed_out} timed out, ${counts.unknown} unknown); report: ${files.where('report.json')}`;
  const refused = results.filter((r) => r.tokenRefused === true);
  const notStarted = refused.filter((r) => r.status === 'failed').length;
  const summary =
    refused.length === 0
      ? outcome
      : `Clumio refused the API token during the run (expired or revoked); no further request was sent ` +
        `with it: ${notStarted} restores were not started and ${refused.length - notStarted} ` +
        `started ones can no longer be followed; ${outcome}`;
  const failure = refused.length === 0 ? undefined : { error: 'ClumioAuthError', cause: summary };
  await writeReport(files, failure === undefined ? report : { ...report, failure }, files.where(INPUT_KEY));
  return {
    runId: run.runId,
    counts,
    incomplete,
    tokenRefused: refused.length,
    report: files.where('report.json'),
    csv: files.where('report.csv'),
    summary,
  };
}

/** report.json, report.csv and report.html; `inputSource` is where the run's input is kept, when it is. */
async function writeReport(files: RunFiles, report: Report, inputSource?: string): Promise<void> {
  await files.putJson('report.json', report);
  await files.putText('report.csv', reportCsv(report), 'text/csv');
  await files.putText(
    'report.html',
    renderReportHtml(report, inputSource === undefined ? {} : { inputSource }),
    'text/html; charset=utf-8',
  );
}

/** The text of a Catch's Cause: a Lambda error's Cause is JSON (`errorType`, `errorMessage`, `trace`). */
export function causeText(cause: string | undefined): string {
  if (cause === undefined) return '';
  try {
    const parsed: unknown = JSON.parse(cause);
    const message = (parsed as { errorMessage?: unknown } | null)?.errorMessage;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: the cause is the message itself (Fail states, the local runner).
  }
  return cause;
}

/**
 * ReportFailure: a run that cannot proceed (invalid input, Clumio unreachable or refusing the token, a
 * plan refused) still gets report.json and report.csv: no restores, and the error it fails with.
 */
export async function reportFailure(
  event: FailureReportEvent,
  files: RunFiles,
  version: string,
  finishedAt: Date = new Date(),
): Promise<ReportSummary> {
  const input = await files.getJson<RestoreInput>(INPUT_KEY).catch((error: unknown) => {
    if (error instanceof RunFileError && error.reason === 'missing') return undefined;
    throw error;
  });
  const failure: RunFailureReport = {
    error: event.failure.Error ?? 'States.Runtime',
    cause: redact(causeText(event.failure.Cause)),
  };
  const report = buildReport({
    version,
    runId: event.runId,
    dryRun: input?.dryRun ?? false,
    startedAt: event.startedAt,
    finishedAt: finishedAt.toISOString(),
    records: [],
    results: [],
    noBackup: [],
    failure,
  });
  await writeReport(files, report, input === undefined ? undefined : files.where(INPUT_KEY));
  return {
    runId: event.runId,
    counts: report.counts,
    incomplete: 0,
    tokenRefused: 0,
    report: files.where('report.json'),
    csv: files.where('report.csv'),
    summary: `${failure.error}: ${failure.cause}`,
  };
}
