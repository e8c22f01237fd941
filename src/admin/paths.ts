// Which requests the harness watches (journal, faults) and how rules name paths.
import { API_PREFIX } from '../http/operation.js';

/** Paths that are the harness itself or its pages; everything else is traffic a client under test sends. */
const NOT_TRAFFIC = [/^\/_mock(?:\/|$)/, /^\/live(?:\/|$)/, /^\/share(?:\/|$)/, /^\/docs(?:\/|$)/, /^\/openapi\.json$/, /^\/api\/v2\/openapi\.json$/, /^\/health$/, /^\/favicon\.ico$/];

export const pathOf = (url: string): string => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

/** Whether a request is journaled and subject to fault rules. */
export function isApiTraffic(path: string): boolean {
  // The API itself (every request that matters for speed) is decided without the patterns.
  if (path.startsWith('/api/') && path !== '/api/v2/openapi.json') return true;
  return !NOT_TRAFFIC.some((re) => re.test(path));
}

/**
 * A path pattern: a regular expression when it starts with `^`, otherwise a glob where `*` stands for
 * any characters but `/`, `**` for any characters and `?` for one character. Globs match the whole path.
 * A pattern that does not start with the API prefix also matches API paths written without it
 * (`/sessions/*` matches `/api/v3/sessions/abc`). Throws on an invalid regular expression.
 */
export function compilePathPattern(pattern: string): (path: string) => boolean {
  const re = pattern.startsWith('^') ? new RegExp(pattern) : globToRegExp(pattern);
  const prefixed = pattern.startsWith(API_PREFIX) || pattern.startsWith(`^${API_PREFIX.replace(/\//g, '\\/')}`);
  return (path: string) => {
    if (re.test(path)) return true;
    if (prefixed || !path.startsWith(`${API_PREFIX}/`)) return false;
    return re.test(path.slice(API_PREFIX.length));
  };
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*') {
      if (glob.charAt(i + 1) === '*') {
        source += '.*';
        i++;
      } else {
        source += '[^/]*';
      }
    } else if (c === '?') {
      source += '[^/]';
    } else {
      source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}/?$`);
}
