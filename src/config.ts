// Runtime configuration, read from the environment (CLI flags map onto the same names).

export type ClockMode = 'real' | 'manual';

export interface Config {
  port: number;
  host: string;
  /** Simulated time runs this many times faster than wall time. */
  speed: number;
  /** Same seed + same requests = same ids, texts, tokens and costs. Undefined: a fresh random seed. */
  seed: string | undefined;
  clock: ClockMode;
  /** Simulated epoch of a manual clock (ms since 1970). */
  clockStart: number;
  logLevel: string;
  /** Reject unknown request fields with extra_forbidden (off: ignored, as the cloud does). */
  strict: boolean;
  /** Largest accepted JSON request body, in bytes. */
  bodyLimit: number;
  /** Keys allowed to call the API; empty means any non-empty key is accepted. */
  apiKeys: string[];
  /** Public base URL used in liveUrl and presigned URLs; undefined: derived from the request's Host. */
  publicUrl: string | undefined;
  /** Starting balance of every new project, in USD. */
  initialBalanceUsd: string;
  /** Concurrently active sessions + browsers allowed per key before 429. */
  concurrencyLimit: number;
  /** Stored sessions per key; the oldest finished ones are evicted past it. */
  maxSessionsPerKey: number;
  /** Stored sessions of all keys together; the oldest finished ones are evicted past it. */
  maxStoredSessions: number;
  /** Stored standalone browsers per key; the oldest stopped ones are evicted past it. */
  maxBrowsersPerKey: number;
  /** Stored standalone browsers of all keys together; the oldest stopped ones are evicted past it. */
  maxStoredBrowsers: number;
  /** Profiles of all keys together before POST /profiles answers 402. */
  maxStoredProfiles: number;
  /** Workspaces of all keys together; past it a new one is refused (they hold files: none is evicted). */
  maxStoredWorkspaces: number;
  /** Distinct API keys (projects) kept in memory. */
  maxProjects: number;
  /** Directory of the user's scenario fixtures, if any. */
  fixturesDir: string | undefined;
  /** Whether the user's fixtures replace the built-in scenarios instead of adding to them. */
  fixturesReplace: boolean;
  /** Profiles one key may hold before POST /profiles answers 402. */
  profileLimit: number;
  /** Largest file a workspace accepts, in bytes (upload URL requests and PUTs). */
  maxFileBytes: number;
  /** Workspace storage one key may use across all its workspaces, in bytes. */
  maxStorageBytes: number;
  /** Workspace storage of all keys together, in bytes: bounds the emulator's memory. */
  maxTotalStorageBytes: number;
  /** Workspaces one key may hold before POST /workspaces answers 400. */
  maxWorkspacesPerKey: number;
  /** Requests the journal (GET /_mock/journal) keeps; the oldest are dropped past it. */
  journalSize: number;
  /** Browser origins allowed to call the emulator: undefined (local origins), '*', 'off' or a comma list. */
  corsOrigins: string | undefined;
}

export const MANUAL_CLOCK_EPOCH = Date.UTC(2026, 0, 1, 0, 0, 0);

type Env = Record<string, string | undefined>;

function num(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) {
    throw new Error(`${name} must be a number >= ${min}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function bool(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').toLowerCase();
  return raw === '1' || raw === 'true' || raw === 'yes' || raw === 'on';
}

export function configFromEnv(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const clock = (env.BU_MOCK_CLOCK ?? 'real').toLowerCase();
  if (clock !== 'real' && clock !== 'manual') {
    throw new Error(`BU_MOCK_CLOCK must be "real" or "manual", got ${JSON.stringify(env.BU_MOCK_CLOCK)}`);
  }
  const clockStartRaw = env.BU_MOCK_CLOCK_START;
  const clockStart = clockStartRaw ? Date.parse(clockStartRaw) : MANUAL_CLOCK_EPOCH;
  if (Number.isNaN(clockStart)) throw new Error(`BU_MOCK_CLOCK_START must be an ISO date, got ${clockStartRaw}`);
  const balance = env.BU_MOCK_BALANCE_USD ?? '100';
  if (!/^\d+(\.\d{1,6})?$/.test(balance)) throw new Error(`BU_MOCK_BALANCE_USD must be a decimal amount, got ${balance}`);
  const base: Config = {
    port: num(env, 'PORT', 4010, 0),
    host: env.HOST ?? '127.0.0.1',
    speed: num(env, 'BU_MOCK_SPEED', 1, Number.MIN_VALUE),
    seed: env.BU_MOCK_SEED || undefined,
    clock,
    clockStart,
    logLevel: env.LOG_LEVEL ?? 'info',
    strict: bool(env, 'BU_MOCK_STRICT'),
    bodyLimit: num(env, 'BU_MOCK_BODY_LIMIT', 1024 * 1024, 1024),
    apiKeys: (env.BU_MOCK_API_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    publicUrl: env.BU_MOCK_PUBLIC_URL?.replace(/\/+$/, '') || undefined,
    initialBalanceUsd: balance,
    concurrencyLimit: num(env, 'BU_MOCK_CONCURRENCY_LIMIT', 100, 1),
    maxSessionsPerKey: num(env, 'BU_MOCK_MAX_SESSIONS_PER_KEY', 10_000, 1),
    maxStoredSessions: num(env, 'BU_MOCK_MAX_STORED_SESSIONS', 10_000, 1),
    maxBrowsersPerKey: num(env, 'BU_MOCK_MAX_BROWSERS_PER_KEY', 1_000, 1),
    maxStoredBrowsers: num(env, 'BU_MOCK_MAX_STORED_BROWSERS', 10_000, 1),
    maxStoredProfiles: num(env, 'BU_MOCK_MAX_STORED_PROFILES', 10_000, 0),
    maxStoredWorkspaces: num(env, 'BU_MOCK_MAX_STORED_WORKSPACES', 10_000, 0),
    maxProjects: num(env, 'BU_MOCK_MAX_PROJECTS', 10_000, 1),
    fixturesDir: env.BU_MOCK_FIXTURES || undefined,
    fixturesReplace: bool(env, 'BU_MOCK_FIXTURES_REPLACE'),
    profileLimit: num(env, 'BU_MOCK_PROFILE_LIMIT', 1000, 0),
    maxFileBytes: num(env, 'BU_MOCK_MAX_FILE_BYTES', 25 * 1024 * 1024, 1),
    maxStorageBytes: num(env, 'BU_MOCK_MAX_STORAGE_BYTES', 32 * 1024 * 1024, 1),
    maxTotalStorageBytes: num(env, 'BU_MOCK_MAX_TOTAL_STORAGE_BYTES', 32 * 1024 * 1024, 1),
    maxWorkspacesPerKey: num(env, 'BU_MOCK_MAX_WORKSPACES_PER_KEY', 1000, 0),
    journalSize: num(env, 'BU_MOCK_JOURNAL_SIZE', 1000, 1),
    corsOrigins: env.BU_MOCK_CORS_ORIGINS?.trim() || undefined,
  };
  return { ...base, ...overrides };
}
