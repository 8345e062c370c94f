/**
 * The container differential harness for system modules: the same project is provisioned by
 * Debian's ansible-playbook in one container and by bosun (single executable, no Python) in
 * another, both from the same debootstrap base, and what each run changed on the filesystem
 * (crontabs, /etc/passwd, /etc/shadow… included) and in the package set is compared. Second runs must change nothing.
 *
 * Files whose content differs between the two images before the run (the package database, apt's
 * extended states: Ansible's image has Python installed) are compared by what the run added and
 * removed, line by line, not by their final hash.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureSea, SEA } from '../boot/fixture.js';
import { BASE_IMAGE, buildImage, docker, exec, rm, startContainer } from './docker.js';
import { fingerprint, parseSnapshot, type Ignore, type Snapshot } from './provision-compare.js';

export { assertSameChanges } from './provision-compare.js';

const PROVISION_BASE = 'bosun-test/provision-base:bookworm';
const ANSIBLE_IMAGE = 'bosun-test/provision-ansible:bookworm';

/**
 * Paths never compared, with why. Everything else on the root filesystem is.
 */
const DEFAULT_IGNORES: Ignore[] = [
  { path: /^\/(proc|sys|dev|run|tmp)(\/|$)/, why: 'virtual or scratch filesystems' },
  { path: /^\/project(\/|$)/, why: 'the project copied in for the run' },
  { path: /^\/var\/log\//, why: 'logs (dpkg.log, apt history) carry timestamps' },
  { path: /^\/var\/cache\/(apt|ldconfig|man)(\/|$)/, why: 'download and index caches' },
  { path: /^\/var\/lib\/apt\/lists(\/|$)/, why: 'apt indexes: content depends on fetch time' },
  { path: /^\/var\/cache\/debconf\/[^/]*-old$/, why: 'debconf backup copies' },
  {
    path: /^\/var\/lib\/dpkg\/(status|status-old|available|available-old|lock.*|triggers\/.*)$/,
    why: 'the package database: compared as the installed package set instead',
  },
  { path: /^\/etc\/ld\.so\.cache$/, why: 'binary cache rebuilt by ldconfig from the libraries' },
  { path: /^\/root\/\.ansible(\/|$)/, why: "ansible-playbook's own temp and cache directory" },
  { path: /(^|\/)__pycache__(\/|$)/, why: "Python bytecode written by Ansible's own run" },
];

/** Directories pruned while listing (subsets of DEFAULT_IGNORES, to keep the walk fast). */
const PRUNE = [
  '/proc',
  '/sys',
  '/dev',
  '/run',
  '/tmp',
  '/project',
  '/var/log',
  '/var/cache/apt',
  '/var/lib/apt/lists',
  '/root/.ansible',
];

const SNAPSHOT_SCRIPT = `
set -e
prune='${PRUNE.map((p) => `-path ${p}`).join(' -o ')} -o -name __pycache__'
find / -xdev \\( $prune \\) -prune -o -printf '%y\\t%#m\\t%u\\t%g\\t%s\\t%l\\t%p\\n'
echo '@@hash'
# After a run, only files whose inode changed since the last snapshot are hashed again.
since=\${1:+-cnewer $1}
find / -xdev \\( $prune \\) -prune -o -type f $since -print0 | xargs -0 -r sha256sum
echo '@@packages'
dpkg-query -W -f '\${Package}:\${Architecture}=\${Version} \${db:Status-Abbrev}\\n'
touch /tmp/.bosun-snapshot-mark
`;

export interface ProvisionOptions {
  /** Names the containers (prefix it with the helper or test name). */
  name: string;
  /** The project, copied to /project (e.g. `site.yml`, `files/…`, `templates/…`). */
  files: Record<string, string | Buffer>;
  /** The playbook to run (default `site.yml`). */
  playbook?: string;
  /** A shell script run as root in both containers before the first snapshot. */
  setup?: string;
  /** More paths to ignore, each with its reason. */
  ignore?: Ignore[];
  /** Extra variables (`-e @file`). */
  vars?: Record<string, unknown>;
  /** Run a second time and record its recap (default true). */
  secondRun?: boolean;
  timeoutMs?: number;
}

interface PlayRun {
  rc: number;
  output: string;
  changed: number;
  failed: number;
}

interface SideResult {
  tool: 'ansible' | 'bosun';
  first: PlayRun;
  second?: PlayRun;
  before: Snapshot;
  after: Snapshot;
  /** Text content of compared files, fetched where the two sides may need a line comparison. */
  contents: Map<string, { before?: string; after?: string }>;
}

export interface ProvisionResult {
  ansible: SideResult;
  bosun: SideResult;
  ignores: Ignore[];
}

/** The two images: the same base with busybox (httpd for downloads) and git; Ansible's adds ansible-core. */
async function buildProvisionImages(): Promise<void> {
  ensureSea();
  await buildImage(
    PROVISION_BASE,
    [
      `FROM ${BASE_IMAGE}`,
      'RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends busybox git >/dev/null && apt-get clean',
    ].join('\n'),
  );
  await buildImage(
    ANSIBLE_IMAGE,
    [
      `FROM ${PROVISION_BASE}`,
      'RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ansible-core >/dev/null && apt-get clean',
    ].join('\n'),
  );
}

const recapCount = (output: string, key: string): number => {
  const line = output.split('\n').find((l) => /^\S+\s+:\s+ok=/.test(l));
  const m = line ? new RegExp(`${key}=(\\d+)`).exec(line) : null;
  return m ? Number(m[1]) : -1;
};

/** List the filesystem; after `previous`, hash only what changed since it and reuse its hashes. */
async function snapshot(container: string, previous?: Snapshot): Promise<Snapshot> {
  const mark = previous ? ['/tmp/.bosun-snapshot-mark'] : [];
  const r = await exec(container, ['sh', '-c', SNAPSHOT_SCRIPT, 'sh', ...mark]);
  if (r.code !== 0) throw new Error(`snapshot of ${container} failed: ${r.stderr}`);
  const snap = parseSnapshot(r.stdout);
  for (const [p, e] of snap.entries)
    if (e.type === 'f' && e.hash === undefined) e.hash = previous?.entries.get(p)?.hash;
  return snap;
}

async function play(
  container: string,
  tool: 'ansible' | 'bosun',
  options: ProvisionOptions,
): Promise<PlayRun> {
  const playbook = options.playbook ?? 'site.yml';
  const extra = options.vars ? ['-e', '@/project/.provision-vars.json'] : [];
  const argv =
    tool === 'ansible'
      ? ['ansible-playbook', '-i', 'localhost,', '-c', 'local', ...extra, playbook]
      : ['bosun', 'play', '-i', 'localhost,', '-c', 'local', ...extra, playbook];
  const r = await docker(
    [
      'exec',
      '-w',
      '/project',
      '-e',
      'ANSIBLE_NOCOLOR=1',
      '-e',
      'ANSIBLE_LOCALHOST_WARNING=false',
      container,
      ...argv,
    ],
    { timeoutMs: options.timeoutMs ?? 600_000 },
  );
  const output = r.stdout + r.stderr;
  return {
    rc: r.code ?? -1,
    output,
    changed: recapCount(output, 'changed'),
    failed: recapCount(output, 'failed'),
  };
}

/** Read text files (under 1 MiB) from a container, keyed by path; binary or absent files are left out. */
async function readTexts(container: string, paths: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const p of paths) {
    const r = await exec(container, [
      'sh',
      '-c',
      'f="$1"; [ -f "$f" ] && [ $(wc -c <"$f") -lt 1048576 ] && grep -Iq . "$f" && cat "$f"',
      'sh',
      p,
    ]);
    if (r.code === 0) out.set(p, r.stdout);
  }
  return out;
}

