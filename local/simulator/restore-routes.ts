import type { BodyChecker } from './body-checker.js';
import type { DatasetIndex } from './dataset-index.js';
import type { AwsEnvironment } from './dataset-types.js';
import { link } from './envelopes.js';
import { parseEmbed } from './query.js';
import { parseInstant } from './time.js';
import type { Route } from './routes.js';
import type { TaskEntity } from './tasks.js';

/** What an accepted restore body resolves to: enough to create and describe its task. */
export interface ValidRestore {
  readonly backupId: string | null;
  readonly taskType: string;
  readonly primary: TaskEntity;
  readonly target: AwsEnvironment;
  readonly outcomeKeys: readonly string[];
}

/**
 * A restore validator checks a body in three steps, like a server that parses, resolves, then checks:
 * shape problems (types, required, unknown keys) → 400; an unknown source backup or asset → 404; then
 * everything that needs the data (environment, AZ, ownership) → 400. Each 400 lists every problem.
 */
export type RestoreValidator = (body: unknown, index: DatasetIndex) => ValidRestore;

/** A value the shape check has already proven present. */
export function known<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('restore validation: a checked value is missing');
  return value;
}

export function environmentOf(
  c: BodyChecker,
  index: DatasetIndex,
  id: string | undefined,
  path: string,
): AwsEnvironment | undefined {
  if (id === undefined) return undefined;
  const env = index.environments.get(id);
  if (env === undefined) c.problem(`${path}: environment "${id}" not found`);
  return env;
}

export function checkAz(
  c: BodyChecker,
  env: AwsEnvironment | undefined,
  az: string | undefined,
  path: string,
): void {
  if (env === undefined || az === undefined || env.aws_az.includes(az)) return;
  c.problem(
    `${path}: availability zone "${az}" is not in environment ${env.id} (${env.account_native_id}/${env.aws_region}); valid: ${env.aws_az.join(', ')}`,
  );
}

/** A span a resource can be restored to any moment of; null bounds: there is none (PITR off, no snapshots). */
export interface RestorableWindow {
  readonly earliest: string | null;
  readonly latest: string | null;
}

/**
 * A point in time must lie in one of the source's restorable windows (bounds included); otherwise 400,
 * naming the windows, as Clumio refuses a time it cannot restore.
 */
export function checkRestorable(
  c: BodyChecker,
  path: string,
  at: string,
  what: string,
  windows: RestorableWindow | readonly RestorableWindow[],
): void {
  const ms = parseInstant(at);
  const spans = (Array.isArray(windows) ? windows : [windows]) as readonly RestorableWindow[];
  const open = spans.filter(
    (w): w is { earliest: string; latest: string } => w.earliest !== null && w.latest !== null,
  );
  if (open.length === 0) {
    c.problem(`${path}: ${what} has no restorable window (point-in-time restore is not available)`);
    return;
  }
  const inside = open.some(
    (w) =>
      ms !== undefined &&
      ms >= (parseInstant(w.earliest) ?? Infinity) &&
      ms <= (parseInstant(w.latest) ?? -Infinity),
  );
  if (!inside) {
    const list = open.map((w) => `${w.earliest} to ${w.latest}`).join(', ');
    c.problem(`${path}: ${at} is outside the restorable window of ${what} (${list})`);
  }
}

/** A restore task's parent entity: the target environment. */
function parentEntity(env: AwsEnvironment): TaskEntity {
  return { id: env.id, type: 'aws_environment', value: `${env.account_native_id}/${env.aws_region}` };
}

/** One of endpoints 17–22: validate, start a task, answer 202 with its id (reference §3.5). */
export function restoreRoute(def: {
  readonly path: string;
  readonly resource: string;
  readonly version: number;
  readonly validate: RestoreValidator;
}): Route {
  return {
    method: 'POST',
    pattern: def.path,
    resource: def.resource,
    versions: [def.version],
    params: ['embed'],
    handle(ctx) {
      const embed = parseEmbed(ctx.query.get('embed'), ['read-task']);
      const restore = def.validate(ctx.body, ctx.state.index);
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
  };
}
