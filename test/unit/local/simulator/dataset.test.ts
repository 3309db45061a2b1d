import { expect } from 'chai';
import { buildDataset, findTagId, type Dataset } from '../../../../local/simulator/index.js';
import { FIXED_NOW } from './helpers.js';

const RFC3339_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function ids(d: Dataset): string[] {
  return [
    ...d.environments,
    ...d.volumes,
    ...d.instances,
    ...d.rdsResources,
    ...d.dynamodbTables,
    ...d.buckets,
    ...d.protectionGroups,
    ...d.pgS3Assets,
    ...Object.values(d.tags).flat(),
    ...Object.values(d.backups).flat(),
  ].map((i: { id: string }) => i.id);
}

describe('simulator dataset', function () {
  const d = buildDataset({ seed: 1, now: FIXED_NOW });

  it('is deterministic: the same seed gives the same ids and data, another seed other ids', () => {
    const again = buildDataset({ seed: 1, now: FIXED_NOW });
    expect(ids(again)).to.deep.equal(ids(d));
    expect(JSON.stringify(again)).to.equal(JSON.stringify(d));
    const other = buildDataset({ seed: 2, now: FIXED_NOW });
    expect(other.volumes.map((v) => v.name)).to.deep.equal(d.volumes.map((v) => v.name));
    expect(other.volumes[0]?.id).to.not.equal(d.volumes[0]?.id);
    const later = buildDataset({ seed: 1, now: new Date(FIXED_NOW.getTime() + 3600_000) });
    expect(later.volumes.map((v) => v.id)).to.deep.equal(d.volumes.map((v) => v.id));
    expect(new Set(ids(d)).size).to.equal(ids(d).length);
  });

  it('has ≥ 3 accounts with ≥ 2 regions each, connected environments with AZs, one root OU', () => {
    const regions = new Map<string, Set<string>>();
    for (const e of d.environments)
      regions.set(e.account_native_id, (regions.get(e.account_native_id) ?? new Set()).add(e.aws_region));
    expect([...regions.keys()]).to.deep.equal(['111111111111', '222222222222', '333333333333']);
    expect([...regions.values()].every((r) => r.size >= 2)).to.equal(true);
    expect(regions.get('111111111111')?.has('eu-west-1')).to.equal(true);
    expect(
      d.environments.every((e) => e.connection_status === 'connected' && e.aws_az.length === 3),
    ).to.equal(true);
    expect(d.connections).to.have.length(d.environments.length);
    expect(d.organizationalUnits).to.have.length(1);
    expect(d.organizationalUnits[0]?.parent_id).to.equal(null);
  });

  it('holds all five asset types in every source environment, and restore-target buckets in dr', () => {
    const sources = d.environments.filter((e) => e.account_name !== 'dr');
    for (const env of sources) {
      const inEnv = <T extends { environment_id: string }>(items: readonly T[]) =>
        items.filter((i) => i.environment_id === env.id);
      expect(inEnv(d.volumes).length, env.description).to.be.at.least(6);
      expect(inEnv(d.instances).length).to.be.at.least(3);
      expect(inEnv(d.rdsResources).some((r) => r.type === 'aws_rds_cluster')).to.equal(true);
      expect(inEnv(d.dynamodbTables).length).to.be.at.least(3);
      expect(inEnv(d.buckets).length).to.be.at.least(3);
    }
    expect(d.buckets.filter((b) => b.account_native_id === '222222222222').map((b) => b.name)).to.include(
      'dr-restore-bucket',
    );
    expect(new Set(d.volumes.map((v) => v.type))).to.include.members(['gp2', 'gp3', 'io1', 'st1']);
    expect(d.volumes.some((v) => v.is_encrypted && v.kms_key_native_id !== null)).to.equal(true);
  });

  it('has the edge cases: > 100 backups, no backup, a deleted asset with backups, granular RDS backups', () => {
    const count = (volumeId: string) => d.backups.ebs.filter((b) => b.volume_id === volumeId).length;
    expect(Math.max(...d.volumes.map((v) => count(v.id)))).to.equal(120);
    const unbacked = d.volumes.filter((v) => count(v.id) === 0);
    expect(unbacked.map((v) => v.backup_status_info.backup_status)).to.deep.equal(['no_backup']);
    const deleted = d.volumes.filter((v) => v.is_deleted);
    expect(deleted).to.have.length(1);
    expect(deleted[0]?.deletion_timestamp).to.match(RFC3339_SECONDS);
    expect(count(deleted[0]?.id ?? '')).to.be.greaterThan(20);
    expect(
      d.backups.ebs
        .filter((b) => b.volume_id === deleted[0]?.id)
        .every((b) => b.start_timestamp < (deleted[0]?.deletion_timestamp ?? '')),
    ).to.equal(true);
    const granular = d.backups.rds.filter((b) => b.type === 'aws_rds_resource_granular_backup');
    expect(granular.length).to.be.greaterThan(0);
    expect(
      d.backups.rds.some((b) => b.resource_id === granular[0]?.resource_id && b.type === 'clumio_snapshot'),
    ).to.equal(true);
  });

  it('spreads daily backups over the last 30 days around 02:00Z, in RFC-3339 without milliseconds', () => {
    const volume = d.volumes.find((v) => v.name === 'prod-use1-web-data');
    const backups = d.backups.ebs.filter((b) => b.volume_id === volume?.id);
    expect(backups).to.have.length(30);
    for (const b of backups) {
      expect(b.start_timestamp).to.match(RFC3339_SECONDS);
      const age = FIXED_NOW.getTime() - Date.parse(b.start_timestamp);
      expect(age).to.be.within(0, 30 * 86_400_000);
      const minutes =
        new Date(b.start_timestamp).getUTCHours() * 60 + new Date(b.start_timestamp).getUTCMinutes();
      expect(minutes).to.be.within(60, 180);
    }
    const starts = d.backups.ebs.map((b) => b.start_timestamp);
    expect(starts).to.deep.equal([...starts].sort());
  });

  it('carries every documented backup field (EBS v2, EC2, RDS shape a, DynamoDB, PG)', () => {
    expect(Object.keys(d.backups.ebs[0] ?? {})).to.include.members([
      'volume_type',
      'iops',
      'kms_key_native_id',
      'aws_az',
      'tags',
      'backup_tier',
      'utilized_size_in_bytes',
      'migration_timestamp',
    ]);
    const ec2 = d.backups.ec2[0];
    expect(ec2?.ami.ami_native_id).to.match(/^ami-/);
    expect(ec2?.attached_backup_ebs_volumes[0]).to.include({ name: '/dev/xvda', is_root: true });
    expect(ec2?.attached_backup_ebs_volumes[0]?.tags.length).to.be.greaterThan(0);
    const web = d.backups.ec2.find((b) => b.network_interfaces.length === 2);
    expect(new Set(web?.network_interfaces.map((n) => n.subnet_native_id)).size).to.equal(2);
    expect(d.backups.rds[0]?.instances[0]).to.have.keys(['class', 'is_publicly_accessible', 'name']);
    expect(Object.keys(d.backups.dynamodb[0] ?? {})).to.include.members([
      'billing_mode',
      'sse_specification',
      'table_class',
    ]);
    expect(d.backups.protectionGroups[0]?.id).to.match(
      /^[0-9a-f-]{36}_\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\.\d+$/,
    );
  });

  it('keeps protection groups consistent: ≥ 2 groups, buckets in ≥ 2 environments, child backups per asset', () => {
    expect(d.protectionGroups.map((g) => g.name)).to.deep.equal(['pg-finance', 'pg-logs']);
    for (const group of d.protectionGroups) {
      const assets = d.pgS3Assets.filter((a) => a.group_id === group.id);
      expect(new Set(assets.map((a) => a.environment_id)).size).to.be.at.least(2);
      expect(group.bucket_count).to.equal(assets.length);
      const backups = d.backups.protectionGroups.filter((b) => b.protection_group_id === group.id);
      for (const backup of backups) {
        const children = d.backups.pgS3Assets.filter(
          (c) => c.parent_protection_group_backup_id === backup.id,
        );
        expect(children.map((c) => c.protection_group_s3_asset_id).sort()).to.deep.equal(
          assets.map((a) => a.id).sort(),
        );
      }
    }
  });

  it('lists every tag used in an environment, with ids per environment, key and value', () => {
    for (const env of d.environments) {
      const assets = [
        ...d.volumes,
        ...d.instances,
        ...d.rdsResources,
        ...d.dynamodbTables,
        ...d.buckets,
      ].filter((a) => a.environment_id === env.id);
      const used = new Set(assets.flatMap((a) => a.tags.map((t) => t.id)));
      expect(new Set((d.tags[env.id] ?? []).map((t) => t.id))).to.deep.equal(used);
    }
    const [a, b] = d.environments;
    expect(findTagId(d, a?.id ?? '', 'App', 'db')).to.not.equal(findTagId(d, b?.id ?? '', 'App', 'db'));
    expect(findTagId(d, a?.id ?? '', 'App', 'nope')).to.equal(undefined);
    expect(d.backups.ebs[0]?.tags[0]).to.have.keys(['key', 'value']);
  });

  it('scales to thousands of tagged volumes quickly, with 3 daily backups each', () => {
    const started = performance.now();
    const big = buildDataset({
      seed: 1,
      now: FIXED_NOW,
      scale: { taggedVolumes: 5000, environment: { account: '333333333333', region: 'us-west-2' } },
    });
    expect(performance.now() - started).to.be.below(3000);
    const env = big.environments.find(
      (e) => e.account_native_id === '333333333333' && e.aws_region === 'us-west-2',
    );
    const tagId = findTagId(big, env?.id ?? '', 'Bulk', 'load');
    const tagged = big.volumes.filter((v) => v.tags.some((t) => t.id === tagId));
    expect(tagged).to.have.length(5000);
    expect(tagged.every((v) => v.environment_id === env?.id)).to.equal(true);
    expect(big.backups.ebs.length - d.backups.ebs.length).to.equal(15000);
    expect(() =>
      buildDataset({
        seed: 1,
        now: FIXED_NOW,
        scale: { taggedVolumes: 1, environment: { account: '1', region: 'x' } },
      }),
    ).to.throw('scale.environment 1/x is not a simulated environment');
  });
});
