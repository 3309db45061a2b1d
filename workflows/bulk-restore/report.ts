import { redact } from '../../clumio/index.js';
import type { NoBackupEntry, RestoreRecord } from '../../core/records.js';
import { causeText } from '../errors.js';
import { readMapResults } from '../map-results.js';
import { buildReport, type RestoreResult } from '../report.js';
import { writeReportFiles } from '../report-files.js';
import { runLayout } from '../run-layout.js';
import type { RunFiles } from '../run-store.js';
import type { ReportEvent, ReportSummary } from './state.js';

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

/** Report: every record with its outcome, as report.json and report.csv in the run store. */
export async function reportRun(
  event: ReportEvent,
  files: RunFiles,
  version: string,
  finishedAt: Date = new Date(),
): Promise<ReportSummary> {
  const { restore, ...run } = event;
  const [records, noBackup, results] = await Promise.all([
    files.getJson<RestoreRecord[]>(runLayout.plan),
    files.getJson<NoBackupEntry[]>(runLayout.noBackup),
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
  });
  const { counts } = report;
  const incomplete = report.dryRun ? 0 : counts.failed + counts.timed_out + counts.unknown;
  const outcome =
    `${incomplete} of ${counts.planned} restores did not complete (${counts.failed} failed, ` +
    `${counts.timed_out} timed out, ${counts.unknown} unknown); report: ${files.where(runLayout.report)}`;
  const refused = results.filter((r) => r.tokenRefused === true);
  const notStarted = refused.filter((r) => r.status === 'failed').length;
  const summary =
    refused.length === 0
      ? outcome
      : `Clumio refused the API token during the run (expired or revoked); no further request was sent ` +
        `with it: ${notStarted} restores were not started and ${refused.length - notStarted} ` +
        `started ones can no longer be followed; ${outcome}`;
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
    tokenRefused: refused.length,
    report: files.where(runLayout.report),
    csv: files.where(runLayout.reportCsv),
    summary,
  };
}
