import { describeValue } from '../core/problems.js';

/**
 * Every key of a run in the run store (`runs/<run-id>/<key>`: S3 deployed, a folder locally), for both
 * state machines, and the keys outside runs (`inputs/`). Nothing else spells a run file's name.
 */
export const runLayout = {
  /** bulkRestore: the normalised input, without any token (Validate). */
  input: 'input.json',
  /** bulkRestore: what one PlanChunk invocation planned of its chunk's groups (records, no-backup entries, problems). */
  planPiece: (chunk: number, piece: number): string => `plan-chunks/${chunk}/${piece}.json`,
  /** bulkRestore: where piece `piece` of a chunk resumes its groups (written by the piece before). */
  planProgress: (chunk: number, piece: number): string => `plan-chunks/${chunk}/${piece}.progress.json`,
  /** bulkRestore: what a group planned in pieces keeps for its later pieces (its listed assets). */
  planGroupFile: (chunk: number, group: number, name: string): string =>
    `plan-chunks/${chunk}/groups/${group}/${name}.json`,
  /** bulkRestore: every restore record, the Restore map's ItemReader (FinalizePlan). */
  plan: 'plan.json',
  /** bulkRestore: the matching resources without a backup in the window (FinalizePlan). */
  noBackup: 'no-backup.json',
  /** bulkRestore: the groups that restore nothing: matched nothing, or could not be planned (FinalizePlan). */
  unplanned: 'unplanned.json',
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

/** Documents uploaded to start a bulkRestore by reference (`{"input_key": "inputs/…"}`). */
const inputsPrefix = 'inputs/';

/** Where `restore` uploads an input too large to pass inline (Step Functions takes 256 KiB). */
export const uploadedInput = (runId: string): string => `${inputsPrefix}${runId}.json`;

const RUN_DOCUMENT = new RegExp(
  `^runs/[A-Za-z0-9][A-Za-z0-9_-]{0,79}/${runLayout.restoreDocument.replace('.', '\\.')}$`,
);

/**
 * Why `key` cannot be a bulkRestore `input_key` (undefined when it can): only an upload under `inputs/`
 * or a bulkList document (`runs/<run id>/restore-input.json`), the keys Validate may read.
 */
export function inputKeyProblem(key: string): string | undefined {
  if (RUN_DOCUMENT.test(key)) return undefined;
  const segments = key.split('/');
  if (
    key.startsWith(inputsPrefix) &&
    segments.length > 1 &&
    !key.includes('\\') &&
    segments.slice(1).every((s) => s !== '' && s !== '.' && s !== '..')
  ) {
    return undefined;
  }
  return `expected a key under ${inputsPrefix} or a bulkList document (runs/<run id>/${runLayout.restoreDocument}), got ${describeValue(key)}`;
}
