import { expect } from 'chai';

import { countsLine, reportTable } from '../../../local/report-table.js';
import { buildReport, type ReportCounts } from '../../../workflows/report.js';
import { dryReport, entries, failure, input, keyWarning, realReport } from '../workflows/report-fixtures.js';

const zero: ReportCounts = {
  planned: 0,
  completed: 0,
  failed: 0,
  timed_out: 0,
  unknown: 0,
  no_backup: 0,
  no_match: 0,
  not_planned: 0,
};

describe('local/report-table', () => {
  describe('countsLine', () => {
    it('names the non-zero outcomes, the assets without a backup and the groups that restore nothing', () => {
      expect(countsLine(realReport)).to.equal(
        '4 restores: 1 completed, 1 failed, 1 timed out, 1 unknown; 1 without a backup; ' +
          '1 group matched nothing; 1 group not planned',
      );
      const counts = {
        ...zero,
        planned: 12,
        completed: 10,
        failed: 1,
        unknown: 1,
        no_backup: 1,
        no_match: 2,
      };
      expect(countsLine({ ...realReport, counts })).to.equal(
        '12 restores: 10 completed, 1 failed, 1 unknown; 1 without a backup; 2 groups matched nothing',
      );
      expect(countsLine({ ...realReport, counts: { ...zero, planned: 1, completed: 1 } })).to.equal(
        '1 restore: 1 completed',
      );
    });

    it('says planned for a dry run, and handles an empty plan', () => {
      expect(countsLine(dryReport)).to.equal(
        '4 restores: 4 planned (dry run); 1 without a backup; 1 group matched nothing; 1 group cannot be planned',
      );
      expect(countsLine({ ...realReport, counts: { ...zero, no_backup: 2 } })).to.equal(
        '0 restores; 2 without a backup',
      );
    });
  });

  describe('reportTable', () => {
    const lines = (text: string): string[] => text.split('\n');
    const ids = [
      'orders-db',
      'vol-0aaa',
      'i-0ccc',
      'pg-1',
      'sessions',
      'RestoreGroups[3]',
      'RestoreGroups[4]',
    ];
    const tasks = ['t-1', 't-2', 't-3'];

    it('off a terminal (no width): one line per entry with every column, nothing cut, numbered from 1', () => {
      expect(lines(reportTable(realReport))).to.deep.equal([
        '#  type             source            from                    backup time           target                  status       task  error',
        '1  RDS              orders-db         111111111111/us-west-2  2026-11-23T22:15:00Z  111111111111/us-west-2  failed       t-2   Clumio: restore failed, "subnet-0abc" not found',
        '2  EBS              vol-0aaa          111111111111/us-east-1  2026-11-24T01:00:00Z  222222222222/us-east-2  completed    t-1',
        '3  EC2              i-0ccc            111111111111/us-east-1  2026-11-24T02:00:00Z  222222222222/us-east-2  timed_out    t-3   task still in_progress after 200 polls',
        '4  ProtectionGroup  pg-1              -                       2026-11-24T03:00:00Z  333333333333            unknown      -     no result was recorded for this restore',
        '5  DynamoDB         sessions          111111111111/us-west-2  -                     -                       no_backup    -     no backup at or before 2026-11-24T23:59:59Z (before, end_search_day_offset 1)',
        '6  EC2              RestoreGroups[3]  111111111111/us-east-1  -                     -                       no_match     -     nothing matched: EC2 instances with tag App=wbe in 111111111111/us-east-1',
        '7  EBS              RestoreGroups[4]  111111111111/us-east-1  -                     -                       not_planned  -     RestoreGroups[4].target_account/target_region: no Clumio environment for account 222333444555 in us-east-2 (is it connected to Clumio?)',
        countsLine(realReport),
        `warning: ${keyWarning}`,
        '  restore #2',
      ]);
    });

    it('names each distinct warning once, with the rows it concerns, the first twelve by number', () => {
      const warned = Array.from({ length: 14 }, (_, i) => ({
        ...entries.ebs,
        sourceResourceId: `asset-${i}`,
        warnings: i === 3 ? 'another' : keyWarning,
      }));
      const table = lines(reportTable({ ...realReport, restores: warned }, 200));
      expect(table.slice(-4)).to.deep.equal([
        `warning: ${keyWarning}`,
        '  restores #1, #2, #3, #5, #6, #7, #8, #9, #10, #11, #12, #13, … (13 in all)',
        'warning: another',
        '  restore #4',
      ]);
    });

    it('at 80 columns: errors move under their row, wrapped; less important columns go; ids stay whole', () => {
      const table = lines(reportTable(realReport, 80));
      for (const line of table) expect(line.length, line).to.be.at.most(80);
      expect(table.slice(0, 4)).to.deep.equal([
        '#  type             source            target                  status       task',
        '1  RDS              orders-db         111111111111/us-west-2  failed       t-2',
        '   Clumio: restore failed, "subnet-0abc" not found',
        '2  EBS              vol-0aaa          222222222222/us-east-2  completed    t-1',
      ]);
      expect(table).to.include('   RestoreGroups[4].target_account/target_region: no Clumio environment for');
      expect(table).to.include('   account 222333444555 in us-east-2 (is it connected to Clumio?)');
      expect(table).to.include('(not shown at this width: backup time, from; report.csv has every column)');
      const words = new Set(table.flatMap((l) => l.split(/\s+/)));
      for (const id of [...ids, ...tasks]) expect(words.has(id), id).to.equal(true);
      // Every error is there whole, only wrapped.
      const text = table.join(' ').replace(/\s+/g, ' ');
      for (const entry of realReport.restores) expect(text).to.contain(entry.error ?? '');
    });

    it('narrower than the ids: the type goes too, and the ids are still whole (the lines are then longer)', () => {
      for (const width of [60, 40, 20, 1]) {
        const table = lines(reportTable(realReport, width));
        const words = new Set(table.flatMap((l) => l.split(/\s+/)));
        for (const id of [...ids, ...tasks]) expect(words.has(id), `width ${width}: ${id}`).to.equal(true);
        const header = width < 55 ? /^#\s+source\s+status\s+task$/ : /^#\s+type\s+source\s+status\s+task$/;
        expect(table[0], `width ${width}`).to.match(header);
      }
    });

    it("names a protection group's buckets in several accounts and regions by their counts", () => {
      const pg = {
        ...entries.pg,
        sourceAccount: '111111111111, 333333333333',
        sourceRegion: 'us-east-1, us-west-2',
      };
      expect(lines(reportTable({ ...realReport, restores: [pg] }))[1]).to.match(
        /^1 {2}ProtectionGroup {2}pg-1 {4}2 accounts\/2 regions {2}/,
      );
    });

    it('keeps each row on one line when an error spans several', () => {
      const multi = { ...entries.rds, error: `${failure}\r\n  second\tline` };
      const table = lines(reportTable({ ...realReport, restores: [multi] }));
      expect(table).to.have.length(3);
      expect(table[1]).to.match(/ not found second line$/);
    });

    it('is the counts line alone for a report without entries', () => {
      const empty = buildReport({
        ...input,
        records: [],
        results: [],
        noBackup: [],
        noMatch: [],
        notPlanned: [],
      });
      expect(reportTable(empty, 80)).to.equal('0 restores');
    });
  });
});
