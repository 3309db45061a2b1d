import type { ClumioClient } from '../clumio/index.js';
import { CachedDirectory } from '../restorers/directory.js';
import { planGroup } from '../restorers/index.js';
import {
  PlanError,
  type GroupProgress,
  type LookupContext,
  type LookupLog,
  type PlanProblem,
} from '../restorers/types.js';
import type { Problem, RestoreGroup, RestoreInput } from '../schemas/index.js';
import { mapLimit, mapPrefix } from '../core/concurrency.js';
import type { NoBackupEntry, NoMatchEntry, NotPlannedEntry, RestoreRecord } from '../core/records.js';

export interface PlanOptions {
  readonly now?: Date;
  /** Where list items that do not match their filter are counted (the handler's logger); default: nowhere. */
  readonly log?: LookupLog;
  /** Groups planned at once (DESIGN §4: an inline Map with small concurrency). */
  readonly groupConcurrency?: number;
  /** Backup lookups in flight at once within a group. */
  readonly lookupConcurrency?: number;
}

export interface RunPlan {
  /** One per chosen backup, in group order then discovery order. */
  readonly records: RestoreRecord[];
  readonly noBackup: NoBackupEntry[];
  /** Groups that matched nothing. */
  readonly noMatch: NoMatchEntry[];
  /** Groups that could not be planned, each with its problems. */
  readonly notPlanned: NotPlannedEntry[];
  /** Every problem of every group that could not be planned, at its path. */
  readonly problems: Problem[];
}

/** A problem's path: the group, and the field when the problem names one (`RestoreGroups[2].target_az`). */
function problemPath(groupIndex: number, field: string | undefined): string {
  return `RestoreGroups[${groupIndex}]${field === undefined ? '' : `.${field}`}`;
}

const silent: LookupLog = { warn: () => undefined };

export function lookupContext(client: ClumioClient, options: PlanOptions = {}): LookupContext {
  const log = options.log ?? silent;
  return {
    client,
    log,
    now: options.now ?? new Date(),
    directory: new CachedDirectory({ client, log }),
    lookupConcurrency: options.lookupConcurrency ?? 16,
  };
}

/**
 * Plans every group. A group that cannot be planned is reported with all its problems while the others
 * are still planned, so one run shows everything to fix; Clumio errors (auth, network) end the plan. A
 * group that matched nothing is reported as such, with what it searched.
 */
export async function planRun(
  input: RestoreInput,
  ctx: LookupContext,
  options: PlanOptions = {},
): Promise<RunPlan> {
  const outcomes = await mapLimit(input.groups, options.groupConcurrency ?? 4, async (group) => {
    try {
      return { plan: await planGroup(group, ctx) };
    } catch (error) {
      if (!(error instanceof PlanError)) throw error;
      return { notPlanned: notPlannedEntry(group, error.problems) };
    }
  });
  const notPlanned = outcomes.flatMap((o) => (o.notPlanned ? [o.notPlanned] : []));
  return {
    records: outcomes.flatMap((o) => o.plan?.records ?? []),
    noBackup: outcomes.flatMap((o) => o.plan?.noBackup ?? []),
    noMatch: outcomes.flatMap((o) => (o.plan?.noMatch ? [o.plan.noMatch] : [])),
    notPlanned,
    problems: notPlanned.flatMap((n) => n.problems),
  };
}

/** Time a piece leaves itself after it stops taking work: for the lookups in flight and its writes. */
const DEADLINE_MARGIN_MS = 180_000;
/** The longest a piece takes new work: a slow Clumio (latency, a halved pace) makes more pieces, not longer ones. */
const PIECE_MS = 240_000;

/**
 * What one piece of planning may still do (DESIGN §4): so many Clumio requests (asset pages and backup
 * lookups), for at most four minutes, and nothing new once its invocation nears its deadline.
 */
export class PieceBudget {
  private left: number;
  private readonly endsAt: number;

  constructor(
    requests: number,
    /** Milliseconds the invocation has left (Lambda's context); unset: no deadline. */
    private readonly remainingMs?: () => number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.left = requests;
    this.endsAt = clock() + PIECE_MS;
  }

  take(): boolean {
    const late = this.remainingMs !== undefined && this.remainingMs() < DEADLINE_MARGIN_MS;
    if (this.left > 0 && (late || this.clock() >= this.endsAt)) this.left = 0;
    if (this.left <= 0) return false;
    this.left -= 1;
    return true;
  }

  get spent(): boolean {
    return this.left <= 0;
  }
}

/** Where the groups of a chunk stand between pieces, by position: not started, under way, or planned. */
export interface ChunkProgress {
  readonly groups: readonly (GroupProgress | null | 'planned')[];
}

