import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { runRestore, type RestoreRunOptions } from '../../local/commands/restore.js';
import {
  findTagId,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../local/simulator/index.js';
import type { RestoreRecord } from '../../core/records.js';
import type { Report } from '../../workflows/report.js';
import { captureIO, tempDir, type CapturedIO } from './helpers.js';

/**
 * The restores faithful to the official SDKs (issue 11), end to end: the real ASL in the local runner,
 * over HTTP against the simulator, every restore POST checked field by field.
 */

const TOKEN = 'sdk-faithful-token-7d3a9c1e5b2f4086';
const PROD = '111111111111';
const DR = '222222222222';
const examples = join(import.meta.dirname, '..', '..', 'examples');
const FOREIGN_KEY =
  "encrypted with a customer key in the source; restored with the target's default key: set target_kms_key_native_id to choose one";

interface Run {
  readonly code: number;
  readonly io: CapturedIO;
  readonly folder: string;
  report(): Promise<Report>;
  plan(): Promise<RestoreRecord[]>;
}

async function restore(
  sim: RunningSimulator,
  input: unknown,
  options: Partial<RestoreRunOptions> = {},
): Promise<Run> {
  const folder = await tempDir('sdk');
  const inputFile = join(folder, 'input.json');
  await writeFile(inputFile, JSON.stringify(input));
  const io = captureIO({ CLUMIO_TOKEN: TOKEN });
  const out = join(folder, 'run');
  const code = await runRestore(
    { inputFile, baseUrl: sim.url, out, pollIntervalSeconds: 0.005, retryMs: 0, ...options },
    io,
  );
  return {
    code,
    io,
    folder: out,
    report: async () => JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report,
    plan: async () => JSON.parse(await readFile(join(out, 'plan.json'), 'utf8')) as RestoreRecord[],
  };
}

function start(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ token: TOKEN, taskSeconds: 0, rateLimitPerSecond: false, ...options });
}

function envOf(sim: RunningSimulator, account: string, region: string): string {
  return (
    sim.dataset.environments.find((e) => e.account_native_id === account && e.aws_region === region)?.id ?? ''
  );
}

/** The body of each accepted restore POST to `path`. */
function posted(sim: RunningSimulator, path: string): Record<string, Record<string, unknown>>[] {
  return sim
    .restores()
    .filter((r) => r.path === path)
    .map((r) => r.body as Record<string, Record<string, unknown>>);
}

