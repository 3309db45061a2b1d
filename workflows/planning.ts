import type { ClumioClient } from '../clumio/index.js';
import { CachedDirectory } from '../restorers/directory.js';
import { planGroup } from '../restorers/index.js';
import { PlanError, type LookupContext, type LookupLog } from '../restorers/types.js';
import type { Problem, RestoreInput } from '../schemas/index.js';
import { mapLimit } from '../core/concurrency.js';
import type { NoBackupEntry, RestoreRecord } from '../core/records.js';

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
  /** Groups that could not be planned, each problem at its group's path. */
  readonly problems: Problem[];
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
 * are still planned, so one run shows everything to fix; Clumio errors (auth, network) end the plan.
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
      return {
        problems: error.problems.map((message) => ({ path: `RestoreGroups[${group.groupIndex}]`, message })),
      };
    }
  });
  return {
    records: outcomes.flatMap((o) => o.plan?.records ?? []),
    noBackup: outcomes.flatMap((o) => o.plan?.noBackup ?? []),
    problems: outcomes.flatMap((o) => o.problems ?? []),
  };
}
