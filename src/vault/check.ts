/**
 * `bosun vault check [DIR]`: per vault file, encrypted (whole file or inline values) or clear,
 * which vault-id, whether the available passwords open it. As in the seed's layout any file may
 * be clear or encrypted; a policy names those that must be encrypted (`--require-encrypted
 * 'prod.yml,*.yml'`, or `vault: {require_encrypted: [...]}` in the project's `bosun.yml`). Exit 1
 * when a required file is in clear or a file does not open — a CI gate. An encrypted file no
 * password was given for is reported as not checked.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { errnoCode } from '../errors.js';
import { VaultError } from './errors.js';
import { isEncrypted, parseEnvelope } from './format.js';
import { decryptWith, type VaultSecrets } from './secrets.js';
import type { VaultIo } from './io.js';

interface CheckedFile {
  file: string;
  state: 'encrypted' | 'inline' | 'clear';
  vaultId?: string;
  /** null: no password available to try. */
  opens: boolean | null;
  shouldBeEncrypted: boolean;
  ok: boolean;
  /** ok, FAIL, or not checked (encrypted, no password to try). */
  status: 'ok' | 'fail' | 'unchecked';
  error?: string;
}

async function yamlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await yamlFiles(p)));
    else if (/\.ya?ml$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** The first inline `!vault |` block of a YAML text, dedented. */
function firstInline(text: string): string | undefined {
  const m = /!vault\s*[|>][-+]?[ \t]*\r?\n((?:[ \t]+\S[^\n]*\n?)+)/.exec(text);
  return m?.[1]
    ?.split('\n')
    .map((l) => l.trim())
    .join('\n');
}

function tryOpen(
  vaultText: string,
  secrets: VaultSecrets,
  file: string,
): { opens: boolean | null; error?: string } {
  if (secrets.length === 0) return { opens: null };
  try {
    decryptWith(vaultText, secrets, { file });
    return { opens: true };
  } catch (err) {
    return { opens: false, error: err instanceof VaultError ? err.message : String(err) };
  }
}

/** `*`, `?`, `[…]` globs; a pattern with a `/` matches the path under the vaults folder, else the name. */
function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re +=
          '[' +
          glob
            .slice(i + 1, end)
            .replace(/^!/, '^')
            .replace(/\\/g, '\\\\') +
          ']';
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Which files must be encrypted: `--require-encrypted` globs, else bosun.yml's, else none. */
function requireEncryptedPolicy(globs: readonly string[]): (rel: string) => boolean {
  const res = globs.map((g) => ({ re: globRegExp(g), path: g.includes('/') }));
  return (rel) => res.some(({ re, path: p }) => re.test(p ? rel : path.basename(rel)));
}

/** `vault: {require_encrypted: [...]}` (a list or a comma-separated string) of `bosun.yml` in `dir`. */
export async function projectPolicy(dir: string): Promise<string[] | undefined> {
  const file = path.join(dir, 'bosun.yml');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw new VaultError('vault-io', `cannot read ${file}: ${errnoCode(err) ?? String(err)}`, {
      file,
    });
  }
  const { loadYaml } = await import('../yaml/load.js');
  const bad = (): VaultError =>
    new VaultError(
      'vault-policy',
      'vault.require_encrypted must be a list of file name globs (e.g. [prod.yml, "*.yml"])',
      { file },
    );
  const top = loadYaml(text, { file }).value;
  const vault = top instanceof Map ? (top.get('vault') as unknown) : undefined;
  const list = vault instanceof Map ? (vault.get('require_encrypted') as unknown) : undefined;
  if (list === undefined || list === null) return undefined;
  if (typeof list === 'string')
    return list
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean);
  if (!Array.isArray(list) || !list.every((g) => typeof g === 'string')) throw bad();
  return list;
}

