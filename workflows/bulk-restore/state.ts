import type { PollingSettings } from '../../core/polling.js';
import type { NoMatchEntry, NotPlannedEntry, RestoreRecord } from '../../core/records.js';
import type { MapRunOutput, S3Location } from '../map-results.js';
import type { GroupPart } from '../planning.js';
import type { RerunOf, RestoreResult } from '../report.js';

/**
 * The documents the bulkRestore state machine passes between its steps. State carries ids and counts
 * only; plans and results live in the run store (256 KiB state limit).
 */

/** Groups planned by one Plan iteration (one Lambda call). */
export const GROUPS_PER_CHUNK = 25;

export interface PlanChunk {
  readonly index: number;
  readonly firstGroup: number;
  readonly groupCount: number;
}

/** Validate's output: the run, without any token. */
export interface RunState {
  readonly runId: string;
  readonly startedAt: string;
  readonly dryRun: boolean;
  /** skip_unplannable_groups: the groups that can be planned run while the others are reported. */
  readonly skipUnplannable: boolean;
  readonly maxRestores: number;
  /** The input's base_url; null = the stage's. */
  readonly baseUrl: string | null;
  readonly groupCount: number;
  readonly chunks: readonly PlanChunk[];
  readonly warnings: readonly string[];
  /** A rerun: the earlier run and the plan indexes whose recorded requests this run sends again. */
  readonly rerunOf?: RerunOf;
}

/** One PlanChunk invocation's input: the Plan map's ItemSelector, then the invocation before's output. */
export interface PlanChunkEvent {
  readonly runId: string;
  readonly startedAt: string;
  readonly baseUrl: string | null;
  readonly chunk: PlanChunk;
  /** What the invocations before planned of this chunk; absent for its first. */
  readonly planned?: PlanChunkResult;
}

/** What PlanChunk keeps in the run store for FinalizePlan (runLayout.planPiece). */
export interface StoredPiece {
  readonly parts: readonly GroupPart[];
}

/** What a chunk's pieces planned so far; its last is the Plan map's result for the chunk. */
export interface PlanChunkResult {
  readonly index: number;
  readonly pieces: number;
  readonly records: number;
  readonly noBackup: number;
  readonly noMatch: number;
  /** Problems found so far (with any, their group is not planned). */
  readonly problems: number;
}

/** What FinalizePlan keeps of the groups that restore nothing, for Report (runLayout.unplanned). */
export interface UnplannedGroups {
  readonly noMatch: readonly NoMatchEntry[];
  readonly notPlanned: readonly NotPlannedEntry[];
}

/** PlanChunk's output: the next invocation's input while the chunk is not `done`. */
export interface PlanChunkOutput extends PlanChunkEvent {
  readonly planned: PlanChunkResult;
  readonly done: boolean;
}

/** FinalizePlan's input: the run, and what each chunk planned (the Plan map's ResultPath). */
export interface FinalizePlanEvent extends RunState {
  readonly chunkResults: readonly PlanChunkResult[];
}

/** One item of plan.json: a record and its start slot (core/pacing.ts). */
export interface PlanItem extends RestoreRecord {
  /** Seconds the restore's child waits, from its own start, before StartRestore. */
  readonly startAfterSeconds: number;
}

/** Where a Distributed Map reads its items and writes its results (ItemReader / ResultWriter parameters). */
export interface PlannedRun extends RunState {
  readonly planned: number;
  readonly noBackup: number;
  /** Groups that matched nothing. */
  readonly noMatch: number;
  /** Groups that could not be planned (a dry run, or skip_unplannable_groups). */
  readonly notPlanned: number;
  /** How long the start slots last: no wait between polls is shorter (PollingSettings.minIntervalSeconds). */
  readonly startPhaseSeconds: number;
  /** plan.json: the Restore map's items. */
  readonly plan: S3Location;
  /** Prefix under which the Restore map writes its results. */
  readonly results: S3Location;
}

/** One restore child's state, from StartRestore through every CheckTask. */
export interface RestoreItem {
  readonly index: number;
  readonly runId: string;
  readonly baseUrl: string | null;
  readonly polling: PollingSettings;
  readonly record: PlanItem;
}

export interface RestoreProgress extends RestoreItem {
  /** `started` while the Clumio task runs; a final RestoreResult status once it ends. */
  readonly status: 'started' | RestoreResult['status'];
  readonly taskId: string | null;
  readonly error: string | null;
  readonly polls: number;
  /** When the Clumio task started (its start_timestamp, else when the POST was accepted); null before. */
  readonly startedAt: string | null;
  /** When the Clumio task ended (its end_timestamp, else the poll that saw the end); null while it runs. */
  readonly endedAt: string | null;
  /** Seconds the next Wait lasts (the polling schedule). */
  readonly waitSeconds: number;
  /**
   * True when this restore ended because Clumio refused the API token (HTTP 401): the run cannot go on
   * with that token, whatever the other restores do (the Report step fails the run with ClumioAuthError).
   */
  readonly tokenRefused: boolean;
}

/** The Distributed Map's output when it writes its results (what AWS returns with ResultWriter). */
/** Report's input: the planned run and, unless nothing was restored, the map's results location. */
export interface ReportEvent extends PlannedRun {
  readonly restore?: MapRunOutput;
}

export interface ReportSummary {
  readonly runId: string;
  readonly counts: Record<string, number>;
  /** failed + timed_out + unknown: the run fails when it is not 0. */
  readonly incomplete: number;
  /** Groups that matched nothing: the run fails (NoMatch) when it is not 0. */
  readonly noMatch: number;
  /** Groups skipped because they could not be planned: the run fails (GroupsSkipped) when it is not 0. */
  readonly notPlanned: number;
  /** A dry run with groups that cannot be planned, without skip_unplannable_groups: fails PlanFailed. */
  readonly planFailed: boolean;
  /** Restores that ended because Clumio refused the API token: the run fails with ClumioAuthError. */
  readonly tokenRefused: number;
  readonly report: string;
  readonly csv: string;
  /** One line for the execution's failure cause. */
  readonly summary: string;
}

/** The error of a run that could not proceed, as a Catch gives it to the next state. */
export interface RunFailure {
  readonly Error?: string;
  readonly Cause?: string;
}

/** ReportFailure's input: a run that ends in RunFailed still gets its report (no restores, and why). */
export interface FailureReportEvent {
  readonly runId: string;
  readonly startedAt: string;
  readonly failure: RunFailure;
  /** Whether the execution input asked for a dry run (the state machine reads its dry_run). */
  readonly dryRun?: boolean;
}
