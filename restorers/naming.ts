import type { RestoreRecord } from '../core/records.js';
import type { RestoreRequest } from './record.js';
import { PlanError } from './types.js';

/** Names of restored resources: unique within a group, and within AWS's rules. */

/**
 * The name of one of several restored resources: `<base>-<source name>`, within `max` characters and
 * AWS's rules (no trailing or double hyphen).
 */
export function suffixedName(base: string, source: string, max: number): string {
  return `${base}-${source}`
    .replace(/[^A-Za-z0-9-]/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, max)
    .replace(/-+$/, '');
}

/**
 * `<base>-<suffix>` within `max` characters: the base is cut, never the suffix, so the name always
 * differs from `base` itself (the resource it restores may still exist under that name).
 */
export function withSuffix(base: string, suffix: string, max: number): string {
  return suffixedName(base.slice(0, Math.max(1, max - suffix.length - 1)), suffix, max);
}

/** Two restores of one group must not create resources of the same name: the second would fail. */
export function checkDistinctNames(
  records: readonly RestoreRecord[],
  nameOf: (request: RestoreRequest) => string,
): void {
  const clashes = nameClashes(records, nameOf, new Map());
  if (clashes.length > 0) throw new PlanError(clashes);
}

/**
 * The clashes of `records` with each other and with the names already `seen` (name → the resource it
 * restores), which it adds to: a group planned in pieces checks each piece against the ones before.
 */
export function nameClashes(
  records: readonly RestoreRecord[],
  nameOf: (request: RestoreRequest) => string,
  seen: Map<string, string>,
): string[] {
  const clashes: string[] = [];
  for (const record of records) {
    const name = nameOf(record.request);
    const other = seen.get(name);
    if (other !== undefined)
      clashes.push(`${other} and ${record.source.resourceNativeId} would both be restored as ${name}`);
    seen.set(name, record.source.resourceNativeId ?? record.source.resourceId);
  }
  return clashes;
}
