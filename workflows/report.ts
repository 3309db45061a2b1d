import type { NoBackupEntry, RestoreRecord, RestoreStatus } from '../core/records.js';

/** What each Restore child returns (its output), by the record's position in plan.json. */
export interface RestoreResult {
  /** Position of the record in plan.json (0-based). */
  readonly index: number;
  readonly status: 'completed' | 'failed' | 'timed_out' | 'unknown';
  readonly taskId?: string;
  /** Why it failed, is unknown or timed out (Clumio message, task status, ...). */
  readonly error?: string;
  readonly polls?: number;
  /** True when it ended because Clumio refused the API token (HTTP 401). */
  readonly tokenRefused?: boolean;
}

/** One line of report.json `restores[]` and report.csv (DESIGN §6); absent values are null so both show them. */
export interface ReportEntry {
  readonly groupIndex: number;
  readonly resourceType: string;
  readonly sourceAccount: string | null;
  readonly sourceRegion: string | null;
  /** Clumio id of the asset (ProtectionGroup: of the group). */
  readonly sourceResourceId: string;
  readonly sourceResourceNativeId: string | null;
  readonly backupId: string | null;
  readonly backupTimestamp: string | null;
  readonly targetAccount: string | null;
  readonly targetRegion: string | null;
  readonly taskId: string | null;
  readonly status: RestoreStatus;
  readonly error: string | null;
}

/** The report.json fields, in DESIGN §6 order: the CSV header. */
export const reportFields = [
  'groupIndex',
  'resourceType',
  'sourceAccount',
  'sourceRegion',
  'sourceResourceId',
  'sourceResourceNativeId',
  'backupId',
  'backupTimestamp',
  'targetAccount',
  'targetRegion',
  'taskId',
  'status',
  'error',
] as const satisfies readonly (keyof ReportEntry)[];

// A type alias, not an interface, so that counts stay assignable to Record<string, number>.
export type ReportCounts = {
  readonly planned: number;
  readonly completed: number;
  readonly failed: number;
  readonly timed_out: number;
  readonly unknown: number;
  readonly no_backup: number;
};

/** Why a run could not proceed: the error the execution fails with, and its cause. */
export interface RunFailureReport {
  readonly error: string;
  readonly cause: string;
}

export interface Report {
  readonly version: string;
  readonly runId: string;
  readonly dryRun: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly counts: ReportCounts;
  readonly restores: readonly ReportEntry[];
  /** Only on a run that could not proceed (bad input, Clumio unreachable, token refused, plan refused). */
  readonly failure?: RunFailureReport;
}

export interface ReportInput {
  readonly version: string;
  readonly runId: string;
  readonly dryRun: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The plan, in plan.json order. */
  readonly records: readonly RestoreRecord[];
  /** In any order; a child that never reported has no result. */
  readonly results: readonly RestoreResult[];
  readonly noBackup: readonly NoBackupEntry[];
  readonly failure?: RunFailureReport;
}

/** Results that cannot belong to the plan they are reported against. */
export class ReportError extends Error {
  override readonly name = 'ReportError';
}

export const noResultError = 'no result was recorded for this restore';

/** Results by plan index; an index outside the plan or seen twice means they are another plan's. */
function resultsByIndex(
  records: readonly RestoreRecord[],
  results: readonly RestoreResult[],
): Map<number, RestoreResult> {
  const byIndex = new Map<number, RestoreResult>();
  for (const result of results) {
    if (!Number.isInteger(result.index) || result.index < 0 || result.index >= records.length) {
      throw new ReportError(
        `restore result index ${result.index} is outside the plan (${records.length} records): the results do not belong to this plan`,
      );
    }
    if (byIndex.has(result.index)) {
      throw new ReportError(
        `two restore results for plan record ${result.index}: the results do not belong to this plan`,
      );
    }
    byIndex.set(result.index, result);
  }
  return byIndex;
}

interface Outcome {
  readonly status: RestoreStatus;
  readonly taskId?: string;
  readonly error?: string;
}

function restoreEntry(record: RestoreRecord, outcome: Outcome): ReportEntry {
  return {
    groupIndex: record.groupIndex,
    resourceType: record.resourceType,
    sourceAccount: record.source.account ?? null,
    sourceRegion: record.source.region ?? null,
    sourceResourceId: record.source.resourceId,
    sourceResourceNativeId: record.source.resourceNativeId ?? null,
    backupId: record.source.backupId,
    backupTimestamp: record.source.backupTimestamp,
    targetAccount: record.target.account,
    targetRegion: record.target.region ?? null,
    taskId: outcome.taskId ?? null,
    status: outcome.status,
    error: outcome.error ?? null,
  };
}

function noBackupEntry(entry: NoBackupEntry): ReportEntry {
  return {
    groupIndex: entry.groupIndex,
    resourceType: entry.resourceType,
    sourceAccount: entry.source.account ?? null,
    sourceRegion: entry.source.region ?? null,
    sourceResourceId: entry.source.resourceId,
    sourceResourceNativeId: entry.source.resourceNativeId ?? null,
    backupId: null,
    backupTimestamp: null,
    targetAccount: null,
    targetRegion: null,
    taskId: null,
    status: 'no_backup',
    error: entry.reason,
  };
}

const byGroup = (a: ReportEntry, b: ReportEntry): number => a.groupIndex - b.groupIndex;

/**
 * The run report: the restores by group then plan order, then the assets without a backup. A dry run
 * reports every record `planned` whatever results it is given.
 */
