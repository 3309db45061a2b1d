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
      const task = await call<SimulatedTask>(sim, `/tasks/${same.task_id}`);
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
          // Each form given is checked too, so every problem shows at once.
          'target.ami_restore_target.name: required',
          'target.ami_restore_target.ebs_block_device_mappings: required',
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
});
