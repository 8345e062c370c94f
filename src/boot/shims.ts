/**
 * `bosun shims install DIR`: symlinks named ansible-playbook, ansible, ansible-vault and
 * systemctl pointing at this bosun (the single executable, or the bundle via its shebang). The CLI
 * dispatches on the invoked name (argv[1] keeps the link's path for both forms), so scripts and
 * images that call Ansible or systemctl by name run bosun.
 */
import { lstatSync, mkdirSync, readlinkSync, renameSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { errnoCode } from '../errors.js';
import { BootError } from './errors.js';

export const SHIM_NAMES = [
  'ansible-playbook',
  'ansible',
  'ansible-vault',
  'systemctl',
  'systemd-tmpfiles',
] as const;

export interface ShimResult {
  name: string;
  path: string;
  action: 'created' | 'replaced' | 'unchanged';
}

export function installShims(
  dir: string,
  target: string,
  force = false,
  names: readonly string[] = SHIM_NAMES,
): ShimResult[] {
  mkdirSync(dir, { recursive: true });
  // Check every name first: either all links are made or none (no partial install).
  const plan: ShimResult[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let existing: string | null = null;
    try {
      const st = lstatSync(file);
      existing = st.isSymbolicLink() ? readlinkSync(file) : '';
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
    if (existing === null) plan.push({ name, path: file, action: 'created' });
    else if (existing === target) plan.push({ name, path: file, action: 'unchanged' });
    else if (force) plan.push({ name, path: file, action: 'replaced' });
    else
      throw new BootError(
        'shim-exists',
        `${file} already exists${existing ? ` (a link to ${existing})` : ''}; use --force to replace it`,
      );
  }
  for (const item of plan) {
    if (item.action === 'unchanged') continue;
    // Link under a temporary name and rename over: replacing is atomic.
    const tmp = `${item.path}.bosun-tmp-${process.pid}`;
    symlinkSync(target, tmp);
    renameSync(tmp, item.path);
  }
  return plan;
}
