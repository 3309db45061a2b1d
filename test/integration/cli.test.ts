import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { main } from '../../local/cli.js';
import { startSimulator, type RunningSimulator } from '../../local/simulator/index.js';
import type { Report } from '../../workflows/report.js';
import type { RestoreRecord } from '../../core/records.js';
import { captureIO, captureTTY, filesBelow, screen, tempDir, type CapturedIO } from './helpers.js';

const TOKEN = 'cli-token-8d2f6b1c9e4a7053';
const root = join(import.meta.dirname, '..', '..');
const examples = join(root, 'examples');
/** Polls 5 ms apart: the simulator's tasks end at their first read. */
const FAST = ['--poll-interval', '0.005'];

interface Run {
  readonly code: number;
  readonly io: CapturedIO;
  readonly folder: string;
  report(): Promise<Report>;
  csv(): Promise<string[]>;
  plan(): Promise<RestoreRecord[]>;
}

const example = async (name: string): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(join(examples, name), 'utf8')) as Record<string, unknown>;

const ebsGroup = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  ResourceType: 'EBS',
  source_account: '111111111111',
  source_region: 'us-east-1',
  search_tag_key: 'App',
  search_tag_value: 'db',
  target_account: '222222222222',
  target_region: 'us-east-1',
  target_az: 'us-east-1a',
  ...over,
});

