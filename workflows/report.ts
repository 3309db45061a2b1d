import type {
  NoBackupEntry,
  NoMatchEntry,
  NotPlannedEntry,
  RestoreRecord,
  RestoreStatus,
} from '../core/records.js';

/** What each Restore child returns (its output), by the record's position in plan.json. */
export interface RestoreResult {
  /** Position of the record in plan.json (0-based). */
  readonly index: number;
  readonly status: 'completed' | 'failed' | 'timed_out' | 'unknown';
  readonly taskId?: string;
  /** Why it failed, is unknown or timed out (Clumio message, task status, ...). */
  readonly error?: string;
  readonly polls?: number;
  /** When the Clumio task started and ended, as far as known (null: not known). */
  readonly startedAt?: string | null;
  readonly endedAt?: string | null;
  /** True when it ended because Clumio refused the API token (HTTP 401). */
  readonly tokenRefused?: boolean;
  /**
   * The error a Catch passed on when a Lambda step failed (`{Error, Cause}`); the report adds its name and
   * the message of its Cause to `error`.
   */
  readonly failure?: { readonly Error?: string; readonly Cause?: string };
}

/**
 * One line of report.json `restores[]` and report.csv (DESIGN §6); absent values are null so both show
 * them. The fields after `error` came later: the CSV keeps the older columns first, in their order.
 */
export interface ReportEntry {
  /** 0-based position of the group in RestoreGroups (human output numbers rows from 1). */
  readonly groupIndex: number;
  readonly resourceType: string;
  readonly sourceAccount: string | null;
  readonly sourceRegion: string | null;
  /** Clumio id of the asset (ProtectionGroup: of the group); null for a group that matched nothing. */
  readonly sourceResourceId: string | null;
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
  readonly runId: string;
  /** The Clumio task's start and end, as far as known. */
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  /** What the request named of its target, as its type has it. */
  readonly targetZone: string | null;
  readonly targetName: string | null;
  readonly targetBucket: string | null;
  readonly targetPrefix: string | null;
  /** `backup`, or `point_in_time` (no backup: the resource as it was at restorePoint). */
  readonly restoreFrom: 'backup' | 'point_in_time' | null;
  /** The moment restored: the backup's start, or the requested time; null for the latest restorable moment. */
  readonly restorePoint: string | null;
}

/** The report.json fields, in DESIGN §6 order then the later ones: the CSV header. */
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
  'runId',
  'startedAt',
  'endedAt',
  'targetZone',
  'targetName',
  'targetBucket',
  'targetPrefix',
  'restoreFrom',
  'restorePoint',
] as const satisfies readonly (keyof ReportEntry)[];

// A type alias, not an interface, so that counts stay assignable to Record<string, number>.
export type ReportCounts = {
  readonly planned: number;
  readonly completed: number;
  readonly failed: number;
  readonly timed_out: number;
  readonly unknown: number;
  readonly no_backup: number;
  /** Groups that matched nothing. */
  readonly no_match: number;
  /** Groups that could not be planned. */
  readonly not_planned: number;
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
  readonly noMatch: readonly NoMatchEntry[];
  readonly notPlanned: readonly NotPlannedEntry[];
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
  readonly startedAt?: string | null;
  readonly endedAt?: string | null;
}

/** The fields of an entry that no restore fills (no backup, target, task or times), in field order. */
const noRestore = {
  backupId: null,
  backupTimestamp: null,
  targetAccount: null,
  targetRegion: null,
  taskId: null,
};
const noTask = {
  startedAt: null,
  endedAt: null,
  targetZone: null,
  targetName: null,
  targetBucket: null,
  targetPrefix: null,
  restoreFrom: null,
  restorePoint: null,
};

function restoreEntry(runId: string, record: RestoreRecord, outcome: Outcome): ReportEntry {
  const details = record.target.details ?? {};
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
    runId,
    startedAt: outcome.startedAt ?? null,
    endedAt: outcome.endedAt ?? null,
    targetZone: details.zone ?? null,
    targetName: details.name ?? null,
    targetBucket: details.bucket ?? null,
    targetPrefix: details.prefix ?? null,
    ...restorePointOf(record),
  };
}

