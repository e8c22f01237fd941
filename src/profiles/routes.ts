// HTTP routes of the Profiles tag: thin adapters from validated input to ProfileService.
import type { FastifyInstance } from 'fastify';
import { BillingService } from '../billing/service.js';
import type { ProfileCreateRequest, ProfileUpdateRequest } from '../contract/types.generated.js';
import { registerOperation } from '../http/operation.js';
import type { SessionService } from '../sessions/service.js';
import type { EmulatorState } from '../state.js';
import { profileView } from './format.js';
import { ProfileService } from './service.js';

type ProfileParams = { profile_id: string };

export function profileRoutes(app: FastifyInstance, state: EmulatorState, sessions: SessionService): void {
  const profiles = new ProfileService(state, sessions, new BillingService(state, sessions));
  profiles.install();

  registerOperation<ProfileCreateRequest | null>(app, state, 'create_profile_profiles_post', (ctx) => ({
    status: 201,
    body: profileView(profiles.create(ctx.project, ctx.body, ctx.now)),
  }));

  registerOperation<unknown, { pageSize: number; pageNumber: number; query: string | null }>(app, state, 'list_profiles_profiles_get', (ctx) => {
    const { pageSize, pageNumber, query } = ctx.query;
    const { items, total } = profiles.list(ctx.project, query, pageNumber, pageSize, ctx.now);
    return { status: 200, body: { items: items.map(profileView), totalItems: total, pageNumber, pageSize } };
  });

  registerOperation<unknown, unknown, ProfileParams>(app, state, 'get_profile_profiles__profile_id__get', (ctx) => ({
    status: 200,
    body: profileView(profiles.find(ctx.project, ctx.params.profile_id, ctx.now)),
  }));

  registerOperation<ProfileUpdateRequest, unknown, ProfileParams>(app, state, 'update_profile_profiles__profile_id__patch', (ctx) => {
    const profile = profiles.find(ctx.project, ctx.params.profile_id, ctx.now);
    return { status: 200, body: profileView(profiles.update(profile, ctx.body, ctx.rawBody, ctx.now)) };
  });

  registerOperation<unknown, unknown, ProfileParams>(app, state, 'delete_browser_profile_profiles__profile_id__delete', (ctx) => {
    profiles.delete(ctx.project, profiles.find(ctx.project, ctx.params.profile_id, ctx.now));
    return { status: 204 };
  });
}
