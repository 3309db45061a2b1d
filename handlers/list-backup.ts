import { clumioClient, readLambdaConfig, runFiles } from '../lib/runtime.js';
import type { AssetItem, AssetResult } from '../lib/list-state.js';
import { findBackup } from '../lib/list-steps.js';

/** FindBackup, one asset: its chosen backup and the restore group that restores it. */
export async function handler(event: AssetItem): Promise<AssetResult> {
  const config = readLambdaConfig();
  return findBackup(event, runFiles(config, event.runId), clumioClient(config, event.baseUrl));
}
