import type { RestoreEndpointName } from '../clumio/index.js';

/**
 * Final state of one report entry (DESIGN §6). `planned` only in a dry run; `no_backup` is a matching
 * resource without a backup in the window; `no_match` a group that matched nothing; `not_planned` a group
 * that could not be planned.
 */
export type RestoreStatus =
  'planned' | 'completed' | 'failed' | 'timed_out' | 'unknown' | 'no_backup' | 'no_match' | 'not_planned';

/** Where a restore comes from: the asset and the backup chosen for it. */
export interface RestoreSource {
  readonly account?: string;
  readonly region?: string;
  /** Clumio id of the asset (ProtectionGroup: of the group). */
  readonly resourceId: string;
  /** AWS id or name (vol-…, i-…, DB identifier, table name, protection group name). */
  readonly resourceNativeId?: string;
  /** The backup restored; null for a point-in-time restore. */
  readonly backupId: string | null;
  readonly backupTimestamp: string | null;
  /** Only for a point-in-time restore: the moment restored; null is the latest restorable moment. */
  readonly pointInTime?: { readonly timestamp: string | null };
}

/** What a restore names of its target beyond the account and region, as its type has it. */
export interface TargetDetails {
  /** Availability zone (EBS, EC2). */
  readonly zone?: string;
  /** Name of the restored resource (RDS instance or cluster, DynamoDB table). */
  readonly name?: string;
  /** ProtectionGroup: the target bucket and key prefix. */
  readonly bucket?: string;
  readonly prefix?: string;
}

export interface RestoreTarget {
  readonly account: string;
  readonly region?: string;
  readonly environmentId: string;
  /** Set by the registry from the restorer's own description of the request it built. */
  readonly details?: TargetDetails;
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
  readonly source: Omit<RestoreSource, 'backupId' | 'backupTimestamp' | 'pointInTime'>;
  readonly reason: string;
}

/** Where a group searched: its source account and region, as far as the group names them. */
export interface GroupSource {
  readonly account?: string;
  readonly region?: string;
}

/** A group that matched no resource at all: almost always a typo, so the run does not succeed. */
export interface NoMatchEntry {
  readonly groupIndex: number;
  readonly resourceType: string;
  readonly source: GroupSource;
  /** What was searched, e.g. `EC2 instances with tag App=wbe in 111111111111/us-east-1`. */
  readonly searched: string;
}

/** A group that could not be planned, with every problem at its path (`RestoreGroups[2].target_az`). */
export interface NotPlannedEntry {
  readonly groupIndex: number;
  readonly resourceType: string;
  readonly source: GroupSource;
  readonly problems: readonly { readonly path: string; readonly message: string }[];
}
