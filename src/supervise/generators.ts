/**
 * System generators (systemd.generator(7)): executables that write units and `.wants` links
 * at boot — Debian's postgresql-common links each cluster (`postgresql@15-main.service`) into
 * `postgresql.service.wants/` this way. bosun runs them as systemd does before loading units:
 * with the three output directories as arguments, first one of a name in the search order wins.
 * systemd's own generators (`systemd-*`: fstab, getty, gpt-auto…) configure the host: skipped.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PATH } from './environment.js';

const GENERATOR_SEARCH_PATH = [
  '/run/systemd/system-generators',
  '/etc/systemd/system-generators',
  '/usr/local/lib/systemd/system-generators',
  '/lib/systemd/system-generators',
  '/usr/lib/systemd/system-generators',
];

/** Where generators write: normal, early (before /etc) and late (after /lib) unit directories. */
const GENERATOR_OUTPUT = [
  '/run/systemd/generator',
  '/run/systemd/generator.early',
  '/run/systemd/generator.late',
] as const;

/** systemd's own timeout for one generator run. */
const TIMEOUT_MS = 5000;

export interface GeneratorRun {
  name: string;
  ok: boolean;
  message?: string;
}

/** Run the generators found under `root`; returns what each did (for the log). */
export function runGenerators(root: string): GeneratorRun[] {
  const hostPath = (p: string): string => path.join(root, p);
  const found = new Map<string, string>();
  for (const dir of GENERATOR_SEARCH_PATH) {
    let entries: string[];
    try {
      entries = readdirSync(hostPath(dir)).sort();
    } catch {
      continue;
    }
    for (const e of entries) if (!found.has(e)) found.set(e, path.join(hostPath(dir), e));
  }
  const runnable = [...found].filter(
    ([name, file]) => !name.startsWith('systemd-') && isExecutable(file),
  );
  if (runnable.length === 0) return [];
  const outputs = GENERATOR_OUTPUT.map(hostPath);
  try {
    // Output from an earlier boot (or daemon-reload) is replaced, never merged.
    for (const dir of outputs) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true, mode: 0o755 });
    }
  } catch (err) {
    return runnable.map(([name]) => ({
      name,
      ok: false,
      message: `cannot prepare ${outputs[0]}: ${(err as Error).message}`,
    }));
  }
  return runnable.map(([name, file]) => {
    const r = spawnSync(file, outputs, {
      timeout: TIMEOUT_MS,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: DEFAULT_PATH, SYSTEMD_SCOPE: 'system' },
    });
    if (r.status === 0) return { name, ok: true };
    const why = r.error
      ? r.error.message
      : r.signal
        ? `killed by ${r.signal}`
        : `exit status ${r.status}`;
    return {
      name,
      ok: false,
      message: `${why}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n').pop()}` : ''}`,
    };
  });
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
