import { expect } from 'chai';
import {
  type AwsEnvironment,
  type Dataset,
  type RunningSimulator,
  type SimulatedTask,
} from '../../../../../local/simulator/index.js';
import { call } from '../helpers.js';
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
});
