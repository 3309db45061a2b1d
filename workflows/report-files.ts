import { reportCsv, type Report } from './report.js';
import { renderReportHtml } from './report-html.js';
import { runLayout } from './run-layout.js';
import type { RunFiles } from './run-store.js';

/** report.json, report.csv and report.html of a run; `inputSource` is where the run's input is kept, when it is. */
export async function writeReportFiles(files: RunFiles, report: Report, inputSource?: string): Promise<void> {
  await files.putJson(runLayout.report, report);
  await files.putText(runLayout.reportCsv, reportCsv(report), 'text/csv');
  await files.putText(
    runLayout.reportHtml,
    renderReportHtml(report, inputSource === undefined ? {} : { inputSource }),
    'text/html; charset=utf-8',
  );
}
