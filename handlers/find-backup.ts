import { logger } from './logger.js';
import { clumioClient, readLambdaConfig, runFiles } from '../workflows/runtime.js';
import type { AssetItem, AssetResult } from '../workflows/bulk-list/state.js';
import { findBackup } from '../workflows/bulk-list/find-backup.js';

/** FindBackup, one asset: its chosen backup and the restore group that restores it. */
export async function handler(event: AssetItem): Promise<AssetResult> {
  const config = readLambdaConfig();
  return findBackup(event, runFiles(config, event.runId), clumioClient(config, event.baseUrl), logger);
}