describe('integration: the command line a user types (main(), against the simulator)', function () {
  this.timeout(120_000);
  let sim: RunningSimulator;

  before(async () => {
    sim = await startSimulator({ token: TOKEN, taskSeconds: 0, rateLimitPerSecond: false });
  });
  after(() => sim.close());
  beforeEach(() => sim.clearRequests());

  /** `clumio-bulk-restore restore --input <input> --out <new folder> <args>`. */
  async function restore(
    input: unknown,
    args: readonly string[] = [],
    options: {
      env?: NodeJS.ProcessEnv;
      io?: CapturedIO;
      folder?: string;
      baseUrl?: boolean;
      extra?: readonly string[];
    } = {},
  ): Promise<Run> {
    const dir = await tempDir('cli');
    const inputFile = join(dir, 'input.json');
    await writeFile(inputFile, JSON.stringify(input));
    const folder = options.folder ?? join(dir, 'run');
    const io = options.io ?? captureIO({ CLUMIO_TOKEN: TOKEN, ...options.env });
    const base = options.baseUrl === false ? (options.extra ?? []) : ['--base-url', sim.url];
    const code = await main(
      ['restore', '--input', inputFile, '--out', folder, ...base, ...FAST, ...args],
      io,
    );
    const read = async (name: string): Promise<string> => readFile(join(folder, name), 'utf8');
    return {
      code,
      io,
      folder,
      report: async () => JSON.parse(await read('report.json')) as Report,
      csv: async () => (await read('report.csv')).split('\r\n').filter((l) => l !== ''),
      plan: async () => JSON.parse(await read('plan.json')) as RestoreRecord[],
    };
  }

  describe('help and conventions', () => {
    it('--help and -h on every command: exit 0, every option of its table, the environment and the exit codes', async () => {
      const { commandSpecs } = await import('../../local/commands/specs.js');
      for (const spec of commandSpecs) {
        for (const flag of ['--help', '-h']) {
          const io = captureIO({});
          expect(await main([spec.name, flag], io), `${spec.name} ${flag}`).to.equal(0);
          const help = io.out();
          expect(help).to.match(new RegExp(`^usage: clumio-bulk-restore ${spec.name} `));
          for (const option of spec.options)
            expect(help, `${spec.name}: --${option.name}`).to.contain(`--${option.name}`);
          for (const name of spec.environment ?? []) expect(help, `${spec.name}: ${name}`).to.contain(name);
          expect(help).to.contain('\nexit codes:\n  0  ok: ');
          for (const line of help.split('\n')) expect(line.length, line).to.be.at.most(80);
          expect(io.err()).to.equal('');
        }
      }
      const restoreHelp = captureIO({});
      await main(['restore', '--help'], restoreHelp);
      expect(restoreHelp.out()).to.contain(
        '  1  incomplete: the run finished but not everything was restored',
      );
      expect(restoreHelp.out()).to.contain('  CLUMIO_BASE_URL');
    });

    it('--version prints VERSION; no command or an unknown one is a usage error naming the nearest', async () => {
      const version = captureIO({});
      expect(await main(['--version'], version)).to.equal(0);
      expect(version.out()).to.equal(`${(await readFile(join(root, 'VERSION'), 'utf8')).trim()}\n`);
      const none = captureIO({});
      expect(await main([], none)).to.equal(2);
      expect(none.err()).to.match(/^usage: clumio-bulk-restore <command>/);
      const help = captureIO({});
      expect(await main(['--help'], help)).to.equal(0);
      for (const line of help.out().split('\n')) expect(line.length, line).to.be.at.most(80);
      expect(help.out()).to.contain('\n  restore   Run a bulk restore');
      for (const [typed, near] of [
        ['restor', 'restore'],
        ['valdiate', 'validate'],
        ['lst', 'list'],
      ]) {
        const io = captureIO({});
        expect(await main([typed ?? ''], io)).to.equal(2);
        expect(io.err()).to.match(
          new RegExp(`^clumio-bulk-restore: unknown command "${typed}"; did you mean "${near}"\\?\n`),
        );
      }
      const far = captureIO({});
      expect(await main(['xyzzy'], far)).to.equal(2);
      expect(far.err()).to.match(/^clumio-bulk-restore: unknown command "xyzzy"\n/);
    });

    it('demo --bogus is a usage error (exit 2, nothing run); a misspelt option names the right one', async () => {
      const io = captureIO({});
      expect(await main(['demo', '--bogus'], io)).to.equal(2);
      expect(io.err()).to.equal(
        'clumio-bulk-restore demo: unknown option --bogus\nusage: clumio-bulk-restore demo [options] [EXAMPLE]\n' +
          '(clumio-bulk-restore demo --help lists every option)\n',
      );
      expect(io.out()).to.equal('');
      const typo = captureIO({});
      expect(await main(['restore', '--input', 'x.json', '--dryrun'], typo)).to.equal(2);
      expect(typo.err()).to.match(
        /^clumio-bulk-restore restore: unknown option --dryrun \(did you mean --dry-run\?\)\n/,
      );
      const missing = captureIO({});
      expect(await main(['restore', '--dry-run'], missing)).to.equal(2);
      expect(missing.err()).to.match(/^clumio-bulk-restore restore: --input FILE is required\n/);
    });

    it('--poll-interval 0 and a --max-wait that is no duration are refused before anything runs', async () => {
      for (const [args, message] of [
        [['--poll-interval', '0'], '--poll-interval must be a number of seconds above 0, got "0"'],
        [['--poll-interval', '-5'], '--poll-interval needs a value (SECONDS)'],
        [['--max-wait', 'soon'], '--max-wait must be a duration such as 72h, 90m, 1h30m or 3600 (seconds)'],
      ] as const) {
        const io = captureIO({ CLUMIO_TOKEN: TOKEN });
        const code = await main(['restore', '--input', join(examples, 'restore-ebs.json'), ...args], io);
        expect(code, args.join(' ')).to.equal(2);
        expect(io.err(), args.join(' ')).to.contain(message);
      }
      expect(sim.count()).to.equal(0);
    });
  });

  describe('outcomes that cannot be misread', () => {
    it('a group that matches nothing (a tag typo) is no_match: a console line, a report entry, a count, exit 1; a dry run too', async () => {
      const input = { RestoreGroups: [ebsGroup(), ebsGroup({ search_tag_value: 'dbb' })] };
      for (const dry of [true, false]) {
        const run = await restore(input, dry ? ['--dry-run'] : []);
        expect(run.code, `dry ${dry}: ${run.io.err()}`).to.equal(1);
        expect(run.io.out()).to.contain(
          'RestoreGroups[1] (EBS): nothing matched: EBS volumes with tag App=dbb in 111111111111/us-east-1\n',
        );
        expect(run.io.err()).to.contain('failed: NoMatch\n');
        const report = await run.report();
        expect(report.dryRun).to.equal(dry);
        expect(report.counts).to.include({ no_match: 1, not_planned: 0 });
        const noMatch = report.restores.filter((r) => r.status === 'no_match');
        expect(noMatch).to.deep.equal([
          {
            groupIndex: 1,
            resourceType: 'EBS',
            sourceAccount: '111111111111',
            sourceRegion: 'us-east-1',
            sourceResourceId: null,
            sourceResourceNativeId: null,
            backupId: null,
            backupTimestamp: null,
            targetAccount: null,
            targetRegion: null,
            taskId: null,
            status: 'no_match',
            error: 'nothing matched: EBS volumes with tag App=dbb in 111111111111/us-east-1',
            warnings: null,
            runId: report.runId,
            startedAt: null,
            endedAt: null,
            targetZone: null,
            targetName: null,
            targetBucket: null,
            targetPrefix: null,
            restoreFrom: null,
            restorePoint: null,
          },
        ]);
        // The group that did match was planned (and, for real, restored).
        const restores = report.restores.filter((r) => r.groupIndex === 0);
        expect(restores.length).to.be.greaterThan(0);
        expect(new Set(restores.map((r) => r.status))).to.deep.equal(
          new Set([dry ? 'planned' : 'completed']),
        );
      }
    });

    it('a dry run reports the plan of every plannable group and every problem, each at its field and group (PlanFailed, exit 3)', async () => {
      const input = {
        RestoreGroups: [
          ebsGroup(),
          ebsGroup({ target_account: '222333444555', target_region: 'us-east-2', target_az: 'us-east-2a' }),
          {
            ResourceType: 'ProtectionGroup',
            search_pg_name: 'pg-missing',
            target_account: '222222222222',
            target_bucket: 'dr-restore-bucket',
          },
        ],
      };
      const run = await restore(input, ['--dry-run']);
      expect(run.code, run.io.err()).to.equal(3);
      expect(sim.count({ method: 'POST' })).to.equal(0);
      const problem =
        'RestoreGroups[1].target_account/target_region: no Clumio environment for account 222333444555 in ' +
        'us-east-2 (is it connected to Clumio?)';
      expect(run.io.out()).to.contain(`RestoreGroups[1] (EBS) not planned: ${problem}\n`);
      expect(run.io.out()).to.contain(
        'RestoreGroups[2] (ProtectionGroup) not planned: RestoreGroups[2].search_pg_name: no protection group named pg-missing\n',
      );
      expect(run.io.err()).to.contain('failed: PlanFailed\n2 groups cannot be planned: ');
      const report = await run.report();
      expect(report.dryRun).to.equal(true);
      expect(report.counts).to.include({ not_planned: 2 });
      expect(report.counts.planned).to.be.greaterThan(0);
      expect(report.restores.filter((r) => r.status === 'planned').every((r) => r.groupIndex === 0)).to.equal(
        true,
      );
      expect(
        report.restores.filter((r) => r.status === 'not_planned').map((r) => [r.groupIndex, r.error]),
      ).to.deep.equal([
        [1, problem],
        [2, 'RestoreGroups[2].search_pg_name: no protection group named pg-missing'],
      ]);
    });

    it('a real run starts nothing while a group cannot be planned; its CSV names the groups and the failure (exit 3)', async () => {
      const input = { RestoreGroups: [ebsGroup(), ebsGroup({ target_az: 'us-east-1q' })] };
      const run = await restore(input);
      expect(run.code).to.equal(3);
      expect(sim.count({ method: 'POST' })).to.equal(0);
      expect(run.io.err()).to.contain(
        'failed: PlanFailed\n1 problem:\nRestoreGroups[1].target_az: us-east-1q is not an availability zone of account ' +
          '222222222222 in us-east-1',
      );
      expect(run.io.err()).to.contain('set skip_unplannable_groups (--skip-unplannable)');
      const report = await run.report();
      expect(report.dryRun).to.equal(false);
      expect(report.failure?.error).to.equal('PlanFailed');
      expect(report.restores.map((r) => [r.groupIndex, r.status])).to.deep.equal([[1, 'not_planned']]);
      const csv = await run.csv();
      expect(csv).to.have.length(3);
      expect(csv[1]).to.match(
        /^1,EBS,111111111111,us-east-1,,,,,,,,not_planned,"RestoreGroups\[1\]\.target_az: /,
      );
      expect(csv[2]).to.match(new RegExp(`^,,,,,,,,,,,run_failed,"PlanFailed: 1 problem:\n`));
    });

    it('--skip-unplannable (skip_unplannable_groups) restores the other groups and reports the skipped ones: exit 1', async () => {
      const input = { RestoreGroups: [ebsGroup(), ebsGroup({ target_az: 'us-east-1q' })] };
      const run = await restore(input, ['--skip-unplannable']);
      expect(run.code, run.io.err()).to.equal(1);
      expect(run.io.err()).to.contain('failed: GroupsSkipped\n');
      const report = await run.report();
      const planned = (await run.plan()).length;
      expect(planned).to.be.greaterThan(0);
      expect(sim.count({ method: 'POST' })).to.equal(planned);
      expect(report.counts).to.include({ planned, completed: planned, not_planned: 1, no_match: 0 });
      expect(report.restores.at(-1)).to.deep.include({ groupIndex: 1, status: 'not_planned' });
      // The same from the input file.
      const fromFile = await restore({ ...input, skip_unplannable_groups: true });
      expect(fromFile.code).to.equal(1);
      expect((await fromFile.report()).counts).to.include({ completed: planned, not_planned: 1 });
    });

    it('every row carries the run id, the Clumio task times, the target details sent; PG rows their account and region; no backup names the window', async () => {
      const run = await restore(await example('restore-input.json'));
      expect(run.code, run.io.err()).to.equal(0);
      const report = await run.report();
      const plan = await run.plan();
      const restores = report.restores.filter((r) => r.status === 'completed');
      expect(restores).to.have.length(plan.length);
      for (const [i, row] of restores.entries()) {
        const where = `${row.resourceType} ${row.sourceResourceNativeId}`;
        expect(row.runId, where).to.equal(report.runId);
        expect(row.startedAt, where).to.be.a('string');
        expect(row.endedAt, where).to.be.a('string');
        expect(Date.parse(row.startedAt ?? '') <= Date.parse(row.endedAt ?? ''), where).to.equal(true);
        expect(Date.parse(row.endedAt ?? '') <= Date.parse(report.finishedAt), where).to.equal(true);
        const body = plan[i]?.request.body as { target: Record<string, unknown> };
        if (row.resourceType === 'EBS') expect(row.targetZone, where).to.equal(body.target.aws_az);
        if (row.resourceType === 'RDS') expect(row.targetName, where).to.equal(body.target.name);
        if (row.resourceType === 'DynamoDB') expect(row.targetName, where).to.equal(body.target.table_name);
      }
      const pgs = restores.filter((r) => r.resourceType === 'ProtectionGroup');
      expect(pgs.map((r) => [r.targetBucket, r.targetPrefix])).to.deep.equal([
        ['dr-restore-bucket', 'pg-finance/'],
        ['dr-restore-bucket', 'pg-logs/'],
      ]);
      for (const pg of pgs) {
        expect(pg.sourceAccount).to.match(/^\d{12}(, \d{12})*$/);
        expect(pg.sourceRegion).to.match(/^[a-z]{2}-[a-z]+-\d(, [a-z]{2}-[a-z]+-\d)*$/);
      }
      const [noBackup] = report.restores.filter((r) => r.status === 'no_backup');
      expect(noBackup?.error).to.match(
        /^no backup at or before \d{4}-\d\d-\d\dT23:59:59Z \(before, end_search_day_offset 0\)$/,
      );
      // Off a terminal nothing is cut: every error is on its row, whole.
      expect(run.io.out()).to.contain(noBackup?.error);
      expect(run.io.out()).to.match(
        /\n#\s+type\s+source\s+from\s+backup time\s+target\s+status\s+task\s+error\n1\s+EBS\s/,
      );
    });
  });

  describe('where Clumio is, and the evidence of earlier runs', () => {
    it("CLUMIO_BASE_URL beats the input's base_url; --base-url beats CLUMIO_BASE_URL; each run says which it used", async () => {
      const input = { ...(await example('restore-ebs.json')), base_url: 'http://127.0.0.1:9' };
      const fromEnv = await restore(input, ['--dry-run'], {
        env: { CLUMIO_BASE_URL: sim.url },
        baseUrl: false,
      });
      expect(fromEnv.code, fromEnv.io.err()).to.equal(0);
      expect(fromEnv.io.out()).to.contain(`Clumio at ${sim.url} (from CLUMIO_BASE_URL)\n`);
      const fromFlag = await restore(input, ['--dry-run'], {
        env: { CLUMIO_BASE_URL: 'http://127.0.0.1:9' },
      });
      expect(fromFlag.code, fromFlag.io.err()).to.equal(0);
      expect(fromFlag.io.out()).to.contain(`Clumio at ${sim.url} (from --base-url)\n`);
      const fromFile = await restore({ ...input, base_url: sim.url }, ['--dry-run'], { baseUrl: false });
      expect(fromFile.code, fromFile.io.err()).to.equal(0);
      expect(fromFile.io.out()).to.contain(`Clumio at ${sim.url} (from the input's base_url)\n`);
    });

    it('an unreachable Clumio: what is waited for while it retries, then the host and where it came from', async () => {
      const closed = await startSimulator({ token: TOKEN });
      const host = new URL(closed.url).host;
      await closed.close();
      const run = await restore(await example('restore-ebs.json'), [], {
        env: { CLUMIO_BASE_URL: `http://${host}`, CLUMIO_RETRY_LIMIT: '2', CLUMIO_RETRY_BASE_MS: '5' },
        baseUrl: false,
      });
      expect(run.code).to.equal(3);
      expect(run.io.out()).to.match(
        new RegExp(`\nClumio at ${host} did not answer \\(ECONNREFUSED\\); retry 1 of 2 in \\d+\\.\\d s\n`),
      );
      expect(run.io.err()).to.contain(
        `failed: ClumioNetworkError\nClumio at ${host} could not be reached (GET /datasources/aws/environments: ` +
          `ECONNREFUSED)\nClumio base URL: http://${host} (from CLUMIO_BASE_URL)\n`,
      );
      expect((await run.report()).dryRun).to.equal(false);
      // A dry run that fails before Validate kept its input still says it was one (dry_run true or "true").
      for (const [args, input] of [
        [['--dry-run'], await example('restore-ebs.json')],
        [[], { ...(await example('restore-ebs.json')), dry_run: 'true' }],
      ] as const) {
        const dry = await restore(input, args, {
          env: { CLUMIO_BASE_URL: `http://${host}`, CLUMIO_RETRY_LIMIT: '0' },
          baseUrl: false,
        });
        expect(dry.code).to.equal(3);
        const report = await dry.report();
        expect(report.failure?.error).to.equal('ClumioNetworkError');
        expect(report.dryRun, JSON.stringify(args)).to.equal(true);
      }
    });

    it('a loopback host without http:// gets a hint: it was read as https://', async () => {
      const host = new URL(sim.url).host;
      const run = await restore(await example('restore-ebs.json'), [], {
        env: { CLUMIO_RETRY_LIMIT: '1', CLUMIO_RETRY_BASE_MS: '5' },
        baseUrl: false,
        extra: ['--base-url', host],
      });
      expect(run.code).to.equal(3);
      expect(run.io.err()).to.match(
        new RegExp(`Clumio at ${host} could not be reached \\(GET /datasources/aws/environments: \\w+\\)\n`),
      );
      expect(run.io.err()).to.contain(
        `Clumio base URL: https://${host} (from --base-url)\nhint: ${host} without a scheme means https://; ` +
          `the simulator speaks plain HTTP: use http://${host}\n`,
      );
    });

    it('--out that holds a run is refused (exit 2, nothing touched) unless --force, which replaces that run', async () => {
      const input = await example('restore-ebs.json');
      const first = await restore(input, ['--dry-run']);
      expect(first.code).to.equal(0);
      const before = await filesBelow(first.folder);
      sim.clearRequests();
      const again = await restore(input, ['--dry-run'], { folder: first.folder });
      expect(again.code).to.equal(2);
      expect(again.io.err()).to.match(
        new RegExp(
          `^clumio-bulk-restore restore: ${first.folder} holds an earlier run \\(input\\.json, .*report\\.json.*\\); choose another --out, or add --force to replace it\n$`,
        ),
      );
      expect(sim.count()).to.equal(0);
      expect(await filesBelow(first.folder)).to.deep.equal(before);
      const firstRun = (await first.report()).runId;
      const forced = await restore(input, ['--dry-run', '--force'], { folder: first.folder });
      expect(forced.code).to.equal(0);
      expect((await forced.report()).runId).not.to.equal(firstRun);
      // A folder holding other files only is no run: it is used as it is.
      const other = join(await tempDir('cli-other'), 'mine');
      await mkdir(other);
      await writeFile(join(other, 'notes.txt'), 'keep me');
      const beside = await restore(input, ['--dry-run'], { folder: other });
      expect(beside.code).to.equal(0);
      expect(await readFile(join(other, 'notes.txt'), 'utf8')).to.equal('keep me');
    });

    it('list --out FILE that exists is refused (exit 2, no Clumio request) unless --force', async () => {
      const dir = await tempDir('cli-list');
      const out = join(dir, 'dr.json');
      await writeFile(out, 'earlier');
      const args = [
        'list',
        '--input',
        join(examples, 'list-input.json'),
        '--base-url',
        sim.url,
        '--out',
        out,
      ];
      const refused = captureIO({ CLUMIO_TOKEN: TOKEN });
      expect(await main(args, refused)).to.equal(2);
      expect(refused.err()).to.equal(
        `clumio-bulk-restore list: ${out} exists; choose another --out, or add --force to replace it\n`,
      );
      expect(sim.count()).to.equal(0);
      expect(await readFile(out, 'utf8')).to.equal('earlier');
      const forced = captureIO({ CLUMIO_TOKEN: TOKEN });
      expect(await main([...args, '--force'], forced), forced.err()).to.be.oneOf([0, 1]);
      expect(JSON.parse(await readFile(out, 'utf8'))).to.have.property('RestoreGroups');
      // --output json: the list summary alone on stdout.
      const json = captureIO({ CLUMIO_TOKEN: TOKEN });
      expect(await main([...args, '--force', '--output', 'json'], json), json.err()).to.be.oneOf([0, 1]);
      const summary = JSON.parse(json.out()) as { scopes: unknown[] };
      expect(summary.scopes.length).to.be.greaterThan(0);
      expect(json.err()).to.contain('found ');
    });
  });

  describe('input and output for scripts', () => {
    it('--input - reads the document from standard input', async () => {
      const dir = await tempDir('cli-stdin');
      const io = {
        ...captureIO({ CLUMIO_TOKEN: TOKEN }),
        stdin: Readable.from([JSON.stringify(await example('restore-ebs.json'))]),
      };
      const folder = join(dir, 'run');
      const code = await main(
        ['restore', '--input', '-', '--base-url', sim.url, '--out', folder, '--dry-run'],
        io,
      );
      expect(code, io.err()).to.equal(0);
      expect(JSON.parse(await readFile(join(folder, 'report.json'), 'utf8'))).to.have.property(
        'dryRun',
        true,
      );
      const broken = { ...captureIO({ CLUMIO_TOKEN: TOKEN }), stdin: Readable.from(['{"RestoreGroups": [']) };
      expect(await main(['restore', '--input', '-', '--out', join(dir, 'x')], broken)).to.equal(2);
      expect(broken.err()).to.match(/^standard input:1:\d+: invalid JSON: /);
    });

    it('--output json: the report alone on stdout, the progress on stderr', async () => {
      const run = await restore(await example('restore-ebs.json'), ['--output', 'json']);
      expect(run.code, run.io.err()).to.equal(0);
      expect(JSON.parse(run.io.out())).to.deep.equal(await run.report());
      expect(run.io.err()).to.contain('input valid: 2 groups\n');
      expect(run.io.err()).to.match(/\nrun \S+ succeeded\n$/);
    });

    it('--quiet prints the final summary line only', async () => {
      const ok = await restore(await example('restore-ebs.json'), ['--quiet']);
      expect(ok.code).to.equal(0);
      const report = await ok.report();
      expect(ok.io.out()).to.equal(
        `run ${report.runId} succeeded: ${report.counts.planned} restores: ${report.counts.planned} completed\n`,
      );
      expect(ok.io.err()).to.equal('');
      const input = { RestoreGroups: [ebsGroup({ search_tag_value: 'dbb' })] };
      const failed = await restore(input, ['--quiet']);
      expect(failed.code).to.equal(1);
      expect(failed.io.out()).to.equal(
        `run ${(await failed.report()).runId} failed (NoMatch): 0 restores; 1 group matched nothing\n`,
      );
    });

    it('singular and plural are right', async () => {
      const one = await restore(
        { RestoreGroups: [ebsGroup({ search_tag_key: 'Name', search_tag_value: 'prod-use1-db-data' })] },
        ['--dry-run'],
      );
      expect(one.io.out()).to.contain('input valid: 1 group\n');
      expect(one.io.out()).not.to.match(/\b1 (groups|restores|problems)\b/);
    });
  });

  describe('on a terminal 80 columns wide', () => {
    it('one progress line redrawn in place that fits, failures named as they fail with the time, a table with whole ids', async () => {
      const input = await example('restore-input.json');
      const dry = await restore(input, ['--dry-run']);
      const victim = (await dry.plan())[3];
      if (victim === undefined) throw new Error('nothing planned');
      sim.setTaskOutcome(victim.source.backupId ?? '', 'failed');
      const io = captureTTY({ CLUMIO_TOKEN: TOKEN }, 80);
      const run = await restore(input, [], { io });
      expect(run.code).to.equal(1);
      const raw = io.out();
      // Every redraw of the live line starts by clearing it, and fits in 79 columns (never wraps).
      const redraws = raw
        .split('\r\x1b[K')
        .slice(1)
        .map((part) => part.split('\n')[0] ?? '');
      const bars = redraws.filter((text) => text.includes(' done · '));
      expect(bars.length).to.be.greaterThan(1);
      for (const bar of bars) expect(bar.length, bar).to.be.at.most(79);
      const shown = screen(raw);
      // What stays on the screen: no copy of the live line, nothing wider than the terminal.
      expect(shown.filter((line) => line.includes(' done · '))).to.deep.equal([]);
      for (const line of shown) expect(line.length, line).to.be.at.most(80);
      // Named as it failed, above the live line, wrapped at a space to the width and continued indented.
      const at = shown.findIndex((line) => line.startsWith('restore 4 of 15 failed after '));
      expect(shown[at + 1]).to.match(/^ {2}\S/);
      const failedLine = `${shown[at]} ${shown[at + 1]?.trim()}`;
      expect(failedLine).to.match(
        /^restore 4 of 15 failed after \d+s: EBS vol-\w+ \(111111111111\/us-east-1\): Clumio task \d+ ended failed$/,
      );
      const report = await run.report();
      const words = new Set(shown.flatMap((line) => line.split(/\s+/)));
      for (const row of report.restores) {
        expect(words.has(row.sourceResourceNativeId ?? ''), String(row.sourceResourceNativeId)).to.equal(
          true,
        );
        if (row.taskId !== null) expect(words.has(row.taskId), row.taskId).to.equal(true);
      }
      expect(shown.join(' ')).to.contain(
        '(not shown at this width: backup time, from, target; report.csv has every column)',
      );
    });
  });
});