export function buildReport(input: ReportInput): Report {
  const results = input.dryRun ? undefined : resultsByIndex(input.records, input.results);
  const restores = input.records.map((record, index) => {
    if (results === undefined) return restoreEntry(record, { status: 'planned' });
    return restoreEntry(record, results.get(index) ?? { status: 'unknown', error: noResultError });
  });
  const count = (status: RestoreStatus): number => restores.filter((e) => e.status === status).length;
  return {
    version: input.version,
    runId: input.runId,
    dryRun: input.dryRun,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    counts: {
      planned: input.records.length,
      completed: count('completed'),
      failed: count('failed'),
      timed_out: count('timed_out'),
      unknown: count('unknown'),
      no_backup: input.noBackup.length,
    },
    // Array.prototype.sort is stable: plan order holds within a group.
    restores: [...restores.sort(byGroup), ...input.noBackup.map(noBackupEntry).sort(byGroup)],
    ...(input.failure !== undefined ? { failure: input.failure } : {}),
  };
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** report.csv: RFC 4180 (CRLF line ends, quoted only where needed), header = reportFields, null = empty. */
export function reportCsv(report: Report): string {
  const lines = [
    reportFields.join(','),
    ...report.restores.map((entry) => reportFields.map((field) => csvField(entry[field])).join(',')),
  ];
  return lines.map((line) => `${line}\r\n`).join('');
}

/** "12 restores: 10 completed, 1 failed, 1 unknown; 1 without a backup" (zero counts left out). */
export function countsLine(report: Report): string {
  const { counts } = report;
  const restores = `${counts.planned} ${counts.planned === 1 ? 'restore' : 'restores'}`;
  const outcomes = report.dryRun
    ? [`${counts.planned} planned (dry run)`]
    : (
        [
          [counts.completed, 'completed'],
          [counts.failed, 'failed'],
          [counts.timed_out, 'timed out'],
          [counts.unknown, 'unknown'],
        ] as const
      )
        .filter(([n]) => n > 0)
        .map(([n, label]) => `${n} ${label}`);
  const head = outcomes.length > 0 ? `${restores}: ${outcomes.join(', ')}` : restores;
  return counts.no_backup > 0 ? `${head}; ${counts.no_backup} without a backup` : head;
}

const ellipsis = '…';

function fit(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 0 ? '' : text.slice(0, width - 1) + ellipsis;
}

type ColumnName = 'row' | 'type' | 'source' | 'backup' | 'target' | 'status' | 'task' | 'error';

const place = (account: string | null, region: string | null): string =>
  [account, region].filter((part) => part !== null).join('/');

const columns: readonly {
  readonly name: ColumnName;
  readonly header: string;
  readonly cell: (entry: ReportEntry, row: number) => string;
}[] = [
  { name: 'row', header: '#', cell: (_, row) => String(row + 1) },
  { name: 'type', header: 'type', cell: (e) => e.resourceType },
  {
    name: 'source',
    header: 'source',
    // The native id first: it names the resource even when the column is cut.
    cell: (e) => {
      const where = place(e.sourceAccount, e.sourceRegion);
      return `${e.sourceResourceNativeId ?? e.sourceResourceId}${where === '' ? '' : ` (${where})`}`;
    },
  },
  { name: 'backup', header: 'backup time', cell: (e) => e.backupTimestamp ?? '-' },
  { name: 'target', header: 'target', cell: (e) => place(e.targetAccount, e.targetRegion) || '-' },
  { name: 'status', header: 'status', cell: (e) => e.status },
  { name: 'task', header: 'task', cell: (e) => e.taskId ?? '-' },
  { name: 'error', header: 'error', cell: (e) => e.error ?? '' },
];

/**
 * How columns give up room when the table is wider than asked, step by step: each step cuts one column
 * down to at most its floor, as far as needed. First to still-readable widths, then to 5 characters.
 */
const shrinkSteps: readonly (readonly [ColumnName, number])[] = [
  ['error', 40],
  ['error', 20],
  ['source', 36],
  ['target', 12],
  ['backup', 11],
  ['task', 12],
  ['source', 24],
  ['error', 5],
  ['source', 5],
  ['task', 5],
  ['target', 5],
  ['backup', 5],
  ['type', 5],
];
const gap = '  ';

/**
 * A fixed-width table for a terminal: one line per report entry, then the counts line. Every line fits
 * `width`: columns are cut (with …) by shrinkSteps, and a width too narrow even for that cuts every line.
 */
export function reportTable(report: Report, width = 160): string {
  // One line per entry: a multi-line Clumio message must not break the table.
  const rows = report.restores.map((entry, row) =>
    columns.map((column) => column.cell(entry, row).replace(/\s+/g, ' ').trim()),
  );
  // reduce, not Math.max(...): a spread of many thousand rows would overflow the call stack.
  const widths = columns.map((column, i) =>
    rows.reduce((w, cells) => Math.max(w, cells[i]?.length ?? 0), column.header.length),
  );
  let excess = widths.reduce((sum, w) => sum + w, 0) + gap.length * (columns.length - 1) - width;
  for (const [name, floor] of shrinkSteps) {
    const i = columns.findIndex((column) => column.name === name);
    const cut = Math.min(Math.max(excess, 0), Math.max(0, (widths[i] ?? 0) - floor));
    widths[i] = (widths[i] ?? 0) - cut;
    excess -= cut;
  }
  const line = (cells: readonly string[]): string =>
    fit(
      cells
        .map((cell, i) => fit(cell, widths[i] ?? 0).padEnd(widths[i] ?? 0))
        .join(gap)
        .trimEnd(),
      width,
    );
  const table = rows.length > 0 ? [line(columns.map((c) => c.header)), ...rows.map(line)] : [];
  return [...table, fit(countsLine(report), width)].join('\n');
}

/** DESIGN §6 exit codes: 0 when every planned restore completed or the run was a dry run; no_backup does not count. */
export function exitCodeOf(report: Report): 0 | 1 {
  return report.dryRun || report.counts.completed === report.counts.planned ? 0 : 1;
}
