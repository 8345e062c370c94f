/**
 * Whether the reconfigure needs a vault password: an encrypted member of the vault set (the
 * /setup vault files included), inline `!vault` values in one of them, in $A_RECONFIGURE or in
 * the reconfigure playbook. Checked only when no source gave a password, so that boot fails at
 * once, before anything runs, instead of at the first secret.
 */
import { readFileSync } from 'node:fs';
import { isEncrypted } from '../vault/index.js';
import { planVaultSet } from '../vars/vaultsets.js';

const INLINE = /!vault\b/;

function needs(where: string, text: string): string | null {
  if (isEncrypted(text)) return `${where} is encrypted`;
  return INLINE.test(text) ? `${where} has inline !vault values` : null;
}

/** Why a password is needed (`FILE is encrypted`, `$A_RECONFIGURE has inline !vault values`), or null. */
export function passwordNeededBy(o: {
  env?: string;
  project: string;
  playbook?: string;
  environ: NodeJS.ProcessEnv;
}): string | null {
  const files = planVaultSet({ env: o.env, cwd: o.project, environ: o.environ }).files;
  if (o.playbook) files.push(o.playbook);
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // reported where the file is loaded
    }
    const why = needs(file, text);
    if (why) return why;
  }
  const reconfigure = o.environ.A_RECONFIGURE;
  return reconfigure ? needs('$A_RECONFIGURE', reconfigure) : null;
}
