// Reads the subset of Dockerfile and .dockerignore syntax that the project's Dockerfile uses.
// Anything outside that subset throws, so scripts/docker-smoke can never replay a build that
// differs from what Docker would do without saying so.
import { posix } from 'node:path';
import { fail } from './harness.mjs';

// ---------------------------------------------------------------------------------------------
// Dockerfile parsing (the subset in use)

/** Logical lines: comments dropped, backslash continuations joined. */
export function logicalLines(text) {
  const lines = [];
  let current = '';
  let startLine = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && current === '')) return;
    if (current === '') startLine = index + 1;
    if (trimmed.endsWith('\\')) {
      current += `${trimmed.slice(0, -1)} `;
      return;
    }
    current += trimmed;
    if (current.trim() !== '') lines.push({ line: startLine, text: current.trim() });
    current = '';
  });
  if (current.trim() !== '') lines.push({ line: startLine, text: current.trim() });
  return lines;
}

/** Shell-like words: whitespace separated, with single and double quotes. */
function words(text, where) {
  const out = [];
  let word = '';
  let quote = null;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
    } else {
      word += c === '\\' && i + 1 < text.length ? text[++i] : c;
      inWord = true;
    }
  }
  if (quote) fail(`${where}: unterminated quote`);
  if (inWord) out.push(word);
  return out;
}

function substitute(text, vars, where) {
  return text.replace(/\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced, bare) => {
    const name = braced ?? bare;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(`${where}: variable form \${${name}} is not supported by this replay`);
    if (!(name in vars)) fail(`${where}: $${name} is not defined`);
    return vars[name];
  });
}

