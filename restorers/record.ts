import type {
  GroupSource,
  NoBackupEntry,
  NoMatchEntry,
  RestoreRecord,
  RestoreTarget,
} from '../core/records.js';
import type { ChosenBackup } from './types.js';

/** The records a plan yields, built in one place for every type. */

/** What a restorer builds for one asset and its chosen backup. */
export type RestoreRequest = RestoreRecord['request'];

/** A request and what the plan must say about it (RestoreRecord.warnings). */
export interface PlannedRequest extends RestoreRequest {
  readonly warnings?: readonly string[];
}

/** The group fields a record names. */
interface RecordGroup {
  readonly groupIndex: number;
  readonly ResourceType: string;
}

/** One planned restore: the group, the source asset, its chosen backup, the target and the request. */
export function restoreRecord(parts: {
  readonly group: RecordGroup;
  readonly source: NoBackupEntry['source'];
  readonly backup: ChosenBackup;
  readonly target: RestoreTarget;
  readonly request: PlannedRequest;
}): RestoreRecord {
  const { group, source, backup, target } = parts;
  const { warnings = [], ...request } = parts.request;
  return {
    groupIndex: group.groupIndex,
    resourceType: group.ResourceType,
    source: { ...source, backupId: backup.id, backupTimestamp: backup.start_timestamp },
    target,
    request,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** One planned point-in-time restore: no backup, the resource as it was at `timestamp` (null: the latest). */
export function pointInTimeRecord(parts: {
  readonly group: RecordGroup;
  readonly source: NoBackupEntry['source'];
  readonly timestamp: string | null;
  readonly target: RestoreTarget;
  readonly request: PlannedRequest;
}): RestoreRecord {
  const { group, source, timestamp, target } = parts;
  const { warnings = [], ...request } = parts.request;
  return {
    groupIndex: group.groupIndex,
    resourceType: group.ResourceType,
    source: { ...source, backupId: null, backupTimestamp: null, pointInTime: { timestamp } },
    target,
    request,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** A match of the group without a backup to restore, and why. */
export function noBackupEntry(
  group: RecordGroup,
  source: NoBackupEntry['source'],
  reason: string,
): NoBackupEntry {
  return { groupIndex: group.groupIndex, resourceType: group.ResourceType, source, reason };
}

/** A group that matched nothing, and what it searched. */
export function noMatchEntry(group: RecordGroup, source: GroupSource, searched: string): NoMatchEntry {
  return { groupIndex: group.groupIndex, resourceType: group.ResourceType, source, searched };
}
