import { expect } from 'chai';

import type { NoBackupEntry, RestoreRecord } from '../../../core/records.js';
import {
  buildReport,
  countsLine,
  exitCodeOf,
  reportCsv,
  ReportError,
  reportFields,
  reportTable,
  type Report,
  type ReportEntry,
  type ReportInput,
  type RestoreResult,
} from '../../../workflows/report.js';

const record = (r: Omit<RestoreRecord, 'request'>): RestoreRecord => ({
  ...r,
  request: { endpoint: 'restoreEbsVolume', body: { placeholder: true } },
});

/** Plan order is deliberately not group order, to show the report sorts by group. */
const records: RestoreRecord[] = [
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
    target: { account: '222222222222', region: 'us-east-2', environmentId: 'env-2' },
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
    target: { account: '111111111111', region: 'us-west-2', environmentId: 'env-1' },
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
    target: { account: '333333333333', environmentId: 'env-3' },
  }),
];

const noBackup: NoBackupEntry[] = [
  {
    groupIndex: 0,
    resourceType: 'DynamoDB',
    source: {
      account: '111111111111',
      region: 'us-west-2',
      resourceId: 'ddb-asset-1',
      resourceNativeId: 'sessions',
    },
    reason: 'no backup at or before 2026-11-24T23:59:59Z',
  },
];

const failure = 'Clumio: restore failed, "subnet-0abc" not found';

/** In any order, and record 3 never reported. */
const results: RestoreResult[] = [
  {
    index: 2,
    status: 'timed_out',
    taskId: 't-3',
    error: 'task still in_progress after 200 polls',
    polls: 200,
  },
  { index: 0, status: 'completed', taskId: 't-1', polls: 5 },
  { index: 1, status: 'failed', taskId: 't-2', error: failure, polls: 3 },
];

const input: ReportInput = {
  version: '0.1.0',
  runId: '20261125T143501Z-k3f9q2',
  dryRun: false,
  startedAt: '2026-11-25T14:35:01Z',
  finishedAt: '2026-11-25T16:02:44Z',
  records,
  results,
  noBackup,
};

const entries: Record<'rds' | 'ebs' | 'ec2' | 'pg' | 'ddb', ReportEntry> = {
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
    error: 'no backup at or before 2026-11-24T23:59:59Z',
  },
};

const realReport: Report = {
  version: '0.1.0',
  runId: '20261125T143501Z-k3f9q2',
  dryRun: false,
  startedAt: '2026-11-25T14:35:01Z',
  finishedAt: '2026-11-25T16:02:44Z',
  counts: { planned: 4, completed: 1, failed: 1, timed_out: 1, unknown: 1, no_backup: 1 },
  restores: [entries.rds, entries.ebs, entries.ec2, entries.pg, entries.ddb],
};

const dryReport: Report = {
  ...realReport,
  dryRun: true,
  counts: { planned: 4, completed: 0, failed: 0, timed_out: 0, unknown: 0, no_backup: 1 },
  restores: [
    ...[entries.rds, entries.ebs, entries.ec2, entries.pg].map((e) => ({
      ...e,
      taskId: null,
      status: 'planned' as const,
      error: null,
    })),
    entries.ddb,
  ],
};

