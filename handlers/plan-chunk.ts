import { logger } from './logger.js';
import { clumioClient, readLambdaConfig, runFiles } from '../workflows/runtime.js';
import type { PlanChunkEvent, PlanChunkOutput } from '../workflows/bulk-restore/state.js';
import { planChunk } from '../workflows/bulk-restore/plan-chunk.js';

/** Lambda's context, the part PlanChunk reads (absent when the local runner calls the handler). */
interface Context {
  getRemainingTimeInMillis(): number;
}

/** Plan, one piece of a chunk of groups: finds backups and builds requests until its share is spent. */
export async function handler(event: PlanChunkEvent, context?: Context): Promise<PlanChunkOutput> {
  const config = readLambdaConfig();
  return planChunk(
    event,
    runFiles(config, event.runId),
    clumioClient(config, event.baseUrl),
    {
      requests: config.planPieceRequests,
      ...(context !== undefined ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
    },
    logger,
  );
}
