/**
 * Docker helpers for the container tests, over the project's process runner. Containers started
 * here are labelled and removed (`rmAll`) even when a test fails; images come only from the
 * debootstrap base (scripts/base-image.sh): Docker Hub is not reachable.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run, type RunResult } from '../../src/process/run.js';

export const BASE_IMAGE = process.env.BOSUN_BASE_IMAGE ?? 'bosun-test/bookworm:minbase';
const LABEL = `bosun-test=${process.pid}`;

export interface Out {
  code: number | null;
  stdout: string;
  stderr: string;
}

function out(r: RunResult): Out {
  return { code: r.exitCode, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

export async function docker(
  args: string[],
  options: { timeoutMs?: number; input?: string } = {},
): Promise<Out> {
  return out(
    await run('docker', args, {
      reject: false,
      timeoutMs: options.timeoutMs ?? 120_000,
      input: options.input,
    }),
  );
}

/**
 * Build `tag` from a Dockerfile text and a context of files, unless the tag exists with the same
 * content hash label (so reruns are fast).
 */
export async function buildImage(
  tag: string,
  dockerfile: string,
  files: Record<string, string | Buffer> = {},
  copyFrom: Record<string, string> = {},
): Promise<void> {
  const { createHash } = await import('node:crypto');
  const { readFileSync } = await import('node:fs');
  const h = createHash('sha256').update(dockerfile);
  for (const [k, v] of Object.entries(files)) h.update(k).update(v);
  for (const [k, v] of Object.entries(copyFrom)) h.update(k).update(readFileSync(v));
  const hash = h.digest('hex').slice(0, 16);
  const inspect = await docker([
    'image',
    'inspect',
    '-f',
    '{{ index .Config.Labels "bosun-hash" }}',
    tag,
  ]);
  if (inspect.code === 0 && inspect.stdout.trim() === hash) return;
  const ctx = mkdtempSync(path.join(tmpdir(), 'bosun-img-'));
  try {
    writeFileSync(path.join(ctx, 'Dockerfile'), `${dockerfile}\nLABEL bosun-hash=${hash}\n`);
    for (const [k, v] of Object.entries(files))
      writeFileSync(path.join(ctx, k), v, { mode: 0o755 });
    for (const [k, v] of Object.entries(copyFrom))
      writeFileSync(path.join(ctx, k), readFileSync(v), { mode: 0o755 });
    const r = await docker(['build', '-q', '--force-rm', '-t', tag, ctx], { timeoutMs: 600_000 });
    if (r.code !== 0) throw new Error(`docker build ${tag} failed:\n${r.stderr}${r.stdout}`);
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}

/** `docker run` in the foreground (removed afterwards). */
export async function runContainer(
  args: string[],
  options: { timeoutMs?: number } = {},
): Promise<Out> {
  return docker(['run', '--rm', '--label', LABEL, ...args], options);
}

/** Start a detached container; returns its name. */
export async function startContainer(args: string[]): Promise<string> {
  const name = `bosun-test-${randomBytes(4).toString('hex')}`;
  const r = await docker(['run', '-d', '--name', name, '--label', LABEL, ...args]);
  if (r.code !== 0) throw new Error(`docker run failed: ${r.stderr}`);
  return name;
}

export async function exec(
  name: string,
  args: string[],
  options: { user?: string; input?: string } = {},
): Promise<Out> {
  return docker(
    [
      'exec',
      ...(options.input !== undefined ? ['-i'] : []),
      ...(options.user ? ['-u', options.user] : []),
      name,
      ...args,
    ],
    { input: options.input },
  );
}

export async function logs(name: string): Promise<string> {
  const r = await docker(['logs', name]);
  return r.stdout + r.stderr;
}

export async function waitExit(name: string, timeoutMs = 60_000): Promise<number> {
  const r = await docker(['wait', name], { timeoutMs });
  return Number(r.stdout.trim());
}

export async function rm(name: string): Promise<void> {
  await docker(['rm', '-f', '-v', name]);
}

/** Remove every container this test process started (call from `after`). */
export async function rmAll(): Promise<void> {
  const r = await docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  const ids = r.stdout.split('\n').filter(Boolean);
  if (ids.length) await docker(['rm', '-f', '-v', ...ids]);
}

/** Poll `check` until it returns true (container state is only observable by asking). */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  stepMs = 100,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return false;
}

/** The base plus Debian's systemd (apt from the mirror): an oracle for unit semantics, built once. */
export const SYSTEMD_IMAGE = 'bosun-test/systemd:bookworm';

export async function buildSystemdImage(): Promise<void> {
  await buildImage(
    SYSTEMD_IMAGE,
    [
      `FROM ${BASE_IMAGE}`,
      'RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd >/dev/null && rm -rf /var/lib/apt/lists/*',
    ].join('\n'),
  );
}

/** `docker run` options under which real systemd runs as PID 1 here (cgroup v1 host, no --privileged). */
export const SYSTEMD_RUN_OPTIONS = [
  '--cap-add',
  'SYS_ADMIN',
  '--security-opt',
  'seccomp=unconfined',
  '--tmpfs',
  '/run',
  '--tmpfs',
  '/run/lock',
  '-v',
  '/sys/fs/cgroup:/sys/fs/cgroup:ro',
];
