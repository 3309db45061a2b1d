import { describeProblems, PlanFailed, PlanTooLarge } from '../errors.js';
import { runLayout } from '../run-layout.js';
import type { RunFiles } from '../run-store.js';
import type { RestoreRecord } from '../../core/records.js';
import type { FinalizePlanEvent, PlannedRun, StoredChunk } from './state.js';

/** FinalizePlan: one plan.json for the Restore map, and the guards that stop a run before it restores. */
export async function finalizePlan(event: FinalizePlanEvent, files: RunFiles): Promise<PlannedRun> {
  const { chunkResults: _counts, ...run } = event;
  const chunks = await Promise.all(
    run.chunks.map((c) => files.getJson<StoredChunk>(runLayout.planChunk(c.index))),
  );
  const problems = chunks.flatMap((c) => c.problems);
  if (problems.length > 0) throw new PlanFailed(describeProblems(problems));
  // A rerun plans nothing: its records are the earlier run's, copied verbatim before it started.
  const records =
    run.rerunOf === undefined
      ? chunks.flatMap((c) => c.records)
      : await files.getJson<RestoreRecord[]>(runLayout.rerunRecords);
  const noBackup = chunks.flatMap((c) => c.noBackup);
  await files.putJson(runLayout.plan, records);
  await files.putJson(runLayout.noBackup, noBackup);
  if (records.length > run.maxRestores) {
    throw new PlanTooLarge(
      `the plan holds ${records.length} restores, more than the ${run.maxRestores} this run allows ` +
        `(raise max_restores in the input, or the stage param maxRestoresPerRun); nothing was restored; ` +
        `the plan is at ${files.where(runLayout.plan)}`,
    );
  }
  const planned: PlannedRun = {
    ...run,
    planned: records.length,
    noBackup: noBackup.length,
    plan: files.locate(runLayout.plan),
    results: files.locate(runLayout.restoreResults),
  };
  // What a resumed run starts its Restore map from.
  await files.putJson(runLayout.plannedRun, planned);
  return planned;
}
