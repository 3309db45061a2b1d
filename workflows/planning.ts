import type { ClumioClient } from '../clumio/index.js';
import { CachedDirectory } from '../restorers/directory.js';
import { planGroup } from '../restorers/index.js';
import { PlanError, type LookupContext, type LookupLog } from '../restorers/types.js';
import type { Problem, RestoreInput } from '../schemas/index.js';
import { mapLimit } from '../core/concurrency.js';
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
      const notPlanned: NotPlannedEntry = {
        groupIndex: group.groupIndex,
        resourceType: group.ResourceType,
        source: {
          ...(group.source_account !== undefined ? { account: group.source_account } : {}),
          ...(group.source_region !== undefined ? { region: group.source_region } : {}),
        },
        problems: error.problems.map((p) => ({
          path: problemPath(group.groupIndex, p.field),
          message: p.message,
        })),
      };
      return { notPlanned };
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
