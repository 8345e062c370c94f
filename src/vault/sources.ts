/**
 * Where vault passwords come from, as in Ansible: `--vault-id label@source` where source is a
 * file (whitespace stripped, possibly itself vaulted), an executable (its stdout; `*-client`
 * scripts get `--vault-id LABEL`, exit 2 = unknown id) or `prompt`; `--vault-password-file`;
 * `--ask-vault-pass`; ANSIBLE_VAULT_IDENTITY_LIST / ANSIBLE_VAULT_PASSWORD_FILE; and the seed's
 * `CORPUSOPS_VAULT_PASSWORD_<ENV>` / `CORPUSOPS_VAULT_PASSWORD` environment variables.
 */
import { promises as fs, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errnoCode } from '../errors.js';
import { VaultError } from './errors.js';
import { secret, decrypt, type VaultSecret, type VaultSecrets } from './secrets.js';
import { isEncrypted } from './format.js';
import { childEnv } from './io.js';

/** Asks the user for a password without echo; `confirm` asks twice and compares. */
export type PromptFn = (
  message: string,
  options: { confirm: boolean; confirmMessage?: string; echo?: boolean },
) => Promise<string>;

export interface LoadSecretsOptions {
  /** `--vault-id` values (`label@source` or `source`). */
  vaultIds?: readonly string[];
  /** `--vault-password-file` values. */
  passwordFiles?: readonly string[];
  askVaultPass?: boolean;
  /** Prompt when no other source gives a secret (ansible-vault does for every command). */
  autoPrompt?: boolean;
  /** Ask for confirmation on prompts (creating new vault text). */
  confirm?: boolean;
  /** Environment read for ANSIBLE_VAULT_* and CORPUSOPS_VAULT_PASSWORD*; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Environment name for CORPUSOPS_VAULT_PASSWORD_<ENV> (`--env`). */
  envName?: string;
  /** Vault files about to be used: their names give ENV when envName is not set. */
  files?: readonly string[];
  /** Base for relative password file paths; default process.cwd(). */
  cwd?: string;
  prompt?: PromptFn;
  /** Read ANSIBLE_VAULT_IDENTITY_LIST / ANSIBLE_VAULT_PASSWORD_FILE (default true). */
  ansibleEnv?: boolean;
  /** Told about a password source that failed while others may still succeed (Ansible warns). */
  warn?: (message: string) => void;
  /** Default label for sources given without one (ANSIBLE_VAULT_IDENTITY, else 'default'). */
  defaultId?: string;
}

export interface VaultIdSpec {
  id: string;
  source: string;
}

/** Split `label@source`; a bare source gets the default label. */
export function parseVaultId(spec: string, defaultId = 'default'): VaultIdSpec {
  const at = spec.indexOf('@');
  if (at < 0) return { id: defaultId, source: spec };
  return { id: spec.slice(0, at) || defaultId, source: spec.slice(at + 1) };
}

/** ENV of a vault file named `<env>.yml` / `<env>.clear.yml`, as the seed's tooling derived it. */
export function envNameOfFile(file: string): string | undefined {
  const base = path.basename(file).replace(/\.(clear\.)?ya?ml$/i, '');
  return base && base !== path.basename(file) ? base : undefined;
}

function envVarName(envName: string): string {
  return `CORPUSOPS_VAULT_PASSWORD_${envName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The vault-id specs Ansible would build from these options (without reading anything). */
export function vaultIdSpecs(options: LoadSecretsOptions): VaultIdSpec[] {
  const env = options.env ?? process.env;
  const useAnsibleEnv = options.ansibleEnv ?? true;
  const defaultId =
    options.defaultId ?? (useAnsibleEnv ? env.ANSIBLE_VAULT_IDENTITY : undefined) ?? 'default';
  const specs: VaultIdSpec[] = [];
  const list =
    useAnsibleEnv && env.ANSIBLE_VAULT_IDENTITY_LIST
      ? env.ANSIBLE_VAULT_IDENTITY_LIST.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  for (const s of [...list, ...(options.vaultIds ?? [])]) specs.push(parseVaultId(s, defaultId));
  const files = [...(options.passwordFiles ?? [])];
  if (useAnsibleEnv && env.ANSIBLE_VAULT_PASSWORD_FILE) files.push(env.ANSIBLE_VAULT_PASSWORD_FILE);
  for (const f of files) specs.push({ id: defaultId, source: f });
  if (options.askVaultPass) specs.push({ id: defaultId, source: 'prompt_ask_vault_pass' });
  return specs;
}

/** Build the secrets from every configured source, in Ansible's order. */
export async function loadSecrets(options: LoadSecretsOptions = {}): Promise<VaultSecret[]> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const out: VaultSecret[] = [];
  // As Ansible: a failing file/script source is a warning while another source gives a secret;
  // the last failure is raised only when none does. Prompt failures are raised at once.
  let lastError: VaultError | undefined;
  for (const spec of vaultIdSpecs(options)) {
    try {
      out.push(
        await readSource(spec, {
          cwd,
          env,
          secrets: out,
          prompt: options.prompt,
          confirm: options.confirm ?? false,
        }),
      );
    } catch (err) {
      if (
        spec.source === 'prompt' ||
        spec.source === 'prompt_ask_vault_pass' ||
        !(err instanceof VaultError)
      )
        throw err;
      options.warn?.(`Error getting vault password file (${spec.id}): ${err.message}`);
      lastError = err;
    }
  }
  if (lastError !== undefined && out.length === 0) throw lastError;
  // The seed's convention: per-environment then global password in the environment.
  const envNames = new Set<string>();
  if (options.envName) envNames.add(options.envName);
  else
    for (const f of options.files ?? []) {
      const n = envNameOfFile(f);
      if (n) envNames.add(n);
    }
  for (const name of envNames) {
    const pw = env[envVarName(name)];
    if (pw) out.push(secret('default', pw));
  }
  if (env.CORPUSOPS_VAULT_PASSWORD) out.push(secret('default', env.CORPUSOPS_VAULT_PASSWORD));
  if (out.length === 0 && options.autoPrompt && options.prompt) {
    out.push(
      await readSource(
        { id: options.defaultId ?? 'default', source: 'prompt_ask_vault_pass' },
        { cwd, env, secrets: out, prompt: options.prompt, confirm: options.confirm ?? false },
      ),
    );
  }
  return dedupe(out);
}

function dedupe(list: VaultSecret[]): VaultSecret[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    const k = `${s.id}\0${s.password}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

interface ReadContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  secrets: VaultSecrets;
  prompt?: PromptFn;
  confirm: boolean;
}

