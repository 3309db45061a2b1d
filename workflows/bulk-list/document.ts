import { isResourceType, listingOf, resourceTypes, type ResourceType } from '../../restorers/index.js';
import type { ChosenBackup, ListedAsset, ListScope } from '../../restorers/types.js';
import {
  decodeRestoreInput,
  type AssetStatus,
  type ListInput,
  type ListWindow,
  type Problem,
} from '../../schemas/index.js';

/**
 * What bulkList writes, independent of the state machine: the status filters of a listing, the restore
 * group of a listed asset, and the bulkRestore document with its validation.
 */

/** asset_meta_status as the datasource filters (clumio-api §7.1); booleans as the strings Clumio takes. */
export function statusFilter(status: AssetStatus): ListScope['statusFilter'] {
  return {
    ...(status.protectionStatusIn !== undefined && { protection_status: { $in: status.protectionStatusIn } }),
    ...(status.backupStatusIn !== undefined && { backup_status: { $in: status.backupStatusIn } }),
    is_deleted: { $in: status.deletedStatusIn.map(String) },
  };
}

/** The registry type of a listed asset (assets.json is read back as plain JSON). */
export function resourceTypeOf(asset: ListedAsset): ResourceType {
  if (!isResourceType(asset.resourceType)) throw new TypeError(`unknown resource type ${asset.resourceType}`);
  return asset.resourceType;
}

/** The window fields of a group: `after` needs both offsets, `before` only the end one; or search_time. */
function windowFields(window: ListWindow): Record<string, unknown> {
  if (window.time !== undefined) {
    return {
      search_direction: window.direction,
      search_time: window.time,
      ...(window.timeEnd !== undefined && { search_time_end: window.timeEnd }),
    };
  }
  return window.direction === 'after'
    ? {
        search_direction: 'after',
        start_search_day_offset: window.startOffset,
        end_search_day_offset: window.endOffset,
      }
    : { search_direction: 'before', end_search_day_offset: window.endOffset };
}

/**
 * The bulkRestore group that restores `asset`: its source, the window, the target account (the spec's,
 * else the source's) and region (the type's spec, else the source region), then the type's own pin and
 * targets from the spec and the backup.
 */
export function groupFor(
  asset: ListedAsset,
  backup: ChosenBackup,
  input: ListInput,
): Record<string, unknown> {
  const type = resourceTypeOf(asset);
  const spec = input.specs[type] ?? {};
  const account = input.targetAccount ?? asset.account;
  const region = typeof spec.target_region === 'string' ? spec.target_region : asset.region;
  const target = { account, region, inPlace: account === asset.account && region === asset.region };
  return {
    ResourceType: type,
    source_account: asset.account,
    source_region: asset.region,
    ...windowFields(input.window),
    target_account: account,
    target_region: region,
    ...listingOf(type).formatGroup(asset, backup, spec, target),
  };
}

const typeOrder = (type: string): number => resourceTypes.indexOf(type as never);

/** The document's order: account, region, type (registry order), then AWS id or name, then Clumio id. */
export function compareAssets(a: ListedAsset, b: ListedAsset): number {
  const text = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return (
    text(a.account, b.account) ||
    text(a.region, b.region) ||
    typeOrder(a.resourceType) - typeOrder(b.resourceType) ||
    text(a.nativeId, b.nativeId) ||
    text(a.assetId, b.assetId)
  );
}

const GROUP_FIELD = /^RestoreGroups\[(\d+)\]\.([A-Za-z_][A-Za-z0-9_]*)$/;

export interface WrittenDocument {
  readonly document: Record<string, unknown>;
  /** Its validation problems: every one a value to fill in before it runs. */
  readonly problems: Problem[];
  readonly warnings: Problem[];
}

/**
 * The bulkRestore input of the listed groups, validated as `validate` will see it. A field the validator
 * asks for and the group lacks is written as "" (unset to the validator, so the problem stays) so that the
 * user sees where to fill it in. `max_restores` is the number of groups: the run guard matches what was
 * reviewed.
 */
export function restoreDocument(
  groups: readonly Record<string, unknown>[],
  baseUrl: string | null,
): WrittenDocument {
  const restoreGroups = groups.map((group) => ({ ...group }));
  const document: Record<string, unknown> = {
    ...(baseUrl !== null && { base_url: baseUrl }),
    ...(restoreGroups.length > 0 && { max_restores: restoreGroups.length }),
    RestoreGroups: restoreGroups,
  };
  // An empty list is not a runnable document, and no value can be filled in to make it one.
  if (restoreGroups.length === 0) return { document, problems: [], warnings: [] };
  const first = decodeRestoreInput(document);
  if (first.ok) return { document, problems: [], warnings: first.warnings };
  for (const { path } of first.problems) {
    const match = GROUP_FIELD.exec(path);
    const group = match ? restoreGroups[Number(match[1])] : undefined;
    const field = match?.[2];
    if (group !== undefined && field !== undefined && !Object.hasOwn(group, field)) group[field] = '';
  }
  const result = decodeRestoreInput(document);
  return { document, problems: result.ok ? [] : result.problems, warnings: result.warnings };
}
