import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Report, RestoreResult } from '../../../../workflows/report.js';
import type { PlannedRun } from '../../../../workflows/bulk-restore/state.js';
import { folderRunFiles, type RunFiles } from '../../../../workflows/run-store.js';
import { writeJournalEntry } from '../../../../workflows/bulk-restore/journal.js';
import { reportRun } from '../../../../workflows/bulk-restore/report.js';
import { tempDir } from '../../../integration/helpers.js';
import { simulatorBench } from './fixtures.js';

describe('workflows/bulk-restore/report', () => {
  const { item } = simulatorBench('report');
  async function plannedRun(
    dir: string,
    results: RestoreResult[],
  ): Promise<{ files: RunFiles; run: PlannedRun }> {
    const files = folderRunFiles(dir, 'report-1');
    const records = [item(0).record, item(1).record, item(2).record];
    await files.putJson('plan.json', records);
    await files.putJson('no-backup.json', []);
    await files.putJson('unplanned.json', { noMatch: [], notPlanned: [] });
    await files.putJson(
      'results/map/SUCCEEDED_0.json',
      results.map((r) => ({ Output: JSON.stringify(r) })),
    );
    await files.putJson('results/map/manifest.json', {
      ResultFiles: { SUCCEEDED: [{ Key: 'runs/report-1/results/map/SUCCEEDED_0.json' }] },
    });
    const run: PlannedRun = {
      runId: 'report-1',
      startedAt: '2026-01-01T00:00:00Z',
      dryRun: false,
      skipUnplannable: false,
      maxRestores: 10,
      baseUrl: null,
      groupCount: 1,
      chunks: [],
      warnings: [],
      planned: 3,
      noBackup: 0,
      noMatch: 0,
      notPlanned: 0,
      startPhaseSeconds: 1,
      plan: files.locate('plan.json'),
      results: files.locate('results'),
    };
    return { files, run };
  }
  const restore = {
    MapRunArn: 'arn',
    ResultWriterDetails: { Bucket: 'local', Key: 'runs/report-1/results/map/manifest.json' },
  };

  it('a run stopped by a refused token: tokenRefused counted, the failure in report.json and the summary', async () => {
    const dir = await tempDir('report');
    const { files, run } = await plannedRun(dir, [
      { index: 0, status: 'completed', taskId: '1', polls: 1, tokenRefused: false },
      {
        index: 1,
        status: 'unknown',
        taskId: '2',
        error: 'Clumio task 2 can no longer be read',
        tokenRefused: true,
      },
      {
        index: 2,
        status: 'failed',
        error: 'not started: Clumio refused the API token',
        tokenRefused: true,
      },
    ]);
    const summary = await reportRun({ ...run, restore }, files, '1.2.3');
    expect(summary.tokenRefused).to.equal(2);
    expect(summary.incomplete).to.equal(2);
    expect(summary.summary).to.equal(
      'Clumio refused the API token during the run (expired or revoked); no further request was sent with it: ' +
        '1 restore was not started and 1 started one can no longer be followed; 2 of 3 restores did not ' +
        `complete (1 failed, 0 timed out, 1 unknown); report: ${join(dir, 'report.json')}`,
    );
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.failure).to.deep.equal({ error: 'ClumioAuthError', cause: summary.summary });
    expect(report.restores.map((r) => r.status)).to.deep.equal(['completed', 'unknown', 'failed']);
  });

  it('groups that matched nothing or were skipped are in the report and the summary, each counted', async () => {
    const dir = await tempDir('report');
    const { files, run } = await plannedRun(dir, [
      { index: 0, status: 'completed', taskId: '1' },
      { index: 1, status: 'completed', taskId: '2' },
      { index: 2, status: 'completed', taskId: '3' },
    ]);
    const unplanned = {
      noMatch: [
        {
          groupIndex: 1,
          resourceType: 'EBS',
          source: { account: '111111111111', region: 'us-east-1' },
          searched: 'EBS volumes with tag App=wbe in 111111111111/us-east-1',
        },
      ],
      notPlanned: [
        {
          groupIndex: 2,
          resourceType: 'EBS',
          source: { account: '111111111111', region: 'us-east-1' },
          problems: [{ path: 'RestoreGroups[2].target_az', message: 'us-east-1q is not a zone' }],
        },
      ],
    };
    await files.putJson('unplanned.json', unplanned);
    const summary = await reportRun(
      { ...run, skipUnplannable: true, noMatch: 1, notPlanned: 1, restore },
      files,
      '1.2.3',
    );
    expect(summary).to.deep.include({ incomplete: 0, noMatch: 1, notPlanned: 1, planFailed: false });
    expect(summary.summary).to.equal(
      '0 of 3 restores did not complete (0 failed, 0 timed out, 0 unknown); 1 group could not be planned ' +
        'and was skipped: RestoreGroups[2].target_az: us-east-1q is not a zone; 1 group matched nothing: ' +
        `RestoreGroups[1] (EBS volumes with tag App=wbe in 111111111111/us-east-1); report: ${join(dir, 'report.json')}`,
    );
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.counts).to.deep.include({ planned: 3, completed: 3, no_match: 1, not_planned: 1 });
    expect(report.restores.map((r) => [r.groupIndex, r.status])).to.deep.equal([
      [0, 'completed'],
      [0, 'completed'],
      [0, 'completed'],
      [1, 'no_match'],
      [2, 'not_planned'],
    ]);

    // The same problems in a dry run without skip_unplannable_groups: the run fails PlanFailed.
    const dry = await reportRun({ ...run, dryRun: true, noMatch: 1, notPlanned: 1 }, files, '1.2.3');
    expect(dry).to.deep.include({ incomplete: 0, planFailed: true });
    expect(dry.summary).to.match(/^1 group cannot be planned: RestoreGroups\[2\]\.target_az: /);
  });

  it('a run whose restores merely failed has no failure in its report', async () => {
    const dir = await tempDir('report');
    const { files, run } = await plannedRun(dir, [
      { index: 0, status: 'completed', taskId: '1', tokenRefused: false },
      { index: 1, status: 'failed', error: 'Clumio task 2 ended failed', tokenRefused: false },
      { index: 2, status: 'completed', taskId: '3' },
    ]);
    const summary = await reportRun({ ...run, restore }, files, '1.2.3');
    expect(summary.tokenRefused).to.equal(0);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report).not.to.have.property('failure');
  });

  it('takes a task id the results lack from the journal, reading only the entries of those restores', async () => {
    const dir = await tempDir('report');
    const { files, run } = await plannedRun(dir, [
      { index: 0, status: 'completed', taskId: '1', tokenRefused: false },
      // Its Lambda failed after Clumio had accepted the POST: the journal has the task id.
      { index: 1, status: 'failed', error: 'not started: Lambda failed', tokenRefused: false },
    ]);
    const entry = { endpoint: 'restoreEbsVolume', intentAt: '2026-01-01T00:00:01Z' } as const;
    for (const [index, taskId] of [
      [0, '1'],
      [1, '7'],
      [2, '9'],
    ] as const) {
      await writeJournalEntry(files, { ...entry, index, taskId, acceptedAt: '2026-01-01T00:00:02Z' });
    }
    const read: string[] = [];
    const counted: RunFiles = {
      ...files,
      getJson: <T>(key: string): Promise<T> => {
        read.push(key);
        return files.getJson<T>(key);
      },
    };
    await reportRun({ ...run, restore }, counted, '1.2.3');
    expect(read.filter((key) => key.startsWith('tasks/')).sort()).to.deep.equal([
      'tasks/1.json',
      'tasks/2.json',
    ]);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.restores.map((r) => [r.status, r.taskId, r.error])).to.deep.equal([
      ['completed', '1', null],
      ['unknown', '7', 'not started: Lambda failed; yet Clumio had accepted it as task 7 (status reads it)'],
      ['unknown', '9', 'no result was recorded for this restore; Clumio accepted it as task 9'],
    ]);

    // A dry run started nothing: it reads no journal at all.
    read.length = 0;
    await reportRun({ ...run, dryRun: true }, counted, '1.2.3');
    expect(read.filter((key) => key.startsWith('tasks/'))).to.deep.equal([]);
  });
});
