import { readLambdaConfig, runFiles } from '../workflows/runtime.js';
import type { FinalizePlanEvent, PlannedRun } from '../workflows/bulk-restore/state.js';
import { finalizePlan } from '../workflows/bulk-restore/finalize-plan.js';

/** FinalizePlan: plan.json for the Restore map; throws PlanFailed or PlanTooLarge before anything starts. */
export async function handler(event: FinalizePlanEvent): Promise<PlannedRun> {
  const config = readLambdaConfig();
  return finalizePlan(event, runFiles(config, event.runId), {
    requestsPerSecond: config.clumioRequestsPerSecond,
    concurrency: config.restoreConcurrency,
  });
}
