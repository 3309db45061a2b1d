import { expect } from 'chai';

import { ClumioClient, staticToken } from '../../../clumio/index.js';
import { statusFilter } from '../../../workflows/bulk-list/document.js';
import { lookupContext } from '../../../workflows/planning.js';
import { searchWindow } from '../../../core/window.js';
import { startSimulator, type RunningSimulator } from '../../../local/simulator/index.js';
import { listingOf } from '../../../restorers/index.js';
import type { ListScope } from '../../../restorers/types.js';

const PROD = '111111111111';

describe('restorers: bulkList discovery against the simulator', function () {
  this.timeout(20_000);
  let sim: RunningSimulator;
  let client: ClumioClient;

  before(async () => {
    sim = await startSimulator({ rateLimitPerSecond: false });
    client = new ClumioClient({ baseUrl: sim.url, token: staticToken(sim.token) });
  });
  after(() => sim.close());
  beforeEach(() => sim.clearRequests());

  const ctx = () => lookupContext(client);
  const envOf = (region: string) =>
    sim.dataset.environments.find((e) => e.account_native_id === PROD && e.aws_region === region)?.id ?? '';
  const scope = (
    region: string,
    status: ListScope['statusFilter'] = statusFilter({ deletedStatusIn: [true, false] }),
  ) => ({
    account: PROD,
    region,
    environmentId: envOf(region),
    statusFilter: status,
  });

  it('EBS: tags are ANDed through their ids (one tags.id $all filter); deleted volumes included by default', async () => {
    const found = await listingOf('EBS').discover(ctx(), scope('us-east-1'), {
      asset_tags: { App: 'web', Environment: 'prod' },
    });
    const expected = sim.dataset.volumes
      .filter(
        (v) =>
          v.environment_id === envOf('us-east-1') &&
          v.tags.some((t) => t.key === 'App' && t.value === 'web') &&
          v.tags.some((t) => t.key === 'Environment' && t.value === 'prod'),
      )
      .map((v) => ({ assetId: v.id, nativeId: v.volume_native_id }));
    expect(expected.length).to.equal(3);
    expect(found).to.deep.equal({ assets: expected, notes: [] });
    const lists = sim.requests.filter((r) => r.path === '/datasources/aws/ebs-volumes');
    expect(lists).to.have.length(1);
    const filter = lists[0]?.filter as Record<string, { $all?: string[] }>;
    expect(filter['tags.id']?.$all).to.have.length(2);
    expect(filter).to.deep.include({
      environment_id: { $eq: envOf('us-east-1') },
      is_deleted: { $in: ['true', 'false'] },
    });
  });

  it('a tag not used in the environment: no asset listing at all, and a note saying so', async () => {
    const found = await listingOf('EC2').discover(ctx(), scope('us-west-2'), {
      asset_tags: { Bulk: 'load' },
    });
    expect(found).to.deep.equal({ assets: [], notes: ['no asset is tagged Bulk=load there'] });
    expect(sim.count({ path: '/datasources/aws/ec2-instances' })).to.equal(0);
  });

  it('sends asset_meta_status as server-side filters', async () => {
    const status = statusFilter({
      protectionStatusIn: ['protected'],
      backupStatusIn: ['success'],
      deletedStatusIn: [false],
    });
    const found = await listingOf('RDS').discover(ctx(), scope('us-east-1', status), {});
    const [request] = sim.requests.filter((r) => r.path === '/datasources/aws/rds-resources');
    expect(request?.filter).to.deep.equal({
      environment_id: { $eq: envOf('us-east-1') },
      protection_status: { $in: ['protected'] },
      backup_status: { $in: ['success'] },
      is_deleted: { $in: ['false'] },
    });
    expect(found.assets.length).to.be.greaterThan(0);
  });

  it('ProtectionGroup: one asset per group and region with its buckets there; a missing group is a note', async () => {
    const found = await listingOf('ProtectionGroup').discover(ctx(), scope('us-east-1'), {
      protection_groups: [
        { name: 'pg-logs' },
        { name: 'pg-missing' },
        { name: 'pg-finance', bucket_names: ['prod-usw2-finance-data'] },
      ],
    });
    const logs = sim.dataset.protectionGroups.find((g) => g.name === 'pg-logs');
    expect(found).to.deep.equal({
      assets: [{ assetId: logs?.id, nativeId: 'pg-logs', bucketNames: ['prod-use1-logs'] }],
      notes: ['no protection group is named pg-missing'],
    });
    const bucketLists = sim.requests.filter((r) => r.path === '/datasources/protection-groups/s3-assets');
    expect(bucketLists.map((r) => (r.filter as Record<string, unknown>).environment_id)).to.deep.equal([
      { $eq: envOf('us-east-1') },
      { $eq: envOf('us-east-1') },
    ]);
  });

  it('findBackup: the backup the restore side would choose, with one limit=1 request', async () => {
    const volume = sim.dataset.volumes.find((v) => v.name === 'prod-use1-db-journal');
    const asset = {
      resourceType: 'EBS',
      account: PROD,
      region: 'us-east-1',
      assetId: volume?.id ?? '',
      nativeId: volume?.volume_native_id ?? '',
    };
    const now = new Date();
    const window = searchWindow({ direction: 'before', endOffset: 1 }, now);
    const backup = await listingOf('EBS').findBackup(ctx(), asset, window);
    const expected = sim.dataset.backups.ebs
      .filter((b) => b.volume_id === asset.assetId && b.start_timestamp <= window.filter.start_timestamp.$lte)
      .at(-1);
    expect(backup?.id).to.equal(expected?.id);
    expect(sim.requests.map((r) => r.query.limit)).to.deep.equal(['1']);
  });
});
