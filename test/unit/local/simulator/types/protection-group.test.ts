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
  let prodEast: AwsEnvironment;
  let drEast: AwsEnvironment;

  before(async () => {
    ({ sim, d, prodEast, drEast } = await startRestoreSimulator());
  });
  after(() => sim.close());

  const refused = (path: string, body: unknown, status: number, expected: string[]) =>
    refusedBy(sim, path, body, status, expected);
  const accepted = (path: string, body: unknown) => acceptedBy(sim, path, body);

  describe('protection group and PG S3 asset', () => {
    function pgBody(source: Record<string, unknown> = {}, target: Record<string, unknown> = {}) {
      const group = must(d.protectionGroups.find((g) => g.name === 'pg-finance'));
      const backup = must(d.backups.protectionGroups.find((b) => b.protection_group_id === group.id));
      const bucket = must(d.buckets.find((b) => b.name === 'dr-restore-bucket'));
      return {
        source: {
          backup_id: backup.id,
          object_filters: { latest_version_only: true, object_key_prefix: null },
          protection_group_s3_asset_ids: d.pgS3Assets.filter((a) => a.group_id === group.id).map((a) => a.id),
          ...source,
        },
        target: {
          bucket_id: bucket.id,
          environment_id: bucket.environment_id,
          prefix: 'restored/',
          overwrite: true,
          restore_original_storage_class: true,
          storage_class: null,
          tags: null,
          ...target,
        },
      };
    }

    it('accepts a group restore of selected buckets, by backup or point in time', async () => {
      const res = await accepted('/restores/protection-groups', pgBody());
      const task = await call<SimulatedTask>(sim, `/tasks/${res.task_id}`);
      expect(task.body.type).to.equal('protection_group_restore');
      expect(task.body.primary_entity.value).to.equal('pg-finance');
      expect(sim.restores().at(-1)?.backupId).to.equal(pgBody().source.backup_id);
      const group = must(d.protectionGroups.find((g) => g.name === 'pg-finance'));
      await accepted(
        '/restores/protection-groups',
        pgBody({
          backup_id: null,
          pitr: { protection_group_id: group.id, restore_end_timestamp: '2024-06-10T00:00:00Z' },
        }),
      );
      await accepted(
        '/restores/protection-groups',
        pgBody({}, { restore_original_storage_class: false, storage_class: 'S3 Standard-IA' }),
      );
    });

    it('refuses foreign assets, bad object filters, storage-class conflicts and a bucket elsewhere', async () => {
      const other = must(d.pgS3Assets.find((a) => a.group_name === 'pg-logs'));
      const assets = pgBody().source.protection_group_s3_asset_ids;
      await refused(
        '/restores/protection-groups',
        pgBody({ protection_group_s3_asset_ids: [...assets, other.id] }),
        400,
        [
          `source.protection_group_s3_asset_ids[${assets.length}]: "${other.id}" is not an S3 asset of protection group pg-finance`,
        ],
      );
      await refused(
        '/restores/protection-groups',
        pgBody({
          object_filters: { object_key_prefix: 'a/', storage_classes: ['GLACIER'], since: 'x' },
          protection_group_s3_asset_ids: [],
        }),
        400,
        [
          'source.protection_group_s3_asset_ids: must not be empty',
          'source.object_filters.since: unknown field',
          'source.object_filters.latest_version_only: required',
          'source.object_filters.storage_classes[0]: must be one of S3 Standard, S3 Standard-IA, S3 Intelligent-Tiering, S3 One Zone-IA (got "GLACIER")',
        ],
      );
      await refused('/restores/protection-groups', pgBody({}, { storage_class: 'S3 Standard' }), 400, [
        'target.storage_class: must be empty when restore_original_storage_class is true',
      ]);
      await refused(
        '/restores/protection-groups',
        pgBody({}, { restore_original_storage_class: null }),
        400,
        ['target.storage_class: required unless restore_original_storage_class is true'],
      );
      await refused('/restores/protection-groups', pgBody({}, { environment_id: prodEast.id }), 400, [
        `target.environment_id: bucket dr-restore-bucket is in environment ${drEast.id}, not ${prodEast.id}`,
      ]);
      await refused('/restores/protection-groups', pgBody({}, { bucket_id: 'nope' }), 400, [
        'target.bucket_id: bucket "nope" not found',
      ]);
      const group = must(d.protectionGroups[0]);
      await refused('/restores/protection-groups', pgBody({ pitr: { protection_group_id: group.id } }), 400, [
        'source: exactly one of backup_id, pitr must be set (got 2)',
      ]);
      await refused('/restores/protection-groups', pgBody({ backup_id: 'nope' }), 404, [
        'source.backup_id: protection group backup "nope" not found',
      ]);
    });

    it('accepts a single-bucket restore (22) of a PG S3-asset backup', async () => {
      const backup = must(d.backups.pgS3Assets[0]);
      const { target } = pgBody();
      const res = await accepted('/restores/protection-groups/s3-assets', {
        source: { backup_id: backup.id, object_filters: { latest_version_only: false } },
        target,
      });
      const task = await call<SimulatedTask>(sim, `/tasks/${res.task_id}`);
      expect(task.body).to.include({ type: 'protection_group_s3_asset_restore' });
      expect(task.body.primary_entity.value).to.equal(backup.bucket_name);
      await refused('/restores/protection-groups/s3-assets', { source: { backup_id: 'nope' }, target }, 404, [
        'source.backup_id: protection group S3 asset backup "nope" not found',
      ]);
    });
  });
});
