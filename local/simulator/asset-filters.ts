import type { AssetBase, ProtectionInfo } from './dataset-types.js';
import type { FieldKind, FieldSpec, FilterSpec, Operator } from './filters.js';
import type { RequestContext } from './routes.js';

export function field<T>(
  ops: readonly Operator[],
  get: (item: T) => unknown,
  kind?: FieldKind,
): FieldSpec<T> {
  return { ops, get, kind };
}

/** The `start_timestamp` filter of every backup list (reference §5.1). */
export function started<T extends { start_timestamp: string }>(): FieldSpec<T> {
  return { ops: ['$lte', '$gt'], kind: 'timestamp', get: (b) => b.start_timestamp };
}

const tagIdCache = new WeakMap<object, string[]>();

/** Tag ids of an asset, computed once: `tags.id` filters test every asset of an environment. */
export function tagIds(asset: { tags: readonly { id: string }[] }): string[] {
  let ids = tagIdCache.get(asset);
  if (ids === undefined) {
    ids = asset.tags.map((t) => t.id);
    tagIdCache.set(asset, ids);
  }
  return ids;
}

/** Filters shared by endpoints 11–14 (reference §7.1); `protection_status` operators differ per list. */
export function assetFilters<T extends AssetBase>(protectionOps: readonly Operator[]): FilterSpec<T> {
  return {
    environment_id: field(['$eq'], (a) => a.environment_id),
    account_native_id: field(['$eq'], (a) => a.account_native_id),
    protection_status: field(protectionOps, (a) => a.protection_status),
    backup_status: field(['$in'], (a) => a.backup_status_info.backup_status),
    deactivated: field(['$eq'], () => false, 'boolean'),
    'protection_info.policy_id': field(['$eq'], (a) => a.protection_info?.policy_id),
    'tags.id': field(['$all'], tagIds, 'list'),
    is_deleted: field(['$eq', '$in'], (a) => a.is_deleted, 'boolean'),
  };
}

export const POLICY_EMBED = 'read-policy-definition';

/** The `read-policy-definition` embed: the asset's policy `{id, name}`, or null. */
export function withPolicy<
  T extends { protection_info: ProtectionInfo | null; _embedded: Record<string, unknown> },
>(item: T, name: string, ctx: RequestContext): T {
  const policyId = item.protection_info?.policy_id;
  const policy = ctx.state.dataset.policies.find((p) => p.id === policyId) ?? null;
  return { ...item, _embedded: { ...item._embedded, [name]: policy } };
}
