import { expect } from 'chai';
import {
  startSimulator,
  type AwsEnvironment,
  type Dataset,
  type RunningSimulator,
  type Task,
} from '../../../../local/simulator/index.js';
import { FIXED_NOW, call, messages } from './helpers.js';

interface Accepted {
  _embedded: Record<string, Task>;
  _links: Record<string, { href: string; type: string }>;
  task_id: string;
}

function environment(d: Dataset, account: string, region: string): AwsEnvironment {
  const env = d.environments.find((e) => e.account_native_id === account && e.aws_region === region);
  if (env === undefined) throw new Error(`no environment ${account}/${region}`);
  return env;
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('dataset lacks an expected item');
  return value;
}

describe('simulator restores (POST 17–22)', function () {
  let sim: RunningSimulator;
  let d: Dataset;
  let prodEast: AwsEnvironment;
  let drEast: AwsEnvironment;

  before(async () => {
    sim = await startSimulator({ now: () => FIXED_NOW, rateLimitPerSecond: false });
    d = sim.dataset;
    prodEast = environment(d, '111111111111', 'us-east-1');
    drEast = environment(d, '222222222222', 'us-east-1');
  });
  after(() => sim.close());

  /** POST and expect a refusal: status, the exact messages, and no restore started. */
  async function refused(path: string, body: unknown, status: number, expected: string[]): Promise<void> {
    const before = sim.restores().length;
    const res = await call(sim, path, { json: body });
    expect(res.status, JSON.stringify(res.body)).to.equal(status);
    expect(res.headers['content-type']).to.equal('application/json');
    expect(messages(res.body)).to.deep.equal(expected);
    expect(sim.restores().length).to.equal(before);
  }

  async function accepted(path: string, body: unknown): Promise<Accepted> {
    const res = await call<Accepted>(sim, path, { json: body });
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    expect(res.body.task_id).to.match(/^\d+$/);
    return res.body;
  }

  describe('EBS volume', () => {
    function body(overrides: Record<string, unknown> = {}) {
      const backup = must(d.backups.ebs.find((b) => b.volume_type === 'gp2'));
      return {
        source: { backup_id: backup.id },
        target: {
          environment_id: drEast.id,
          aws_az: 'us-east-1b',
          type: 'gp3',
          iops: 4000,
          kms_key_native_id: null,
          tags: [{ key: 'Restored', value: 'yes' }],
          volume_initialization_rate: null,
          ...overrides,
        },
      };
    }

    it('accepts a valid body: 202, task id, read-task link, recorded', async () => {
      const res = await call<Accepted>(sim, '/restores/aws/ebs-volumes', {
        json: body(),
        accept: 'application/api.clumio.restored-aws-ebs-volumes=v2+json',
      });
      expect(res.status).to.equal(202);
      expect(res.headers['content-type']).to.equal('application/api.clumio.restored-aws-ebs-volumes=v2+json');
      const taskId = res.body.task_id;
      expect(res.body).to.deep.equal({
        _embedded: {},
        _links: {
          _self: { href: '/restores/aws/ebs-volumes', templated: false, type: 'post' },
          'read-task': { href: `/tasks/${taskId}`, templated: false, type: 'get' },
        },
        task_id: taskId,
      });
      const started = sim.restores().find((r) => r.taskId === taskId);
      expect(started).to.include({ path: '/restores/aws/ebs-volumes', backupId: body().source.backup_id });
      expect(started?.body).to.deep.equal(body());
      const task = await call<Task>(sim, `/tasks/${taskId}`);
      expect(task.body).to.include({ id: taskId, type: 'aws_ebs_volume_restore', category: 'restore' });
      expect(task.body.parent_entity).to.deep.equal({
        id: drEast.id,
        type: 'aws_environment',
        value: '222222222222/us-east-1',
      });
    });

    it('embeds the task with ?embed=read-task, and task ids increase', async () => {
      const first = await accepted('/restores/aws/ebs-volumes', body());
      const res = await call<Accepted>(sim, '/restores/aws/ebs-volumes?embed=read-task', { json: body() });
      expect(res.status).to.equal(202);
      expect(Number(res.body.task_id)).to.equal(Number(first.task_id) + 1);
      expect(res.body._embedded['read-task']).to.include({ id: res.body.task_id, status: 'queued' });
    });

    it('accepts null for every optional field', async () => {
      await accepted('/restores/aws/ebs-volumes', body({ type: null, iops: null, tags: null }));
    });

    it('refuses an unknown environment and an AZ outside the environment', async () => {
      await refused('/restores/aws/ebs-volumes', body({ environment_id: 'no-such-env' }), 400, [
        'target.environment_id: environment "no-such-env" not found',
      ]);
      await refused('/restores/aws/ebs-volumes', body({ aws_az: 'us-west-2a' }), 400, [
        `target.aws_az: availability zone "us-west-2a" is not in environment ${drEast.id} (222222222222/us-east-1); valid: us-east-1a, us-east-1b, us-east-1c`,
      ]);
    });

    it('refuses iops for a volume type without provisioned IOPS, given or inherited from the backup', async () => {
      await refused('/restores/aws/ebs-volumes', body({ type: 'gp2' }), 400, [
        'target.iops: only allowed for volume types gp3, io1 and io2 (the volume type is gp2)',
      ]);
      await refused('/restores/aws/ebs-volumes', body({ type: null }), 400, [
        'target.iops: only allowed for volume types gp3, io1 and io2 (the volume type is gp2)',
      ]);
    });

    it('answers 404 for an unknown backup', async () => {
      await refused(
        '/restores/aws/ebs-volumes',
        { ...body(), source: { backup_id: 'no-such-backup' } },
        404,
        ['source.backup_id: EBS backup "no-such-backup" not found'],
      );
    });

    it('lists every shape problem at once: unknown keys, types, required fields, enumerations', async () => {
      await refused(
        '/restores/aws/ebs-volumes',
        {
          source: { backup_id: 42 },
          target: { environment_id: drEast.id, type: 'gp9', iops: '3000', size: 10, tags: [{ value: 'x' }] },
          dry_run: true,
        },
        400,
        [
          'dry_run: unknown field',
          'source.backup_id: expected a string',
          'target.size: unknown field',
          'target.aws_az: required',
          'target.type: must be one of gp2, gp3, io1, io2, sc1, st1, standard (got "gp9")',
          'target.iops: expected an integer',
          'target.tags[0].key: required',
        ],
      );
      await refused('/restores/aws/ebs-volumes', [], 400, ['body: expected a JSON object']);
    });

    it('refuses a body that is not JSON', async () => {
      const res = await fetch(`${sim.url}/restores/aws/ebs-volumes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
        body: '{"source":',
      });
      expect(res.status).to.equal(400);
      expect(messages(await res.json())).to.deep.equal(['request body is not valid JSON']);
    });
  });

  describe('EC2 instance', () => {
    function instanceBody(targetEnv: AwsEnvironment, overrides: Record<string, unknown> = {}) {
      const instance = must(d.instances.find((i) => i.name === 'prod-use1-web-01'));
      const backup = must(d.backups.ec2.find((b) => b.instance_id === instance.id));
      const net = must(d.networks.find((n) => n.environment_id === targetEnv.id));
      const sameEnv = targetEnv.id === instance.environment_id;
      return {
        backup,
        body: {
          source: { backup_id: backup.id },
          target: {
            instance_restore_target: {
              environment_id: targetEnv.id,
              ami_native_id: sameEnv ? backup.ami.ami_native_id : net.ami_native_id,
              aws_az: sameEnv ? backup.aws_az : targetEnv.aws_az[0],
              vpc_native_id: net.vpc_native_id,
              subnet_native_id: must(net.subnets[0]).subnet_native_id,
              ebs_block_device_mappings: backup.attached_backup_ebs_volumes.map((v) => ({
                volume_native_id: v.volume_native_id,
                name: v.name,
                kms_key_native_id: null,
                tags: v.tags,
              })),
              network_interfaces: backup.network_interfaces.map((n) => ({
                device_index: n.device_index,
                network_interface_native_id: null,
                subnet_native_id: n.subnet_native_id,
                security_group_native_ids: n.security_group_native_ids,
                restore_default: !sameEnv,
                restore_from_backup: sameEnv,
              })),
              key_pair_name: null,
              iam_instance_profile_name: null,
              should_power_on: true,
              tags: backup.tags,
              ...overrides,
            },
            ami_restore_target: null,
            volumes_restore_target: null,
          },
        },
      };
    }

    it('accepts instance targets in the source environment (ENIs from backup) and elsewhere (default ENIs)', async () => {
      expect(instanceBody(prodEast).backup.network_interfaces).to.have.length(2);
      expect(instanceBody(prodEast).backup.attached_backup_ebs_volumes).to.have.length(2);
      const same = await accepted('/restores/aws/ec2-instances', instanceBody(prodEast).body);
      const task = await call<Task>(sim, `/tasks/${same.task_id}`);
      expect(task.body.type).to.equal('aws_ec2_instance_restore');
      expect(task.body.primary_entity.value).to.match(/^i-[0-9a-f]{17}$/);
      await accepted('/restores/aws/ec2-instances', instanceBody(drEast).body);
    });

    it('accepts AMI and volumes targets with basic validation', async () => {
      const { backup } = instanceBody(prodEast);
      const mappings = backup.attached_backup_ebs_volumes.map((v) => ({
        volume_native_id: v.volume_native_id,
        name: v.name,
      }));
      await accepted('/restores/aws/ec2-instances', {
        source: { backup_id: backup.id },
        target: {
          ami_restore_target: {
            environment_id: drEast.id,
            name: 'restored-ami',
            ebs_block_device_mappings: mappings,
          },
        },
      });
      await accepted('/restores/aws/ec2-instances', {
        source: { backup_id: backup.id },
        target: {
          volumes_restore_target: {
            environment_id: drEast.id,
            aws_az: 'us-east-1c',
            ebs_block_device_mappings: [{ volume_native_id: mappings[1]?.volume_native_id }],
          },
        },
      });
      await refused(
        '/restores/aws/ec2-instances',
        {
          source: { backup_id: backup.id },
          target: {
            volumes_restore_target: {
              environment_id: drEast.id,
              target_instance_native_id: 'i-0123',
              ebs_block_device_mappings: [{ volume_native_id: mappings[1]?.volume_native_id }],
            },
          },
        },
        400,
        ['target.volumes_restore_target.ebs_block_device_mappings[0].name: required'],
      );
    });

    it('refuses two target variants and missing required instance fields', async () => {
      const { body } = instanceBody(prodEast);
      await refused(
        '/restores/aws/ec2-instances',
        { ...body, target: { ...body.target, ami_restore_target: { environment_id: drEast.id } } },
        400,
        [
          'target: exactly one of instance_restore_target, ami_restore_target, volumes_restore_target must be set (got 2)',
        ],
      );
      await refused(
        '/restores/aws/ec2-instances',
        instanceBody(prodEast, {
          vpc_native_id: null,
          ami_native_id: '',
          ebs_block_device_mappings: [],
          network_interfaces: null,
        }).body,
        400,
        [
          'target.instance_restore_target.ami_native_id: must not be empty',
          'target.instance_restore_target.vpc_native_id: required',
          'target.instance_restore_target.ebs_block_device_mappings: must not be empty',
          'target.instance_restore_target.network_interfaces: required',
        ],
      );
    });

    it('checks device mappings and network interfaces against the backup and the target', async () => {
      const { body, backup } = instanceBody(drEast);
      const target = body.target.instance_restore_target;
      await refused(
        '/restores/aws/ec2-instances',
        instanceBody(drEast, {
          ebs_block_device_mappings: [
            { volume_native_id: 'vol-00000000000000000', name: '/dev/xvda' },
            { volume_native_id: target.ebs_block_device_mappings[0]?.volume_native_id },
          ],
          network_interfaces: [
            { device_index: 0, restore_default: true, restore_from_backup: true },
            { device_index: 0, restore_default: false },
          ],
        }).body,
        400,
        [
          'target.instance_restore_target.ebs_block_device_mappings[1].name: required',
          'target.instance_restore_target.network_interfaces[0]: exactly one of restore_default and restore_from_backup must be true',
          'target.instance_restore_target.network_interfaces[1].device_index: 0 is used twice',
          'target.instance_restore_target.network_interfaces[1]: exactly one of restore_default and restore_from_backup must be true',
        ],
      );
      await refused(
        '/restores/aws/ec2-instances',
        instanceBody(drEast, {
          aws_az: 'eu-west-1a',
          ebs_block_device_mappings: [{ volume_native_id: 'vol-00000000000000000', name: '/dev/xvda' }],
          network_interfaces: [{ device_index: 0, restore_default: false, restore_from_backup: true }],
        }).body,
        400,
        [
          `target.instance_restore_target.aws_az: availability zone "eu-west-1a" is not in environment ${drEast.id} (222222222222/us-east-1); valid: us-east-1a, us-east-1b, us-east-1c`,
          `target.instance_restore_target.ebs_block_device_mappings[0].volume_native_id: volume "vol-00000000000000000" is not in backup ${backup.id}`,
          "target.instance_restore_target.network_interfaces[0].restore_from_backup: only possible in the backup's own account and region (111111111111/us-east-1)",
        ],
      );
      await refused('/restores/aws/ec2-instances', { ...body, source: { backup_id: 'nope' } }, 404, [
        'source.backup_id: EC2 backup "nope" not found',
      ]);
    });
  });

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
      const task = await call<Task>(sim, `/tasks/${res.task_id}`);
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

  describe('DynamoDB table', () => {
    function body(target: Record<string, unknown> = {}, source?: Record<string, unknown>) {
      const backup = must(d.backups.dynamodb[0]);
      return {
        source: source ?? { securevault_backup: { backup_id: backup.id } },
        target: {
          environment_id: drEast.id,
          table_name: `${backup.table_name}-restored`,
          tags: null,
          sse_specification: null,
          billing_mode: null,
          provisioned_throughput: null,
          ...target,
        },
      };
    }

    it('accepts a vault backup and a continuous backup source', async () => {
      const res = await accepted(
        '/restores/aws/dynamodb-tables',
        body({ sse_specification: { kms_key_type: 'CUSTOMER_MANAGED', kms_master_key_id: 'alias/restore' } }),
      );
      const task = await call<Task>(sim, `/tasks/${res.task_id}`);
      expect(task.body.type).to.equal('aws_dynamodb_table_restore');
      const table = must(d.dynamodbTables[0]);
      await accepted(
        '/restores/aws/dynamodb-tables',
        body({}, { continuous_backup: { table_id: table.id, use_latest_restorable_time: true } }),
      );
    });

    it('refuses bad table names, a CUSTOMER_MANAGED key without id and an ambiguous point in time', async () => {
      for (const name of ['ab', 'bad name!']) {
        await refused('/restores/aws/dynamodb-tables', body({ table_name: name }), 400, [
          `target.table_name: "${name}" is not a valid DynamoDB table name (3-255 of a-z, A-Z, 0-9, _ . -)`,
        ]);
      }
      await refused(
        '/restores/aws/dynamodb-tables',
        body({ sse_specification: { kms_key_type: 'CUSTOMER_MANAGED', kms_master_key_id: null } }),
        400,
        ['target.sse_specification.kms_master_key_id: required when kms_key_type is CUSTOMER_MANAGED'],
      );
      const table = must(d.dynamodbTables[0]);
      await refused(
        '/restores/aws/dynamodb-tables',
        body(
          {},
          {
            continuous_backup: {
              table_id: table.id,
              timestamp: '2024-06-10T00:00:00Z',
              use_latest_restorable_time: true,
            },
          },
        ),
        400,
        [
          'source.continuous_backup: exactly one of timestamp and use_latest_restorable_time (true) must be set',
        ],
      );
      await refused('/restores/aws/dynamodb-tables', body({ table_name: null }), 400, [
        'target.table_name: required',
      ]);
      await refused(
        '/restores/aws/dynamodb-tables',
        body({}, { securevault_backup: { backup_id: 'nope' } }),
        404,
        ['source.securevault_backup.backup_id: DynamoDB backup "nope" not found'],
      );
    });
  });

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
      const task = await call<Task>(sim, `/tasks/${res.task_id}`);
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
      const task = await call<Task>(sim, `/tasks/${res.task_id}`);
      expect(task.body).to.include({ type: 'protection_group_s3_asset_restore' });
      expect(task.body.primary_entity.value).to.equal(backup.bucket_name);
      await refused('/restores/protection-groups/s3-assets', { source: { backup_id: 'nope' }, target }, 404, [
        'source.backup_id: protection group S3 asset backup "nope" not found',
      ]);
    });
  });
});
