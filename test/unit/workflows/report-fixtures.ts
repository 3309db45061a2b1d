import type { NoBackupEntry, NoMatchEntry, NotPlannedEntry, RestoreRecord } from '../../../core/records.js';
import {
  type Report,
  type ReportEntry,
  type ReportInput,
  type RestoreResult,
} from '../../../workflows/report.js';

export const keyWarning =
  "encrypted with a customer key in the source; restored with the target's default key: set target_kms_key_native_id to choose one";

export const record = (r: Omit<RestoreRecord, 'request'>): RestoreRecord => ({
  ...r,
  request: { endpoint: 'restoreEbsVolume', body: { placeholder: true } },
});

export const runId = '20261125T143501Z-k3f9q2';

/** Plan order is deliberately not group order, to show the report sorts by group. */
export const records: RestoreRecord[] = [
  record({
    groupIndex: 1,
    resourceType: 'EBS',
    source: {
      account: '111111111111',
      region: 'us-east-1',
      resourceId: 'ebs-asset-1',
      resourceNativeId: 'vol-0aaa',
      backupId: 'bk-1',
      backupTimestamp: '2026-11-24T01:00:00Z',
    },
    target: {
      account: '222222222222',
      region: 'us-east-2',
      environmentId: 'env-2',
      details: { zone: 'us-east-2a' },
    },
    warnings: [keyWarning],
  }),
  record({
    groupIndex: 0,
    resourceType: 'RDS',
    source: {
      account: '111111111111',
      region: 'us-west-2',
      resourceId: 'rds-asset-1',
      resourceNativeId: 'orders-db',
      backupId: 'bk-2',
      backupTimestamp: '2026-11-23T22:15:00Z',
    },
    target: {
      account: '111111111111',
      region: 'us-west-2',
      environmentId: 'env-1',
      details: { name: 'orders-dr' },
    },
  }),
  record({
    groupIndex: 1,
    resourceType: 'EC2',
    source: {
      account: '111111111111',
      region: 'us-east-1',
      resourceId: 'ec2-asset-1',
      resourceNativeId: 'i-0ccc',
      backupId: 'bk-3',
      backupTimestamp: '2026-11-24T02:00:00Z',
    },
    target: { account: '222222222222', region: 'us-east-2', environmentId: 'env-2' },
  }),
  // A protection group across accounts: no source account/region, no native id, no target region.
  record({
    groupIndex: 2,
    resourceType: 'ProtectionGroup',
    source: { resourceId: 'pg-1', backupId: 'bk-4', backupTimestamp: '2026-11-24T03:00:00Z' },
    target: {
      account: '333333333333',
      environmentId: 'env-3',
      details: { bucket: 'dr-bucket', prefix: 'pg-1/' },
    },
  }),
];

export const noBackup: NoBackupEntry[] = [
  {
    groupIndex: 0,
    resourceType: 'DynamoDB',
    source: {
      account: '111111111111',
      region: 'us-west-2',
      resourceId: 'ddb-asset-1',
      resourceNativeId: 'sessions',
    },
    reason: 'no backup at or before 2026-11-24T23:59:59Z (before, end_search_day_offset 1)',
  },
];

export const noMatch: NoMatchEntry[] = [
  {
    groupIndex: 3,
    resourceType: 'EC2',
    source: { account: '111111111111', region: 'us-east-1' },
    searched: 'EC2 instances with tag App=wbe in 111111111111/us-east-1',
  },
];

export const notPlanned: NotPlannedEntry[] = [
  {
    groupIndex: 4,
    resourceType: 'EBS',
    source: { account: '111111111111', region: 'us-east-1' },
    problems: [
      {
        path: 'RestoreGroups[4].target_account/target_region',
        message: 'no Clumio environment for account 222333444555 in us-east-2 (is it connected to Clumio?)',
      },
    ],
  },
];

export const failure = 'Clumio: restore failed, "subnet-0abc" not found';

/** In any order, and record 3 never reported. */
export const results: RestoreResult[] = [
  {
    index: 2,
    status: 'timed_out',
    taskId: 't-3',
    error: 'task still in_progress after 200 polls',
    polls: 200,
    startedAt: '2026-11-25T14:36:00Z',
    endedAt: null,
  },
  {
    index: 0,
    status: 'completed',
    taskId: 't-1',
    polls: 5,
    startedAt: '2026-11-25T14:35:40Z',
    endedAt: '2026-11-25T15:10:00Z',
  },
  {
    index: 1,
    status: 'failed',
    taskId: 't-2',
    error: failure,
    polls: 3,
    startedAt: '2026-11-25T14:35:30Z',
    endedAt: '2026-11-25T14:50:00Z',
  },
];

export const input: ReportInput = {
  version: '0.1.0',
  runId,
  dryRun: false,
  startedAt: '2026-11-25T14:35:01Z',
  finishedAt: '2026-11-25T16:02:44Z',
  records,
  results,
  noBackup,
  noMatch,
  notPlanned,
};

const none = {
  startedAt: null,
  endedAt: null,
  targetZone: null,
  targetName: null,
  targetBucket: null,
  targetPrefix: null,
  restoreFrom: null,
  restorePoint: null,
} as const;

