import { mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Logger } from '../../src/log/logger.js';
import {
  startSupervisor,
  type Supervisor,
  type SupervisorOptions,
} from '../../src/supervise/index.js';
import { tempDir } from '../helpers/tmp.js';

/** A temp root with unit files; `enable` links units into multi-user.target.wants. */
export function unitRoot(units: Record<string, string>, enable: string[] = []): string {
  const root = tempDir('bosun-units-');
  const dir = path.join(root, 'etc/systemd/system');
  mkdirSync(path.join(dir, 'multi-user.target.wants'), { recursive: true });
  for (const [name, text] of Object.entries(units)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  for (const name of enable)
    symlinkSync(
      `/etc/systemd/system/${name.replace(/@[^.]+\./, '@.')}`,
      path.join(dir, 'multi-user.target.wants', name),
    );
  mkdirSync(path.join(root, 'run'), { recursive: true });
  return root;
}

/** Link `wanted` into `unit.wants/` under root (what `systemctl add-wants` or a generator does). */
export function linkWants(root: string, unit: string, wanted: string): void {
  const dir = path.join(root, 'etc/systemd/system', `${unit}.wants`);
  mkdirSync(dir, { recursive: true });
  symlinkSync(`/etc/systemd/system/${wanted.replace(/@[^.]+\./, '@.')}`, path.join(dir, wanted));
}

export interface Captured {
  output: () => string;
  logs: () => string;
}

export function supervise(
  root: string,
  options: Partial<SupervisorOptions> = {},
): Supervisor & Captured {
  const out = new PassThrough();
  let output = '';
  out.on('data', (c: Buffer) => {
    output += c.toString();
  });
  let logs = '';
  const logger = new Logger({
    sink: {
      write: (s: string) => {
        logs += s;
      },
    },
    level: 'debug',
  });
  const sup = startSupervisor({
    root,
    controlSocket: null,
    handleSignals: false,
    logger,
    stdout: out,
    managerEnv: { PATH: process.env.PATH, SECRET_TOKEN: 'do-not-leak', TZ: 'UTC' },
    ...options,
  });
  return Object.assign(sup, { output: () => output, logs: () => logs });
}

export async function waitFor(
  cond: () => boolean,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
