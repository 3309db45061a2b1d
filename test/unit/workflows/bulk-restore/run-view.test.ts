import { expect } from 'chai';
import type { Task } from '../../../../clumio/index.js';
import type { RestoreRecord } from '../../../../core/records.js';
import type { JournalEntry } from '../../../../workflows/bulk-restore/journal.js';
import {
  currentOutcomes,
  readRun,
  unfinishedTasks,
  type RunReading,
  type TaskReading,
} from '../../../../workflows/bulk-restore/run-view.js';
import type { RestoreResult } from '../../../../workflows/report.js';
import { folderRunFiles } from '../../../../workflows/run-store.js';
import { tempDir } from '../../../integration/helpers.js';

const record = (i: number): RestoreRecord => ({
  groupIndex: 0,
  resourceType: 'EBS',
  source: { resourceId: `asset-${i}`, backupId: `backup-${i}`, backupTimestamp: '2026-12-01T00:00:00Z' },
  target: { account: '222222222222', environmentId: 'env-1' },
  request: { endpoint: 'restoreEbsVolume', body: { source: { backup_id: `backup-${i}` } } },
});

const intent = (index: number, extra: Partial<JournalEntry> = {}): JournalEntry => ({
  index,
  endpoint: 'restoreEbsVolume',
  intentAt: '2026-12-01T10:00:00.000Z',
  ...extra,
});

const task = (id: string, status: string): Task => ({ id, status });

function reading(parts: Partial<RunReading> & { records: RestoreRecord[] }): RunReading {
  return {
    noBackup: [],
    unplanned: { noMatch: [], notPlanned: [] },
    results: new Map(),
    journal: new Map(),
    ...parts,
  };
}

describe('workflows/bulk-restore/run-view: a run as of now, whatever stopped it', () => {
  it('takes each restore from its result, its journal entry and its Clumio task, in that order of trust', () => {
    const run = reading({
      records: Array.from({ length: 11 }, (_, i) => record(i)),
      results: new Map<number, RestoreResult>([
        [0, { index: 0, status: 'completed', taskId: 't0' }],
        [1, { index: 1, status: 'timed_out', taskId: 't1', error: 'still in_progress after 200 polls' }],
        [2, { index: 2, status: 'failed', error: 'not started: Clumio throttled the restore request' }],
      ]),
      journal: new Map([
        [0, intent(0, { taskId: 't0' })],
        [1, intent(1, { taskId: 't1' })],
        [3, intent(3, { taskId: 't3' })],
        [4, intent(4, { taskId: 't4' })],
        [5, intent(5, { taskId: 't5' })],
        [6, intent(6, { taskId: 't6' })],
        [7, intent(7, { rejected: 'Clumio request failed (POST /restores/aws/ebs-volumes -> HTTP 400)' })],
        [8, intent(8)],
        [
          9,
          intent(9, {
            unknown: 'outcome unknown: POST /restores/aws/ebs-volumes was sent but Clumio answered HTTP 502',
          }),
        ],
      ]),
    });
    const tasks = new Map<string, TaskReading>([
      ['t1', task('t1', 'completed')],
      ['t3', task('t3', 'in_progress')],
      ['t4', task('t4', 'aborting')],
      ['t5', task('t5', 'failed')],
      ['t6', { error: 'Clumio task t6 could not be read: HTTP 503' }],
    ]);
    const outcomes = currentOutcomes(run, { tasks, notStarted: 'not started yet' });
    expect(outcomes).to.deep.equal([
      { index: 0, status: 'completed', taskId: 't0' },
      { index: 1, status: 'completed', taskId: 't1' },
      { index: 2, status: 'failed', error: 'not started: Clumio throttled the restore request' },
      { index: 3, status: 'running', taskId: 't3' },
      { index: 4, status: 'aborted', taskId: 't4', error: 'Clumio task t4 is aborting' },
      { index: 5, status: 'failed', taskId: 't5', error: 'Clumio task t5 ended failed' },
      { index: 6, status: 'running', taskId: 't6', error: 'Clumio task t6 could not be read: HTTP 503' },
      {
        index: 7,
        status: 'failed',
        error: 'not started: Clumio request failed (POST /restores/aws/ebs-volumes -> HTTP 400)',
      },
      {
        index: 8,
        status: 'unknown',
        error:
          'outcome unknown: the restore request was sent at 2026-12-01T10:00:00.000Z and its answer was never recorded (the process or Lambda stopped); not sent again',
      },
      {
        index: 9,
        status: 'unknown',
        error:
          'outcome unknown: POST /restores/aws/ebs-volumes was sent but Clumio answered HTTP 502; not sent again',
      },
      { index: 10, status: 'planned', error: 'not started yet' },
    ]);
    // Without Clumio's view, a started restore not ended is running (or what its result said).
    const offline = currentOutcomes(run, { notStarted: 'not started yet' });
    expect(offline.slice(1, 4).map((o) => o.status)).to.deep.equal(['timed_out', 'failed', 'running']);
    expect(unfinishedTasks(run)).to.deep.equal(['t1', 't3', 't4', 't5', 't6']);
  });

  it('once the run is stopped, a restore never started is aborted', () => {
    const run = reading({
      records: [record(0)],
      stop: { at: '2026-12-01T10:05:00Z', reason: 'clumio-bulk-restore abort' },
    });
    expect(currentOutcomes(run, { notStarted: 'not started' })).to.deep.equal([
      { index: 0, status: 'aborted', error: 'not started: the run was stopped (clumio-bulk-restore abort)' },
    ]);
  });

  it('reads every Restore map of the run: a resumed run keeps the most final result of each restore', async () => {
    const files = folderRunFiles(await tempDir('run-view'), 'run-view');
    await files.putJson('plan.json', [record(0), record(1)]);
    const writeMap = async (label: string, outputs: RestoreResult[]): Promise<void> => {
      const key = `results/${label}/SUCCEEDED_0.json`;
      const entries = outputs.map((o) => ({
        Status: 'SUCCEEDED',
        Input: JSON.stringify({ index: o.index }),
        Output: JSON.stringify(o),
      }));
      await files.putJson(key, entries);
      await files.putJson(`results/${label}/manifest.json`, {
        ResultFiles: { SUCCEEDED: [{ Key: files.locate(key).key }] },
      });
    };
    await writeMap('first', [
      { index: 0, status: 'timed_out', taskId: 't0' },
      { index: 1, status: 'completed', taskId: 't1' },
    ]);
    await writeMap('second', [
      { index: 0, status: 'completed', taskId: 't0' },
      { index: 1, status: 'unknown', error: 'lost' },
    ]);
    await files.putJson('tasks/0.json', intent(0, { taskId: 't0' }));
    const run = await readRun(files);
    expect([...run.results.values()].sort((a, b) => a.index - b.index)).to.deep.equal([
      { index: 0, status: 'completed', taskId: 't0' },
      { index: 1, status: 'completed', taskId: 't1' },
    ]);
    expect(run.journal.get(0)?.taskId).to.equal('t0');
    expect(run.records).to.have.length(2);
    expect(run.plannedRun).to.equal(undefined);
  });
});
