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
  /**
   * The error a Catch passed on when a Lambda step failed (`{Error, Cause}`); the report adds its name and
   * the message of its Cause to `error`.
   */
  readonly failure?: { readonly Error?: string; readonly Cause?: string };
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
  /** What the restore could not keep of the source (RestoreRecord.warnings), joined with "; ". */
  readonly warnings: string | null;
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
  // Later columns go after these, so that a CSV reader by position keeps working.
  'warnings',
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

const noResultError = 'no result was recorded for this restore';

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
    warnings: record.warnings !== undefined && record.warnings.length > 0 ? record.warnings.join('; ') : null,
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
    warnings: null,
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