describe('integration: restores faithful to the official Clumio SDKs (issue 11)', function () {
  this.timeout(120_000);
  let sim: RunningSimulator;
  before(async () => {
    sim = await start();
  });
  after(() => sim.close());

  it('a DynamoDB table with two GSIs, an LSI, a stream, STANDARD_INFREQUENT_ACCESS and a customer key restores with all of them', async () => {
    const table = sim.dataset.dynamodbTables.find(
      (t) => t.environment_id === envOf(sim, PROD, 'us-east-1') && t.local_secondary_indexes.length > 0,
    );
    expect(table?.global_secondary_indexes).to.have.length(2);
    expect(table?.table_class).to.equal('STANDARD_INFREQUENT_ACCESS');
    expect(table?.stream_specification.enabled).to.equal(true);
    expect(table?.sse_specification.kms_key_type).to.equal('CUSTOMER_MANAGED');
    const run = await restore(sim, {
      RestoreGroups: [
        {
          ResourceType: 'DynamoDB',
          source_account: PROD,
          source_region: 'us-east-1',
          search_table_id: table?.name,
          target_table_name: 'events-restored',
        },
      ],
    });
    expect(run.code, run.io.err()).to.equal(0);
    const [plan] = await run.plan();
    const backup = sim.dataset.backups.dynamodb.find((b) => b.id === plan?.source.backupId);
    const [body] = posted(sim, '/restores/aws/dynamodb-tables');
    expect(body?.['source']).to.deep.equal({ securevault_backup: { backup_id: backup?.id } });
    expect(body?.['target']).to.deep.equal({
      environment_id: envOf(sim, PROD, 'us-east-1'),
      table_name: 'events-restored',
      tags: backup?.tags,
      sse_specification: {
        kms_key_type: 'CUSTOMER_MANAGED',
        kms_master_key_id: backup?.sse_specification.kms_master_key_id,
      },
      table_class: 'STANDARD_INFREQUENT_ACCESS',
      global_secondary_indexes: backup?.global_secondary_indexes,
      local_secondary_indexes: backup?.local_secondary_indexes,
      stream_specification: { enabled: true, view_type: 'NEW_IMAGE' },
    });
    expect(plan?.warnings).to.equal(undefined);
    expect((await run.report()).restores[0]).to.include({ status: 'completed', warnings: null });
  });

  it('a global table restores as a single-region table and the plan and report say so', async () => {
    const run = await restore(
      sim,
      {
        RestoreGroups: [
          {
            ResourceType: 'DynamoDB',
            source_account: PROD,
            source_region: 'us-west-2',
            search_table_id: 'prod-usw2-sessions',
            change_set_name: 'dr',
          },
        ],
      },
      { dryRun: true },
    );
    expect(run.code, run.io.err()).to.equal(0);
    const warning =
      'a global table (replicas in us-east-1): restored as a single-region table; add its replicas in AWS after the restore';
    const [record] = await run.plan();
    expect(record?.warnings).to.deep.equal([warning]);
    expect(record?.request.body).to.not.have.nested.property('target.replicas');
    expect((await run.report()).restores[0]?.warnings).to.equal(warning);
    expect(run.io.out()).to.contain(`warning: ${warning}\n  restore #1\n`);
  });

  it('examples/restore-ebs.json: an io1 volume keeps its provisioned IOPS; the other types get none or the group value', async () => {
    sim.clearRequests();
    const before = sim.restores().length;
    const input = JSON.parse(await readFile(join(examples, 'restore-ebs.json'), 'utf8')) as object;
    const run = await restore(sim, input);
    expect(run.code, run.io.err()).to.equal(0);
    const plan = await run.plan();
    const bodies = sim
      .restores()
      .slice(before)
      .map((r) => r.body as { source: { backup_id: string }; target: Record<string, unknown> });
    expect(bodies).to.have.length(plan.length);
    const byBackup = new Map(sim.dataset.backups.ebs.map((b) => [b.id, b]));
    const io1 = bodies.filter((b) => byBackup.get(b.source.backup_id)?.volume_type === 'io1');
    expect(io1).to.have.length(1);
    for (const body of bodies) {
      const backup = byBackup.get(body.source.backup_id);
      const inPlace = body.target['environment_id'] === envOf(sim, PROD, 'us-west-2');
      if (!inPlace) {
        // The first group restores to DR as gp3 with its own IOPS and key.
        expect(body.target).to.include({ type: 'gp3', iops: 3000, kms_key_native_id: 'alias/dr-ebs' });
        continue;
      }
      expect(body.target['type']).to.equal(backup?.volume_type);
      const provisioned = ['gp3', 'io1', 'io2'].includes(backup?.volume_type ?? '');
      expect(body.target['iops'], backup?.volume_type).to.equal(provisioned ? backup?.iops : null);
      expect(body.target['kms_key_native_id']).to.equal(backup?.kms_key_native_id ?? null);
    }
    expect(io1[0]?.target).to.include({ type: 'io1', iops: 4000 });
  });

  it('a cross-account restore of an encrypted volume sends no key and warns in the plan, the report and the CSV', async () => {
    const volume = sim.dataset.volumes.find(
      (v) => v.environment_id === envOf(sim, PROD, 'us-east-1') && v.name === 'prod-use1-db-data',
    );
    expect(volume?.kms_key_native_id).to.be.a('string');
    const before = sim.restores().length;
    const run = await restore(sim, {
      RestoreGroups: [
        {
          ResourceType: 'EBS',
          source_account: PROD,
          source_region: 'us-east-1',
          search_volume_id: volume?.volume_native_id,
          target_account: DR,
          target_region: 'us-east-1',
          target_az: 'us-east-1a',
        },
      ],
    });
    expect(run.code, run.io.err()).to.equal(0);
    const [record] = await run.plan();
    expect(record?.warnings).to.deep.equal([FOREIGN_KEY]);
    const [started] = sim.restores().slice(before);
    expect((started?.body as { target: Record<string, unknown> }).target).to.include({
      environment_id: envOf(sim, DR, 'us-east-1'),
      kms_key_native_id: null,
      type: 'io1',
      iops: 4000,
    });
    expect((await run.report()).restores[0]).to.include({ status: 'completed', warnings: FOREIGN_KEY });
    const [header, row] = (await readFile(join(run.folder, 'report.csv'), 'utf8')).split('\r\n');
    expect(header).to.contain(',error,warnings,');
    expect(row).to.contain(`,completed,,${FOREIGN_KEY},`);
  });

  it('target_storage_class STANDARD_IA exits 2 naming the SDK storage classes, before any Clumio call', async () => {
    sim.clearRequests();
    const run = await restore(sim, {
      RestoreGroups: [
        {
          ResourceType: 'ProtectionGroup',
          search_pg_name: 'pg-finance',
          target_account: DR,
          target_bucket: 'dr-restore-bucket',
          target_storage_class: 'STANDARD_IA',
        },
      ],
    });
    expect(run.code).to.equal(2);
    expect(run.io.err()).to.contain(
      'RestoreGroups[0].target_storage_class: expected one of "S3 Standard", "S3 Standard-IA", "S3 Intelligent-Tiering", "S3 One Zone-IA", got "STANDARD_IA"',
    );
    expect(sim.count()).to.equal(0);
  });

  it('links whose next href carries no filter: more than 100 tagged volumes, every one and only those restored', async () => {
    const bare = await start({ linkQuery: 'start', scale: { taggedVolumes: 150 } });
    try {
      const env = envOf(bare, PROD, 'us-east-1');
      const tagged = new Set(
        bare.dataset.volumes
          .filter((v) => v.tags.some((t) => t.id === findTagId(bare.dataset, env, 'Bulk', 'load')))
          .map((v) => v.id),
      );
      expect(tagged.size).to.equal(150);
      const run = await restore(
        bare,
        {
          RestoreGroups: [
            {
              ResourceType: 'EBS',
              source_account: PROD,
              source_region: 'us-east-1',
              search_tag_key: 'Bulk',
              search_tag_value: 'load',
              target_az: 'us-east-1a',
            },
          ],
        },
        { dryRun: true },
      );
      expect(run.code, run.io.err()).to.equal(0);
      const plan = await run.plan();
      expect(new Set(plan.map((r) => r.source.resourceId))).to.deep.equal(tagged);
      const pages = bare.requests.filter((r) => r.path === '/datasources/aws/ebs-volumes');
      expect(pages.map((p) => p.query['start'])).to.deep.equal([undefined, '2']);
      expect(pages[1]?.filter).to.deep.equal(pages[0]?.filter);
      expect(pages[1]?.query['limit']).to.equal('100');
    } finally {
      await bare.close();
    }
  });
});
