// HTTP routes of the v2 Tasks tag: thin adapters from validated input to V2TaskService.
import type { FastifyInstance } from 'fastify';
import type { CreateTaskRequest, UpdateTaskRequest } from '../../contract/types-v2.generated.js';
import { registerOperation } from '../../http/operation.js';
import type { Emulator } from '../../emulator.js';
import { logUrlOf } from '../files/service.js';
import type { TaskListQuery } from './service.js';
import { taskItemView, taskStatusView, taskView } from './format.js';

type TaskParams = { task_id: string };

export function v2TaskRoutes(app: FastifyInstance, state: Emulator): void {
  const tasks = state.v2Tasks;
  registerOperation<CreateTaskRequest>(
    app,
    state,
    'create_task_tasks_post',
    (ctx) => {
      const change = tasks.create(ctx.project, ctx.body, ctx.now, ctx.request.dispatchOptions);
      const { session, task } = change.record;
      return { status: 202, body: { id: task.v2?.id ?? '', sessionId: session.id }, commit: change.commit };
    },
    'v2',
  );

  registerOperation<unknown, TaskListQuery>(
    app,
    state,
    'list_tasks_tasks_get',
    (ctx) => {
      const { items, total } = tasks.list(ctx.project, ctx.query, ctx.now);
      return {
        status: 200,
        body: { items: items.map((f) => taskItemView(ctx, f.session, f.task)), totalItems: total, pageNumber: ctx.query.pageNumber, pageSize: ctx.query.pageSize },
      };
    },
    'v2',
  );

  registerOperation<unknown, unknown, TaskParams>(
    app,
    state,
    'get_task_tasks__task_id__get',
    (ctx) => {
      const { session, task } = tasks.find(ctx.project, ctx.params.task_id, ctx.now);
      return { status: 200, body: taskView(ctx, session, task) };
    },
    'v2',
  );

  registerOperation<UpdateTaskRequest, unknown, TaskParams>(
    app,
    state,
    'update_task_tasks__task_id__patch',
    (ctx) => {
      const found = tasks.find(ctx.project, ctx.params.task_id, ctx.now);
      tasks.stop(ctx.project, found, ctx.body.action, ctx.now);
      return { status: 200, body: taskView(ctx, found.session, found.task) };
    },
    'v2',
  );

  registerOperation<unknown, unknown, TaskParams>(
    app,
    state,
    'get_task_status_tasks__task_id__status_get',
    (ctx) => {
      const { session, task } = tasks.find(ctx.project, ctx.params.task_id, ctx.now);
      return { status: 200, body: taskStatusView(ctx, session, task) };
    },
    'v2',
  );

  registerOperation<unknown, unknown, TaskParams>(
    app,
    state,
    'get_task_logs_tasks__task_id__logs_get',
    (ctx) => {
      const { task } = tasks.find(ctx.project, ctx.params.task_id, ctx.now);
      return { status: 200, body: { downloadUrl: logUrlOf(ctx, task) } };
    },
    'v2',
  );
}
