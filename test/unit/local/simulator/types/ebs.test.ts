import { expect } from 'chai';
import {
  type AwsEnvironment,
  type Dataset,
  type RunningSimulator,
  type SimulatedTask,
} from '../../../../../local/simulator/index.js';
import { call, messages } from '../helpers.js';
import { type Accepted, acceptedBy, must, refusedBy, startRestoreSimulator } from './restore-helpers.js';

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
      const task = await call<SimulatedTask>(sim, `/tasks/${taskId}`);
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
});
