import { logger } from './logger.js';
import { clumioClient, readLambdaConfig, runFiles } from '../workflows/runtime.js';
import type { DiscoverEvent, DiscoverResult } from '../workflows/bulk-list/state.js';
import { discoverScan } from '../workflows/bulk-list/discover-assets.js';

/** Discover, one region × type: every matching asset into the run store; returns counts. */
export async function handler(event: DiscoverEvent): Promise<DiscoverResult> {
  const config = readLambdaConfig();
  return discoverScan(event, runFiles(config, event.runId), clumioClient(config, event.baseUrl), logger);
}
