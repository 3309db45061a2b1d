import { redact } from '../../clumio/index.js';
import type { RestoreInput } from '../../schemas/index.js';
import { causeText } from '../errors.js';
import { buildReport, type RunFailureReport } from '../report.js';
import { writeReportFiles } from '../report-files.js';
import { runLayout } from '../run-layout.js';
import { RunFileError, type RunFiles } from '../run-store.js';
import type { FailureReportEvent, ReportSummary, UnplannedGroups } from './state.js';

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
  const missing = (error: unknown): undefined => {
    if (error instanceof RunFileError && error.reason === 'missing') return undefined;
    throw error;
  };
  const [input, unplanned] = await Promise.all([
    files.getJson<RestoreInput>(runLayout.input).catch(missing),
    // Written when planning ended: a plan refused for its problems reports each group that has them.
    files.getJson<UnplannedGroups>(runLayout.unplanned).catch(missing),
  ]);
  const failure: RunFailureReport = {
    error: event.failure.Error ?? 'States.Runtime',
    cause: redact(causeText(event.failure.Cause)),
  };
  const report = buildReport({
    version,
    runId: event.runId,
    // The kept input says; before Validate kept one, the execution input's dry_run as the machine read it.
    dryRun: input?.dryRun ?? event.dryRun ?? false,
    startedAt: event.startedAt,
    finishedAt: finishedAt.toISOString(),
    records: [],
    results: [],
    noBackup: [],
    noMatch: unplanned?.noMatch ?? [],
    notPlanned: unplanned?.notPlanned ?? [],
    failure,
  });
  await writeReportFiles(files, report, input === undefined ? undefined : files.where(runLayout.input));
  return {
    runId: event.runId,
    counts: report.counts,
    incomplete: 0,
    noMatch: report.counts.no_match,
    notPlanned: report.counts.not_planned,
    planFailed: false,
    tokenRefused: 0,
    report: files.where(runLayout.report),
    csv: files.where(runLayout.reportCsv),
    summary: `${failure.error}: ${failure.cause}`,
  };
}
