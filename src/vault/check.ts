/**
 * `bosun vault check [DIR]`: per vault file, encrypted (whole file or inline values) or clear,
 * which vault-id, whether the available passwords open it. Exit 1 when a file that should be
 * encrypted (`*.yml`/`*.yaml` not named `*.clear.yml`) is in clear — a CI gate.
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

async function checkFile(file: string, rel: string, secrets: VaultSecrets): Promise<CheckedFile> {
  const text = await fs.readFile(file, 'utf8');
  const shouldBeEncrypted = !/\.clear\.ya?ml$/i.test(file);
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
    return { file: rel, state: 'inline', vaultId, ...r, shouldBeEncrypted, ok: r.opens !== false };
  }
  return { file: rel, state: 'clear', opens: null, shouldBeEncrypted, ok: !shouldBeEncrypted };
}

export async function checkVaults(
  io: VaultIo,
  dir: string,
  secrets: VaultSecrets,
  json: boolean,
): Promise<number> {
  const root = path.resolve(io.cwd, dir);
  let files: string[];
  try {
    files = await yamlFiles(root);
  } catch (err) {
    throw new VaultError(
      'vault-io',
      `cannot read directory ${dir}: ${errnoCode(err) ?? String(err)}`,
      { file: dir },
    );
  }
  const results: CheckedFile[] = [];
  for (const f of files) results.push(await checkFile(f, path.relative(io.cwd, f) || f, secrets));
  const ok = results.every((r) => r.ok);
  if (json) io.stdout.write(JSON.stringify({ ok, files: results }, null, 2) + '\n');
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
          ? ' — SHOULD BE ENCRYPTED (or be named *.clear.yml)'
          : '';
      io.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.file}: ${what}${opens}${gate}\n`);
    }
    if (results.length === 0) io.stdout.write(`no YAML files under ${dir}\n`);
  }
  return ok ? 0 : 1;
}
