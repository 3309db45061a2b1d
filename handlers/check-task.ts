import { clumioClient, readLambdaConfig } from '../workflows/runtime.js';
import type { RestoreProgress } from '../workflows/bulk-restore/state.js';
import { checkTask } from '../workflows/bulk-restore/check-task.js';
import { logger } from './logger.js';

/** CheckTask: one GET /tasks/{id}. The state machine's Wait states do the waiting, never this Lambda. */
export async function handler(event: RestoreProgress): Promise<RestoreProgress> {
  const config = readLambdaConfig();
  return checkTask(event, clumioClient(config, event.baseUrl), logger);
}
