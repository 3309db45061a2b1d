import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { runRestore } from '../../local/commands/restore.js';
import { runStateMachine, type ExecutionOutcome, type RunnerEvent } from '../../local/runner.js';
import { startSimulator, type RequestRecord, type RunningSimulator } from '../../local/simulator/index.js';
import type { PlanChunkOutput, PlanItem } from '../../workflows/bulk-restore/state.js';
import type { Report } from '../../workflows/report.js';
import { captureIO, tempDir } from './helpers.js';

/**
 * Issue 13 at tiny sizes, through the real ASL in the local runner against the simulator: restores
 * start in their slots, exactly once, through a storm of 429s; a group planned in pieces is planned as
 * in one piece. Timing is asserted only as lower bounds (a Wait never ends early).
 */

const TOKEN = 'pacing-token-4be1d09c77a2e635';
const examples = join(import.meta.dirname, '..', '..', 'examples');
const LOAD = { key: 'Bulk', value: 'load' };

const loadGroup = {
  ResourceType: 'EBS',
  source_account: '111111111111',
  source_region: 'us-east-1',
  search_tag_key: LOAD.key,
  search_tag_value: LOAD.value,
  target_account: '222222222222',
  target_region: 'us-east-1',
  target_az: 'us-east-1a',
};

const ms = (record: RequestRecord): number => Date.parse(record.at);

