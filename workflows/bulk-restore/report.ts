import { redact } from '../../clumio/index.js';
import type { NoBackupEntry, RestoreRecord } from '../../core/records.js';
import { causeText } from '../errors.js';
import { readMapResults } from '../map-results.js';
import { buildReport, notPlannedError, type Report, type RestoreResult } from '../report.js';
import { writeReportFiles } from '../report-files.js';
import { runLayout } from '../run-layout.js';
import type { RunFiles } from '../run-store.js';
import type { ReportEvent, ReportSummary, UnplannedGroups } from './state.js';

/** `error`, followed by the Lambda error a Catch passed on: its name and the message of its Cause. */
function withFailure(result: RestoreResult): RestoreResult {
  const { failure, ...rest } = result;
  if (failure === undefined) return rest;
  const detail = `${failure.Error ?? 'States.Runtime'}: ${causeText(failure.Cause)}`;
  return { ...rest, error: redact(rest.error ? `${rest.error} (${detail})` : detail) };
}

/** The results the Restore map wrote, one per child; a child that failed outright may or may not have started. */
async function readResults(output: ReportEvent['restore'], files: RunFiles): Promise<RestoreResult[]> {
  if (output === undefined) return [];
  const results: RestoreResult[] = [];
  for (const entry of await readMapResults(files, output.ResultWriterDetails.Key)) {
    if (entry.section === 'SUCCEEDED' && entry.output !== undefined) {
      results.push(withFailure(JSON.parse(entry.output) as RestoreResult));
    } else if (entry.input !== undefined) {
      const { index } = JSON.parse(entry.input) as { index: number };
      const why = entry.error === undefined ? '' : `: ${entry.error}: ${causeText(entry.cause)}`;
      results.push({
        index,
        status: 'unknown',
        error: redact(`the restore's execution ended ${entry.status}${why}`),
      });
    }
  }
  return results;
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
        `${counts.timed_out} timed out, ${counts.unknown} unknown)`,
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
  const [records, noBackup, unplanned, results] = await Promise.all([
    files.getJson<RestoreRecord[]>(runLayout.plan),
    files.getJson<NoBackupEntry[]>(runLayout.noBackup),
    files.getJson<UnplannedGroups>(runLayout.unplanned),
    readResults(restore, files),
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
    noMatch: unplanned.noMatch,
    notPlanned: unplanned.notPlanned,
  });
  const { counts } = report;
  const incomplete = report.dryRun ? 0 : counts.failed + counts.timed_out + counts.unknown;
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
