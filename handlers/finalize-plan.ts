import { readLambdaConfig, runFiles } from '../lib/runtime.js';
import type { FinalizePlanEvent, PlannedRun } from '../lib/run-state.js';
import { finalizePlan } from '../lib/steps.js';

/** FinalizePlan: plan.json for the Restore map; throws PlanFailed or PlanTooLarge before anything starts. */
export async function handler(event: FinalizePlanEvent): Promise<PlannedRun> {
  const config = readLambdaConfig();
  return finalizePlan(event, runFiles(config, event.runId));
}
