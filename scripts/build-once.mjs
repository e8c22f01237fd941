#!/usr/bin/env node
// Builds dist/ only when it is missing or older than the sources, so a CI run that has built already
// (or a second `npm run test:e2e`) does not build again.
import { spawnSync } from 'node:child_process';
import { ROOT, staleBuild } from './lib/built.mjs';

const why = staleBuild();
if (why === undefined) {
  console.log('build-once: dist/ is up to date');
} else {
  console.log(`build-once: ${why}; running npm run build`);
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
