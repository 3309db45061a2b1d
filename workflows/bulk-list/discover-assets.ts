import type { ClumioClient } from '../../clumio/index.js';
import { listingOf } from '../../restorers/index.js';
import type { LookupLog } from '../../restorers/types.js';
import type { ListInput } from '../../schemas/index.js';
import { lookupContext } from '../planning.js';
import { runLayout } from '../run-layout.js';
import type { RunFiles } from '../run-store.js';
import { statusFilter } from './document.js';
import type { DiscoverEvent, DiscoverResult, StoredScan } from './state.js';

/** Discover, one region × type: every matching asset, written to the run store (no cap, every page). */
export async function discoverScan(
  event: DiscoverEvent,
  files: RunFiles,
  client: ClumioClient,
  log?: LookupLog,
): Promise<DiscoverResult> {
  const input = await files.getJson<ListInput>(runLayout.listInput);
  const { scan } = event;
  const selection = input.assetTypes.find((t) => t.resourceType === scan.resourceType)?.selection ?? {};
  const found = await listingOf(scan.resourceType).discover(
    lookupContext(client, { now: new Date(event.startedAt), log }),
    {
      account: input.sourceAccount,
      region: scan.region,
      environmentId: scan.environmentId,
      statusFilter: statusFilter(input.assetStatus),
    },
    selection,
  );
  const stored: StoredScan = found;
  await files.putJson(runLayout.scan(scan.region, scan.resourceType), stored);
  return { index: scan.index, assets: found.assets.length, notes: found.notes.length };
}
