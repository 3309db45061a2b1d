import { link } from './envelopes.js';
import { parseEmbed } from './query.js';
import { parentEntity, validateRestore, type RestoreKind } from './restores.js';
import type { Route } from './routes.js';

const RESTORES: readonly { path: string; resource: string; version: number; kind: RestoreKind }[] = [
  { path: '/restores/aws/ebs-volumes', resource: 'restored-aws-ebs-volumes', version: 2, kind: 'ebs' },
  { path: '/restores/aws/ec2-instances', resource: 'restored-aws-ec2-instances', version: 1, kind: 'ec2' },
  { path: '/restores/aws/rds-resources', resource: 'restored-aws-rds-resources', version: 1, kind: 'rds' },
  {
    path: '/restores/aws/dynamodb-tables',
    resource: 'restored-aws-dynamodb-tables',
    version: 1,
    kind: 'dynamodb',
  },
  {
    path: '/restores/protection-groups',
    resource: 'restored-protection-groups',
    version: 1,
    kind: 'protection-group',
  },
  {
    path: '/restores/protection-groups/s3-assets',
    resource: 'restored-protection-group-s3-assets',
    version: 1,
    kind: 'pg-s3-asset',
  },
];

/** Endpoints 17–22: validate, start a task, answer 202 with its id (reference §3.5). */
export function restoreRoutes(): Route[] {
  return RESTORES.map((def): Route => ({
    method: 'POST',
    pattern: def.path,
    resource: def.resource,
    versions: [def.version],
    params: ['embed'],
    handle(ctx) {
      const embed = parseEmbed(ctx.query.get('embed'), ['read-task']);
      const restore = validateRestore(def.kind, ctx.body, ctx.state.index);
      const task = ctx.state.tasks.create({
        type: restore.taskType,
        primary: restore.primary,
        parent: parentEntity(restore.target),
        outcomeKeys: restore.outcomeKeys,
      });
      ctx.state.restores.push({
        taskId: task.id,
        path: def.path,
        body: ctx.body,
        backupId: restore.backupId,
        assetId: restore.primary.id,
        at: task.created_timestamp,
      });
      return {
        status: 202,
        body: {
          _embedded: embed === undefined ? {} : { [embed]: task },
          _links: {
            _self: link(`${ctx.linkBase}${def.path}`, 'post'),
            'read-task': link(`${ctx.linkBase}/tasks/${task.id}`),
          },
          task_id: task.id,
        },
      };
    },
  }));
}
