import { clumioClient, readLambdaConfig, runFiles } from '../workflows/runtime.js';
import type { RestoreItem, RestoreProgress } from '../workflows/bulk-restore/state.js';
import { startRestore } from '../workflows/bulk-restore/start-restore.js';
import { logger } from './logger.js';

/** StartRestore: one POST, journaled in the run store; the task id, or the final status when it could not start. */
export async function handler(event: RestoreItem): Promise<RestoreProgress> {
  const config = readLambdaConfig();
  return startRestore(event, clumioClient(config, event.baseUrl), logger, runFiles(config, event.runId));
}
