import { optional, tagMap, type FieldProps } from '../core/fields.js';
import { discoverAssets, type AssetKind, type AssetListItem } from './asset-search.js';
import { chooseBackup, type BackupListItem } from './backup-choice.js';
import type { ChosenBackup, RestorerListing } from './types.js';

/** `source_asset_types.<Type>` of the asset-based types: tags every listed asset carries (ANDed). */
const assetSelection = { asset_tags: optional(tagMap) } as const;

/**
 * The listing of an asset-based type: discovery by environment, tags and status, and the backup the
 * restore side would choose for the pinned asset (the same `chooseBackup`); the type supplies its spec and
 * how it writes a group.
 */
export function assetListing<
  A extends AssetListItem,
  B extends BackupListItem & ChosenBackup,
  P extends FieldProps,
>(
  kind: AssetKind<A, B>,
  parts: Pick<RestorerListing<typeof assetSelection, P, B>, 'spec' | 'checkSpec' | 'formatGroup'>,
): RestorerListing<typeof assetSelection, P, B> {
  return {
    ...parts,
    selection: assetSelection,
    discover: (ctx, scope, selection) => discoverAssets(ctx, kind, scope, selection.asset_tags ?? {}),
    findBackup: (ctx, asset, window) => chooseBackup(ctx, kind, asset.assetId, window),
  };
}
