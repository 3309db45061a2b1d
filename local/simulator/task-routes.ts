import { BodyChecker } from './body-checker.js';
import { listRoute, type Route } from './routes.js';
import type { SimulatedTask } from './tasks.js';

const RESOURCE = 'tasks';

/** Endpoints 24, 24a and 24b (reference §9). */
export function taskRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/tasks/{task_id}',
      resource: RESOURCE,
      versions: [1],
      params: [],
      handle: (ctx) => ({ status: 200, body: ctx.state.tasks.read(ctx.params['task_id'] ?? '') }),
    },
    listRoute<SimulatedTask>({
      path: '/tasks',
      resource: RESOURCE,
      style: 'page',
      filterApplied: true,
      filters: {
        'primary_entity.value': { ops: ['$contains'], get: (t) => t.primary_entity.value },
        'primary_entity.id': { ops: ['$contains'], get: (t) => t.primary_entity.id },
        created_timestamp: { ops: ['$lte', '$gte'], kind: 'timestamp', get: (t) => t.created_timestamp },
        type: { ops: ['$in'], get: (t) => t.type },
        category: { ops: ['$in'], get: (t) => t.category },
        genre: { ops: ['$in'], get: (t) => t.genre },
        status: { ops: ['$in'], get: (t) => t.status },
        id: { ops: ['$in'], get: (t) => t.id },
      },
      items: (ctx) => ctx.state.tasks.list(),
    }),
    {
      method: 'PATCH',
      pattern: '/tasks/{task_id}',
      resource: RESOURCE,
      versions: [1],
      params: [],
      handle(ctx) {
        const c = new BodyChecker();
        c.enumeration(c.root(ctx.body, ['status']), 'status', ['aborting'], true);
        c.check();
        return { status: 200, body: ctx.state.tasks.abort(ctx.params['task_id'] ?? '') };
      },
    },
  ];
}
