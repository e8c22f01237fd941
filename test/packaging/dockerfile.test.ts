// Pins what the Dockerfile and .dockerignore promise (multi-stage, production-only runtime, non-root,
// HOST=0.0.0.0, HEALTHCHECK on /health, node as PID 1) and that scripts/docker-smoke refuses any
// instruction it cannot replay. The replay itself is scripts/docker-smoke, run by CI.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { isExcluded, parseDockerfile, readIgnore } from '../../scripts/lib/dockerfile.mjs';
import type { DockerStep } from '../../scripts/lib/dockerfile.mjs';

const ROOT = new URL('../../', import.meta.url);
const dockerfile = parseDockerfile(readFileSync(new URL('Dockerfile', ROOT), 'utf8'));
const rules = readIgnore(readFileSync(new URL('.dockerignore', ROOT), 'utf8'));
const final = dockerfile.stages[dockerfile.stages.length - 1];

const runs = (steps: DockerStep[]): string[] => steps.flatMap((s) => (s.kind === 'RUN' ? [s.shell ?? (s.exec ?? []).join(' ')] : []));
const copies = (steps: DockerStep[]): Extract<DockerStep, { kind: 'COPY' }>[] => steps.flatMap((s) => (s.kind === 'COPY' ? [s] : []));

t.test('stages: production dependencies, a build, a runtime on a slim Node LTS image', async (t) => {
  t.same(dockerfile.stages.map((s) => s.name), ['deps', 'build', 'runtime']);
  for (const stage of dockerfile.stages) t.match(stage.image, /^node:(2[02468]|[3-9][02468])-(\w+-)?slim$/, `${stage.name}: a slim image of an even (LTS) Node line`);
  const [deps, build] = dockerfile.stages;
  t.ok(deps && runs(deps.steps).some((r) => /^npm ci --omit=dev\b/.test(r)), 'deps: npm ci without dev dependencies');
  t.ok(build && runs(build.steps).some((r) => /^npm ci\b(?!.*--omit)/.test(r)), 'build: npm ci with dev dependencies');
  t.ok(build && runs(build.steps).some((r) => r.startsWith('npm run build')), 'build: npm run build');
});

t.test('runtime: only built files, production dependencies, non-root, reachable, healthy, PID 1 node', async (t) => {
  t.ok(final, 'a final stage');
  if (!final) return;
  t.same(runs(final.steps), [], 'nothing is installed or built in the final stage');
  const copied = copies(final.steps);
  t.ok(copied.every((c) => c.from !== undefined), 'everything comes from an earlier stage, nothing from the context');
  const sources = copied.flatMap((c) => c.sources.map((s) => `${c.from}:${s}`)).sort();
  t.same(sources, ['build:/app/LICENSE', 'build:/app/assets', 'build:/app/dist', 'build:/app/fixtures', 'build:/app/openapi', 'build:/app/package.json', 'deps:/app/node_modules'].sort());
  const env = Object.assign({}, ...final.steps.flatMap((s) => (s.kind === 'ENV' ? [s.pairs] : []))) as Record<string, string>;
  t.match(env, { HOST: '0.0.0.0', PORT: '4010', NODE_ENV: 'production' });
  t.equal(final.user, 'node', 'runs as the unprivileged node user');
  t.same(final.expose, ['4010']);
  t.same(final.cmd, { exec: ['node', 'dist/cli.js'], shell: null }, 'exec form: node is PID 1 and receives SIGTERM itself');
  t.equal(final.healthcheck?.exec?.[0], 'node', 'the health check needs no curl');
  t.match(final.healthcheck?.exec?.join(' '), /fetch\(.*\/health/);
  t.match(final.healthcheck?.exec?.join(' '), /process\.env\.PORT/, 'follows PORT');
});

t.test('.dockerignore sends only what the build reads', async (t) => {
  for (const path of ['package.json', 'package-lock.json', 'tsconfig.json', 'src/app.ts', 'src/contract/document.ts', 'openapi/v3.json', 'fixtures/README.md', 'assets/recording.mp4', 'LICENSE']) {
    t.notOk(isExcluded(rules, path), `sent: ${path}`);
  }
  for (const path of ['node_modules/fastify/package.json', '.git/HEAD', 'dist/cli.js', 'test/helpers/server.ts', 'bench/node_modules/x', 'docs/behavior.md', 'scripts/docker-smoke', '.tap/x', 'browser-use-mock-0.1.0.tgz', 'src/node_modules/x/index.js', 'Dockerfile']) {
    t.ok(isExcluded(rules, path), `kept out: ${path}`);
  }
});

t.test('ignore patterns follow Docker: last match wins, parents count, ** spans directories', async (t) => {
  const r = readIgnore('*\n!src\nsrc/**/*.test.ts\n**/tmp\n/absolute\n');
  t.ok(isExcluded(r, 'README.md'));
  t.notOk(isExcluded(r, 'src/a/b.ts'), 'a re-included parent directory brings its files back');
  t.ok(isExcluded(r, 'src/a/b.test.ts'), 'a later pattern excludes again');
  t.ok(isExcluded(r, 'src/x/tmp/file'), '** matches any depth');
  t.ok(isExcluded(r, 'absolute'), 'a leading slash means the context root');
  t.throws(() => readIgnore('[abc]'), /not support/, 'character classes are refused, not misread');
});

t.test('the replay refuses what it cannot replay', async (t) => {
  const refuse = (text: string, pattern: RegExp, why: string): void => {
    t.throws(() => parseDockerfile(text), pattern, why);
  };
  refuse('FROM node:24-slim\nADD https://example.invalid/x /x\n', /instruction ADD is not understood/, 'ADD');
  refuse('FROM node:24-slim\nENTRYPOINT ["node"]\n', /instruction ENTRYPOINT is not understood/, 'ENTRYPOINT');
  refuse('FROM node:24-slim\nCOPY --chmod=755 a b\n', /flag --chmod is not supported/, 'unknown COPY flag');
  refuse('FROM node:24-slim\nCOPY src/*.ts ./\n', /wildcards/, 'COPY wildcards');
  refuse('FROM node:24-slim\nRUN rm -rf /tmp/x\n', /absolute path/, 'RUN with an absolute path');
  refuse('FROM --platform=linux/amd64 node:24-slim\n', /FROM flags/, 'FROM --platform');
  refuse('FROM node:24-slim AS a\nFROM a\n', /FROM another stage/, 'FROM a stage');
  refuse('FROM ${IMAGE}\n', /\$IMAGE is not defined/, 'undefined variable');
  refuse('WORKDIR /app\n', /before the first FROM/, 'no FROM');
  const ok = parseDockerfile('ARG IMG=node:24-slim\nFROM ${IMG} AS x\nENV A=1 \\\n    B="two words"\n# comment\nRUN echo "$A" \\\n  && echo done\n');
  t.same(ok.stages[0]?.vars, { A: '1', B: 'two words' }, 'continuations, quotes and comments');
  t.equal(ok.stages[0]?.image, 'node:24-slim', 'ARG before FROM');
});
