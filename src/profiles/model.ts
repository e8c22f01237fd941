// What the emulator stores about a browser profile.

export interface ProfileRecord {
  id: string;
  name: string | null;
  userId: string | null;
  createdAt: number;
  /** Last change of the name, the user id or the saved browser state. */
  updatedAt: number;
  /** When a session or browser last loaded the profile. */
  lastUsedAt: number | null;
  /** Sites the profile holds cookies for, sorted, without a leading `www.`. */
  cookieDomains: string[];
}
