/**
 * The vault password options `bosun vault` and `bosun render` share with ansible-vault
 * (`--vault-id`, `--vault-password-file`/`--vault-pass-file`, `--ask-vault-pass`), and the
 * password sources they select, prompting on the terminal as ansible-vault does.
 */
import type { CliContext } from './context.js';
import type { LoadSecretsOptions } from '../vault/index.js';
import { terminalPrompt } from '../vault/prompt.js';

export const VAULT_PASSWORD_OPTIONS = {
  'vault-id': { type: 'string', multiple: true },
  'vault-password-file': { type: 'string', multiple: true },
  'vault-pass-file': { type: 'string', multiple: true },
  'ask-vault-pass': { type: 'boolean', short: 'J' },
} as const;

export interface VaultPasswordValues {
  'vault-id'?: string[];
  'vault-password-file'?: string[];
  'vault-pass-file'?: string[];
  'ask-vault-pass'?: boolean;
  env?: string;
}

/** Whether any password source was named on the command line. */
export function vaultPasswordGiven(v: VaultPasswordValues): boolean {
  return Boolean(
    v['vault-id']?.length ||
    v['vault-password-file']?.length ||
    v['vault-pass-file']?.length ||
    v['ask-vault-pass'],
  );
}

/** loadSecrets() options for these values; `more` adds or overrides (files, confirm…). */
export function vaultSecretOptions(
  v: VaultPasswordValues,
  ctx: CliContext,
  more: Partial<LoadSecretsOptions> = {},
): LoadSecretsOptions {
  return {
    vaultIds: v['vault-id'] ?? [],
    passwordFiles: [...(v['vault-password-file'] ?? []), ...(v['vault-pass-file'] ?? [])],
    askVaultPass: Boolean(v['ask-vault-pass']),
    autoPrompt: true,
    confirm: false,
    env: ctx.env,
    envName: v.env,
    cwd: ctx.cwd,
    prompt: terminalPrompt(ctx),
    warn: (m) => ctx.stderr.write(`[WARNING]: ${m}\n`),
    ...more,
  };
}
