import { startAfterSeconds, startPhaseSeconds, type StartPacing } from '../../core/pacing.js';
import { describeProblems, PlanFailed, PlanTooLarge } from '../errors.js';
import { assemblePlan, type GroupPart } from '../planning.js';
import { runLayout } from '../run-layout.js';
import type { RunFiles } from '../run-store.js';
import type { FinalizePlanEvent, PlanItem, PlannedRun, StoredPiece } from './state.js';

/**
 * FinalizePlan: one plan.json for the Restore map, each record with its start slot, and the guards that
 * stop a run before it restores.
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
  if (plan.problems.length > 0) throw new PlanFailed(describeProblems(plan.problems));
  const records: PlanItem[] = plan.records.map((record, index) => ({
    ...record,
    startAfterSeconds: startAfterSeconds(index, pacing),
  }));
  const { noBackup } = plan;
  await files.putJson(runLayout.plan, records);
  await files.putJson(runLayout.noBackup, noBackup);
  if (records.length > run.maxRestores) {
    throw new PlanTooLarge(
      `the plan holds ${records.length} restores, more than the ${run.maxRestores} this run allows ` +
        `(raise max_restores in the input, or the stage param maxRestoresPerRun); nothing was restored; ` +
        `the plan is at ${files.where(runLayout.plan)}`,
    );
  }
  return {
    ...run,
    planned: records.length,
    noBackup: noBackup.length,
    startPhaseSeconds: startPhaseSeconds(records.length, pacing),
    plan: files.locate(runLayout.plan),
    results: files.locate(runLayout.restoreResults),
  };
}
