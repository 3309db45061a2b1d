import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  ClumioClient,
  ClumioNetworkError,
  ClumioThrottledError,
  staticToken,
} from '../../../../clumio/index.js';
import { causeText, InvalidInput, PlanFailed } from '../../../../workflows/errors.js';
import { reportFields, type Report, type RestoreResult } from '../../../../workflows/report.js';
import type { PlannedRun, RestoreItem } from '../../../../workflows/bulk-restore/state.js';
import { folderRunFiles, folderStoreObjects, type RunFiles } from '../../../../workflows/run-store.js';
import { checkTask } from '../../../../workflows/bulk-restore/check-task.js';
import { reportFailure } from '../../../../workflows/bulk-restore/report-failure.js';
import { reportRun } from '../../../../workflows/bulk-restore/report.js';
import type { EndLogger } from '../../../../workflows/bulk-restore/restore-log.js';
import { startRestore } from '../../../../workflows/bulk-restore/start-restore.js';
import { finalizePlan } from '../../../../workflows/bulk-restore/finalize-plan.js';
import { validateRun } from '../../../../workflows/bulk-restore/validate.js';
import { startSimulator, type RunningSimulator } from '../../../../local/simulator/index.js';
import { ebsRestoreItem } from './fixtures.js';
import { filesBelow, tempDir } from '../../../integration/helpers.js';