describe('integration: pacing and planning in pieces (issue 13)', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  describe('restores start in their slots, each exactly once, through a storm of 429s', () => {
    const RESTORES = 20;
    const BUDGET = 10;
    let sim: RunningSimulator;
    let code: number;
    let plan: PlanItem[];
    let report: Report;
    let err: string;

    before(async () => {
      sim = await startSimulator({
        token: TOKEN,
        taskSeconds: 0,
        rateLimitPerSecond: false,
        scale: { taggedVolumes: RESTORES },
      });
      // The storm: the first 20 restore POSTs are refused as Clumio's gateway refuses them.
      sim.script({
        method: 'POST',
        path: '/restores/*',
        kind: 'status',
        status: 429,
        retryAfterSeconds: 1,
        times: 20,
      });
      const dir = await tempDir('pacing');
      dirs.push(dir);
      const inputFile = join(dir, 'input.json');
      await writeFile(inputFile, JSON.stringify({ RestoreGroups: [loadGroup] }));
      const io = captureIO({
        CLUMIO_TOKEN: TOKEN,
        CLUMIO_RETRY_BASE_MS: '5',
        CLUMIO_REQUESTS_PER_SECOND: String(BUDGET),
      });
      // The real waits of the local stage: the start slots, and polls 2 s apart.
      code = await runRestore({ inputFile, baseUrl: sim.url, out: join(dir, 'run'), retryMs: 0 }, io);
      err = io.err();
      plan = JSON.parse(await readFile(join(dir, 'run', 'plan.json'), 'utf8')) as PlanItem[];
      report = JSON.parse(await readFile(join(dir, 'run', 'report.json'), 'utf8')) as Report;
    });
    after(() => sim.close());

    const postsOf = (item: PlanItem): RequestRecord[] =>
      sim.requests.filter(
        (r) => r.method === 'POST' && JSON.stringify(r.body) === JSON.stringify(item.request.body),
      );

    it('gives the plan its slots: CLUMIO_REQUESTS_PER_SECOND restores per second, in plan order', () => {
      expect(code, err).to.equal(0);
      expect(plan).to.have.length(RESTORES);
      expect(plan.map((r) => r.startAfterSeconds)).to.deep.equal(plan.map((_, i) => Math.floor(i / BUDGET)));
    });

    it('starts every restore exactly once: refused attempts (429, not processed), then one accepted POST', () => {
      const refused = sim.requests.filter((r) => r.method === 'POST' && r.status === 429);
      expect(refused).to.have.length(20);
      for (const item of plan) {
        const statuses = postsOf(item).map((r) => r.status);
        expect(
          statuses.filter((s) => s === 202),
          String(item.source.backupId),
        ).to.have.length(1);
        expect(statuses.at(-1), String(item.source.backupId)).to.equal(202);
      }
      expect(
        sim
          .restores()
          .map((r) => r.backupId)
          .sort(),
      ).to.deep.equal(plan.map((r) => r.source.backupId).sort());
      expect(report.counts).to.deep.include({
        planned: RESTORES,
        completed: RESTORES,
        failed: 0,
        unknown: 0,
      });
    });

    it('sends no restore POST before its slot: every attempt comes its slot’s seconds after the plan', () => {
      // The plan's last lookup precedes FinalizePlan, which precedes every child.
      const firstPost = sim.requests.findIndex((r) => r.method === 'POST');
      const lastLookup = Math.max(...sim.requests.slice(0, firstPost).map(ms));
      for (const item of plan) {
        for (const post of postsOf(item)) {
          expect(ms(post) - lastLookup, String(item.source.backupId)).to.be.at.least(
            item.startAfterSeconds * 1000,
          );
        }
      }
    });

    it('polls each task first after the whole start phase (every start slot), never before', () => {
      const phaseMs = Math.ceil(RESTORES / BUDGET) * 1000;
      for (const item of plan) {
        const accepted = postsOf(item).find((r) => r.status === 202);
        const taskId = report.restores.find((r) => r.backupId === item.source.backupId)?.taskId;
        const firstPoll = sim.requests.find((r) => r.method === 'GET' && r.path === `/tasks/${taskId}`);
        if (accepted === undefined || firstPoll === undefined)
          throw new Error(`${item.source.backupId}: no POST or poll`);
        expect(ms(firstPoll) - ms(accepted), String(item.source.backupId)).to.be.at.least(phaseMs);
      }
    });
  });

  describe('a group planned in pieces is planned exactly as in one piece', () => {
    let sim: RunningSimulator;

    before(async () => {
      // Three items a page: the 23 tagged volumes span 8 asset pages.
      sim = await startSimulator({
        token: TOKEN,
        taskSeconds: 0,
        rateLimitPerSecond: false,
        maxPageSize: 3,
        scale: { taggedVolumes: 23 },
      });
    });
    after(() => sim.close());

    interface DryRun {
      readonly outcome: ExecutionOutcome;
      readonly pieces: PlanChunkOutput[];
      readonly files: Record<string, unknown>;
      readonly runFolder: string;
    }

    async function dryRun(document: Record<string, unknown>, pieceRequests?: number): Promise<DryRun> {
      const runFolder = await tempDir('pieces');
      dirs.push(runFolder);
      const events: RunnerEvent[] = [];
      const outcome = await runStateMachine(
        'bulkRestore',
        { ...document, base_url: sim.url, dry_run: true },
        {
          runId: `pieces-${pieceRequests ?? 'one'}`,
          runFolder,
          env: {
            CLUMIO_TOKEN: TOKEN,
            POWERTOOLS_LOG_LEVEL: 'SILENT',
            ...(pieceRequests !== undefined ? { PLAN_PIECE_REQUESTS: String(pieceRequests) } : {}),
          },
          retryMs: 0,
          onTaskEnd: (event) => events.push(event),
        },
      );
      const files: Record<string, unknown> = {};
      for (const name of ['plan.json', 'no-backup.json', 'report.json']) {
        files[name] = JSON.parse(await readFile(join(runFolder, name), 'utf8').catch(() => 'null'));
      }
      return {
        outcome,
        pieces: events.filter((e) => e.state === 'PlanChunk').map((e) => e.output as PlanChunkOutput),
        files,
        runFolder,
      };
    }

    // The report's rows, without the run each names.
    const restoresOf = (report: unknown) =>
      (report as Report | null)?.restores.map(({ runId: _runId, ...row }) => row);

    it('the mixed example and 23 tagged volumes: the same plan.json, no-backup.json and report, from 1 or many invocations', async () => {
      const mixed = JSON.parse(await readFile(join(examples, 'restore-input.json'), 'utf8')) as {
        RestoreGroups: unknown[];
      };
      const document = { ...mixed, RestoreGroups: [loadGroup, ...mixed.RestoreGroups] };
      const whole = await dryRun(document);
      const split = await dryRun(document, 2);
      expect(whole.outcome.status).to.equal('SUCCEEDED');
      expect(split.outcome.status).to.equal('SUCCEEDED');
      expect(whole.pieces).to.have.length(1);
      expect(split.pieces.length).to.be.greaterThan(20);
      expect(split.pieces.map((p) => p.planned.pieces)).to.deep.equal(split.pieces.map((_, i) => i + 1));
      expect(split.pieces.map((p) => p.done)).to.deep.equal(
        split.pieces.map((_, i) => i === split.pieces.length - 1),
      );
      expect(split.files['plan.json']).to.deep.equal(whole.files['plan.json']);
      expect(split.files['no-backup.json']).to.deep.equal(whole.files['no-backup.json']);
      expect(restoresOf(split.files['report.json'])).to.deep.equal(restoresOf(whole.files['report.json']));
      const plan = whole.files['plan.json'] as PlanItem[];
      expect(plan.filter((r) => r.groupIndex === 0)).to.have.length(23);
      expect(split.pieces.at(-1)?.planned).to.deep.include({ records: plan.length, problems: 0 });
    });

    it('a plan with problems fails with the same problems, in the same order', async () => {
      const document = {
        RestoreGroups: [
          loadGroup,
          { ...loadGroup, search_tag_key: 'Environment', search_tag_value: 'prod', target_iops: 4000 },
          {
            ...loadGroup,
            search_tag_key: undefined,
            search_tag_value: undefined,
            search_volume_id: 'vol-0000000000000dead',
          },
        ],
      };
      const whole = await dryRun(document);
      const split = await dryRun(document, 1);
      // The cause names the problems (with, where Lambda's envelope carries it, a trace that differs).
      const messageOf = (cause: string): string => {
        try {
          return (JSON.parse(cause) as { errorMessage: string }).errorMessage;
        } catch {
          return cause;
        }
      };
      const failure = (run: DryRun) =>
        run.outcome.status === 'FAILED'
          ? {
              error: run.outcome.error,
              message: messageOf(run.outcome.cause).replace(run.runFolder, '<run>'),
            }
          : run.outcome;
      expect(failure(whole)).to.deep.include({ error: 'PlanFailed' });
      expect(failure(split)).to.deep.equal(failure(whole));
      expect(JSON.stringify(failure(whole))).to.match(/target_iops is only for/);
      expect(split.pieces.length).to.be.greaterThan(10);
    });
  });
});
