import { logger } from './logger.js';
import { clumioClient, readLambdaConfig, runFiles } from '../workflows/runtime.js';
import type { PlanChunkEvent, PlanChunkResult } from '../workflows/bulk-restore/state.js';
import { planChunk } from '../workflows/bulk-restore/plan-chunk.js';

/** Plan, one chunk of groups: finds the backups and builds the requests; writes them to the run store. */
export async function handler(event: PlanChunkEvent): Promise<PlanChunkResult> {
  const config = readLambdaConfig();
  return planChunk(event, runFiles(config, event.runId), clumioClient(config, event.baseUrl), logger);
}
