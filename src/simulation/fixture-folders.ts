// What scenario, kind and marketplace fixtures share: which files of a directory are fixture files, and
// how a folder of the user's fixtures directory joins the built-ins (in front of them, or instead).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** The fixture files (.yaml, .yml, .json) directly inside `dir`, in file-name order, with their text. */
export function fixtureFiles(dir: string): { path: string; text: string }[] {
  return readdirSync(dir)
    .filter((name) => EXTENSIONS.has(extname(name).toLowerCase()))
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

export interface FixtureOptions {
  fixturesDir: string | undefined;
  fixturesReplace: boolean;
}

/**
 * The objects in force for one folder (`kinds`, `marketplace`): the user's folder first, then the
 * built-ins it does not replace (`replaces(own, builtIn)`). With replace, a user folder that exists is all
 * there is; a fixtures directory without that folder keeps the built-ins.
 */
export function folderInForce<T>(options: FixtureOptions, folder: string, load: (dir: string) => T[], builtIns: readonly T[], replaces: (own: T, builtIn: T) => boolean): T[] {
  const dir = options.fixturesDir ? join(options.fixturesDir, folder) : undefined;
  const own = dir && existsSync(dir) && statSync(dir).isDirectory() ? load(dir) : undefined;
  if (!own) return [...builtIns];
  if (options.fixturesReplace) return own;
  return [...own, ...builtIns.filter((builtIn) => !own.some((mine) => replaces(mine, builtIn)))];
}