/** What one piece planned of one group; a group planned in several pieces has a part in each. */
export interface GroupPart {
  readonly groupIndex: number;
  readonly records: readonly RestoreRecord[];
  readonly noBackup: readonly NoBackupEntry[];
  readonly noMatch?: NoMatchEntry;
  /** The problems this piece found; with any in any piece, the group is not planned. */
  readonly notPlanned?: NotPlannedEntry;
}

export interface PlanPieceResult {
  /** In group order. */
  readonly parts: readonly GroupPart[];
  /** Where the next piece resumes; absent once every group is planned. */
  readonly progress?: ChunkProgress;
}

/** Where a group planned in pieces keeps what its later pieces read back. */
export interface PieceStore {
  save(groupIndex: number, name: string, value: unknown): Promise<void>;
  load<T>(groupIndex: number, name: string): Promise<T>;
}

/** A group that cannot be planned, with its problems at their paths. */
function notPlannedEntry(group: RestoreGroup, problems: readonly PlanProblem[]): NotPlannedEntry {
  return {
    groupIndex: group.groupIndex,
    resourceType: group.ResourceType,
    source: {
      ...(group.source_account !== undefined ? { account: group.source_account } : {}),
      ...(group.source_region !== undefined ? { region: group.source_region } : {}),
    },
    problems: problems.map((p) => ({ path: problemPath(group.groupIndex, p.field), message: p.message })),
  };
}

/**
 * One piece of a chunk's planning: its groups from where the piece before left them, until `budget` is
 * spent. The parts of all pieces, each group's in piece order, are exactly what planRun plans at once.
 */
export async function planPiece(
  groups: readonly RestoreGroup[],
  ctx: LookupContext,
  piece: { readonly resume?: ChunkProgress; readonly budget: PieceBudget; readonly store: PieceStore },
  options: PlanOptions = {},
): Promise<PlanPieceResult> {
  const states = [...(piece.resume?.groups ?? groups.map(() => null))];
  const parts = await mapPrefix(
    groups,
    options.groupConcurrency ?? 4,
    () => !piece.budget.spent,
    async (group, position): Promise<GroupPart | undefined> => {
      const state = states[position] ?? null;
      if (state === 'planned') return undefined;
      const groupCtx: LookupContext = {
        ...ctx,
        piece: {
          resume: state ?? undefined,
          take: () => piece.budget.take(),
          save: (name, value) => piece.store.save(group.groupIndex, name, value),
          load: (name) => piece.store.load(group.groupIndex, name),
        },
      };
      try {
        const plan = await planGroup(group, groupCtx);
        states[position] = plan.progress ?? 'planned';
        const problems = plan.problems ?? [];
        return {
          groupIndex: group.groupIndex,
          records: plan.records,
          noBackup: plan.noBackup,
          ...(plan.noMatch !== undefined ? { noMatch: plan.noMatch } : {}),
          ...(problems.length > 0 ? { notPlanned: notPlannedEntry(group, problems) } : {}),
        };
      } catch (error) {
        if (!(error instanceof PlanError)) throw error;
        states[position] = 'planned';
        return {
          groupIndex: group.groupIndex,
          records: [],
          noBackup: [],
          notPlanned: notPlannedEntry(group, error.problems),
        };
      }
    },
  );
  const done = states.every((state) => state === 'planned');
  return {
    parts: parts.filter(
      (p): p is GroupPart =>
        p !== undefined &&
        (p.records.length > 0 ||
          p.noBackup.length > 0 ||
          p.noMatch !== undefined ||
          p.notPlanned !== undefined),
    ),
    ...(done ? {} : { progress: { groups: states } }),
  };
}

/**
 * The plan of a run from the parts of all its pieces, in any order of groups and each group's in piece
 * order: what planRun returns for it at once. A group with a problem yields its problems alone.
 */
export function assemblePlan(parts: Iterable<GroupPart>): RunPlan {
  const byGroup = new Map<number, GroupPart[]>();
  for (const part of parts) {
    const list = byGroup.get(part.groupIndex) ?? [];
    list.push(part);
    byGroup.set(part.groupIndex, list);
  }
  const plan: RunPlan = { records: [], noBackup: [], noMatch: [], notPlanned: [], problems: [] };
  for (const group of [...byGroup.keys()].sort((a, b) => a - b)) {
    const list = byGroup.get(group) ?? [];
    const unplanned = list.flatMap((p) => (p.notPlanned === undefined ? [] : [p.notPlanned]));
    const [first] = unplanned;
    if (first !== undefined) {
      const entry = { ...first, problems: unplanned.flatMap((n) => n.problems) };
      plan.notPlanned.push(entry);
      plan.problems.push(...entry.problems);
      continue;
    }
    for (const part of list) {
      for (const record of part.records) plan.records.push(record);
      for (const entry of part.noBackup) plan.noBackup.push(entry);
      if (part.noMatch !== undefined) plan.noMatch.push(part.noMatch);
    }
  }
  return plan;
}
