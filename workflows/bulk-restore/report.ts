import type { NoBackupEntry, RestoreRecord } from '../../core/records.js';
import { readMapResults } from '../map-results.js';
import { readJournalEntries, type JournalEntry } from './journal.js';
import { resultOf } from './run-view.js';
import { buildReport, notPlannedError, type Report, type RestoreResult } from '../report.js';
import { writeReportFiles } from '../report-files.js';
import { runLayout } from '../run-layout.js';
import type { RunFiles } from '../run-store.js';
import type { ReportEvent, ReportSummary, UnplannedGroups } from './state.js';

/** The results the Restore map wrote, one per child; a child that failed outright may or may not have started. */
async function readResults(output: ReportEvent['restore'], files: RunFiles): Promise<RestoreResult[]> {
  if (output === undefined) return [];
  const entries = await readMapResults(files, output.ResultWriterDetails.Key);
  return entries.map(resultOf).filter((result) => result !== undefined);
}

/** The plan indexes whose result has no task id, or that have no result: the journal may know it. */
function withoutTaskId(results: readonly RestoreResult[], planned: number): number[] {
  const known = new Set(results.filter((r) => (r.taskId ?? null) !== null).map((r) => r.index));
  return Array.from({ length: planned }, (_, index) => index).filter((index) => !known.has(index));
}

/**
 * The journal's task ids joined to the results: a child that ended without one (its Lambda died after
 * Clumio accepted the restore) still shows which Clumio task is its restore.
 */
function withTaskIds(
  results: readonly RestoreResult[],
  journal: ReadonlyMap<number, JournalEntry>,
  planned: number,
): RestoreResult[] {
  const seen = new Set(results.map((r) => r.index));
  const joined = results.map((result): RestoreResult => {
    const taskId = journal.get(result.index)?.taskId;
    if ((result.taskId ?? null) !== null || taskId === undefined) return result;
    // "Not started" from a step whose Lambda failed after the handler ran: the journal knows better.
    if (result.status === 'failed') {
      return {
        ...result,
        status: 'unknown',
        taskId,
        error: `${result.error ?? 'failed'}; yet Clumio had accepted it as task ${taskId} (status reads it)`,
      };
    }
    return { ...result, taskId };
  });
  for (const [index, entry] of journal) {
    if (seen.has(index) || entry.taskId === undefined || index >= planned) continue;
    joined.push({
      index,
      status: 'unknown',
      taskId: entry.taskId,
      error: `no result was recorded for this restore; Clumio accepted it as task ${entry.taskId}`,
    });
  }
  return joined;
}

/** "1 group" / "2 groups". */
function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The first few items of a list, then how many more. */
function listed(items: readonly string[], limit = 10): string {
  const more = items.length > limit ? `; … and ${items.length - limit} more` : '';
  return items.slice(0, limit).join('; ') + more;
}

/**
 * The run's one-line outcome (the execution's failure cause): what did not complete, which groups
 * matched nothing or could not be planned, and where the report is.
 */
function outcomeText(report: Report, unplanned: UnplannedGroups, incomplete: number, where: string): string {
  const { counts } = report;
  const parts: string[] = [];
  if (!report.dryRun) {
    parts.push(
      `${incomplete} of ${count(counts.planned, 'restore')} did not complete (${counts.failed} failed, ` +
        `${counts.timed_out} timed out, ${counts.unknown} unknown` +
        `${counts.aborted > 0 ? `, ${counts.aborted} aborted` : ''})`,
    );
  }
  if (counts.not_planned > 0) {
    const skipped = counts.not_planned === 1 ? 'was skipped' : 'were skipped';
    const how = report.dryRun ? 'cannot be planned' : `could not be planned and ${skipped}`;
    parts.push(
      `${count(counts.not_planned, 'group')} ${how}: ${listed(unplanned.notPlanned.map(notPlannedError))}`,
    );
  }
  if (counts.no_match > 0) {
    const which = unplanned.noMatch.map((e) => `RestoreGroups[${e.groupIndex}] (${e.searched})`);
    parts.push(`${count(counts.no_match, 'group')} matched nothing: ${listed(which)}`);
  }
  parts.push(`report: ${where}`);
  return parts.join('; ');
}

/** Report: every record with its outcome, as report.json and report.csv in the run store. */
export async function reportRun(
  event: ReportEvent,
  files: RunFiles,
  version: string,
  finishedAt: Date = new Date(),
): Promise<ReportSummary> {
  const { restore, ...run } = event;
  const [records, noBackup, unplanned, mapResults] = await Promise.all([
    files.getJson<RestoreRecord[]>(runLayout.plan),
    files.getJson<NoBackupEntry[]>(runLayout.noBackup),
    files.getJson<UnplannedGroups>(runLayout.unplanned),
    readResults(restore, files),
  ]);
  // A dry run (no Restore map) started nothing, so it has no journal to read.
  const journal =
    restore === undefined
      ? new Map<number, JournalEntry>()
      : await readJournalEntries(files, withoutTaskId(mapResults, records.length));
  const results = withTaskIds(mapResults, journal, records.length);
  const report = buildReport({
    version,
    runId: run.runId,
    dryRun: run.dryRun,
    startedAt: run.startedAt,
    finishedAt: finishedAt.toISOString(),
    records,
    results,
    noBackup,
    noMatch: unplanned.noMatch,
    notPlanned: unplanned.notPlanned,
    ...(run.rerunOf !== undefined ? { rerunOf: run.rerunOf } : {}),
  });
  const { counts } = report;
  const incomplete = report.dryRun ? 0 : counts.failed + counts.timed_out + counts.unknown + counts.aborted;
  const outcome = outcomeText(report, unplanned, incomplete, files.where(runLayout.report));
  const refused = results.filter((r) => r.tokenRefused === true);
  const notStarted = refused.filter((r) => r.status === 'failed').length;
  const summary =
    refused.length === 0
      ? outcome
      : `Clumio refused the API token during the run (expired or revoked); no further request was sent ` +
        `with it: ${count(notStarted, 'restore')} ${notStarted === 1 ? 'was' : 'were'} not started and ` +
        `${refused.length - notStarted} started ${refused.length - notStarted === 1 ? 'one' : 'ones'} can no ` +
        `longer be followed; ${outcome}`;
  const failure = refused.length === 0 ? undefined : { error: 'ClumioAuthError', cause: summary };
  await writeReportFiles(
    files,
    failure === undefined ? report : { ...report, failure },
    files.where(runLayout.input),
  );
  return {
    runId: run.runId,
    counts,
    incomplete,
    noMatch: counts.no_match,
    notPlanned: counts.not_planned,
    planFailed: report.dryRun && !run.skipUnplannable && counts.not_planned > 0,
    tokenRefused: refused.length,
    report: files.where(runLayout.report),
    csv: files.where(runLayout.reportCsv),
    summary,
  };
}