/** The steps' side of a run that cannot go on: throttled POSTs, a refused token, a failure report. */
describe('workflows/bulk-restore: throttling, a refused token and the report of a failed run', () => {
  let sim: RunningSimulator;
  const lines: Record<string, unknown>[] = [];
  const log: EndLogger = { info: (_message, attributes) => lines.push(attributes) };
  const polling = { intervalSeconds: 60, maxIntervalSeconds: 900, maxAttempts: 6 };

  const client = (retry = { limit: 1, baseDelayMs: 1 }) =>
    new ClumioClient({ baseUrl: sim.url, token: staticToken(sim.token), retry });

  before(async () => {
    sim = await startSimulator({ taskSeconds: 0, rateLimitPerSecond: false });
  });
  after(() => sim.close());
  let journal: RunFiles;
  beforeEach(async () => {
    lines.length = 0;
    sim.clearRequests();
    journal = folderRunFiles(await tempDir('journal'), 'steps-test');
  });

  const item = (index: number): RestoreItem => ebsRestoreItem(sim, index, 'steps-failures', polling);

  describe('StartRestore', () => {
    it('throws a POST throttled through every client retry (nothing started: the state machine may retry it)', async () => {
      sim.script({ method: 'POST', kind: 'status', status: 429, times: 2 });
      const restores = sim.restores().length;
      const error = await startRestore(item(0), client(), log, journal).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ClumioThrottledError);
      expect(sim.count({ method: 'POST' })).to.equal(2);
      expect(sim.restores()).to.have.length(restores);
      expect(lines).to.deep.equal([]);
    });

    it('marks a restore stopped by a refused token (401), and sends nothing more with that token', async () => {
      const shared = client();
      sim.setFaults({ tokenExpiresAfterRequests: 0 });
      try {
        const first = await startRestore(item(1), shared, log, journal);
        expect(first).to.deep.include({ status: 'failed', taskId: null, tokenRefused: true });
        expect(first.error).to.match(/^not started: Clumio refused the API token/);
        const second = await startRestore(item(2), shared, log, journal);
        expect(second).to.deep.include({ status: 'failed', tokenRefused: true });
        expect(sim.count()).to.equal(1);
        expect(lines.map((l) => l.status)).to.deep.equal(['failed', 'failed']);
      } finally {
        sim.setFaults({});
      }
    });

    it('does not mark a 403 (one request denied) or a 400 as a refused token', async () => {
      sim.script(
        { method: 'POST', kind: 'status', status: 403 },
        { method: 'POST', kind: 'status', status: 400 },
      );
      const denied = await startRestore(item(3), client(), log, journal);
      const refused = await startRestore(item(4), client(), log, journal);
      expect(denied).to.deep.include({ status: 'failed', tokenRefused: false });
      expect(refused).to.deep.include({ status: 'failed', tokenRefused: false });
    });
  });

  it('CheckTask: a task that can no longer be read because the token was refused is unknown and marked', async () => {
    const shared = client();
    const started = await startRestore(item(5), shared, log, journal);
    expect(started).to.deep.include({ status: 'started', tokenRefused: false });
    sim.setFaults({ tokenExpiresAfterRequests: 0 });
    try {
      const ended = await checkTask(started, shared, log);
      expect(ended).to.deep.include({ status: 'unknown', tokenRefused: true, taskId: started.taskId });
      expect(ended.error).to.match(
        new RegExp(`^Clumio task ${started.taskId} can no longer be read: Clumio refused`),
      );
    } finally {
      sim.setFaults({});
    }
  });

  describe('Validate', () => {
    const run = {
      runId: 'validate-1',
      startedAt: '2026-01-01T00:00:00Z',
      defaultMaxRestores: 10,
      inLambda: false,
    };
    const input = {
      RestoreGroups: [
        {
          ResourceType: 'EBS',
          source_account: '111111111111',
          source_region: 'us-east-1',
          target_az: 'us-east-1a',
        },
      ],
    };

    it('an invalid input fails before any Clumio client is even made', async () => {
      const dir = await tempDir('validate');
      let asked = 0;
      const error = await validateRun(
        { RestoreGroups: [] },
        run,
        folderRunFiles(dir, run.runId),
        () => {
          asked++;
          return client();
        },
        () => folderStoreObjects(dir),
      ).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(InvalidInput);
      expect(asked).to.equal(0);
      expect((await filesBelow(dir)).size).to.equal(0);
    });

    it('checks access with one request before it keeps the input; a failed check leaves nothing behind', async () => {
      const dir = await tempDir('validate');
      const state = await validateRun(
        input,
        run,
        folderRunFiles(dir, run.runId),
        () => client(),
        () => folderStoreObjects(dir),
      );
      expect(state.groupCount).to.equal(1);
      expect(sim.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
        'GET /datasources/aws/environments',
      ]);
      expect([...(await filesBelow(dir)).keys()]).to.deep.equal([join(dir, 'input.json')]);

      const empty = await tempDir('validate');
      sim.script({ method: 'GET', kind: 'reset', times: 2 });
      const error = await validateRun(
        input,
        run,
        folderRunFiles(empty, run.runId),
        () => client(),
        () => folderStoreObjects(empty),
      ).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ClumioNetworkError);
      expect((await filesBelow(empty)).size).to.equal(0);
    });

    it("reads a document passed by reference (input_key) from the run store, with the reference's dry_run", async () => {
      const root = await tempDir('validate-store');
      const objects = folderStoreObjects(root);
      await objects.putText('inputs/big.json', JSON.stringify(input), 'application/json');
      const dir = join(root, 'runs', run.runId);
      const state = await validateRun(
        { input_key: 'inputs/big.json', dry_run: true },
        run,
        folderRunFiles(dir, run.runId),
        () => client(),
        () => objects,
      );
      expect(state.groupCount).to.equal(1);
      expect(state.dryRun).to.equal(true);
      const kept = JSON.parse(await readFile(join(dir, 'input.json'), 'utf8')) as { groups: unknown[] };
      expect(kept.groups).to.have.length(1);
    });

    it('a reference that cannot be followed is InvalidInput naming input_key, before any Clumio client', async () => {
      const root = await tempDir('validate-store');
      const objects = folderStoreObjects(root);
      await objects.putText('inputs/broken.json', '{"RestoreGroups": [', 'application/json');
      const cases: [unknown, string][] = [
        [
          { input_key: 'inputs/missing.json' },
          `input_key: no such document: ${join(root, 'inputs', 'missing.json')}`,
        ],
        [
          { input_key: 'runs/x/plan.json' },
          'input_key: expected a key under inputs/ or a bulkList document (runs/<run id>/restore-input.json), got "runs/x/plan.json"',
        ],
        [{ input_key: 'inputs/../secret.json' }, 'input_key: expected a key under inputs/'],
        [{ input_key: 42 }, 'input_key: expected a key of the run store, got 42'],
        [
          { input_key: 'inputs/a.json', RestoreGroups: [] },
          'RestoreGroups: not allowed next to input_key (the document holds everything else; only dry_run, base_url, skip_unplannable_groups may be set here)',
        ],
        [
          { input_key: 'inputs/broken.json' },
          `input_key: ${join(root, 'inputs', 'broken.json')}:1:20: invalid JSON:`,
        ],
      ];
      for (const [reference, message] of cases) {
        let asked = 0;
        const error = await validateRun(
          reference,
          run,
          folderRunFiles(join(root, 'runs', run.runId), run.runId),
          () => {
            asked++;
            return client();
          },
          () => objects,
        ).catch((e: unknown) => e);
        expect(error, message).to.be.instanceOf(InvalidInput);
        expect((error as Error).message).to.contain(message);
        expect(asked).to.equal(0);
      }
      expect(await filesBelow(join(root, 'runs'))).to.have.property('size', 0);
    });
  });

  describe('FinalizePlan', () => {
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

  describe('Report', () => {
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

  it('causeText: the message of a Lambda error cause (JSON), any other cause as it is', () => {
    const lambda = JSON.stringify({
      errorType: 'PlanTooLarge',
      errorMessage: 'the plan holds 9 restores',
      trace: ['at x'],
    });
    expect(causeText(lambda)).to.equal('the plan holds 9 restores');
    expect(causeText('plain words')).to.equal('plain words');
    expect(causeText('{"not": "lambda"}')).to.equal('{"not": "lambda"}');
    expect(causeText(undefined)).to.equal('');
  });
});
