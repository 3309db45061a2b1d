import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { ClumioClient, staticToken } from '../../../clumio/index.js';
import { lookupContext, planRun, type RunPlan } from '../../../workflows/planning.js';
import type { RestoreRecord } from '../../../core/records.js';
import { endOfDay, startOfDay } from '../../../core/window.js';
import { startSimulator, type RunningSimulator } from '../../../local/simulator/index.js';
import { decodeRestoreInput } from '../../../schemas/index.js';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples');
const now = new Date('2026-11-25T10:00:00Z');

async function planDocument(sim: RunningSimulator, document: unknown): Promise<RunPlan> {
  const decoded = decodeRestoreInput(document);
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems));
  const client = new ClumioClient({ baseUrl: sim.url, token: staticToken(sim.token) });
  return planRun(decoded.value, lookupContext(client, { now }));
}

async function planFile(sim: RunningSimulator, path: string): Promise<RunPlan> {
  return planDocument(sim, JSON.parse(await readFile(join(examples, path), 'utf8')));
}

type Body = Record<string, Record<string, unknown>>;
const bodyOf = (r: RestoreRecord) => r.request.body as Body;
const ofGroup = (plan: RunPlan, index: number) => plan.records.filter((r) => r.groupIndex === index);

describe('workflows/planning against the simulator', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ now: () => now, rateLimitPerSecond: false });
  });
  after(() => sim.close());
  beforeEach(() => sim.clearRequests());

  const env = (account: string, region: string) => {
    const found = sim.dataset.environments.find(
      (e) => e.account_native_id === account && e.aws_region === region,
    );
    if (found === undefined) throw new Error(`no environment ${account}/${region}`);
    return found;
  };
  /** The oracle: the backups of an asset in the window, from the dataset itself. */
  const oldestBetween = (starts: string[], from: string, to: string) =>
    starts.sort().find((s) => s > from && s <= to);

  describe('the reference implementation example plans what DESIGN §3 says', () => {
    let plan: RunPlan;
    before(async () => {
      plan = await planFile(sim, 'reference/clumio_bulk_restore_inputs_example.json');
    });

    it('plans every group without problems', () => {
      expect(plan.problems).to.deep.equal([]);
    });

    it('EC2: the pinned instance, and "after" with start 0 / end 10 is the last ten days (not the empty window of the reference)', () => {
      const [record, ...others] = ofGroup(plan, 0);
      expect(others).to.deep.equal([]);
      const instance = sim.dataset.instances.find((i) => i.id === '2a7ae5e1-69d4-433f-9512-8deb102df459');
      expect(record?.source.resourceNativeId).to.equal(instance?.instance_native_id);
      const starts = sim.dataset.backups.ec2
        .filter((b) => b.instance_id === instance?.id)
        .map((b) => b.start_timestamp);
      expect(record?.source.backupTimestamp).to.equal(
        oldestBetween(starts, startOfDay(10, now), endOfDay(0, now)),
      );
      const target = bodyOf(record as RestoreRecord).target?.instance_restore_target as Record<
        string,
        unknown
      >;
      expect(target.ami_native_id).to.equal('ami-0123456789abcdef0');
      expect(target.key_pair_name).to.equal('ops-111111111111-ec2-key');
      expect(target.iam_instance_profile_name).to.equal(null);
      const interfaces = target.network_interfaces as Record<string, unknown>[];
      expect(interfaces.every((i) => i.restore_from_backup === true && i.restore_default === false)).to.equal(
        true,
      );
    });

    it('EBS: one restore per matching volume (the reference restored one per group), "" fields unset', () => {
      const records = ofGroup(plan, 1);
      const dev = env('333333333333', 'us-east-1');
      const tagged = sim.dataset.volumes.filter(
        (v) =>
          v.environment_id === dev.id && v.tags.some((t) => t.key === 'Environment' && t.value === 'dev'),
      );
      const withBackup = tagged.filter((v) => sim.dataset.backups.ebs.some((b) => b.volume_id === v.id));
      expect(records.map((r) => r.source.resourceId).sort()).to.deep.equal(
        withBackup.map((v) => v.id).sort(),
      );
      expect(records.length).to.be.greaterThan(1);
      for (const record of records) {
        const target = bodyOf(record).target as Record<string, unknown>;
        expect(target.environment_id).to.equal(env('333333333333', 'us-west-2').id);
        expect(target.aws_az).to.equal('us-west-2b');
        expect(target.kms_key_native_id).to.equal('0f1e2d3c-0000-4b5a-8c7d-000000000002');
        expect(target.tags).to.deep.equal([{ key: 'RestoredBy', value: 'bulk-restore' }]);
        const backup = sim.dataset.backups.ebs.find((b) => b.id === record.source.backupId);
        expect(target.type).to.equal(backup?.volume_type);
        // The type is kept, and with it the provisioned IOPS of the types that have them.
        const provisioned = ['gp3', 'io1', 'io2'].includes(backup?.volume_type ?? '');
        expect(target.iops).to.equal(provisioned ? backup?.iops : null);
      }
    });

    it('DynamoDB: every table of the source, each named <table>-<change_set_name> with the KMS key as SSE', () => {
      const records = ofGroup(plan, 2);
      const prod = env('111111111111', 'us-east-1');
      const tables = sim.dataset.dynamodbTables.filter((t) => t.environment_id === prod.id);
      expect(records.map((r) => r.source.resourceNativeId).sort()).to.deep.equal(
        tables.map((t) => t.name).sort(),
      );
      for (const record of records) {
        expect(bodyOf(record).target).to.include({ table_name: `${record.source.resourceNativeId}-br5` });
        expect(bodyOf(record).target?.sse_specification).to.deep.equal({
          kms_key_type: 'CUSTOMER_MANAGED',
          kms_master_key_id: '1a2b3c4d-0000-4e5f-8a9b-000000000003',
        });
      }
    });

    it('ProtectionGroup: the named buckets of the group, restored into the target account bucket', () => {
      const [record] = ofGroup(plan, 3);
      const asset = sim.dataset.pgS3Assets.find((a) => a.bucket_name === 'prod-use1-finance-data');
      const bucket = sim.dataset.buckets.find((b) => b.name === 'dr-restore-bucket');
      expect(bodyOf(record as RestoreRecord)).to.deep.equal({
        source: {
          backup_id: record?.source.backupId,
          object_filters: { latest_version_only: true },
          protection_group_s3_asset_ids: [asset?.id],
        },
        target: {
          bucket_id: bucket?.id,
          environment_id: bucket?.environment_id,
          prefix: 'prefix/',
          overwrite: true,
          restore_original_storage_class: true,
          storage_class: null,
        },
      });
      expect(record?.source.resourceNativeId).to.equal('pg-finance');
    });

    it('RDS: several matching databases get distinct names <target_rds_name>-<source identifier>', () => {
      const records = ofGroup(plan, 4);
      expect(records.length).to.be.greaterThan(1);
      const names = records.map((r) => bodyOf(r).target?.name);
      expect(names).to.deep.equal(records.map((r) => `restored-orders-db-${r.source.resourceNativeId}`));
      expect(new Set(names).size).to.equal(names.length);
    });
  });

  it('every example file plans without problems against the simulator', async () => {
    for (const file of [
      'restore-input.json',
      'restore-ebs.json',
      'restore-ec2.json',
      'restore-rds.json',
      'restore-dynamodb.json',
      'restore-protection-group.json',
      'reference/clumio_bulk_restore_inputs_example.json',
      'reference/clumio_bulk_restore_inputs_from_list.json',
      'reference/seed_readme_spellings_example.json',
    ]) {
      const plan = await planFile(sim, file);
      expect(plan.problems, file).to.deep.equal([]);
      expect(plan.records.length, file).to.be.greaterThan(0);
    }
  });

  it('the mixed example covers all five resource types, and the simulator accepts every request', async () => {
    const plan = await planFile(sim, 'restore-input.json');
    expect(new Set(plan.records.map((r) => r.resourceType))).to.deep.equal(
      new Set(['EBS', 'EC2', 'RDS', 'DynamoDB', 'ProtectionGroup']),
    );
    const client = new ClumioClient({ baseUrl: sim.url, token: staticToken(sim.token) });
    for (const record of plan.records)
      await client.startRestore(record.request.endpoint, record.request.body);
    expect(sim.restores().length).to.be.at.least(plan.records.length);
  });

  it('reports every group that cannot be planned, each with its path, and still plans the others', async () => {
    const plan = await planDocument(sim, {
      RestoreGroups: [
        {
          ResourceType: 'ProtectionGroup',
          search_pg_name: 'pg-nope',
          target_account: '222222222222',
          target_bucket: 'dr-restore-bucket',
        },
        {
          ResourceType: 'DynamoDB',
          source_account: '111111111111',
          source_region: 'us-east-1',
          change_set_name: 'x',
        },
        {
          ResourceType: 'ProtectionGroup',
          source_account: '111111111111',
          source_region: 'us-east-1',
          search_pg_name: 'pg-finance',
          search_bucket_names: ['prod-use1-finance-data', 'prod-usw2-finance-data'],
          target_account: '222222222222',
          target_bucket: 'dr-restore-bucket',
        },
        {
          ResourceType: 'ProtectionGroup',
          search_pg_name: 'pg-logs',
          target_account: '222222222222',
          target_bucket: 'no-such-bucket',
        },
        {
          ResourceType: 'EBS',
          source_account: '111111111111',
          source_region: 'us-east-1',
          search_volume_id: 'vol-0000000000000dead',
          target_az: 'us-east-1a',
        },
      ],
    });
    expect(plan.problems).to.deep.equal([
      { path: 'RestoreGroups[0].search_pg_name', message: 'no protection group named pg-nope' },
      {
        path: 'RestoreGroups[2].search_bucket_names',
        message: 'prod-usw2-finance-data is not in protection group pg-finance (in 111111111111 us-east-1)',
      },
      {
        path: 'RestoreGroups[3].target_bucket',
        message: 'Clumio knows no bucket no-such-bucket in 222222222222',
      },
      {
        path: 'RestoreGroups[4].search_volume_id',
        message: 'no resource vol-0000000000000dead in account 111111111111 in us-east-1',
      },
    ]);
    expect(plan.notPlanned.map((n) => [n.groupIndex, n.resourceType, n.source])).to.deep.equal([
      [0, 'ProtectionGroup', {}],
      [2, 'ProtectionGroup', { account: '111111111111', region: 'us-east-1' }],
      [3, 'ProtectionGroup', {}],
      [4, 'EBS', { account: '111111111111', region: 'us-east-1' }],
    ]);
    expect(new Set(plan.records.map((r) => r.groupIndex))).to.deep.equal(new Set([1]));
  });

  it('refuses a group whose restores would collide on one name, naming them', async () => {
    const base = 'a'.repeat(55);
    const plan = await planDocument(sim, {
      RestoreGroups: [
        {
          ResourceType: 'RDS',
          source_account: '111111111111',
          source_region: 'us-east-1',
          search_tag_key: 'Environment',
          search_tag_value: 'prod',
          target_rds_name: base,
        },
      ],
    });
    expect(plan.records).to.deep.equal([]);
    expect(plan.problems.length).to.be.greaterThan(0);
    for (const problem of plan.problems) {
      expect(problem.path).to.equal('RestoreGroups[0]');
      expect(problem.message).to.match(new RegExp(`would both be restored as ${base}-prod-us$`));
    }
  });

  it('reports a protection group without a backup in the window as no_backup, naming the window and where its buckets are', async () => {
    const plan = await planDocument(sim, {
      RestoreGroups: [
        {
          ResourceType: 'ProtectionGroup',
          search_pg_name: 'pg-finance',
          search_direction: 'before',
          end_search_day_offset: 90,
          target_account: '222222222222',
          target_bucket: 'dr-restore-bucket',
        },
      ],
    });
    const pg = sim.dataset.protectionGroups.find((g) => g.name === 'pg-finance');
    expect(plan.records).to.deep.equal([]);
    expect(plan.noBackup).to.deep.equal([
      {
        groupIndex: 0,
        resourceType: 'ProtectionGroup',
        source: {
          account: '111111111111, 333333333333',
          region: 'us-east-1, us-west-2',
          resourceId: pg?.id,
          resourceNativeId: 'pg-finance',
        },
        reason: `no backup at or before ${endOfDay(90, now)} (before, end_search_day_offset 90)`,
      },
    ]);
  });

  it('a protection group with no bucket where the group narrows them matched nothing', async () => {
    const plan = await planDocument(sim, {
      RestoreGroups: [
        {
          ResourceType: 'ProtectionGroup',
          search_pg_name: 'pg-finance',
          source_account: '222222222222',
          target_account: '222222222222',
          target_bucket: 'dr-restore-bucket',
        },
      ],
    });
    expect(plan.records).to.deep.equal([]);
    expect(plan.noMatch).to.deep.equal([
      {
        groupIndex: 0,
        resourceType: 'ProtectionGroup',
        source: { account: '222222222222' },
        searched: 'buckets of protection group pg-finance in 222222222222',
      },
    ]);
  });

  it('every record names its target as its type has it (zone, name, bucket and prefix)', async () => {
    const plan = await planFile(sim, 'restore-input.json');
    const details = (type: string) =>
      plan.records.filter((r) => r.resourceType === type).map((r) => r.target.details);
    expect(new Set(details('EBS').map((d) => JSON.stringify(d)))).to.deep.equal(
      new Set([JSON.stringify({ zone: 'us-east-1a' }), JSON.stringify({ zone: 'us-west-2b' })]),
    );
    expect(details('EC2')).to.deep.equal([{ zone: 'us-east-1b' }]);
    for (const record of plan.records.filter(
      (r) => r.resourceType === 'RDS' || r.resourceType === 'DynamoDB',
    )) {
      const body = bodyOf(record).target as Record<string, unknown>;
      expect(record.target.details).to.deep.equal({ name: body.name ?? body.table_name });
    }
    expect(details('ProtectionGroup')).to.deep.equal([
      { bucket: 'dr-restore-bucket', prefix: 'pg-finance/' },
      { bucket: 'dr-restore-bucket', prefix: 'pg-logs/' },
    ]);
  });
});