async function checkFile(
  file: string,
  rel: string,
  secrets: VaultSecrets,
  shouldBeEncrypted = false,
): Promise<CheckedFile> {
  const text = await fs.readFile(file, 'utf8');
  if (isEncrypted(text)) {
    let vaultId: string | undefined;
    try {
      vaultId = parseEnvelope(text, rel).vaultId ?? 'default';
    } catch (err) {
      return {
        file: rel,
        state: 'encrypted',
        opens: false,
        shouldBeEncrypted,
        ok: false,
        status: 'fail',
        error: err instanceof Error ? err.message : String(err),
      };
    }
    const r = tryOpen(text, secrets, rel);
    return {
      file: rel,
      state: 'encrypted',
      vaultId,
      ...r,
      shouldBeEncrypted,
      ok: r.opens !== false,
      status: statusOf(r.opens),
    };
  }
  const inline = firstInline(text);
  if (inline) {
    let vaultId = 'default';
    try {
      vaultId = parseEnvelope(inline, rel).vaultId ?? 'default';
    } catch {
      /* reported by tryOpen */
    }
    const r = tryOpen(inline, secrets, rel);
    return {
      file: rel,
      state: 'inline',
      vaultId,
      ...r,
      shouldBeEncrypted,
      ok: r.opens !== false,
      status: statusOf(r.opens),
    };
  }
  return {
    file: rel,
    state: 'clear',
    opens: null,
    shouldBeEncrypted,
    ok: !shouldBeEncrypted,
    status: shouldBeEncrypted ? 'fail' : 'ok',
  };
}

function statusOf(opens: boolean | null): CheckedFile['status'] {
  return opens === null ? 'unchecked' : opens ? 'ok' : 'fail';
}

/** The YAML files under a vaults folder (recursively, sorted). */
export async function vaultFiles(io: VaultIo, dir: string): Promise<string[]> {
  try {
    return await yamlFiles(path.resolve(io.cwd, dir));
  } catch (err) {
    throw new VaultError(
      'vault-io',
      `cannot read directory ${dir}: ${errnoCode(err) ?? String(err)}`,
      { file: dir },
    );
  }
}

export interface CheckOptions {
  dir: string;
  files: string[];
  secrets: VaultSecrets;
  /** Globs of the files that must be encrypted (empty: none). */
  requireEncrypted: readonly string[];
  json: boolean;
}

export async function checkVaults(io: VaultIo, o: CheckOptions): Promise<number> {
  const root = path.resolve(io.cwd, o.dir);
  const required = requireEncryptedPolicy(o.requireEncrypted);
  const results: CheckedFile[] = [];
  for (const f of o.files)
    results.push(
      await checkFile(
        f,
        path.relative(io.cwd, f) || f,
        o.secrets,
        required(path.relative(root, f)),
      ),
    );
  const ok = results.every((r) => r.ok);
  const unchecked = results.filter((r) => r.status === 'unchecked').map((r) => r.file);
  if (o.json)
    io.stdout.write(
      JSON.stringify(
        { ok, unchecked, requireEncrypted: o.requireEncrypted, files: results },
        null,
        2,
      ) + '\n',
    );
  else {
    for (const r of results) {
      const what =
        r.state === 'clear'
          ? 'clear'
          : `${r.state === 'inline' ? 'inline !vault values' : 'encrypted'} (vault-id ${r.vaultId})`;
      const opens =
        r.opens === null
          ? r.state === 'clear'
            ? ''
            : ', no password to try'
          : r.opens
            ? ', opens'
            : `, does NOT open${r.error ? `: ${r.error}` : ''}`;
      const gate =
        r.state === 'clear' && r.shouldBeEncrypted
          ? ' — SHOULD BE ENCRYPTED (required by the policy)'
          : '';
      const tag = r.status === 'ok' ? 'ok  ' : r.status === 'fail' ? 'FAIL' : 'SKIP';
      io.stdout.write(`${tag} ${r.file}: ${what}${opens}${gate}\n`);
    }
    if (results.length === 0) io.stdout.write(`no YAML files under ${o.dir}\n`);
    if (unchecked.length)
      io.stdout.write(
        `${unchecked.length} encrypted file(s) not checked: no password to try (--vault-password-file, --vault-id, $CORPUSOPS_VAULT_PASSWORD_<ENV>, $CORPUSOPS_VAULT_PASSWORD, $ANSIBLE_VAULT_PASSWORD_FILE)\n`,
      );
  }
  return ok ? 0 : 1;
}
