// Shared helpers for the vault tests: running Debian's ansible-vault (the oracle) and bosun.
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BOSUN_BIN } from '../helpers/cli.js';

export interface Run {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Environment without the caller's vault settings, so only what a test passes counts. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env))
    if (k.startsWith('ANSIBLE_VAULT') || k.startsWith('CORPUSOPS_VAULT')) delete env[k];
  return { ...env, ANSIBLE_NOCOLOR: '1', ...extra };
}

export function ansibleVault(
  args: string[],
  options: { cwd?: string; input?: string | Buffer; env?: Record<string, string> } = {},
): Run {
  const r = spawnSync('/usr/bin/ansible-vault', args, {
    cwd: options.cwd,
    input: options.input ?? '',
    env: cleanEnv(options.env),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

export function bosunVault(
  args: string[],
  options: {
    cwd?: string;
    input?: string | Buffer;
    env?: Record<string, string>;
    argv0?: string;
  } = {},
): Run {
  // Spawned directly (not runBosun) to keep stdout as bytes: binary content must survive.
  const env = cleanEnv(options.env);
  if (options.argv0) env.BOSUN_ARGV0 = options.argv0;
  const argv = options.argv0 ? args : ['vault', ...args];
  const r = spawnSync(process.execPath, [BOSUN_BIN, ...argv], {
    cwd: options.cwd,
    input: options.input ?? '',
    env,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

export function writePassword(dir: string, name: string, password: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, password + '\n');
  return f;
}

export function writeScript(dir: string, name: string, body: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, `#!/bin/sh\n${body}\n`);
  chmodSync(f, 0o755);
  return f;
}