async function side(
  tool: 'ansible' | 'bosun',
  options: ProvisionOptions,
  project: string,
): Promise<{ container: string; before: Snapshot }> {
  const mount = tool === 'bosun' ? ['-v', `${SEA}:/usr/local/bin/bosun:ro`] : [];
  const image = tool === 'ansible' ? ANSIBLE_IMAGE : PROVISION_BASE;
  const container = await startContainer([...mount, '--entrypoint', 'sleep', image, 'infinity']);
  const cp = await docker(['cp', `${project}/.`, `${container}:/project`]);
  if (cp.code !== 0) throw new Error(`docker cp into ${container} failed: ${cp.stderr}`);
  if (options.setup) {
    const r = await exec(container, ['sh', '-ec', options.setup]);
    if (r.code !== 0) throw new Error(`setup failed in the ${tool} container:\n${r.stderr}`);
  }
  return { container, before: await snapshot(container) };
}

/** Provision the project with both tools and collect what each changed (containers removed after). */
export async function provisionBoth(options: ProvisionOptions): Promise<ProvisionResult> {
  await buildProvisionImages();
  const project = mkdtempSync(path.join(tmpdir(), `bosun-prov-${options.name}-`));
  const started: string[] = [];
  try {
    for (const [name, content] of Object.entries(options.files)) {
      mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
      writeFileSync(path.join(project, name), content);
    }
    if (options.vars)
      writeFileSync(path.join(project, '.provision-vars.json'), JSON.stringify(options.vars));
    const [a, b] = await Promise.all([
      side('ansible', options, project),
      side('bosun', options, project),
    ]);
    started.push(a.container, b.container);
    // Files that already differ between the images are compared by the lines each run changed.
    const differing = [...a.before.entries.keys()].filter((p) => {
      const x = a.before.entries.get(p);
      const y = b.before.entries.get(p);
      return x && y && x.type === 'f' && y.type === 'f' && x.hash !== y.hash;
    });
    const [aBefore, bBefore] = await Promise.all([
      readTexts(a.container, differing),
      readTexts(b.container, differing),
    ]);
    const run = async (
      tool: 'ansible' | 'bosun',
      container: string,
      before: Snapshot,
      beforeTexts: Map<string, string>,
    ): Promise<SideResult> => {
      const first = await play(container, tool, options);
      const after = await snapshot(container, before);
      const changedPaths = [...new Set([...before.entries.keys(), ...after.entries.keys()])].filter(
        (p) => fingerprint(before.entries.get(p)) !== fingerprint(after.entries.get(p)),
      );
      const afterTexts = await readTexts(container, changedPaths);
      const second = options.secondRun === false ? undefined : await play(container, tool, options);
      const contents = new Map<string, { before?: string; after?: string }>();
      for (const p of changedPaths)
        contents.set(p, { before: beforeTexts.get(p), after: afterTexts.get(p) });
      return { tool, first, second, before, after, contents };
    };
    const [ansible, bosun] = await Promise.all([
      run('ansible', a.container, a.before, aBefore),
      run('bosun', b.container, b.before, bBefore),
    ]);
    return { ansible, bosun, ignores: [...DEFAULT_IGNORES, ...(options.ignore ?? [])] };
  } finally {
    await Promise.all(started.map((c) => rm(c)));
    rmSync(project, { recursive: true, force: true });
  }
}
