import { expect } from 'chai';

import type { NoBackupEntry } from '../../../core/records.js';
import {
  buildReport,
  reportCsv,
  ReportError,
  reportFields,
  type Report,
  type ReportEntry,
  type RestoreResult,
} from '../../../workflows/report.js';
import { dryReport, entries, input, keyWarning, noBackup, realReport, results } from './report-fixtures.js';

describe('workflows/report', () => {
  describe('buildReport', () => {
    it('reports a real run: each result by plan index, a missing one unknown, then no_backup, no_match, not_planned', () => {
      expect(buildReport(input)).to.deep.equal(realReport);
    });

    it("carries a record's warnings into its entry, joined; an entry without any has null", () => {
      const records = input.records.map((r, i) => (i === 0 ? { ...r, warnings: ['a', 'b'] } : r));
      const report = buildReport({ ...input, records });
      expect(report.restores.find((e) => e.sourceResourceId === 'ebs-asset-1')?.warnings).to.equal('a; b');
      expect(buildReport(input).restores.map((e) => e.warnings)).to.deep.equal([
        null,
        keyWarning,
        null,
        null,
        null,
        null,
        null,
      ]);
    });

    it('writes every field of DESIGN §6 in its order then the later ones, absent values as null (never undefined)', () => {
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
        '3:null',
        '4:null',
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
        aborted: 0,
        running: 0,
        no_backup: 1,
        no_match: 1,
        not_planned: 1,
      });
    });

    it('reports an empty plan', () => {
      const empty = { records: [], results: [], noBackup: [], noMatch: [], notPlanned: [] };
      expect(buildReport({ ...input, ...empty })).to.deep.equal({
        ...realReport,
        counts: {
          planned: 0,
          completed: 0,
          failed: 0,
          timed_out: 0,
          unknown: 0,
          aborted: 0,
          running: 0,
          no_backup: 0,
          no_match: 0,
          not_planned: 0,
        },
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
      'backupId,backupTimestamp,targetAccount,targetRegion,taskId,status,error,warnings,' +
      'runId,startedAt,endedAt,targetZone,targetName,targetBucket,targetPrefix,restoreFrom,restorePoint\r\n';
    const run = '20261125T143501Z-k3f9q2';

    it('keeps the older columns first, in their order, and appends the later ones', () => {
      expect(header.split(',').slice(0, 14).join(',')).to.equal(
        'groupIndex,resourceType,sourceAccount,sourceRegion,sourceResourceId,sourceResourceNativeId,' +
          'backupId,backupTimestamp,targetAccount,targetRegion,taskId,status,error,warnings',
      );
      expect(reportFields.join(',') + '\r\n').to.equal(header);
    });

    it('writes the header and one CRLF line per entry, null as empty, quoting only where needed', () => {
      expect(reportCsv(realReport)).to.equal(
        header +
          '0,RDS,111111111111,us-west-2,rds-asset-1,orders-db,bk-2,2026-11-23T22:15:00Z,111111111111,us-west-2,t-2,failed,' +
          `"Clumio: restore failed, ""subnet-0abc"" not found",,${run},2026-11-25T14:35:30Z,2026-11-25T14:50:00Z,,orders-dr,,,backup,2026-11-23T22:15:00Z\r\n` +
          '1,EBS,111111111111,us-east-1,ebs-asset-1,vol-0aaa,bk-1,2026-11-24T01:00:00Z,222222222222,us-east-2,t-1,completed,,' +
          `${keyWarning},${run},2026-11-25T14:35:40Z,2026-11-25T15:10:00Z,us-east-2a,,,,backup,2026-11-24T01:00:00Z\r\n` +
          '1,EC2,111111111111,us-east-1,ec2-asset-1,i-0ccc,bk-3,2026-11-24T02:00:00Z,222222222222,us-east-2,t-3,timed_out,' +
          `task still in_progress after 200 polls,,${run},2026-11-25T14:36:00Z,,,,,,backup,2026-11-24T02:00:00Z\r\n` +
          '2,ProtectionGroup,,,pg-1,,bk-4,2026-11-24T03:00:00Z,333333333333,,,unknown,no result was recorded for this restore,,' +
          `${run},,,,,dr-bucket,pg-1/,backup,2026-11-24T03:00:00Z\r\n` +
          '0,DynamoDB,111111111111,us-west-2,ddb-asset-1,sessions,,,,,,no_backup,' +
          `"no backup at or before 2026-11-24T23:59:59Z (before, end_search_day_offset 1)",,${run},,,,,,,,\r\n` +
          '3,EC2,111111111111,us-east-1,,,,,,,,no_match,' +
          `nothing matched: EC2 instances with tag App=wbe in 111111111111/us-east-1,,${run},,,,,,,,\r\n` +
          '4,EBS,111111111111,us-east-1,,,,,,,,not_planned,' +
          'RestoreGroups[4].target_account/target_region: no Clumio environment for account 222333444555 in us-east-2 ' +
          `(is it connected to Clumio?),,${run},,,,,,,,\r\n`,
      );
    });

    it('quotes fields with a line break, a lone quote or a comma, and nothing else', () => {
      const entry: ReportEntry = {
        ...entries.ebs,
        resourceType: 'say "hi"',
        sourceResourceNativeId: 'a,b',
        taskId: "it's fine; really",
        error: 'line 1\nline 2\r\nline 3',
        warnings: 'a, b; "c"',
      };
      expect(reportCsv({ ...realReport, restores: [entry] })).to.equal(
        header +
          '1,"say ""hi""",111111111111,us-east-1,ebs-asset-1,"a,b",bk-1,2026-11-24T01:00:00Z,222222222222,us-east-2,' +
          `it's fine; really,completed,"line 1\nline 2\r\nline 3","a, b; ""c""",${run},2026-11-25T14:35:40Z,2026-11-25T15:10:00Z,us-east-2a,,,,backup,2026-11-24T01:00:00Z\r\n`,
      );
    });

    it('is the header alone for a report without entries', () => {
      expect(reportCsv({ ...realReport, restores: [] })).to.equal(header);
    });

    it('ends with a run_failed line carrying the failure when the run could not proceed', () => {
      const failed: Report = {
        ...realReport,
        restores: [],
        failure: { error: 'ClumioNetworkError', cause: 'Clumio at h could not be reached, "x"' },
      };
      expect(reportCsv(failed)).to.equal(
        header +
          `,,,,,,,,,,,run_failed,"ClumioNetworkError: Clumio at h could not be reached, ""x""",,${run},,,,,,,,\r\n`,
      );
    });
  });
});
