// The v2 views of the records v3 also serves: one profile, browser or account, two shapes. Only the
// fields of the v2 document are written; what v2 does not know (a profile's userId, a browser's
// agentSessionId and recording) stays on the record for v3.
import type { BrowserSessionItemView, ProfileView } from '../../contract/types-v2.generated.js';
import { isoTime } from '../../contract/serialize.js';
import type { BrowserRecord } from '../../browsers/model.js';
import { browserView } from '../../browsers/format.js';
import type { ProfileRecord } from '../../profiles/model.js';
import type { FormatContext } from '../../sessions/format.js';

export function profileViewV2(profile: ProfileRecord): ProfileView {
  return {
    id: profile.id,
    name: profile.name,
    lastUsedAt: profile.lastUsedAt === null ? null : isoTime(profile.lastUsedAt),
    createdAt: isoTime(profile.createdAt),
    updatedAt: isoTime(profile.updatedAt),
    cookieDomains: [...profile.cookieDomains],
  };
}

/**
 * BrowserSessionItemView and BrowserSessionView have the same fields in v2, so one function writes
 * both; the URLs and the cost are the ones v3 shows for the same browser at the same instant.
 */
export function browserViewV2(ctx: FormatContext, browser: BrowserRecord): BrowserSessionItemView {
  // v3's view without the two fields v2 does not have.
  const { agentSessionId: _agent, recordingUrl: _recording, ...fields } = browserView(ctx, browser);
  return fields;
}
