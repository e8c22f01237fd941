// Programs the end-to-end tests drive (Debian's Chromium, ffmpeg). A missing one fails the test under
// CI=true, so CI can never pass without these checks having run; elsewhere they are skipped with the
// install command.
import { existsSync } from 'node:fs';
import type { Test } from 'tap';

/** Why the tests that need `path` cannot run, or false. */
export function toolMissing(t: Test, path: string, installCommand: string): string | false {
  if (existsSync(path)) return false;
  const reason = `${path} is not installed; install it with: ${installCommand}`;
  if (process.env.CI === 'true') t.fail(reason);
  else t.comment(`skipping: ${reason}`);
  return reason;
}
