// HTTP routes of the v2 Marketplace tag: thin adapters from validated input to MarketplaceService.
// Listing and reading need no API key; cloning and running do.
import type { FastifyInstance } from 'fastify';
import type { ExecuteSkillRequest, SkillCategory } from '../../contract/types-v2.generated.js';
import type { Emulator } from '../../emulator.js';
import { registerOperation } from '../../http/operation.js';
import { instantOf } from '../dates.js';
import { skillView } from '../skills/format.js';
import { marketplaceView } from './format.js';

type MarketplaceListQuery = {
  pageSize: number;
  pageNumber: number;
  query?: string | null;
  category?: SkillCategory | null;
  fromDate?: string | null;
  toDate?: string | null;
};

export function marketplaceRoutes(app: FastifyInstance, state: Emulator): void {
  const { marketplace } = state;

  registerOperation<unknown, MarketplaceListQuery>(
    app,
    state,
    'list_skills_marketplace_skills_get',
    (ctx) => {
      const q = ctx.query;
      const filters = { query: q.query ?? null, category: q.category ?? null, from: instantOf(q.fromDate), to: instantOf(q.toDate) };
      const { items, total } = marketplace.list(filters, q.pageNumber, q.pageSize);
      const body = { items: items.map((s) => marketplaceView(s, marketplace.cloneCountFor(ctx.project, s))), totalItems: total, pageNumber: q.pageNumber, pageSize: q.pageSize };
      return { status: 200, body };
    },
    'v2',
  );

  registerOperation<unknown, unknown, { skill_slug: string }>(
    app,
    state,
    'get_skill_marketplace_skills__skill_slug__get',
    (ctx) => {
      const skill = marketplace.findBySlug(ctx.params.skill_slug);
      return { status: 200, body: marketplaceView(skill, marketplace.cloneCountFor(ctx.project, skill)) };
    },
    'v2',
  );

  registerOperation<unknown, unknown, { skill_id: string }>(
    app,
    state,
    'clone_skill_marketplace_skills__skill_id__clone_post',
    (ctx) => {
      const change = marketplace.clone(ctx.project, ctx.params.skill_id, ctx.now);
      return { status: 200, body: skillView(change.record, ctx.now), commit: change.commit };
    },
    'v2',
  );

  registerOperation<ExecuteSkillRequest | null, unknown, { skill_id: string }>(
    app,
    state,
    'execute_skill_marketplace_skills__skill_id__execute_post',
    (ctx) => {
      const change = marketplace.execute(ctx.project, ctx.params.skill_id, ctx.body?.parameters ?? {}, ctx.now, ctx.request.dispatchOptions?.scenario);
      return { status: 200, body: change.record.response, commit: change.commit };
    },
    'v2',
  );
}
