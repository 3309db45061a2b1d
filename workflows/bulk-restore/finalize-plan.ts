import { startAfterSeconds, startPhaseSeconds, type StartPacing } from '../../core/pacing.js';
import { describeProblems, PlanFailed, PlanTooLarge } from '../errors.js';
import { assemblePlan, type GroupPart } from '../planning.js';
import { runLayout } from '../run-layout.js';
import type { RunFiles } from '../run-store.js';
import type { RestoreRecord } from '../../core/records.js';
import type { FinalizePlanEvent, PlanItem, PlannedRun, StoredPiece, UnplannedGroups } from './state.js';

/**
 * FinalizePlan: one plan.json for the Restore map, each record with its start slot, the groups that
 * restore nothing for the report, and the guards that stop a run before it restores. Groups that cannot
 * be planned stop a real run unless it skips them (skip_unplannable_groups); a dry run goes on to report
 * every plan and every problem.
 */
export async function finalizePlan(
  event: FinalizePlanEvent,
  files: RunFiles,
  pacing: StartPacing,
): Promise<PlannedRun> {
  const { chunkResults, ...run } = event;
  const parts: GroupPart[] = [];
  for (const chunk of chunkResults) {
    for (let piece = 0; piece < chunk.pieces; piece++) {
      const stored = await files.getJson<StoredPiece>(runLayout.planPiece(chunk.index, piece));
      for (const part of stored.parts) parts.push(part);
    }
  }
  const plan = assemblePlan(parts);
  // A rerun plans nothing: its records are the earlier run's, copied verbatim before it started; only
  // their start slots are new, from their places in this run.
  const chosen: readonly RestoreRecord[] =
    run.rerunOf === undefined ? plan.records : await files.getJson<RestoreRecord[]>(runLayout.rerunRecords);
  const records: PlanItem[] = chosen.map((record, index) => ({
    ...record,
    startAfterSeconds: startAfterSeconds(index, pacing),
  }));
  const { noBackup } = plan;
  const unplanned: UnplannedGroups = { noMatch: plan.noMatch, notPlanned: plan.notPlanned };
  await files.putJson(runLayout.plan, records);
  await files.putJson(runLayout.noBackup, noBackup);
  await files.putJson(runLayout.unplanned, unplanned);
  if (unplanned.notPlanned.length > 0 && !run.dryRun && !run.skipUnplannable) {
    const problems = unplanned.notPlanned.flatMap((n) => n.problems);
    throw new PlanFailed(
      `${describeProblems(problems)}\nnothing was restored; fix these groups, or set ` +
        'skip_unplannable_groups (--skip-unplannable) to restore the other groups and report these',
    );
  }
  if (records.length > run.maxRestores) {
    throw new PlanTooLarge(
      `the plan holds ${records.length} restore${records.length === 1 ? '' : 's'}, more than the ${run.maxRestores} this run allows ` +
        `(raise max_restores in the input, or the stage param maxRestoresPerRun); nothing was restored; ` +
        `the plan is at ${files.where(runLayout.plan)}`,
    );
  }
  const planned: PlannedRun = {
    ...run,
    planned: records.length,
    noBackup: noBackup.length,
    startPhaseSeconds: startPhaseSeconds(records.length, pacing),
    noMatch: unplanned.noMatch.length,
    notPlanned: unplanned.notPlanned.length,
    plan: files.locate(runLayout.plan),
    results: files.locate(runLayout.restoreResults),
  };
  // What a resumed run starts its Restore map from.
  await files.putJson(runLayout.plannedRun, planned);
  return planned;
}