export const entries: Record<'rds' | 'ebs' | 'ec2' | 'pg' | 'ddb' | 'noMatch' | 'notPlanned', ReportEntry> = {
  rds: {
    groupIndex: 0,
    resourceType: 'RDS',
    sourceAccount: '111111111111',
    sourceRegion: 'us-west-2',
    sourceResourceId: 'rds-asset-1',
    sourceResourceNativeId: 'orders-db',
    backupId: 'bk-2',
    backupTimestamp: '2026-11-23T22:15:00Z',
    targetAccount: '111111111111',
    targetRegion: 'us-west-2',
    taskId: 't-2',
    status: 'failed',
    error: failure,
    warnings: null,
    runId,
    ...none,
    restoreFrom: 'backup',
    restorePoint: '2026-11-23T22:15:00Z',
    startedAt: '2026-11-25T14:35:30Z',
    endedAt: '2026-11-25T14:50:00Z',
    targetName: 'orders-dr',
  },
  ebs: {
    groupIndex: 1,
    resourceType: 'EBS',
    sourceAccount: '111111111111',
    sourceRegion: 'us-east-1',
    sourceResourceId: 'ebs-asset-1',
    sourceResourceNativeId: 'vol-0aaa',
    backupId: 'bk-1',
    backupTimestamp: '2026-11-24T01:00:00Z',
    targetAccount: '222222222222',
    targetRegion: 'us-east-2',
    taskId: 't-1',
    status: 'completed',
    error: null,
    warnings: keyWarning,
    runId,
    ...none,
    restoreFrom: 'backup',
    restorePoint: '2026-11-24T01:00:00Z',
    startedAt: '2026-11-25T14:35:40Z',
    endedAt: '2026-11-25T15:10:00Z',
    targetZone: 'us-east-2a',
  },
  ec2: {
    groupIndex: 1,
    resourceType: 'EC2',
    sourceAccount: '111111111111',
    sourceRegion: 'us-east-1',
    sourceResourceId: 'ec2-asset-1',
    sourceResourceNativeId: 'i-0ccc',
    backupId: 'bk-3',
    backupTimestamp: '2026-11-24T02:00:00Z',
    targetAccount: '222222222222',
    targetRegion: 'us-east-2',
    taskId: 't-3',
    status: 'timed_out',
    error: 'task still in_progress after 200 polls',
    warnings: null,
    runId,
    ...none,
    restoreFrom: 'backup',
    restorePoint: '2026-11-24T02:00:00Z',
    startedAt: '2026-11-25T14:36:00Z',
  },
  pg: {
    groupIndex: 2,
    resourceType: 'ProtectionGroup',
    sourceAccount: null,
    sourceRegion: null,
    sourceResourceId: 'pg-1',
    sourceResourceNativeId: null,
    backupId: 'bk-4',
    backupTimestamp: '2026-11-24T03:00:00Z',
    targetAccount: '333333333333',
    targetRegion: null,
    taskId: null,
    status: 'unknown',
    error: 'no result was recorded for this restore',
    warnings: null,
    runId,
    ...none,
    restoreFrom: 'backup',
    restorePoint: '2026-11-24T03:00:00Z',
    targetBucket: 'dr-bucket',
    targetPrefix: 'pg-1/',
  },
  ddb: {
    groupIndex: 0,
    resourceType: 'DynamoDB',
    sourceAccount: '111111111111',
    sourceRegion: 'us-west-2',
    sourceResourceId: 'ddb-asset-1',
    sourceResourceNativeId: 'sessions',
    backupId: null,
    backupTimestamp: null,
    targetAccount: null,
    targetRegion: null,
    taskId: null,
    status: 'no_backup',
    error: 'no backup at or before 2026-11-24T23:59:59Z (before, end_search_day_offset 1)',
    warnings: null,
    runId,
    ...none,
  },
  noMatch: {
    groupIndex: 3,
    resourceType: 'EC2',
    sourceAccount: '111111111111',
    sourceRegion: 'us-east-1',
    sourceResourceId: null,
    sourceResourceNativeId: null,
    backupId: null,
    backupTimestamp: null,
    targetAccount: null,
    targetRegion: null,
    taskId: null,
    status: 'no_match',
    error: 'nothing matched: EC2 instances with tag App=wbe in 111111111111/us-east-1',
    warnings: null,
    runId,
    ...none,
  },
  notPlanned: {
    groupIndex: 4,
    resourceType: 'EBS',
    sourceAccount: '111111111111',
    sourceRegion: 'us-east-1',
    sourceResourceId: null,
    sourceResourceNativeId: null,
    backupId: null,
    backupTimestamp: null,
    targetAccount: null,
    targetRegion: null,
    taskId: null,
    status: 'not_planned',
    error:
      'RestoreGroups[4].target_account/target_region: no Clumio environment for account 222333444555 in ' +
      'us-east-2 (is it connected to Clumio?)',
    warnings: null,
    runId,
    ...none,
  },
};

export const realReport: Report = {
  version: '0.1.0',
  runId,
  dryRun: false,
  startedAt: '2026-11-25T14:35:01Z',
  finishedAt: '2026-11-25T16:02:44Z',
  counts: {
    planned: 4,
    completed: 1,
    failed: 1,
    timed_out: 1,
    unknown: 1,
    no_backup: 1,
    no_match: 1,
    not_planned: 1,
  },
  restores: [
    entries.rds,
    entries.ebs,
    entries.ec2,
    entries.pg,
    entries.ddb,
    entries.noMatch,
    entries.notPlanned,
  ],
};

export const dryReport: Report = {
  ...realReport,
  dryRun: true,
  counts: { ...realReport.counts, completed: 0, failed: 0, timed_out: 0, unknown: 0 },
  restores: [
    ...[entries.rds, entries.ebs, entries.ec2, entries.pg].map((e) => ({
      ...e,
      taskId: null,
      status: 'planned' as const,
      error: null,
      startedAt: null,
      endedAt: null,
    })),
    entries.ddb,
    entries.noMatch,
    entries.notPlanned,
  ],
};
