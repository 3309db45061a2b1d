import { readLambdaConfig, runFiles } from '../workflows/runtime.js';
import type { FailureReportEvent, ReportSummary } from '../workflows/bulk-restore/state.js';
import { reportFailure } from '../workflows/bulk-restore/report-failure.js';

/** ReportFailure: the report of a run that could not proceed (no restores, the error it fails with). */
export async function handler(event: FailureReportEvent): Promise<ReportSummary> {
  const config = readLambdaConfig();
  return reportFailure(event, runFiles(config, event.runId), config.codeVersion);
}
