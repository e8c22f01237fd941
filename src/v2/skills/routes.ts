// HTTP routes of the v2 Skills tag: thin adapters from validated input to SkillService, and the presigned
// address where a run's output is downloaded.
import type { FastifyInstance } from 'fastify';
import type { CreateSkillRequest, ExecuteSkillRequest, RefineSkillRequest, SkillCategory, UpdateSkillRequest } from '../../contract/types-v2.generated.js';
import type { Emulator } from '../../emulator.js';
import { sendS3Error } from '../../http/presign.js';
import { registerOperation } from '../../http/operation.js';
import { checkSigned } from '../../web/presigned.js';
import { instantOf } from '../dates.js';
import { skillNotFound } from './errors.js';
import { executionView, skillView } from './format.js';

type SkillParams = { skill_id: string };
type ExecutionParams = { skill_id: string; execution_id: string };
type SkillListQuery = {
  pageSize: number;
  pageNumber: number;
  isPublic?: boolean | null;
  isEnabled?: boolean | null;
  category?: SkillCategory | null;
  query?: string | null;
  fromDate?: string | null;
  toDate?: string | null;
};

/** A presigned output address works for five minutes, as the reference describes. */
export const OUTPUT_URL_TTL_S = 300;
const outputPath = (skillId: string, executionId: string): string => `/_mock/skill-outputs/${skillId}/${executionId}.json`;

export function skillRoutes(app: FastifyInstance, state: Emulator): void {
  const { skills } = state;

  registerOperation<CreateSkillRequest>(
    app,
    state,
    'create_skill_skills_post',
    (ctx) => {
      const change = skills.create(ctx.project, ctx.body, ctx.now, ctx.request.dispatchOptions?.scenario);
      return { status: 202, body: { id: change.record.id }, commit: change.commit };
    },
    'v2',
  );

  registerOperation<unknown, SkillListQuery>(
    app,
    state,
    'list_skills_skills_get',
    (ctx) => {
      const q = ctx.query;
      const filters = {
        isPublic: q.isPublic ?? null,
        isEnabled: q.isEnabled ?? null,
        category: q.category ?? null,
        query: q.query ?? null,
        from: instantOf(q.fromDate),
        to: instantOf(q.toDate),
      };
      const { items, total } = skills.list(ctx.project, filters, q.pageNumber, q.pageSize);
      return { status: 200, body: { items: items.map((s) => skillView(s, ctx.now)), totalItems: total, pageNumber: q.pageNumber, pageSize: q.pageSize } };
    },
    'v2',
  );

  registerOperation<unknown, unknown, SkillParams>(
    app,
    state,
    'get_skill_skills__skill_id__get',
    (ctx) => ({ status: 200, body: skillView(skills.find(ctx.project, ctx.params.skill_id), ctx.now) }),
    'v2',
  );

  registerOperation<unknown, unknown, SkillParams>(
    app,
    state,
    'delete_skill_skills__skill_id__delete',
    (ctx) => {
      const change = skills.delete(ctx.project, skills.find(ctx.project, ctx.params.skill_id), ctx.now);
      return { status: 204, commit: change.commit };
    },
    'v2',
  );

  registerOperation<UpdateSkillRequest, unknown, SkillParams>(
    app,
    state,
    'update_skill_skills__skill_id__patch',
    (ctx) => {
      const change = skills.update(ctx.project, skills.find(ctx.project, ctx.params.skill_id), ctx.body, ctx.now);
      return { status: 200, body: skillView(change.record, ctx.now), commit: change.commit };
    },
    'v2',
  );

  registerOperation<unknown, unknown, SkillParams>(
    app,
    state,
    'cancel_generation_skills__skill_id__cancel_post',
    (ctx) => {
      const change = skills.cancel(ctx.project, skills.find(ctx.project, ctx.params.skill_id), ctx.now);
      return { status: 200, body: skillView(change.record, ctx.now), commit: change.commit };
    },
    'v2',
  );

  registerOperation<unknown, unknown, SkillParams>(
    app,
    state,
    'rollback_skill_skills__skill_id__rollback_post',
    (ctx) => {
      const change = skills.rollback(ctx.project, skills.find(ctx.project, ctx.params.skill_id), ctx.now);
      return { status: 200, body: skillView(change.record, ctx.now), commit: change.commit };
    },
    'v2',
  );

  registerOperation<RefineSkillRequest, unknown, SkillParams>(
    app,
    state,
    'refine_skill_skills__skill_id__refine_post',
    (ctx) => {
      const change = skills.refine(ctx.project, skills.find(ctx.project, ctx.params.skill_id), ctx.body, ctx.now, ctx.request.dispatchOptions?.scenario);
      return { status: 202, body: { id: change.record.id }, commit: change.commit };
    },
    'v2',
  );

  registerOperation<ExecuteSkillRequest | null, unknown, SkillParams>(
    app,
    state,
    'execute_skill_skills__skill_id__execute_post',
    (ctx) => {
      const skill = skills.find(ctx.project, ctx.params.skill_id);
      const change = skills.execute(ctx.project, skill, ctx.body?.parameters ?? {}, ctx.now, ctx.request.dispatchOptions?.scenario);
      return { status: 200, body: change.record.response, commit: change.commit };
    },
    'v2',
  );

  registerOperation<unknown, { pageSize: number; pageNumber: number }, SkillParams>(
    app,
    state,
    'list_skill_executions_skills__skill_id__executions_get',
    (ctx) => {
      const { pageSize, pageNumber } = ctx.query;
      const { items, total } = skills.executions(skills.find(ctx.project, ctx.params.skill_id), pageNumber, pageSize);
      return { status: 200, body: { items: items.map(executionView), totalItems: total, pageNumber, pageSize } };
    },
    'v2',
  );

  registerOperation<unknown, unknown, ExecutionParams>(
    app,
    state,
    'get_skill_execution_output_skills__skill_id__executions__execution_id__output_get',
    (ctx) => {
      const skill = skills.find(ctx.project, ctx.params.skill_id);
      const execution = skills.findExecution(skill, ctx.params.execution_id);
      if (!execution.success) throw skillNotFound('Execution has no output');
      return { status: 200, body: { downloadUrl: state.presigner.sign(ctx.baseUrl, outputPath(skill.id, execution.id), 'GET', ctx.now, OUTPUT_URL_TTL_S) } };
    },
    'v2',
  );

  // The output behind a presigned address: the run's result as JSON, made again on every download.
  app.get<{ Params: { skillId: string; file: string } }>('/_mock/skill-outputs/:skillId/:file', async (request, reply) => {
    if (!checkSigned(state, request, reply)) return reply;
    const executionId = request.params.file.replace(/\.json$/, '');
    const found = skills.findExecutionAnywhere(state.projects.values(), request.params.skillId, executionId);
    if (!found?.success) return sendS3Error(request, reply, 404, 'NoSuchKey', 'The specified key does not exist.');
    return reply.header('cache-control', 'no-store').type('application/json').send(JSON.stringify(skills.resultOf(found)));
  });
}