function execForm(text, where) {
  if (!text.startsWith('[')) return null;
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail(`${where}: invalid JSON array: ${text}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((p) => typeof p === 'string')) fail(`${where}: expected a JSON array of strings`);
  return parsed;
}

/** Splits leading `--name=value` flags off the arguments of an instruction. */
function flagsOf(args, allowed, where) {
  const flags = {};
  let rest = args;
  for (;;) {
    const m = /^--([a-z-]+)(?:=(\S+))?\s*/.exec(rest);
    if (!m) break;
    if (!allowed.includes(m[1])) fail(`${where}: flag --${m[1]} is not supported by this replay`);
    flags[m[1]] = m[2] ?? '';
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

/** Reads the Dockerfile into stages of steps. */
export function parseDockerfile(text) {
  const globalArgs = {};
  const stages = [];
  let stage = null;
  for (const { line, text: logical } of logicalLines(text)) {
    const where = `Dockerfile:${line}`;
    const m = /^(\S+)\s*(.*)$/.exec(logical);
    const instruction = m[1].toUpperCase();
    const args = m[2];
    if (instruction === 'ARG') {
      const [name, ...value] = args.split('=');
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(`${where}: unsupported ARG ${args}`);
      const scope = stage ? stage.vars : globalArgs;
      scope[name] = value.length ? value.join('=') : globalArgs[name] ?? '';
      if (stage) stage.args[name] = scope[name];
      continue;
    }
    if (instruction === 'FROM') {
      const parts = words(substitute(args, globalArgs, where), where);
      if (parts[0]?.startsWith('--')) fail(`${where}: FROM flags are not supported by this replay`);
      if (!(parts.length === 1 || (parts.length === 3 && parts[1].toUpperCase() === 'AS'))) fail(`${where}: unsupported FROM form: ${args}`);
      if (stages.some((s) => s.name === parts[0])) fail(`${where}: FROM another stage is not supported by this replay`);
      stage = { name: parts[2] ?? String(stages.length), index: stages.length, image: parts[0], line, steps: [], vars: {}, args: {}, env: {} };
      stages.push(stage);
      continue;
    }
    if (!stage) fail(`${where}: ${instruction} before the first FROM`);
    const vars = () => ({ ...globalArgs, ...stage.vars });
    switch (instruction) {
      case 'WORKDIR':
        stage.steps.push({ kind: 'WORKDIR', where, path: substitute(args, vars(), where) });
        break;
      case 'ENV': {
        const parts = words(substitute(args, vars(), where), where);
        const pairs = {};
        if (parts.length >= 1 && !parts[0].includes('=')) {
          // Legacy form: ENV NAME value with spaces
          pairs[parts[0]] = parts.slice(1).join(' ');
        } else {
          for (const part of parts) {
            const eq = part.indexOf('=');
            if (eq <= 0) fail(`${where}: cannot read ENV ${part}`);
            pairs[part.slice(0, eq)] = part.slice(eq + 1);
          }
        }
        Object.assign(stage.vars, pairs);
        stage.steps.push({ kind: 'ENV', where, pairs });
        break;
      }
      case 'COPY': {
        const { flags, rest } = flagsOf(args, ['from', 'chown', 'link'], where);
        const list = execForm(rest, where) ?? words(substitute(rest, vars(), where), where);
        if (list.length < 2) fail(`${where}: COPY needs a source and a destination`);
        const sources = list.slice(0, -1);
        for (const s of sources) if (/[*?[]/.test(s)) fail(`${where}: wildcards in COPY sources are not supported by this replay`);
        stage.steps.push({ kind: 'COPY', where, from: flags.from, chown: flags.chown, sources, dest: list[list.length - 1] });
        break;
      }
      case 'RUN': {
        const exec = execForm(args, where);
        if (!exec && /(^|[\s;&|(=])\/[A-Za-z]/.test(args)) fail(`${where}: RUN with an absolute path cannot be replayed outside an image: ${args}`);
        if (args.startsWith('--')) fail(`${where}: RUN flags are not supported by this replay`);
        stage.steps.push({ kind: 'RUN', where, exec, shell: exec ? null : args, args: { ...stage.args } });
        break;
      }
      case 'USER':
        stage.user = substitute(args, vars(), where);
        stage.steps.push({ kind: 'USER', where, user: stage.user });
        break;
      case 'EXPOSE':
        stage.expose = words(substitute(args, vars(), where), where);
        break;
      case 'HEALTHCHECK': {
        const { flags, rest } = flagsOf(args, ['interval', 'timeout', 'start-period', 'retries'], where);
        const cm = /^CMD\s+(.*)$/i.exec(rest);
        if (!cm) fail(`${where}: only HEALTHCHECK [options] CMD ... is supported by this replay`);
        stage.healthcheck = { flags, exec: execForm(cm[1], where), shell: execForm(cm[1], where) ? null : cm[1] };
        break;
      }
      case 'CMD':
        stage.cmd = { exec: execForm(args, where), shell: execForm(args, where) ? null : args };
        break;
      default:
        fail(`${where}: instruction ${instruction} is not understood by scripts/docker-smoke; teach it there or avoid it`);
    }
  }
  if (stages.length === 0) fail('Dockerfile has no FROM');
  return { globalArgs, stages };
}

// ---------------------------------------------------------------------------------------------
// .dockerignore (patterns with *, ** and ?, negations with !)

function patternRegex(pattern) {
  if (/[[\]{}]/.test(pattern)) fail(`.dockerignore: pattern ${pattern} uses syntax this replay does not support`);
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function readIgnore(text) {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const body = posix.normalize((negate ? l.slice(1) : l).trim().replace(/^\/+/, ''));
      return { negate, body, re: patternRegex(body) };
    });
}

/** Docker's rule: the last pattern matching the path or one of its parent directories decides. */
export function isExcluded(rules, rel) {
  const parts = rel.split('/');
  const prefixes = parts.map((_p, i) => parts.slice(0, i + 1).join('/'));
  let excluded = false;
  for (const rule of rules) {
    if (prefixes.some((p) => rule.re.test(p))) excluded = !rule.negate;
  }
  return excluded;
}
