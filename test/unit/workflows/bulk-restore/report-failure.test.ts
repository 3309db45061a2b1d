import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { reportFields, type Report } from '../../../../workflows/report.js';
import { folderRunFiles } from '../../../../workflows/run-store.js';
import { reportFailure } from '../../../../workflows/bulk-restore/report-failure.js';
import { tempDir } from '../../../integration/helpers.js';

describe('workflows/bulk-restore/report-failure', () => {
  it('ReportFailure writes report.json and report.csv with no restores and the error (dryRun from the kept input)', async () => {
    const dir = await tempDir('report');
    const files = folderRunFiles(dir, 'failed-1');
    const summary = await reportFailure(
      {
        runId: 'failed-1',
        startedAt: '2026-01-01T00:00:00Z',
        failure: { Error: 'PlanFailed', Cause: '1 problem' },
      },
      files,
      '1.2.3',
      new Date('2026-01-01T00:01:00Z'),
    );
    expect(summary.summary).to.equal('PlanFailed: 1 problem');
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report).to.deep.equal({
      version: '1.2.3',
      runId: 'failed-1',
      dryRun: false,
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: '2026-01-01T00:01:00.000Z',
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
      failure: { error: 'PlanFailed', cause: '1 problem' },
    });
    expect((await readFile(join(dir, 'report.csv'), 'utf8')).split('\r\n')).to.deep.equal([
      reportFields.join(','),
      ',,,,,,,,,,,run_failed,PlanFailed: 1 problem,,failed-1,,,,,,,,',
      '',
    ]);

    // Before Validate kept the input, the state machine says whether the execution input asked for a dry run.
    for (const [dryRun, expected] of [
      [true, true],
      [false, false],
      [undefined, false],
    ] as const) {
      await reportFailure(
        {
          runId: 'failed-1',
          startedAt: '2026-01-01T00:00:00Z',
          failure: { Error: 'InvalidInput', Cause: 'x' },
          ...(dryRun === undefined ? {} : { dryRun }),
        },
        files,
        '1.2.3',
      );
      const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
      expect(report.dryRun, String(dryRun)).to.equal(expected);
    }

    await files.putJson('input.json', { dryRun: true, groups: [] });
    await reportFailure(
      { runId: 'failed-1', startedAt: '2026-01-01T00:00:00Z', failure: {} },
      files,
      '1.2.3',
    );
    const again = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    expect(again.dryRun).to.equal(true);
    expect(again.failure).to.deep.equal({ error: 'States.Runtime', cause: '' });
  });
});
