/**
 * The file operations behind `bosun vault` (encrypt, decrypt, view, rekey, edit, create,
 * encrypt_string), independent of argv: the CLI resolves options and secrets, then calls these.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrivateDir, createTempFile } from '../fs/tempfile.js';
import { VaultError } from './errors.js';
import { isEncrypted } from './format.js';
import { decryptWith, encrypt, type VaultSecret, type VaultSecrets } from './secrets.js';
import { childEnv, readInput, resolvePath, writeOutput, type VaultIo } from './io.js';

export async function encryptFile(
  io: VaultIo,
  file: string,
  secret: VaultSecret,
  output?: string,
): Promise<void> {
  const data = await readInput(io, file);
  if (isEncrypted(data))
    throw new VaultError('vault-already-encrypted', 'input is already encrypted', { file });
  const target = output ?? file;
  if (target !== file && target !== '-' && (await sameVaultedContent(io, target, data, secret)))
    return;
  await writeOutput(io, target, encrypt(data, secret));
}

/**
 * True when `target` already holds `plaintext` encrypted with `secret`: re-encrypting would only
 * change the random salt, so the file is left byte-identical (no diff noise in git).
 */
async function sameVaultedContent(
  io: VaultIo,
  target: string,
  plaintext: Buffer,
  secret: VaultSecret,
): Promise<boolean> {
  let existing: string;
  try {
    existing = await fs.readFile(resolvePath(io, target), 'utf8');
  } catch {
    return false;
  }
  if (!isEncrypted(existing)) return false;
  try {
    const r = decryptWith(existing, [secret]);
    return (r.headerId ?? 'default') === secret.id && r.plaintext.equals(plaintext);
  } catch {
    return false;
  }
}

export async function decryptFile(
  io: VaultIo,
  file: string,
  secrets: VaultSecrets,
  output?: string,
): Promise<void> {
  const data = await readInput(io, file);
  if (!isEncrypted(data))
    throw new VaultError('vault-not-encrypted', 'input is not vault encrypted data', { file });
  const { plaintext } = decryptWith(data, secrets, { file });
  await writeOutput(io, output ?? file, plaintext);
}

export async function viewFile(io: VaultIo, file: string, secrets: VaultSecrets): Promise<void> {
  const data = await readInput(io, file);
  if (!isEncrypted(data))
    throw new VaultError('vault-not-encrypted', 'input is not vault encrypted data', { file });
  const { plaintext } = decryptWith(data, secrets, { file });
  const pager = io.env.PAGER ?? 'less';
  if (!io.stdout.isTTY || pager.trim() === '') {
    await writeOutput(io, '-', plaintext);
    return;
  }
  // On a terminal, page like ansible-vault (LESS=FRSX so short files print and return). The
  // pager reads a private tmpfs copy: the process runner passes stdio through, not a pipe.
  const { withPrivateFile } = await import('./private-dir.js');
  const { run } = await import('../process/run.js');
  const [cmd = 'less', ...args] = pager.trim().split(/\s+/);
  await withPrivateFile(file, plaintext, async (tmp) => {
    const r = await run(cmd, [...args, tmp], {
      inherit: true,
      reject: false,
      env: childEnv(io.env, { LESS: io.env.LESS ?? 'FRSX' }),
    });
    if (r.exitCode === 127 || r.exitCode === null) await writeOutput(io, '-', plaintext);
  });
}

export async function rekeyFile(
  io: VaultIo,
  file: string,
  secrets: VaultSecrets,
  next: VaultSecret,
): Promise<void> {
  const data = await readInput(io, file);
  if (!isEncrypted(data))
    throw new VaultError('vault-not-encrypted', 'input is not vault encrypted data', { file });
  const { plaintext } = decryptWith(data, secrets, { file });
  await writeOutput(io, file, encrypt(plaintext, next));
}

/** Split $EDITOR as Ansible does (shlex: quotes and backslashes), default vi. */
function editorCommand(env: NodeJS.ProcessEnv): [string, string[]] {
  const parts = shlexSplit((env.EDITOR ?? env.VISUAL ?? 'vi').trim());
  return [parts[0] ?? 'vi', parts.slice(1)];
}

