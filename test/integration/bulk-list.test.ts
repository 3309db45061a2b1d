import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { runList, type ListRunOptions } from '../../local/commands/list.js';
import { runRestore } from '../../local/commands/restore.js';
import { validate } from '../../local/commands/validate.js';
import { runStateMachine, type RunnerEvent } from '../../local/runner.js';
import { startSimulator, type RequestRecord, type RunningSimulator } from '../../local/simulator/index.js';
import type { ListOutcome, ListSummary } from '../../workflows/bulk-list/state.js';
import type { RestoreRecord } from '../../core/records.js';
import { decodeRestoreInput } from '../../schemas/index.js';
import { captureIO, filesBelow, tempDir, type CapturedIO } from './helpers.js';

const TOKEN = 'bulk-list-token-9c4e2a7f1b6d3e58';
const PROD = '111111111111';
const DR = '222222222222';
const examples = join(import.meta.dirname, '..', '..', 'examples');

type Group = Record<string, unknown> & { ResourceType: string; source_region: string };

interface Listed {
  readonly code: number;
  readonly io: CapturedIO;
  readonly folder: string;
  readonly out: string;
  document(): Promise<{ RestoreGroups: Group[] } & Record<string, unknown>>;
  summary(): Promise<ListSummary>;
}

const PINS: Record<string, string> = {
  EBS: 'search_volume_id',
  EC2: 'search_instance_id',
  RDS: 'search_resource_id',
  DynamoDB: 'search_table_id',
};

