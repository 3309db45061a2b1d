import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { PlanFailed } from '../../../../workflows/errors.js';
import { folderRunFiles } from '../../../../workflows/run-store.js';
import { finalizePlan } from '../../../../workflows/bulk-restore/finalize-plan.js';
import { tempDir } from '../../../integration/helpers.js';
import { simulatorBench } from './fixtures.js';

describe('workflows/bulk-restore/finalize-plan', () => {
  const { item } = simulatorBench('finalize-plan');
  const notPlanned = {
    groupIndex: 1,
    resourceType: 'EBS',
    source: { account: '111111111111', region: 'us-east-1' },
    problems: [
      {
        path: 'RestoreGroups[1].target_account/target_region',
        message: 'no Clumio environment for account 222333444555 in us-east-2',
      },
    ],
  };
  async function finalize(options: { dryRun: boolean; skipUnplannable: boolean }) {
    const dir = await tempDir('finalize');
    const files = folderRunFiles(dir, 'finalize-1');
    await files.putJson('plan-chunks/0/0.json', {
      parts: [
        { groupIndex: 0, records: [item(0).record], noBackup: [] },
        { groupIndex: 1, records: [], noBackup: [], notPlanned },
      ],
    });
    const run = {
      runId: 'finalize-1',
      startedAt: '2026-01-01T00:00:00Z',
      ...options,
      maxRestores: 10,
      baseUrl: null,
      groupCount: 2,
      chunks: [{ index: 0, firstGroup: 0, groupCount: 2 }],
      warnings: [],
      chunkResults: [{ index: 0, pieces: 1, records: 1, noBackup: 0, noMatch: 0, problems: 1 }],
    };
    const pacing = { requestsPerSecond: 90, concurrency: 1000 };
    const outcome = await finalizePlan(run, files, pacing).catch((e: unknown) => e);
    return { dir, outcome };
  }

  it('a real run with a group that cannot be planned starts nothing: PlanFailed naming the group and field', async () => {
    const { dir, outcome } = await finalize({ dryRun: false, skipUnplannable: false });
    expect(outcome).to.be.instanceOf(PlanFailed);
    expect((outcome as Error).message).to.equal(
      '1 problem:\nRestoreGroups[1].target_account/target_region: no Clumio environment for account ' +
        '222333444555 in us-east-2\nnothing was restored; fix these groups, or set skip_unplannable_groups ' +
        '(--skip-unplannable) to restore the other groups and report these',
    );
    // Kept for the failure report, which lists the group.
    expect(JSON.parse(await readFile(join(dir, 'unplanned.json'), 'utf8'))).to.deep.equal({
      noMatch: [],
      notPlanned: [notPlanned],
    });
  });

  it('a dry run, or a run that skips such groups, goes on with the others and counts them', async () => {
    for (const options of [
      { dryRun: true, skipUnplannable: false },
      { dryRun: false, skipUnplannable: true },
    ]) {
      const { outcome } = await finalize(options);
      expect(outcome, JSON.stringify(options)).to.deep.include({ planned: 1, noMatch: 0, notPlanned: 1 });
    }
  });
});