function restorePointOf(record: RestoreRecord): Pick<ReportEntry, 'restoreFrom' | 'restorePoint'> {
  const { pointInTime, backupTimestamp } = record.source;
  return pointInTime === undefined
    ? { restoreFrom: 'backup', restorePoint: backupTimestamp }
    : { restoreFrom: 'point_in_time', restorePoint: pointInTime.timestamp };
}

function noBackupEntry(runId: string, entry: NoBackupEntry): ReportEntry {
  return {
    groupIndex: entry.groupIndex,
    resourceType: entry.resourceType,
    sourceAccount: entry.source.account ?? null,
    sourceRegion: entry.source.region ?? null,
    sourceResourceId: entry.source.resourceId,
    sourceResourceNativeId: entry.source.resourceNativeId ?? null,
    ...noRestore,
    status: 'no_backup',
    error: entry.reason,
    warnings: null,
    runId,
    ...noTask,
  };
}

/** A group that matched nothing or could not be planned: one entry for the whole group. */
function groupEntry(
  runId: string,
  entry: NoMatchEntry | NotPlannedEntry,
  status: 'no_match' | 'not_planned',
  error: string,
): ReportEntry {
  return {
    groupIndex: entry.groupIndex,
    resourceType: entry.resourceType,
    sourceAccount: entry.source.account ?? null,
    sourceRegion: entry.source.region ?? null,
    sourceResourceId: null,
    sourceResourceNativeId: null,
    ...noRestore,
    status,
    error,
    warnings: null,
    runId,
    ...noTask,
  };
}

/** The error of a group that matched nothing: what it searched. */
export function noMatchError(entry: NoMatchEntry): string {
  return `nothing matched: ${entry.searched}`;
}

/** The error of a group that could not be planned: every problem at its path. */
export function notPlannedError(entry: NotPlannedEntry): string {
  return entry.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
}

const byGroup = (a: ReportEntry, b: ReportEntry): number => a.groupIndex - b.groupIndex;

/**
 * The run report: the restores by group then plan order, then what restores nothing, by group: the
 * matches without a backup, the groups that matched nothing and those that could not be planned. A dry
 * run reports every record `planned` whatever results it is given.
 */
export function buildReport(input: ReportInput): Report {
  const { runId } = input;
  const results = input.dryRun ? undefined : resultsByIndex(input.records, input.results);
  const restores = input.records.map((record, index) => {
    if (results === undefined) return restoreEntry(runId, record, { status: 'planned' });
    return restoreEntry(runId, record, results.get(index) ?? { status: 'unknown', error: noResultError });
  });
  const count = (status: RestoreStatus): number => restores.filter((e) => e.status === status).length;
  const nothingRestored = [
    ...input.noBackup.map((e) => noBackupEntry(runId, e)),
    ...input.noMatch.map((e) => groupEntry(runId, e, 'no_match', noMatchError(e))),
    ...input.notPlanned.map((e) => groupEntry(runId, e, 'not_planned', notPlannedError(e))),
  ];
  return {
    version: input.version,
    runId,
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
      no_match: input.noMatch.length,
      not_planned: input.notPlanned.length,
    },
    // Array.prototype.sort is stable: plan order holds within a group, and the kinds within a group.
    restores: [...restores.sort(byGroup), ...nothingRestored.sort(byGroup)],
    ...(input.failure !== undefined ? { failure: input.failure } : {}),
  };
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The status of report.csv's last line when the run could not proceed (report.json has `failure`). */
export const RUN_FAILED = 'run_failed';

/**
 * report.csv: RFC 4180 (CRLF line ends, quoted only where needed), header = reportFields, null = empty.
 * A run that could not proceed ends with one line more: status `run_failed`, the error and its cause.
 */
export function reportCsv(report: Report): string {
  const rows: (readonly (string | number | null)[])[] = report.restores.map((entry) =>
    reportFields.map((field) => entry[field]),
  );
  if (report.failure !== undefined) {
    const failure = `${report.failure.error}: ${report.failure.cause}`;
    rows.push(
      reportFields.map((field) =>
        field === 'status'
          ? RUN_FAILED
          : field === 'error'
            ? failure
            : field === 'runId'
              ? report.runId
              : null,
      ),
    );
  }
  const lines = [reportFields.join(','), ...rows.map((row) => row.map(csvField).join(','))];
  return lines.map((line) => `${line}\r\n`).join('');
}
