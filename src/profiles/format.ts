// ProfileRecord → the ProfileView clients receive.
import type { ProfileView } from '../contract/types.generated.js';
import { isoTime } from '../contract/serialize.js';
import type { ProfileRecord } from './model.js';

export function profileView(profile: ProfileRecord): ProfileView {
  return {
    id: profile.id,
    userId: profile.userId,
    name: profile.name,
    lastUsedAt: profile.lastUsedAt === null ? null : isoTime(profile.lastUsedAt),
    createdAt: isoTime(profile.createdAt),
    updatedAt: isoTime(profile.updatedAt),
    cookieDomains: [...profile.cookieDomains],
  };
}