describe('workflows/report', () => {
  describe('buildReport', () => {
    it('reports a real run: each result by plan index, a missing one unknown, no_backup last', () => {
      expect(buildReport(input)).to.deep.equal(realReport);
    });

    it('writes every field of DESIGN §6 in its order, absent values as null (never undefined)', () => {
      const report = buildReport(input);
      for (const entry of report.restores) expect(Object.keys(entry)).to.deep.equal([...reportFields]);
      expect(JSON.parse(JSON.stringify(report))).to.deep.equal(realReport);
    });

    it('keeps an explicit unknown result with its own reason', () => {
      const report = buildReport({
        ...input,
        results: [...results, { index: 3, status: 'unknown', error: 'POST timed out after sending' }],
      });
      expect(report.restores[3]).to.deep.equal({ ...entries.pg, error: 'POST timed out after sending' });
      expect(report.counts).to.deep.equal(realReport.counts);
    });

    it('reports every record planned in a dry run, ignoring any results', () => {
      expect(buildReport({ ...input, dryRun: true })).to.deep.equal(dryReport);
      expect(buildReport({ ...input, dryRun: true, results: [] })).to.deep.equal(dryReport);
      // Results that would be rejected in a real run are not even read.
      expect(
        buildReport({ ...input, dryRun: true, results: [{ index: 99, status: 'completed' }] }),
      ).to.deep.equal(dryReport);
    });

    it('orders by group, keeping plan order within a group, then the no_backup entries by group', () => {
      const ids = (report: Report): string[] =>
        report.restores.map((e) => `${e.groupIndex}:${e.sourceResourceId}`);
      const moreNoBackup: NoBackupEntry[] = [
        { ...noBackup[0]!, groupIndex: 3, source: { resourceId: 'late' } },
        ...noBackup,
        { ...noBackup[0]!, groupIndex: 1, source: { resourceId: 'mid' } },
      ];
      expect(ids(buildReport({ ...input, noBackup: moreNoBackup }))).to.deep.equal([
        '0:rds-asset-1',
        '1:ebs-asset-1',
        '1:ec2-asset-1',
        '2:pg-1',
        '0:ddb-asset-1',
        '1:mid',
        '3:late',
      ]);
    });

    it('counts planned = records, and completed + failed + timed_out + unknown = planned', () => {
      const { counts } = buildReport(input);
      expect(counts.completed + counts.failed + counts.timed_out + counts.unknown).to.equal(counts.planned);
      const none = buildReport({ ...input, results: [] });
      expect(none.counts).to.deep.equal({
        planned: 4,
        completed: 0,
        failed: 0,
        timed_out: 0,
        unknown: 4,
        no_backup: 1,
      });
    });

    it('reports an empty plan', () => {
      expect(buildReport({ ...input, records: [], results: [], noBackup: [] })).to.deep.equal({
        ...realReport,
        counts: { planned: 0, completed: 0, failed: 0, timed_out: 0, unknown: 0, no_backup: 0 },
        restores: [],
      });
    });

    it('rejects results that cannot belong to the plan', () => {
      const cases: [RestoreResult[], string][] = [
        [
          [{ index: 4, status: 'completed' }],
          'restore result index 4 is outside the plan (4 records): the results do not belong to this plan',
        ],
        [[{ index: -1, status: 'completed' }], 'restore result index -1 is outside the plan (4 records)'],
        [[{ index: 1.5, status: 'completed' }], 'restore result index 1.5 is outside the plan (4 records)'],
        [
          [...results, { index: 1, status: 'completed' }],
          'two restore results for plan record 1: the results do not belong to this plan',
        ],
      ];
      for (const [bad, message] of cases) {
        expect(() => buildReport({ ...input, results: bad }), message).to.throw(ReportError, message);
      }
    });
  });

  describe('reportCsv', () => {
    const header =
      'groupIndex,resourceType,sourceAccount,sourceRegion,sourceResourceId,sourceResourceNativeId,' +
      'backupId,backupTimestamp,targetAccount,targetRegion,taskId,status,error\r\n';

    it('writes the header and one CRLF line per entry, null as empty, quoting only where needed', () => {
      expect(reportCsv(realReport)).to.equal(
        header +
          '0,RDS,111111111111,us-west-2,rds-asset-1,orders-db,bk-2,2026-11-23T22:15:00Z,111111111111,us-west-2,t-2,failed,' +
          '"Clumio: restore failed, ""subnet-0abc"" not found"\r\n' +
          '1,EBS,111111111111,us-east-1,ebs-asset-1,vol-0aaa,bk-1,2026-11-24T01:00:00Z,222222222222,us-east-2,t-1,completed,\r\n' +
          '1,EC2,111111111111,us-east-1,ec2-asset-1,i-0ccc,bk-3,2026-11-24T02:00:00Z,222222222222,us-east-2,t-3,timed_out,' +
          'task still in_progress after 200 polls\r\n' +
          '2,ProtectionGroup,,,pg-1,,bk-4,2026-11-24T03:00:00Z,333333333333,,,unknown,no result was recorded for this restore\r\n' +
          '0,DynamoDB,111111111111,us-west-2,ddb-asset-1,sessions,,,,,,no_backup,no backup at or before 2026-11-24T23:59:59Z\r\n',
      );
    });

    it('quotes fields with a line break, a lone quote or a comma, and nothing else', () => {
      const entry: ReportEntry = {
        ...entries.ebs,
        resourceType: 'say "hi"',
        sourceResourceNativeId: 'a,b',
        taskId: "it's fine; really",
        error: 'line 1\nline 2\r\nline 3',
      };
      expect(reportCsv({ ...realReport, restores: [entry] })).to.equal(
        header +
          '1,"say ""hi""",111111111111,us-east-1,ebs-asset-1,"a,b",bk-1,2026-11-24T01:00:00Z,222222222222,us-east-2,' +
          `it's fine; really,completed,"line 1\nline 2\r\nline 3"\r\n`,
      );
    });

    it('is the header alone for a report without entries', () => {
      expect(reportCsv({ ...realReport, restores: [] })).to.equal(header);
    });
  });

  describe('countsLine', () => {
    it('names the non-zero outcomes and the assets without a backup', () => {
      expect(countsLine(realReport)).to.equal(
        '4 restores: 1 completed, 1 failed, 1 timed out, 1 unknown; 1 without a backup',
      );
      const counts = { planned: 12, completed: 10, failed: 1, timed_out: 0, unknown: 1, no_backup: 1 };
      expect(countsLine({ ...realReport, counts })).to.equal(
        '12 restores: 10 completed, 1 failed, 1 unknown; 1 without a backup',
      );
      expect(
        countsLine({
          ...realReport,
          counts: { ...counts, planned: 1, completed: 1, failed: 0, unknown: 0, no_backup: 0 },
        }),
      ).to.equal('1 restore: 1 completed');
    });

    it('says planned for a dry run, and handles an empty plan', () => {
      expect(countsLine(dryReport)).to.equal('4 restores: 4 planned (dry run); 1 without a backup');
      const empty = { planned: 0, completed: 0, failed: 0, timed_out: 0, unknown: 0, no_backup: 2 };
      expect(countsLine({ ...realReport, counts: empty })).to.equal('0 restores; 2 without a backup');
    });
  });

  describe('reportTable', () => {
    const lines = (text: string): string[] => text.split('\n');

    it('shows one aligned line per entry and the counts line (wide terminal)', () => {
      expect(lines(reportTable(realReport, 200))).to.deep.equal([
        '#  type             source                              backup time           target                  status     task  error',
        '1  RDS              orders-db (111111111111/us-west-2)  2026-11-23T22:15:00Z  111111111111/us-west-2  failed     t-2   Clumio: restore failed, "subnet-0abc" not found',
        '2  EBS              vol-0aaa (111111111111/us-east-1)   2026-11-24T01:00:00Z  222222222222/us-east-2  completed  t-1',
        '3  EC2              i-0ccc (111111111111/us-east-1)     2026-11-24T02:00:00Z  222222222222/us-east-2  timed_out  t-3   task still in_progress after 200 polls',
        '4  ProtectionGroup  pg-1                                2026-11-24T03:00:00Z  333333333333            unknown    -     no result was recorded for this restore',
        '5  DynamoDB         sessions (111111111111/us-west-2)   -                     -                       no_backup  -     no backup at or before 2026-11-24T23:59:59Z',
        '4 restores: 1 completed, 1 failed, 1 timed out, 1 unknown; 1 without a backup',
      ]);
    });

    it('cuts the error first to fit the default width of 160', () => {
      const long = {
        ...entries.rds,
        error: `${failure} in subnet group default-vpc-0123456789abcdef0 of us-west-2`,
      };
      const table = lines(reportTable({ ...realReport, restores: [long, ...realReport.restores.slice(1)] }));
      expect(table[1]).to.equal(
        '1  RDS              orders-db (111111111111/us-west-2)  2026-11-23T22:15:00Z  111111111111/us-west-2  failed     t-2   Clumio: restore failed, "subnet-0abc" no…',
      );
      expect(table[1]).to.have.length(160);
      for (const line of table) expect(line.length).to.be.at.most(160);
    });

    it('keeps each row on one line when an error spans several', () => {
      const multi = { ...entries.rds, error: 'first line\r\n  second\tline' };
      const table = lines(reportTable({ ...realReport, restores: [multi] }));
      expect(table).to.have.length(3);
      expect(table[1]).to.match(/ first line second line$/);
    });

    it('keeps every line within narrower widths, the row key fields first to go last', () => {
      for (const width of [120, 100, 80, 60, 40, 20, 1]) {
        const table = lines(reportTable(realReport, width));
        expect(table, `width ${width}`).to.have.length(7);
        for (const line of table) expect(line.length, `width ${width}: ${line}`).to.be.at.most(width);
      }
      const at100 = lines(reportTable(realReport, 100));
      for (const [row, fields] of [
        [1, ['RDS', 'orders-db', 'failed', 't-2', 'Clumio']],
        [2, ['EBS', 'vol-0aaa', 'completed', 't-1']],
        [3, ['EC2', 'i-0ccc', 'timed_out', 't-3', 'task']],
        [4, ['ProtectionGroup', 'pg-1', 'unknown']],
        [5, ['DynamoDB', 'sessions', 'no_backup', 'no backup']],
      ] as const) {
        for (const field of fields) expect(at100[row], `${row}: ${field}`).to.contain(field);
      }
      expect(at100[6]).to.equal(
        '4 restores: 1 completed, 1 failed, 1 timed out, 1 unknown; 1 without a backup',
      );
    });

    it('is the counts line alone for a report without entries', () => {
      const empty = buildReport({ ...input, records: [], results: [], noBackup: [] });
      expect(reportTable(empty)).to.equal('0 restores');
    });
  });

  describe('exitCodeOf', () => {
    const real = (counts: Partial<Report['counts']>): Report => ({
      ...realReport,
      counts: { planned: 3, completed: 3, failed: 0, timed_out: 0, unknown: 0, no_backup: 0, ...counts },
    });

    it('is 0 when every planned restore completed, whatever no_backup says', () => {
      expect(exitCodeOf(real({}))).to.equal(0);
      expect(exitCodeOf(real({ no_backup: 5 }))).to.equal(0);
      expect(exitCodeOf(real({ planned: 0, completed: 0, no_backup: 2 }))).to.equal(0);
    });

    it('is 1 when any restore failed, timed out or is unknown', () => {
      expect(exitCodeOf(realReport)).to.equal(1);
      expect(exitCodeOf(real({ completed: 2, failed: 1 }))).to.equal(1);
      expect(exitCodeOf(real({ completed: 2, timed_out: 1 }))).to.equal(1);
      expect(exitCodeOf(real({ completed: 2, unknown: 1 }))).to.equal(1);
    });

    it('is 0 for a dry run', () => {
      expect(exitCodeOf(dryReport)).to.equal(0);
      expect(exitCodeOf(buildReport({ ...input, dryRun: true, noBackup: [] }))).to.equal(0);
    });

    it('matches the built report of a run where every restore completed', () => {
      const allDone = records.map((_, index): RestoreResult => ({
        index,
        status: 'completed',
        taskId: `t-${index}`,
      }));
      expect(exitCodeOf(buildReport({ ...input, results: allDone }))).to.equal(0);
    });
  });
});
