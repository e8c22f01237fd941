// v2 routes of the account: profiles, standalone browsers and the billing account. They are thin
// adapters onto the services v3 uses (the same records, the same ledger, the same limits); only the
// views and the words of some refusals are v2's. Choices are listed in docs/behavior.md ("v2 account").
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../../emulator.js';
import type { CreateBrowserSessionRequest, ProfileCreateRequest, ProfileUpdateRequest, UpdateBrowserSessionRequest } from '../../contract/types-v2.generated.js';
import type { BrowserStatus } from '../../browsers/model.js';
import { registerOperation } from '../../http/operation.js';
import { browserViewV2, profileViewV2 } from './views.js';
import { inV2Words } from './credit.js';

type ProfileParams = { profile_id: string };
type BrowserParams = { session_id: string };
type Paging = { pageSize: number; pageNumber: number };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function v2AccountRoutes(app: FastifyInstance, state: Emulator): void {
  const { profiles, browsers, billing } = state;

  // ---- profiles: v2 knows only `name`; a `userId` sent here is an unknown field and is ignored ----

  registerOperation<ProfileCreateRequest | null>(
    app,
    state,
    'create_profile_profiles_post',
    (ctx) => {
      const change = inV2Words(() => profiles.create(ctx.project, { name: ctx.body?.name ?? null }, ctx.now));
      return { status: 201, body: profileViewV2(change.record), commit: change.commit };
    },
    'v2',
  );

  // No `query` parameter in v2: every profile of the key is listed.
  registerOperation<unknown, Paging>(
    app,
    state,
    'list_profiles_profiles_get',
    (ctx) => {
      const { pageSize, pageNumber } = ctx.query;
      const { items, total } = profiles.list(ctx.project, null, pageNumber, pageSize, ctx.now);
      return { status: 200, body: { items: items.map(profileViewV2), totalItems: total, pageNumber, pageSize } };
    },
    'v2',
  );

  registerOperation<unknown, unknown, ProfileParams>(
    app,
    state,
    'get_profile_profiles__profile_id__get',
    (ctx) => ({ status: 200, body: profileViewV2(profiles.find(ctx.project, ctx.params.profile_id, ctx.now)) }),
    'v2',
  );

  registerOperation<ProfileUpdateRequest, unknown, ProfileParams>(
    app,
    state,
    'update_profile_profiles__profile_id__patch',
    (ctx) => {
      const profile = profiles.find(ctx.project, ctx.params.profile_id, ctx.now);
      // Only `name` counts as given: the shared service would also apply a v3 `userId`.
      const given = isObject(ctx.rawBody) && 'name' in ctx.rawBody ? { name: ctx.body.name ?? null } : {};
      return { status: 200, body: profileViewV2(profiles.update(profile, given, given, ctx.now)) };
    },
    'v2',
  );

  registerOperation<unknown, unknown, ProfileParams>(
    app,
    state,
    'delete_browser_profile_profiles__profile_id__delete',
    (ctx) => {
      profiles.delete(ctx.project, profiles.find(ctx.project, ctx.params.profile_id, ctx.now));
      return { status: 204 };
    },
    'v2',
  );

  // ---- standalone browsers ----

  registerOperation<CreateBrowserSessionRequest>(
    app,
    state,
    'create_browser_session_browsers_post',
    (ctx) => {
      const body = ctx.body;
      const change = inV2Words(() =>
        browsers.create(
          ctx.project,
          {
            profileId: body.profileId ?? null,
            // Absent means the default proxy (us), null means none: the same rule as v3.
            ...(body.proxyCountryCode === undefined ? {} : { proxyCountryCode: body.proxyCountryCode }),
            timeout: body.timeout ?? undefined,
            browserScreenWidth: body.browserScreenWidth ?? null,
            browserScreenHeight: body.browserScreenHeight ?? null,
            allowResizing: body.allowResizing ?? false,
            customProxy: body.customProxy ?? null,
            // v2 has no recording option.
            enableRecording: false,
          },
          ctx.now,
        ),
      );
      return { status: 201, body: browserViewV2(ctx, change.record), commit: change.commit };
    },
    'v2',
  );

  registerOperation<unknown, Paging & { filterBy: BrowserStatus | null }>(
    app,
    state,
    'list_browser_sessions_browsers_get',
    (ctx) => {
      const { pageSize, pageNumber, filterBy } = ctx.query;
      const { items, total } = browsers.list(ctx.project, filterBy, pageNumber, pageSize, ctx.now);
      return { status: 200, body: { items: items.map((b) => browserViewV2(ctx, b)), totalItems: total, pageNumber, pageSize } };
    },
    'v2',
  );

  registerOperation<unknown, unknown, BrowserParams>(
    app,
    state,
    'get_browser_session_browsers__session_id__get',
    (ctx) => ({ status: 200, body: browserViewV2(ctx, browsers.find(ctx.project, ctx.params.session_id)) }),
    'v2',
  );

  registerOperation<UpdateBrowserSessionRequest, unknown, BrowserParams>(
    app,
    state,
    'update_browser_session_browsers__session_id__patch',
    (ctx) => {
      const browser = browsers.find(ctx.project, ctx.params.session_id);
      // `stop` is the only action the contract defines.
      return { status: 200, body: browserViewV2(ctx, browsers.stop(ctx.project, browser, ctx.now)) };
    },
    'v2',
  );

  // ---- billing: the v2 AccountView has the fields of v3's, from the same ledger ----

  registerOperation(app, state, 'get_account_billing_billing_account_get', (ctx) => ({ status: 200, body: billing.account(ctx.project, ctx.now) }), 'v2');
}
