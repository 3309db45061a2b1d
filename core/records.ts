import type { RestoreEndpointName } from '../clumio/index.js';

/** Final state of one restore (DESIGN §6). `planned` only in a dry run. */
export type RestoreStatus = 'planned' | 'completed' | 'failed' | 'timed_out' | 'unknown' | 'no_backup';

/** Where a restore comes from: the asset and the backup chosen for it. */
export interface RestoreSource {
  readonly account?: string;
  readonly region?: string;
  /** Clumio id of the asset (ProtectionGroup: of the group). */
  readonly resourceId: string;
  /** AWS id or name (vol-…, i-…, DB identifier, table name, protection group name). */
  readonly resourceNativeId?: string;
  readonly backupId: string;
  readonly backupTimestamp: string;
}

export interface RestoreTarget {
  readonly account: string;
  readonly region?: string;
  readonly environmentId: string;
}

/**
 * One planned restore: everything StartRestore needs, with the Clumio request already built at plan
 * time so that a dry run shows exactly what would be sent and no restore starts on a request the plan
 * could not build. Compact: ids and the request body, never backup lists.
 */
export interface RestoreRecord {
  readonly groupIndex: number;
  readonly resourceType: string;
  readonly source: RestoreSource;
  readonly target: RestoreTarget;
  readonly request: { readonly endpoint: RestoreEndpointName; readonly body: unknown };
  /** What the restore cannot keep of the source (its customer key elsewhere, a global table's replicas); absent when nothing. */
  readonly warnings?: readonly string[];
}

/** A matching asset without a backup in the window: reported, never silently dropped. */
export interface NoBackupEntry {
  readonly groupIndex: number;
  readonly resourceType: string;
  readonly source: Omit<RestoreSource, 'backupId' | 'backupTimestamp'>;
  readonly reason: string;
}
