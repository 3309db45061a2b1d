import { readLambdaConfig, runFiles } from '../workflows/runtime.js';
import type { ReportEvent, ReportSummary } from '../workflows/bulk-restore/state.js';
import { reportRun } from '../workflows/bulk-restore/report.js';

/** Report: report.json and report.csv in the run store; the counts decide whether the run fails. */
export async function handler(event: ReportEvent): Promise<ReportSummary> {
  const config = readLambdaConfig();
  return reportRun(event, runFiles(config, event.runId), config.codeVersion);
}