async function readSource(spec: VaultIdSpec, ctx: ReadContext): Promise<VaultSecret> {
  if (spec.source === 'prompt' || spec.source === 'prompt_ask_vault_pass') {
    if (!ctx.prompt)
      throw new VaultError(
        'vault-password',
        `vault-id ${spec.id}: a password prompt was requested but no terminal is available`,
      );
    const labelled = spec.source === 'prompt';
    const message = ctx.confirm
      ? labelled
        ? `New vault password (${spec.id}): `
        : 'New Vault password: '
      : labelled
        ? `Vault password (${spec.id}): `
        : 'Vault password: ';
    const confirmMessage = labelled
      ? `Confirm new vault password (${spec.id}): `
      : 'Confirm New Vault password: ';
    const pw = await ctx.prompt(message, { confirm: ctx.confirm, confirmMessage });
    if (pw.length === 0)
      throw new VaultError(
        'vault-password',
        'Invalid vault password was provided from prompt: empty password',
      );
    return secret(spec.id, pw);
  }
  const file = path.resolve(ctx.cwd, spec.source.replace(/^~(?=$|\/)/, os.homedir()));
  let st;
  try {
    st = await fs.stat(file);
  } catch (err) {
    const why =
      errnoCode(err) === 'ENOENT'
        ? 'was not found'
        : `cannot be read (${errnoCode(err) ?? String(err)})`;
    throw new VaultError('vault-password', `the vault password file ${spec.source} ${why}`, {
      file: spec.source,
    });
  }
  if (st.isFile() && (st.mode & 0o111) !== 0 && (await canExecute(file)))
    return readScript(spec, file, ctx.env);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new VaultError(
      'vault-password',
      `the vault password file ${spec.source} cannot be read (${errnoCode(err) ?? String(err)})`,
      { file: spec.source },
    );
  }
  let pw = text.trim();
  // A password file may itself be vaulted with a password given earlier on the command line.
  if (isEncrypted(pw)) pw = decrypt(pw, ctx.secrets, { file: spec.source }).trim();
  if (pw.length === 0)
    throw new VaultError(
      'vault-password',
      `Invalid vault password was provided from file (${spec.source}): empty password`,
      { file: spec.source },
    );
  return secret(spec.id, pw);
}

async function canExecute(file: string): Promise<boolean> {
  try {
    await fs.access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isClientScript(file: string): boolean {
  return path
    .basename(file)
    .replace(/\.[^.]*$/, '')
    .endsWith('-client');
}

async function readScript(
  spec: VaultIdSpec,
  file: string,
  env: NodeJS.ProcessEnv,
): Promise<VaultSecret> {
  const client = isClientScript(file);
  const args = client ? ['--vault-id', spec.id] : [];
  // Loaded on demand: child_process is not needed by the common file/env password sources.
  const { run, ProcessError } = await import('../process/run.js');
  let result;
  try {
    result = await run(file, args, { reject: false, timeoutMs: 120_000, env: childEnv(env) });
  } catch (err) {
    const why = err instanceof ProcessError ? err.message : String(err);
    throw new VaultError(
      'vault-password',
      `vault password script ${spec.source} could not be run: ${why}`,
      { file: spec.source, cause: err },
    );
  }
  const stderr = result.stderr.toString('utf8').trim().split('\n')[0] ?? '';
  if (client && result.exitCode === 2) {
    throw new VaultError(
      'vault-password',
      `vault password client script ${spec.source} did not find a secret for vault-id=${spec.id}${stderr ? `: ${stderr}` : ''}`,
      { file: spec.source },
    );
  }
  if (result.exitCode !== 0) {
    throw new VaultError(
      'vault-password',
      `vault password script ${spec.source} returned non-zero (${result.exitCode ?? result.signal})${stderr ? `: ${stderr}` : ''}`,
      { file: spec.source },
    );
  }
  const pw = result.stdout.toString('utf8').replace(/^[\r\n]+|[\r\n]+$/g, '');
  if (pw.length === 0)
    throw new VaultError(
      'vault-password',
      `Invalid vault password was provided from script (${spec.source}): empty password`,
      { file: spec.source },
    );
  return secret(spec.id, pw);
}
