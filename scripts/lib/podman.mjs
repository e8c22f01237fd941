// Podman on a Debian machine without a container registry: the packages, a configuration that suits
// hosts where crun and raised ulimits are refused, and a Node base image made from Debian packages.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { info, ok, runCommand } from './harness.mjs';

export const BASE_IMAGE = 'localhost/browser-use-mock-base:trixie';
export const PACKAGES = ['podman', 'buildah', 'runc', 'mmdebstrap'];

/** Thrown when podman cannot run on this machine; the message says why. */
export class Unavailable extends Error {}

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/** Installs the Debian packages that are missing, when this process may (root with apt-get). */
export function installPackages(packages) {
  const missing = packages.filter((name) => spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes('install ok installed') !== true);
  if (missing.length === 0) return;
  if (process.platform !== 'linux' || !has('apt-get')) throw new Unavailable(`needs the Debian packages ${missing.join(', ')} and this machine has no apt-get`);
  if (process.getuid?.() !== 0) throw new Unavailable(`needs the Debian packages ${missing.join(', ')}; install them as root: apt-get install -y ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  runCommand('apt-get', ['update', '-qq'], { env });
  runCommand('apt-get', ['install', '-y', '-qq', ...missing], { env });
}

/** The first Debian archive this machine's apt reads from (never written anywhere: read at each run). */
export function debianMirror() {
  const dir = '/etc/apt/sources.list.d';
  const uris = [];
  const files = existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
  for (const file of ['/etc/apt/sources.list', ...files]) {
    if (!existsSync(file) || !/(\.sources|\.list)$/.test(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const deb822 = /^URIs:\s*(\S+)/.exec(line);
      const oneLine = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/.exec(line);
      const uri = deb822?.[1] ?? oneLine?.[1];
      if (uri && /^https?:\/\//.test(uri)) uris.push(uri);
    }
  }
  // The security archive carries only updates; the base system comes from the main archive.
  const main = uris.find((uri) => !/-security\/?$/.test(uri));
  if (!main) throw new Unavailable(`no Debian archive found in ${dir} to build the base image from`);
  return main;
}

/** Soft limits above the hard ones make every container start fail when root lacks CAP_SYS_RESOURCE. */
function hardLimit(flag) {
  const out = spawnSync('sh', ['-c', `ulimit -H${flag}`], { encoding: 'utf8' }).stdout.trim();
  return /^\d+$/.test(out) ? Number(out) : undefined;
}

/**
 * Writes a containers.conf for this project's podman calls and points CONTAINERS_CONF at it, leaving the
 * machine's own /etc/containers alone: runc (crun refuses hybrid cgroup hosts) and ulimits within the hard ones.
 */
export function configurePodman() {
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'browser-use-mock');
  mkdirSync(dir, { recursive: true });
  const nofile = hardLimit('n') ?? 1024;
  const nproc = Math.min(hardLimit('u') ?? 4096, 4096);
  const file = join(dir, 'containers.conf');
  writeFileSync(file, `[containers]\ndefault_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]\n\n[engine]\nruntime = "runc"\n`);
  process.env.CONTAINERS_CONF = file;
  const probe = spawnSync('podman', ['info', '--format', '{{.Host.OCIRuntime.Name}} {{.Store.GraphDriverName}} cgroups {{.Host.CgroupsVersion}}'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Unavailable(`podman does not work here: ${(probe.stderr || probe.error?.message || '').trim()}`);
  ok(`podman ${probe.stdout.trim()} (CONTAINERS_CONF=${file}: nofile ${nofile}, nproc ${nproc})`);
}

export function podman(args, { allowFailure = false } = {}) {
  const result = spawnSync('podman', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!allowFailure && result.status !== 0) throw new Error(`podman ${args.join(' ')} exited with ${result.status}: ${result.stderr.trim()}`);
  return result;
}

/** Creates the Node base image from Debian trixie (Node 20.19) unless it is cached; returns seconds spent. */
export function ensureBaseImage({ rebuild = false } = {}) {
  if (!rebuild && podman(['image', 'exists', BASE_IMAGE], { allowFailure: true }).status === 0) {
    info(`${BASE_IMAGE} is cached (--rebuild-base makes it again)`);
    return 0;
  }
  const started = Date.now();
  const tar = join(tmpdir(), `browser-use-mock-base-${process.pid}.tar`);
  try {
    // The `node` user and group, 1000:1000, as the official Node images have them.
    runCommand('mmdebstrap', [
      '--quiet', '--variant=minbase', '--include=nodejs,npm,ca-certificates,passwd',
      '--customize-hook=chroot "$1" groupadd --gid 1000 node',
      '--customize-hook=chroot "$1" useradd --uid 1000 --gid node --create-home --shell /bin/sh node',
      'trixie', tar, debianMirror(),
    ]);
    runCommand('podman', ['import', '--quiet', '--change', 'CMD ["node"]', tar, BASE_IMAGE]);
  } finally {
    rmSync(tar, { force: true });
  }
  return (Date.now() - started) / 1000;
}
