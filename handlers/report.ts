import { readLambdaConfig, runFiles } from '../lib/runtime.js';
import type { ReportEvent, ReportSummary } from '../lib/run-state.js';
import { reportRun } from '../lib/steps.js';

/** Report: report.json and report.csv in the run store; the counts decide whether the run fails. */
export async function handler(event: ReportEvent): Promise<ReportSummary> {
  const config = readLambdaConfig();
  return reportRun(event, runFiles(config, event.runId), config.codeVersion);
}
