/**
 * Every key of a run in the run store (`runs/<run-id>/<key>`: S3 deployed, a folder locally), for both
 * state machines. Nothing else spells a run file's name.
 */
export const runLayout = {
  /** bulkRestore: the normalised input, without any token (Validate). */
  input: 'input.json',
  /** bulkRestore: one Plan iteration's records, no-backup entries and problems (PlanChunk). */
  planChunk: (index: number): string => `plan-chunks/${index}.json`,
  /** bulkRestore: every restore record, the Restore map's ItemReader (FinalizePlan). */
  plan: 'plan.json',
  /** bulkRestore: the matching resources without a backup in the window (FinalizePlan). */
  noBackup: 'no-backup.json',
  /** bulkRestore: the Restore map's ResultWriter prefix. */
  restoreResults: 'results',
  /** bulkRestore: FinalizePlan's output, what a resumed run starts its Restore map from. */
  plannedRun: 'run.json',
  /**
   * bulkRestore: the journal of one restore's start (StartRestore): the intent right before its POST,
   * then Clumio's answer (the task id), so no task id is lost by a stopped process or execution.
   */
  task: (index: number): string => `tasks/${index}.json`,
  /** bulkRestore: the prefix of every journal entry. */
  tasks: 'tasks/',
  /** bulkRestore: present once the run was aborted: StartRestore starts nothing more. */
  stop: 'stop.json',
  /** bulkRestore: a rerun's records, copied verbatim from the earlier run's plan (the CLI, before it starts). */
  rerunRecords: 'rerun-records.json',
  report: 'report.json',
  reportCsv: 'report.csv',
  reportHtml: 'report.html',
  /** bulkList: the normalised input, without any token (ListValidate). */
  listInput: 'list-input.json',
  /** bulkList: one region × type scan's assets (DiscoverAssets). */
  scan: (region: string, resourceType: string): string => `assets/${region}-${resourceType}.json`,
  /** bulkList: every discovered asset, the FindBackups map's ItemReader (CollectAssets). */
  assets: 'assets.json',
  /** bulkList: the scans' counts and notes (CollectAssets). */
  discovery: 'discovery.json',
  /** bulkList: the FindBackups map's ResultWriter prefix. */
  listResults: 'list-results',
  /** bulkList: the bulkRestore input it writes (WriteDocument). */
  restoreDocument: 'restore-input.json',
  /** bulkList: counts, assets without a backup, notes and the values to fill in (WriteDocument). */
  listSummary: 'list-summary.json',
} as const;
