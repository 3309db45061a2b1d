import { expect } from 'chai';

import { countsLine, reportTable } from '../../../local/report-table.js';
import { buildReport } from '../../../workflows/report.js';
import { dryReport, entries, failure, input, keyWarning, realReport } from '../workflows/report-fixtures.js';

describe('local/report-table', () => {
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
        expect(table, `width ${width}`).to.have.length(9);
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
});
