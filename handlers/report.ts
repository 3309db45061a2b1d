import { readLambdaConfig, runFiles } from '../workflows/runtime.js';
import type { FailureReportEvent, ReportEvent, ReportSummary } from '../workflows/bulk-restore/state.js';
import { reportFailure, reportRun } from '../workflows/bulk-restore/steps.js';

/**
 * Report: report.json and report.csv in the run store; the counts decide whether the run fails.
 * ReportFailure (a run that could not proceed) calls it with the failure instead of a planned run.
 */
export async function handler(event: ReportEvent | FailureReportEvent): Promise<ReportSummary> {
  const config = readLambdaConfig();
  const files = runFiles(config, event.runId);
  return 'failure' in event
    ? reportFailure(event, files, config.codeVersion)
    : reportRun(event, files, config.codeVersion);
}