describe('integration: bulkList (the real ASL from serverless print, in the local runner, against the simulator)', function () {
  this.timeout(120_000);
  let sim: RunningSimulator;
  let example: Record<string, unknown>;
  let main: Listed;
  /** Every Clumio request of the main run. */
  let mainRequests: RequestRecord[];
  const folders: string[] = [];
  const ios: CapturedIO[] = [];

  const envOf = (account: string, region: string): string =>
    sim.dataset.environments.find((e) => e.account_native_id === account && e.aws_region === region)?.id ??
    '';

  async function list(input: unknown, options: Partial<ListRunOptions> = {}, env = { CLUMIO_TOKEN: TOKEN }) {
    const folder = await tempDir('list');
    folders.push(folder);
    const inputFile = join(folder, 'list-input.json');
    await writeFile(inputFile, JSON.stringify(input));
    const out = join(folder, 'out', 'restore-input.json');
    const io = captureIO(env);
    ios.push(io);
    const code = await runList(
      { inputFile, baseUrl: sim.url, runFolder: join(folder, 'run'), out, retryMs: 0, ...options },
      io,
    );
    const listed: Listed = {
      code,
      io,
      folder,
      out,
      document: async () =>
        JSON.parse(await readFile(out, 'utf8')) as Awaited<ReturnType<Listed['document']>>,
      summary: async () =>
        JSON.parse(await readFile(join(folder, 'run', 'list-summary.json'), 'utf8')) as ListSummary,
    };
    return listed;
  }

  before(async () => {
    sim = await startSimulator({
      token: TOKEN,
      taskSeconds: 0,
      rateLimitPerSecond: false,
      scale: { taggedVolumes: 150 },
    });
    example = JSON.parse(await readFile(join(examples, 'list-input.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    // The token only in the input file, as the reference implementation's users pass it: it must go nowhere else.
    main = await list({ ...example, clumio_token: TOKEN }, {}, { CLUMIO_TOKEN: '' });
    mainRequests = [...sim.requests];
  });
  after(() => sim.close());
  beforeEach(() => sim.clearRequests());

  /** What examples/list-input.json selects, computed from the dataset: one key per asset (PG: per region). */
  function expectedAssets(): string[] {
    const regions = ['us-east-1', 'us-west-2'];
    const envs = new Map(regions.map((r) => [envOf(PROD, r), r]));
    const backedUp = (a: { backup_status_info: { backup_status: string } }) =>
      ['success', 'partial_success'].includes(a.backup_status_info.backup_status);
    const prodTagged = (a: { tags: readonly { key: string; value: string }[] }) =>
      a.tags.some((t) => t.key === 'Environment' && t.value === 'prod');
    const keys = [
      ...sim.dataset.volumes
        .filter((v) => envs.has(v.environment_id) && backedUp(v) && prodTagged(v))
        .map((v) => `EBS ${v.id}`),
      ...sim.dataset.instances
        .filter((i) => envs.has(i.environment_id) && backedUp(i))
        .map((i) => `EC2 ${i.id}`),
      ...sim.dataset.rdsResources
        .filter((r) => envs.has(r.environment_id) && backedUp(r) && prodTagged(r))
        .map((r) => `RDS ${r.id}`),
      ...sim.dataset.dynamodbTables
        .filter((t) => envs.has(t.environment_id) && backedUp(t))
        .map((t) => `DynamoDB ${t.id}`),
    ];
    for (const [envId, region] of envs) {
      const buckets = (group: string, names?: string[]) =>
        sim.dataset.pgS3Assets
          .filter((a) => a.group_name === group && a.environment_id === envId)
          .map((a) => a.bucket_name)
          .filter((n) => names === undefined || names.includes(n))
          .sort();
      keys.push(`ProtectionGroup ${region} pg-finance ${buckets('pg-finance').join(',')}`);
      keys.push(
        `ProtectionGroup ${region} pg-logs ${buckets('pg-logs', ['prod-use1-logs', 'prod-usw2-logs']).join(',')}`,
      );
    }
    return keys.sort();
  }

  const keyOf = (g: Group): string =>
    g.ResourceType === 'ProtectionGroup'
      ? `ProtectionGroup ${g.source_region} ${String(g.search_pg_name)} ${(g.search_bucket_names as string[]).join(',')}`
      : `${g.ResourceType} ${String(g[PINS[g.ResourceType] ?? ''])}`;

  it('discovers all five types over two regions, > 100 EBS volumes, one group per asset pinned to its Clumio id', async () => {
    expect(main.code, main.io.err()).to.equal(0);
    const document = await main.document();
    const groups = document.RestoreGroups;
    expect(groups.map(keyOf).sort()).to.deep.equal(expectedAssets());
    expect(new Set(groups.map((g) => g.ResourceType))).to.deep.equal(
      new Set(['EBS', 'EC2', 'RDS', 'DynamoDB', 'ProtectionGroup']),
    );
    expect(new Set(groups.map((g) => g.source_region))).to.deep.equal(new Set(['us-east-1', 'us-west-2']));
    const ebsEast = groups.filter((g) => g.ResourceType === 'EBS' && g.source_region === 'us-east-1');
    expect(ebsEast.length).to.be.greaterThan(150);
    expect(document.max_restores).to.equal(groups.length);
    const summary = await main.summary();
    expect(summary.scopes).to.have.length(10);
    expect(summary.scopes.every((s) => s.account === PROD && s.assets > 0 && s.withoutBackup === 0)).to.equal(
      true,
    );
    expect(summary.scopes.find((s) => s.region === 'us-east-1' && s.resourceType === 'EBS')?.assets).to.equal(
      ebsEast.length,
    );
    expect(main.io.out()).to.match(/111111111111\s+us-east-1\s+EBS\s+158\s+158\s+0/);
    expect(main.io.out()).to.contain(
      `${groups.length} restore groups for ${groups.length} assets (0 without a backup): ${main.out}`,
    );
    // What runs it by reference, whatever its size: the run store key of the run's own copy.
    expect(summary.inputKey).to.equal(`runs/${summary.runId}/restore-input.json`);
    expect(main.io.out()).to.contain(
      `restore them: clumio-bulk-restore restore --input ${main.out}, or start bulkRestore with ` +
        `{"input_key": "${summary.inputKey}"} (the document by reference, whatever its size)\n`,
    );
  });

  it('writes the document in a stable order: region, type (registry order), then AWS id', async () => {
    const groups = (await main.document()).RestoreGroups;
    const order = ['EBS', 'EC2', 'RDS', 'DynamoDB', 'ProtectionGroup'];
    const ranks = groups.map((g) => `${g.source_region}/${order.indexOf(g.ResourceType)}`);
    expect(ranks).to.deep.equal([...ranks].sort());
  });

  it('pages every asset list (no 100-asset cap) and looks up each backup with one request', async () => {
    const east = envOf(PROD, 'us-east-1');
    const ebsPages = mainRequests.filter(
      (r) =>
        r.path === '/datasources/aws/ebs-volumes' &&
        (r.filter as { environment_id?: { $eq?: string } } | undefined)?.environment_id?.$eq === east,
    );
    expect(ebsPages.map((r) => r.query.start ?? '1')).to.deep.equal(['1', '2']);
    const groups = (await main.document()).RestoreGroups;
    const backupLookups = mainRequests.filter((r) => r.path.startsWith('/backups/'));
    expect(backupLookups).to.have.length(groups.length);
    expect(backupLookups.every((r) => r.query.limit === '1')).to.equal(true);
    expect(mainRequests.filter((r) => r.method !== 'GET')).to.deep.equal([]);
  });

  it('the document validates, and restore --dry-run plans exactly one restore per group with the expected targets', async () => {
    const groups = (await main.document()).RestoreGroups;
    const decoded = decodeRestoreInput(await main.document());
    expect(decoded.ok ? [] : decoded.problems).to.deep.equal([]);
    expect(decoded.warnings).to.deep.equal([]);
    const validateIO = captureIO({});
    expect(await validate([main.out], validateIO)).to.equal(0);
    expect(validateIO.out()).to.contain(`valid bulkRestore input — ${groups.length} groups`);

    const folder = await tempDir('list-restore');
    folders.push(folder);
    const io = captureIO({ CLUMIO_TOKEN: TOKEN });
    ios.push(io);
    const code = await runRestore(
      { inputFile: main.out, baseUrl: sim.url, dryRun: true, out: join(folder, 'run'), retryMs: 0 },
      io,
    );
    expect(code, io.err()).to.equal(0);
    const plan = JSON.parse(await readFile(join(folder, 'run', 'plan.json'), 'utf8')) as RestoreRecord[];
    expect(plan.map((r) => r.groupIndex)).to.deep.equal(groups.map((_, i) => i));
    const drEast = envOf(DR, 'us-east-1');
    for (const record of plan) {
      const group = groups[record.groupIndex] as Group;
      const where = `${group.ResourceType} ${String(record.source.resourceNativeId)}`;
      expect(record.resourceType, where).to.equal(group.ResourceType);
      expect(record.source.account, where).to.equal(PROD);
      expect(record.source.region, where).to.equal(group.source_region);
      if (group.ResourceType === 'ProtectionGroup') {
        expect(record.source.resourceNativeId, where).to.equal(group.search_pg_name);
      } else {
        expect(record.source.resourceId, where).to.equal(group[PINS[group.ResourceType] ?? '']);
      }
      // DynamoDB has no target_region in the example's spec: each table stays in its own region.
      const region = group.ResourceType === 'DynamoDB' ? group.source_region : 'us-east-1';
      const { details: _details, ...target } = record.target;
      expect(target, where).to.deep.equal({
        account: DR,
        region,
        environmentId: envOf(DR, region),
      });
      const body = record.request.body as { target: Record<string, unknown> };
      if (group.ResourceType === 'EBS') {
        expect(body.target, where).to.deep.include({ environment_id: drEast, aws_az: 'us-east-1a' });
      }
      if (group.ResourceType === 'EC2') {
        expect(body.target.instance_restore_target, where).to.deep.include({
          subnet_native_id: 'subnet-ccb9d7ca7158db608',
          vpc_native_id: 'vpc-70ca60ac667b908ae',
          aws_az: 'us-east-1b',
        });
      }
      if (group.ResourceType === 'RDS') {
        expect(body.target.name, where).to.equal(`${String(record.source.resourceNativeId)}-restored`);
      }
      if (group.ResourceType === 'DynamoDB') {
        expect(body.target.table_name, where).to.equal(`${String(record.source.resourceNativeId)}-dr`);
      }
    }
  });

  it('a required value the spec lacks: the group is still written, the problem printed with its path, validate reports exactly it; exit 1', async () => {
    const spec = (example.target_specs as { EC2: Record<string, unknown> }).EC2;
    const { target_subnet_native_id: _subnet, ...withoutSubnet } = spec;
    const run = await list({
      source_account: PROD,
      source_regions: ['us-east-1'],
      source_asset_types: { EBS: { asset_tags: { App: 'analytics' } }, EC2: {} },
      target_specs: { target_account: DR, EC2: withoutSubnet },
    });
    expect(run.code, run.io.err()).to.equal(1);
    const groups = (await run.document()).RestoreGroups;
    const ec2 = groups.flatMap((g, i) => (g.ResourceType === 'EC2' ? [i] : []));
    expect(ec2).to.have.length(3);
    const message =
      "required when restoring to another account or region (the backup's subnets do not exist there)";
    const expected = ec2.map((i) => ({ path: `RestoreGroups[${i}].target_subnet_native_id`, message }));
    for (const { path } of expected) expect(run.io.out()).to.contain(`${path}: ${message} — fill it in`);
    expect(
      groups.filter((g) => g.ResourceType === 'EC2').every((g) => g.target_subnet_native_id === ''),
    ).to.equal(true);
    const decoded = decodeRestoreInput(await run.document());
    expect(decoded.ok ? [] : decoded.problems).to.deep.equal(expected);
    const validateIO = captureIO({});
    expect(await validate([run.out], validateIO)).to.equal(2);
    expect(
      validateIO
        .out()
        .split('\n')
        .filter((l) => l.startsWith('error:')),
    ).to.deep.equal(expected.map((p) => `error: ${p.path}: ${p.message}`));
    // The volume without any backup is reported, not written as a group.
    const summary = await run.summary();
    expect(summary.noBackup.map((n) => n.resourceNativeId)).to.deep.equal([
      sim.dataset.volumes.find((v) => v.name === 'prod-use1-scratch-unprotected')?.volume_native_id,
    ]);
    expect(groups.filter((g) => g.ResourceType === 'EBS')).to.have.length(2);
    expect(run.io.out()).to.contain('without a backup in the window (not written as groups):');
  });

  it('nothing found: the map is skipped, an empty document is written, the note says why; exit 0', async () => {
    const run = await list({
      source_account: PROD,
      source_regions: ['eu-west-1'],
      source_asset_types: { EC2: { asset_tags: { Bulk: 'load' } } },
    });
    expect(run.code, run.io.err()).to.equal(0);
    expect(await run.document()).to.deep.equal({ base_url: sim.url, RestoreGroups: [] });
    expect((await run.summary()).notes).to.deep.equal([
      'EC2 in eu-west-1: no asset is tagged Bulk=load there',
    ]);
    expect(run.io.out()).to.contain('nothing to restore: no asset found has a backup in the window');
    expect(sim.requests.filter((r) => r.path.startsWith('/backups/'))).to.deep.equal([]);
  });

  it('invalid input: exit 2 before any Clumio request, every problem listed', async () => {
    const run = await list({ source_account: 'prod', source_asset_types: { Tape: {} } });
    expect(run.code).to.equal(2);
    expect(sim.count()).to.equal(0);
    expect(run.io.err()).to.contain('failed: InvalidInput');
    expect(run.io.err()).to.contain('source_account: expected a 12-digit AWS account id, got "prod"');
    expect(run.io.err()).to.contain('source_asset_types.Tape: unknown ResourceType');
  });

  it('a requested region that is not connected: exit 3, naming the connected ones', async () => {
    const run = await list({
      source_account: PROD,
      source_regions: ['eu-central-1'],
      source_asset_types: { EBS: {} },
    });
    expect(run.code).to.equal(3);
    expect(run.io.err()).to.contain(
      'source_regions: eu-central-1 is not a connected region of account 111111111111 (connected: eu-west-1, us-east-1, us-west-2)',
    );
  });

  it('a refused token: exit 3 with a clear message', async () => {
    const run = await list(example, {}, { CLUMIO_TOKEN: 'not-the-simulator-token-123' });
    expect(run.code).to.equal(3);
    expect(run.io.err()).to.contain('Clumio refused the API token');
  });

  it('an execution input that is not an object fails InvalidInput (not a ResultPath error), before any Clumio request', async () => {
    const folder = await tempDir('list-array');
    folders.push(folder);
    sim.clearRequests();
    const outcome = await runStateMachine('bulkList', [], {
      runId: 'list-not-an-object',
      runFolder: folder,
      env: { CLUMIO_TOKEN: TOKEN, POWERTOOLS_LOG_LEVEL: 'SILENT' },
      retryMs: 0,
    });
    expect(outcome.status).to.equal('FAILED');
    expect(outcome.status === 'FAILED' && outcome.error).to.equal('InvalidInput');
    expect(sim.count()).to.equal(0);
  });

  it('the token given in the input reaches no step output, execution output, printed line or file', async () => {
    const folder = await tempDir('list-state');
    folders.push(folder);
    const events: RunnerEvent[] = [];
    const outcome = await runStateMachine(
      'bulkList',
      { ...example, source_regions: ['us-west-2'], base_url: sim.url, clumio_token: TOKEN },
      {
        runId: 'list-token-check',
        runFolder: folder,
        env: { CLUMIO_TOKEN: TOKEN, POWERTOOLS_LOG_LEVEL: 'SILENT' },
        retryMs: 0,
        onTaskEnd: (event) => events.push(event),
      },
    );
    expect(outcome.status).to.equal('SUCCEEDED');
    const output = (outcome.status === 'SUCCEEDED' ? outcome.output : {}) as ListOutcome;
    expect(output.counts.groups).to.be.greaterThan(0);
    expect(Object.keys(output).sort()).to.deep.equal([
      'counts',
      'document',
      'fillIn',
      'inputKey',
      'runId',
      'summary',
    ]);
    expect(output.inputKey).to.equal('runs/list-token-check/restore-input.json');
    expect(events.map((e) => e.state)).to.include.members([
      'ListValidate',
      'DiscoverAssets',
      'FindBackup',
      'WriteDocument',
    ]);
    // Only the execution's own input (ListValidate's) holds it; no step passes it on.
    expect(JSON.stringify(events.map((e) => e.output))).not.to.contain(TOKEN);
    expect(
      JSON.stringify(events.filter((e) => e.state !== 'ListValidate').map((e) => e.input)),
    ).not.to.contain(TOKEN);
    expect(JSON.stringify(outcome)).not.to.contain(TOKEN);
    for (const dir of folders) {
      for (const [path, text] of await filesBelow(dir)) {
        // The test's own copies of the input are the only files allowed to hold it.
        if (path === join(dir, 'list-input.json')) continue;
        expect(text, path).not.to.contain(TOKEN);
      }
    }
    for (const io of ios) {
      expect(io.out()).not.to.contain(TOKEN);
      expect(io.err()).not.to.contain(TOKEN);
    }
  });
});
