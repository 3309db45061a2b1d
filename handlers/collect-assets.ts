import { readLambdaConfig, runFiles } from '../workflows/runtime.js';
import type { CollectedRun, CollectEvent } from '../workflows/bulk-list/state.js';
import { collectAssets } from '../workflows/bulk-list/collect-assets.js';

/** CollectAssets: assets.json, the FindBackups map's items. */
export async function handler(event: CollectEvent): Promise<CollectedRun> {
  const config = readLambdaConfig();
  return collectAssets(event, runFiles(config, event.runId));
}
