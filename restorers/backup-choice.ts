import type { Filter } from '../clumio/index.js';
import type { CommonGroupFields } from '../core/group-fields.js';
import { searchWindow, type SearchWindow } from '../core/window.js';
import type { AssetKind } from './asset-search.js';
import { firstMatching } from './checked-list.js';
import type { BackupWindow, LookupContext } from './types.js';

/** Which backup restores an asset: the window of a group and the query that picks its backup. */

/** The fields of a backup list item the choice reads. */
export interface BackupListItem {
  readonly id: string;
  readonly account_native_id?: string;
  readonly aws_region?: string;
}

/** The search window of a group (DESIGN §3.2). */
export function windowOf(group: CommonGroupFields, now: Date): SearchWindow {
  return searchWindow(
    {
      direction: group.search_direction,
      startOffset: group.start_search_day_offset,
      endOffset: group.end_search_day_offset,
      ...(group.search_time !== undefined && { time: group.search_time }),
      ...(group.search_time_end !== undefined && { timeEnd: group.search_time_end }),
    },
    now,
  );
}

/** The backups of one asset in a window, best first: filter by `field` = `id`, the window's sort. */
export function backupQuery(
  window: BackupWindow,
  field: string,
  id: string,
): { readonly filter: Filter; readonly sort: string } {
  return { filter: { ...window.filter, [field]: { $eq: id } }, sort: window.sort };
}

/**
 * The chosen backup of one asset: one request (`limit=1`) with the asset id, the window and the sort.
 * Only when that backup is not restorable, or not the asset's or not in the window, does it page on to
 * the next one that is.
 */
export function chooseBackup<A, B extends BackupListItem>(
  ctx: LookupContext,
  kind: AssetKind<A, B>,
  assetId: string,
  window: BackupWindow,
): Promise<B | undefined> {
  const restorable = kind.restorable;
  return firstMatching<B>(
    ctx,
    kind.backupList,
    backupQuery(window, kind.backupAssetField, assetId),
    restorable === undefined ? undefined : (backup) => restorable(backup),
  );
}
