// HTTP routes of the Profiles tag: thin adapters from validated input to ProfileService.
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.js';
import type { ProfileCreateRequest, ProfileUpdateRequest } from '../contract/types.generated.js';
import { registerOperation } from '../http/operation.js';
import { profileView } from './format.js';

type ProfileParams = { profile_id: string };

export function profileRoutes(app: FastifyInstance, state: Emulator): void {
  const { profiles } = state;

  registerOperation<ProfileCreateRequest | null>(app, state, 'create_profile_profiles_post', (ctx) => {
    const change = profiles.create(ctx.project, ctx.body, ctx.now);
    return { status: 201, body: profileView(change.record), commit: change.commit };
  });

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
