import type { ClumioClient } from '../../clumio/index.js';
import { searchWindow } from '../../core/window.js';
import { listingOf } from '../../restorers/index.js';
import type { LookupLog } from '../../restorers/types.js';
import type { ListInput } from '../../schemas/index.js';
import { lookupContext } from '../planning.js';
import { runLayout } from '../run-layout.js';
import type { RunFiles } from '../run-store.js';
import { groupFor, resourceTypeOf } from './document.js';
import type { AssetItem, AssetResult } from './state.js';

/**
 * FindBackup, one asset: the backup the restore would choose with the same window (at the run's start),
 * and the group that restores it. The backup item never leaves this step; only its id and time do.
 */
export async function findBackup(
  item: AssetItem,
  files: RunFiles,
  client: ClumioClient,
  log?: LookupLog,
): Promise<AssetResult> {
  const input = await files.getJson<ListInput>(runLayout.listInput);
  const now = new Date(item.startedAt);
  const window = searchWindow(input.window, now);
  const { asset } = item;
  const listing = listingOf(resourceTypeOf(asset));
  const backup = await listing.findBackup(lookupContext(client, { now, log }), asset, window);
  if (backup === undefined) {
    return { index: item.index, asset, backup: null, group: null, reason: `no backup ${window.describe()}` };
  }
  return {
    index: item.index,
    asset,
    backup: { id: backup.id, timestamp: backup.start_timestamp },
    group: groupFor(asset, backup, input),
    reason: null,
  };
}
