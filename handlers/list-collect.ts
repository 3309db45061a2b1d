import { readLambdaConfig, runFiles } from '../lib/runtime.js';
import type { CollectedRun, CollectEvent } from '../lib/list-state.js';
import { collectAssets } from '../lib/list-steps.js';

/** CollectAssets: assets.json, the FindBackups map's items. */
export async function handler(event: CollectEvent): Promise<CollectedRun> {
  const config = readLambdaConfig();
  return collectAssets(event, runFiles(config, event.runId));
}