/** POSIX-shell word splitting without expansions (Python's shlex.split). */
function shlexSplit(s: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < s.length && '"\\$`'.includes(s[i + 1]!))
        word = (word ?? '') + (s[++i] ?? '');
      else word += c;
      continue;
    }
    if (/\s/.test(c)) {
      if (word !== null) {
        words.push(word);
        word = null;
      }
      continue;
    }
    word ??= '';
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\' && i + 1 < s.length) word += s[++i];
    else word += c;
  }
  if (quote) throw new VaultError('vault-io', `unbalanced quote in $EDITOR: ${s}`);
  if (word !== null) words.push(word);
  return words;
}

async function runEditor(io: VaultIo, plaintext: Uint8Array, name: string): Promise<Buffer> {
  const { withPrivateFile } = await import('./private-dir.js');
  return withPrivateFile(name, plaintext, async (tmp) => {
    const [cmd, args] = editorCommand(io.env);
    const { run } = await import('../process/run.js');
    const r = await run(cmd, [...args, tmp], {
      inherit: true,
      reject: false,
      cwd: io.cwd,
      env: childEnv(io.env),
    });
    if (r.exitCode !== 0) {
      throw new VaultError(
        'vault-io',
        `editor ${cmd} exited with ${r.exitCode ?? r.signal}; nothing written`,
        { file: name },
      );
    }
    return fs.readFile(tmp);
  });
}

/** Edit in place; unchanged plaintext leaves the file byte-identical. */
export async function editFile(io: VaultIo, file: string, secrets: VaultSecrets): Promise<void> {
  const data = await readInput(io, file);
  if (!isEncrypted(data))
    throw new VaultError('vault-not-encrypted', 'input is not vault encrypted data', { file });
  const opened = decryptWith(data, secrets, { file });
  const edited = await runEditor(io, opened.plaintext, file);
  if (Buffer.compare(edited, opened.plaintext) === 0) return;
  const secret = secrets.find((s) => s.id === opened.vaultId) ?? secrets[0]!;
  const vaulted = encrypt(edited, secret);
  try {
    await writeOutput(io, file, vaulted);
  } catch (err) {
    throw keepEdits(err, file, vaulted);
  }
}

/**
 * The final write failed: the user's edits are not thrown away. They are kept encrypted (no
 * plaintext on disk) in a fresh 0600 file of a private 0700 directory, and the error says where.
 */
function keepEdits(err: unknown, file: string, vaulted: string): unknown {
  if (!(err instanceof VaultError)) return err;
  try {
    const dir = createPrivateDir(os.tmpdir(), 'bosun-vault-edits-');
    const kept = createTempFile(dir, {
      prefix: `${path.basename(file)}.`,
      suffix: '.vault',
      data: vaulted,
    });
    return new VaultError(
      'vault-io',
      `${err.message}; your edits are kept, encrypted, in ${kept.path} (mode 0600)`,
      { file, cause: err },
    );
  } catch {
    return err;
  }
}

export async function createFile(io: VaultIo, file: string, secret: VaultSecret): Promise<void> {
  const target = resolvePath(io, file);
  try {
    await fs.stat(target);
    throw new VaultError('vault-io', `${file} exists, please use 'edit' instead`, { file });
  } catch (err) {
    if (err instanceof VaultError) throw err;
  }
  const content = await runEditor(io, Buffer.alloc(0), file);
  await fs.mkdir(resolvePath(io, file + '/..'), { recursive: true });
  await writeOutput(io, file, encrypt(content, secret));
}

export interface StringToEncrypt {
  text: string;
  name?: string;
  from: string;
}

/** encrypt_string's YAML blocks (10-space indent), joined as Ansible joins them. */
export function encryptStrings(
  items: readonly StringToEncrypt[],
  secret: VaultSecret,
  stderr: VaultIo['stderr'],
): string {
  const outs: string[] = [];
  items.forEach((item, i) => {
    if (items.length > 1) {
      stderr.write(
        item.name
          ? `# The encrypted version of variable ("${item.name}", the string #${i + 1} from ${item.from}).\n`
          : `# The encrypted version of the string #${i + 1} from ${item.from}.)\n`,
      );
    }
    outs.push(vaultYamlBlock(encrypt(item.text, secret), item.name));
  });
  return outs.join('\n');
}

function vaultYamlBlock(vaultText: string, name?: string, indent = 10): string {
  const lines = [`${name ? `${name}: ` : ''}!vault |`];
  for (const l of vaultText.split('\n')) if (l) lines.push(' '.repeat(indent) + l);
  return lines.join('\n');
}
