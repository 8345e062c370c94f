/**
 * Environment vault sets (the seed's convention): for an environment NAME, the files
 * `default.yml app.yml NAME.clear.yml NAME.yml local.yml NAME.local.yml` and then those named by
 * `A_EXTRA_VAULTS`, each looked up in the folders `.ansible/vaults` then `local/` (or
 * `A_VAULTS_FOLDERS`), the first folder holding a name winning. Later files win. Any file may be
 * vault-encrypted (whole file or inline `!vault` values). Used by `bosun play --env`, `bosun
 * render --env` and `bosun boot`.
 */
import { boolean } from '../ansible/boolean.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PyValue } from '../py/values.js';
import { VarsError } from './errors.js';
import { combineVars, type HashBehaviour } from './merge.js';
import { parseYamlFile, type Decrypt } from './parse.js';
import type { VaultSecrets } from '../vault/index.js';

export interface VaultSetOptions {
  /** Environment name; default `APP_ENV_NAME` then `A_ENV_NAME` from `environ`. */
  env?: string;
  /** Folders are relative to this directory. */
  cwd: string;
  /** Vault secrets (or a decrypt function); without them an encrypted file is an error naming it. */
  secrets?: VaultSecrets;
  /** Environment variables to read (A_VAULTS_FOLDERS, A_EXTRA_VAULTS, NO_DEFAULT_VAULTS…). */
  environ?: NodeJS.ProcessEnv;
  hashBehaviour?: HashBehaviour;
}

export interface VaultSetPlan {
  env: string | undefined;
  /** Existing files, in load order. */
  files: string[];
}

const DEFAULT_FOLDERS = ['.ansible/vaults', 'local'];

function splitList(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,:]+/).filter(Boolean);
}

/** Which files a vault set consists of (only those that exist), in load order. */
export function planVaultSet(options: VaultSetOptions): VaultSetPlan {
  const environ = options.environ ?? process.env;
  const env = options.env || environ.APP_ENV_NAME || environ.A_ENV_NAME || undefined;
  const disabled = boolean(environ.NO_DEFAULT_VAULTS ?? '', false);
  const names: string[] = [];
  if (!disabled) {
    names.push('default.yml', 'app.yml');
    if (env) names.push(`${env}.clear.yml`, `${env}.yml`);
    names.push('local.yml');
    if (env) names.push(`${env}.local.yml`);
  }
  for (const extra of splitList(environ.A_EXTRA_VAULTS))
    names.push(/\.ya?ml$/.test(extra) ? extra : `${extra}.yml`);
  const folders = environ.A_VAULTS_FOLDERS ? splitList(environ.A_VAULTS_FOLDERS) : DEFAULT_FOLDERS;
  const files: string[] = [];
  for (const name of names) {
    if (path.isAbsolute(name)) {
      if (existsSync(name)) files.push(name);
      continue;
    }
    for (const folder of folders) {
      const candidate = path.resolve(options.cwd, folder, name);
      if (existsSync(candidate)) {
        files.push(candidate);
        break;
      }
    }
  }
  return { env, files };
}

/** Load a vault set as one variables map (later files win; hash_behaviour applies). */
export async function loadVaultSet(options: VaultSetOptions): Promise<Map<string, PyValue>> {
  const plan = planVaultSet(options);
  const decrypt = toDecrypt(options.secrets);
  let vars = new Map<string, PyValue>();
  // Read and decrypted concurrently (several files' key derivations run in parallel), merged in order.
  // An error is the first file's in load order, as when they were loaded one by one.
  const loaded = await Promise.allSettled(plan.files.map((file) => parseYamlFile(file, decrypt)));
  for (const [i, result] of loaded.entries()) {
    if (result.status === 'rejected') throw result.reason;
    const file = plan.files[i]!;
    const { value } = result.value;
    if (value === null) continue;
    if (!(value instanceof Map))
      throw new VarsError('vars-type', 'a vault set file must hold a mapping of variables', {
        file,
      });
    vars = combineVars(vars, value, options.hashBehaviour);
  }
  return vars;
}

/** The secrets to decrypt with (undefined when there are none). */
export function toDecrypt(secrets: VaultSecrets | undefined): Decrypt | undefined {
  return secrets && secrets.length ? secrets : undefined;
}
