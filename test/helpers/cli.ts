import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BOSUN_BIN = path.join(ROOT, 'dist/bosun-cli.cjs');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built bosun CLI (scripts/run-tests.sh builds it before the suite). */
export function runBosun(
  args: string[],
  options: SpawnSyncOptions & { argv0?: string } = {},
): CliRun {
  const env = { ...process.env, ...(options.env ?? {}) };
  if (options.argv0) env.BOSUN_ARGV0 = options.argv0;
  const r = spawnSync(process.execPath, [BOSUN_BIN, ...args], {
    encoding: 'utf8',
    ...options,
    env,
  });
  return { status: r.status, stdout: text(r.stdout), stderr: text(r.stderr) };
}

/** spawnSync's output is null when the process could not be started (its types omit that). */
function text(output: string | Buffer | null): string {
  return output === null ? '' : output.toString();
}
