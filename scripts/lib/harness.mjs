// Shared pieces of scripts/container-smoke and scripts/pack-check: announced steps, child processes
// whose output is kept for failure reports, free ports, health polling and a timed SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

export class CheckFailure extends Error {}

/** Stops the script with a message; `main` prints it and exits non-zero. */
export function fail(message) {
  throw new CheckFailure(message);
}

export function step(title) {
  process.stdout.write(`\n==> ${title}\n`);
}

export function info(text) {
  for (const line of String(text).split('\n')) process.stdout.write(`    ${line}\n`);
}

export function ok(text) {
  process.stdout.write(`    ok: ${text}\n`);
}

/** Runs a command to completion with inherited output; a non-zero exit fails the check. */
export function runCommand(command, args, { cwd, env = process.env, shell = false } = {}) {
  const shown = shell ? command : [command, ...args].join(' ');
  info(`$ ${shown}${cwd ? `   (in ${cwd})` : ''}`);
  const result = shell
    ? spawnSync('sh', ['-c', command], { cwd, env, stdio: 'inherit' })
    : spawnSync(command, args, { cwd, env, stdio: 'inherit' });
  if (result.error) fail(`${shown}: ${result.error.message}`);
  if (result.status !== 0) fail(`${shown} exited with ${result.status ?? result.signal}`);
}

/** Like runCommand, but returns stdout (stderr still goes to the terminal). */
export function captureCommand(command, args, { cwd, env = process.env } = {}) {
  info(`$ ${[command, ...args].join(' ')}${cwd ? `   (in ${cwd})` : ''}`);
  const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) fail(`${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  return result.stdout;
}

/** Runs a command to completion and returns what it wrote to stdout and stderr together. */
export function captureAll(command, args, { cwd, env = process.env } = {}) {
  info(`$ ${[command, ...args].join(' ')}${cwd ? `   (in ${cwd})` : ''}`);
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) fail(`${command}: ${result.error.message}`);
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${output}`);
  return output;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts a long-running process in its own process group (so a wrapper such as npx and the server it
 * starts can be signalled together) and keeps its output.
 */
export function startProcess(command, args, { cwd, env }) {
  info(`$ ${[command, ...args].join(' ')}   (in ${cwd})`);
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const handle = { child, output: '', exited: null };
  const keep = (chunk) => {
    handle.output += chunk.toString('utf8');
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  handle.exit = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      handle.exited = { code, signal, at: Date.now() };
      resolve(handle.exited);
    });
  });
  child.on('error', (error) => {
    handle.output += `\n[spawn error] ${error.message}\n`;
  });
  return handle;
}

/** Prints what a process wrote, indented. */
export function showOutput(handle, title = 'process output') {
  info(`${title}:`);
  const text = handle.output.trimEnd();
  info(text === '' ? '(nothing)' : text.split('\n').map((l) => `| ${l}`).join('\n'));
}

/** Polls a URL until it answers 200, the process dies or the time is up. */
export async function waitForHttp(url, handle, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (handle.exited) {
      showOutput(handle);
      fail(`the process exited (${handle.exited.code ?? handle.exited.signal}) before ${url} answered`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return response;
      lastError = `status ${response.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  showOutput(handle);
  fail(`${url} did not answer 200 within ${timeoutMs} ms (${lastError})`);
}

/** Sends SIGTERM to the process (group) and reports how it ended and how long it took. */
export async function terminate(handle, { group = false, limitMs = 1000 } = {}) {
  if (handle.exited) fail(`the process had already exited (${handle.exited.code ?? handle.exited.signal})`);
  const sentAt = Date.now();
  process.kill(group ? -handle.child.pid : handle.child.pid, 'SIGTERM');
  const timer = new Promise((resolve) => setTimeout(() => resolve(null), limitMs * 5));
  const exited = await Promise.race([handle.exit, timer]);
  if (!exited) {
    process.kill(group ? -handle.child.pid : handle.child.pid, 'SIGKILL');
    fail(`SIGTERM did not end the process within ${limitMs * 5} ms; killed it`);
  }
  return { ...exited, ms: exited.at - sentAt };
}

/** Kills a process (group) that is still running; used on the way out after a failure. */
export function killQuietly(handle, group = false) {
  if (!handle || handle.exited) return;
  try {
    process.kill(group ? -handle.child.pid : handle.child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Runs `body`, prints a failure and sets the exit code. */
export async function main(name, body) {
  const started = Date.now();
  try {
    await body();
    process.stdout.write(`\n${name}: all checks passed (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  } catch (error) {
    const message = error instanceof CheckFailure ? error.message : error instanceof Error ? error.stack ?? error.message : String(error);
    process.stderr.write(`\n${name}: FAILED: ${message}\n`);
    process.exitCode = 1;
  }
}
