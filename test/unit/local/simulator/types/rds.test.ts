import { expect } from 'chai';
import {
  startSimulator,
  type AwsEnvironment,
  type Dataset,
  type RunningSimulator,
  type SimulatedTask,
} from '../../../../../local/simulator/index.js';
import { call, FIXED_NOW, list, withQuery } from '../helpers.js';
import { acceptedBy, must, refusedBy, startRestoreSimulator } from './restore-helpers.js';

describe('simulator restores (POST 17–22)', function () {
  let sim: RunningSimulator;
  let d: Dataset;
  let drEast: AwsEnvironment;

  before(async () => {
    ({ sim, d, drEast } = await startRestoreSimulator());
  });
  after(() => sim.close());

  const refused = (path: string, body: unknown, status: number, expected: string[]) =>
    refusedBy(sim, path, body, status, expected);
  const accepted = (path: string, body: unknown) => acceptedBy(sim, path, body);

  describe('RDS resource', () => {
    function body(source: Record<string, unknown>, name = 'restored-web-db') {
      return {
        source,
        target: {
          environment_id: drEast.id,
          name,
          instance_class: 'db.t3.medium',
          is_publicly_accessible: false,
          kms_key_native_id: null,
          security_group_native_ids: null,
          subnet_group_name: 'default',
          option_group_name: null,
          parameter_group_name: null,
          tags: [{ key: 'Restored', value: 'yes' }],
        },
      };
    }
    const clumioBackup = () => must(d.backups.rds.find((b) => b.type === 'clumio_snapshot'));

    it('accepts a backup source and a snapshot source', async () => {
      const res = await accepted(
        '/restores/aws/rds-resources',
        body({ backup: { backup_id: clumioBackup().id } }),
      );
      const task = await call<SimulatedTask>(sim, `/tasks/${res.task_id}`);
      expect(task.body.type).to.equal('aws_rds_resource_restore');
      expect(task.body.primary_entity.value).to.equal(clumioBackup().database_native_id);
      const resource = must(d.rdsResources[0]);
      await accepted(
        '/restores/aws/rds-resources',
        body({ snapshot: { resource_id: resource.id, timestamp: '2024-06-10T12:00:00Z' } }),
      );
      expect(sim.restores().at(-1)?.backupId).to.equal(null);
    });

    it('refuses invalid RDS identifiers', async () => {
      const source = { backup: { backup_id: clumioBackup().id } };
      for (const name of ['1db', 'a--b', 'db-', 'x'.repeat(64), 'db_name']) {
        await refused('/restores/aws/rds-resources', body(source, name), 400, [
          `target.name: "${name}" is not a valid RDS identifier (1-63 letters, digits or hyphens; starts with a letter; no "--"; no trailing "-")`,
        ]);
      }
      await accepted('/restores/aws/rds-resources', body(source, `a${'b'.repeat(62)}`));
    });

    it('refuses two source forms, a granular backup and an unknown backup', async () => {
      const resource = must(d.rdsResources[0]);
      await refused(
        '/restores/aws/rds-resources',
        body({
          backup: { backup_id: clumioBackup().id },
          snapshot: { resource_id: resource.id, timestamp: '2024-06-10T12:00:00Z' },
        }),
        400,
        ['source: exactly one of backup, snapshot must be set (got 2)'],
      );
      const granular = must(d.backups.rds.find((b) => b.type === 'aws_rds_resource_granular_backup'));
      await refused('/restores/aws/rds-resources', body({ backup: { backup_id: granular.id } }), 400, [
        `source.backup.backup_id: backup ${granular.id} is a granular backup; it cannot be restored as a resource`,
      ]);
      await refused('/restores/aws/rds-resources', body({ backup: { backup_id: 'nope' } }), 404, [
        'source.backup.backup_id: RDS backup "nope" not found',
      ]);
      const noName = body({ backup: { backup_id: clumioBackup().id } });
      await refused(
        '/restores/aws/rds-resources',
        { ...noName, target: { ...noName.target, name: null } },
        400,
        ['target.name: required'],
      );
    });
  });

  describe('RDS backup shapes', () => {
    const CURRENT = [
      '_links',
      'account_native_id',
      'aws_azs',
      'aws_kms_key_id',
      'aws_region',
      'aws_security_group',
      'aws_subnet_group',
      'database_id',
      'database_native_id',
      'database_type',
      'engine',
      'engine_version',
      'expiration_timestamp',
      'id',
      'instance_class',
      'public_access',
      'size',
      'start_timestamp',
      'tags',
      'type',
    ];
    const LEGACY = [
      '_links',
      'account_native_id',
      'aws_azs',
      'aws_region',
      'database_native_id',
      'engine',
      'engine_version',
      'expiration_timestamp',
      'id',
      'instances',
      'kms_key_native_id',
      'migration_timestamp',
      'option_group_name',
      'resource_id',
      'resource_type',
      'security_group_native_ids',
      'size',
      'start_timestamp',
      'subnet_group_name',
      'tags',
      'type',
    ];

    it("lists the Go SDK's current model by default; the read by id keeps the older model with parameter_group_name", async () => {
      const cluster = must(d.backups.rds.find((b) => b.resource_type === 'aws_rds_cluster'));
      const page = await list(
        sim,
        withQuery('/backups/aws/rds-resources', { filter: { resource_id: { $eq: cluster.resource_id } } }),
      );
      const item = must(page.body._embedded.items.find((b) => b['id'] === cluster.id));
      expect(Object.keys(item).sort()).to.deep.equal(CURRENT);
      expect(item).to.include({
        database_id: cluster.resource_id,
        database_type: 'aws_rds_cluster',
        aws_kms_key_id: cluster.kms_key_native_id,
        aws_subnet_group: cluster.subnet_group_name,
      });
      expect(item['instance_class']).to.deep.equal(['db.r6g.large', 'db.r6g.large']);
      expect(item['public_access']).to.deep.equal([false, false]);
      expect(item['aws_security_group']).to.deep.equal(cluster.security_group_native_ids);
      const read = await call<Record<string, unknown>>(sim, `/backups/aws/rds-resources/${cluster.id}`);
      expect(Object.keys(read.body).sort()).to.deep.equal([...LEGACY, 'parameter_group_name'].sort());
    });

    it("lists the Python SDK 1.0.3 model with rdsBackupShape 'legacy'", async () => {
      const legacy = await startSimulator({
        now: () => FIXED_NOW,
        rateLimitPerSecond: false,
        rdsBackupShape: 'legacy',
      });
      try {
        const page = await list(legacy, '/backups/aws/rds-resources?limit=5');
        for (const item of page.body._embedded.items) expect(Object.keys(item).sort()).to.deep.equal(LEGACY);
      } finally {
        await legacy.close();
      }
    });
  });
});
