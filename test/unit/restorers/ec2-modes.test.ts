import { expect } from 'chai';

import { ClumioClient, staticToken } from '../../../clumio/index.js';
import type { RestoreRecord } from '../../../core/records.js';
import { startSimulator, type Ec2Backup, type RunningSimulator } from '../../../local/simulator/index.js';
import { decodeRestoreInput } from '../../../schemas/index.js';
import { lookupContext, planRun, type RunPlan } from '../../../workflows/planning.js';

const NOW = new Date('2026-06-30T12:00:00Z');
const PROD = '111111111111';
const DR = '222222222222';
const SOURCE = { source_account: PROD, source_region: 'us-east-1' };

describe('restorers/ec2: target_restore_as ami and volumes against the simulator (real HTTP)', () => {
  let sim: RunningSimulator;
  let client: ClumioClient;

  before(async () => {
    sim = await startSimulator({ now: () => NOW, rateLimitPerSecond: false });
    client = new ClumioClient({ baseUrl: sim.url, token: staticToken(sim.token) });
  });
  after(() => sim.close());
  beforeEach(() => sim.clearRequests());

  async function plan(fields: object): Promise<RunPlan> {
    const decoded = decodeRestoreInput(
      { RestoreGroups: [{ ResourceType: 'EC2', ...SOURCE, ...fields }] },
      NOW,
    );
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems));
    return planRun(decoded.value, lookupContext(client, { now: NOW }));
  }

  async function planAndStart(fields: object): Promise<RestoreRecord[]> {
    const result = await plan(fields);
    expect(result.problems, JSON.stringify(result.problems)).to.deep.equal([]);
    for (const record of result.records) {
      const before = sim.restores().length;
      await client.startRestore(record.request.endpoint, record.request.body);
      expect(
        sim
          .restores()
          .slice(before)
          .map((r) => r.body),
      ).to.deep.equal([record.request.body]);
    }
    return result.records;
  }

  const instance = (name: string) => {
    const found = sim.dataset.instances.find((i) => i.name === name);
    if (found === undefined) throw new Error(`no instance ${name}`);
    return found;
  };
  const newestBackup = (instanceId: string): Ec2Backup => {
    const backup = sim.dataset.backups.ec2.filter((b) => b.instance_id === instanceId).at(-1);
    if (backup === undefined) throw new Error('no backup');
    return backup;
  };
  const env = (account: string) => {
    const found = sim.dataset.environments.find(
      (e) => e.account_native_id === account && e.aws_region === 'us-east-1',
    );
    if (found === undefined) throw new Error(`no environment ${account}/us-east-1`);
    return found;
  };
  const compact = (t: string) => t.replace(/[-:]/g, '');
  /** The backup's volumes as mappings: in place each keeps its own key; elsewhere none is sent. */
  const mappings = (
    backup: Ec2Backup,
    named: boolean,
    inPlace: boolean,
    extra: readonly { key: string; value: string }[] = [],
  ) =>
    backup.attached_backup_ebs_volumes.map((v) => ({
      volume_native_id: v.volume_native_id,
      name: named ? v.name : null,
      kms_key_native_id: inPlace ? v.kms_key_native_id : null,
      tags: [...v.tags, ...extra],
    }));

  it('ami: ami_restore_target with the default name, description, mappings and tags', async () => {
    const web = instance('prod-use1-web-01');
    const backup = newestBackup(web.id);
    const [record] = await planAndStart({
      search_instance_id: web.instance_native_id,
      target_account: DR,
      target_restore_as: 'ami',
      append_tags: { RestoredBy: 'clumio-bulk-restore' },
    });
    const restoredBy = [{ key: 'RestoredBy', value: 'clumio-bulk-restore' }];
    expect(record?.request).to.deep.equal({
      endpoint: 'restoreEc2Instance',
      body: {
        source: { backup_id: backup.id },
        target: {
          ami_restore_target: {
            environment_id: env(DR).id,
            name: `${web.instance_native_id}-restored-${compact(backup.start_timestamp)}`,
            description: `${web.instance_native_id} restored from Clumio backup ${backup.id} of ${backup.start_timestamp}`,
            ebs_block_device_mappings: mappings(backup, true, false, restoredBy),
            tags: [...backup.tags, ...restoredBy],
          },
        },
      },
    });
    expect(record?.source.backupId).to.equal(backup.id);
  });

  it('ami: target_ami_name and description as given; several instances get their id appended', async () => {
    const records = await planAndStart({
      search_tag_key: 'Environment',
      search_tag_value: 'prod',
      target_restore_as: 'ami',
      target_ami_name: 'web before incident',
      target_ami_description: 'state at 14:05',
      target_instance_tags: [{ key: 'Name', value: 'web-ami' }],
    });
    expect(records.length).to.be.greaterThan(1);
    for (const record of records) {
      const target = (record.request.body as { target: { ami_restore_target: Record<string, unknown> } })
        .target.ami_restore_target;
      expect(target).to.deep.include({
        name: `web before incident-${record.source.resourceNativeId}`,
        description: 'state at 14:05',
        tags: [{ key: 'Name', value: 'web-ami' }],
      });
    }
  });

  it('volumes: unattached in target_az (no device names)', async () => {
    const web = instance('prod-use1-web-01');
    const backup = newestBackup(web.id);
    const [record] = await planAndStart({
      search_instance_id: web.id,
      target_account: DR,
      target_restore_as: 'volumes',
      target_az: 'us-east-1b',
      target_kms_key_native_id: 'arn:aws:kms:us-east-1:222222222222:key/dr',
    });
    expect(record?.request.body).to.deep.equal({
      source: { backup_id: backup.id },
      target: {
        volumes_restore_target: {
          environment_id: env(DR).id,
          ebs_block_device_mappings: backup.attached_backup_ebs_volumes.map((v) => ({
            volume_native_id: v.volume_native_id,
            name: null,
            kms_key_native_id: 'arn:aws:kms:us-east-1:222222222222:key/dr',
            tags: v.tags,
          })),
          aws_az: 'us-east-1b',
          target_instance_native_id: null,
        },
      },
    });
  });

  it('volumes: attached to target_instance_native_id, with their device names', async () => {
    const web = instance('prod-use1-web-01');
    const other = sim.dataset.instances.find(
      (i) => i.environment_id === env(PROD).id && i.id !== web.id && !i.is_deleted,
    );
    if (other === undefined) throw new Error('no second instance');
    const backup = newestBackup(web.id);
    const [record] = await planAndStart({
      search_instance_id: web.id,
      target_restore_as: 'volumes',
      target_instance_native_id: other.instance_native_id,
    });
    expect(record?.request.body).to.deep.equal({
      source: { backup_id: backup.id },
      target: {
        volumes_restore_target: {
          environment_id: env(PROD).id,
          ebs_block_device_mappings: mappings(backup, true, true),
          aws_az: null,
          target_instance_native_id: other.instance_native_id,
        },
      },
    });
    const lookups = sim.requests.filter((r) => r.path === '/datasources/aws/ec2-instances');
    expect(lookups[0]?.filter).to.deep.equal({
      environment_id: { $eq: env(PROD).id },
      instance_native_id: { $eq: other.instance_native_id },
    });
  });

  it('volumes: target_device_names moves a backed-up device; unknown or clashing devices fail planning', async () => {
    const db = instance('prod-use1-db-01');
    const web = instance('prod-use1-web-01');
    const backup = newestBackup(db.id);
    const [record] = await planAndStart({
      search_instance_id: db.id,
      target_restore_as: 'volumes',
      target_instance_native_id: web.instance_native_id,
      target_device_names: { '/dev/xvda': '/dev/sdf', '/dev/xvdc': '/dev/sdh' },
    });
    const names = (
      record?.request.body as {
        target: { volumes_restore_target: { ebs_block_device_mappings: { name: string }[] } };
      }
    ).target.volumes_restore_target.ebs_block_device_mappings.map((m) => m.name);
    expect(backup.attached_backup_ebs_volumes.map((v) => v.name)).to.deep.equal([
      '/dev/xvda',
      '/dev/xvdb',
      '/dev/xvdc',
    ]);
    expect(names).to.deep.equal(['/dev/sdf', '/dev/xvdb', '/dev/sdh']);
    const fields = {
      search_instance_id: db.id,
      target_restore_as: 'volumes',
      target_instance_native_id: web.instance_native_id,
    };
    const unknown = await plan({ ...fields, target_device_names: { '/dev/sdz': '/dev/sdf' } });
    expect(unknown.problems).to.deep.equal([
      {
        path: 'RestoreGroups[0].target_device_names',
        message: `${db.instance_native_id}: /dev/sdz is not a device of backup ${backup.id} (its devices: /dev/xvda, /dev/xvdb, /dev/xvdc)`,
      },
    ]);
    const clash = await plan({ ...fields, target_device_names: { '/dev/xvda': '/dev/xvdb' } });
    expect(clash.problems).to.deep.equal([
      {
        path: 'RestoreGroups[0].target_device_names',
        message: `${db.instance_native_id}: two volumes would be attached at /dev/xvdb`,
      },
    ]);
  });

  it('volumes: an instance Clumio does not know in the target account fails planning; the simulator refuses it too', async () => {
    const web = instance('prod-use1-web-01');
    const result = await plan({
      search_instance_id: web.id,
      target_account: DR,
      target_restore_as: 'volumes',
      target_instance_native_id: web.instance_native_id,
    });
    expect(result.records).to.deep.equal([]);
    expect(result.problems).to.deep.equal([
      {
        path: 'RestoreGroups[0].target_instance_native_id',
        message: `Clumio knows no instance ${web.instance_native_id} in account ${DR} in us-east-1`,
      },
    ]);
    const backup = newestBackup(web.id);
    const error = await client
      .startRestore('restoreEc2Instance', {
        source: { backup_id: backup.id },
        target: {
          volumes_restore_target: {
            environment_id: env(DR).id,
            ebs_block_device_mappings: mappings(backup, true, false),
            aws_az: null,
            target_instance_native_id: web.instance_native_id,
          },
        },
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).to.contain(
      `target.volumes_restore_target.target_instance_native_id: instance "${web.instance_native_id}" is not in environment ${env(DR).id}`,
    );
  });
});
