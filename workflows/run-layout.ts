/**
 * Every key of a run in the run store (`runs/<run-id>/<key>`: S3 deployed, a folder locally), for both
 * state machines. Nothing else spells a run file's name.
 */
export const runLayout = {
  /** bulkRestore: the normalised input, without any token (Validate). */
  input: 'input.json',
  /** bulkRestore: one Plan iteration's records, no-backup, no-match and not-planned entries (PlanChunk). */
  planChunk: (index: number): string => `plan-chunks/${index}.json`,
  /** bulkRestore: every restore record, the Restore map's ItemReader (FinalizePlan). */
  plan: 'plan.json',
  /** bulkRestore: the matching resources without a backup in the window (FinalizePlan). */
  noBackup: 'no-backup.json',
  /** bulkRestore: the groups that restore nothing: matched nothing, or could not be planned (FinalizePlan). */
  unplanned: 'unplanned.json',
  /** bulkRestore: the Restore map's ResultWriter prefix. */
  restoreResults: 'results',
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
