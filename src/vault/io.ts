/** Input/output of vault commands: files or `-` for stdin/stdout; atomic writes keeping mode. */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { writeFileAtomic } from '../fs/atomic.js';
import { errnoCode } from '../errors.js';
import { VaultError } from './errors.js';

export interface VaultIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
}

let stdinCache: Buffer | undefined;

export async function readStdin(io: VaultIo): Promise<Buffer> {
  if (stdinCache) return stdinCache;
  const chunks: Buffer[] = [];
  for await (const c of io.stdin)
    chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  stdinCache = Buffer.concat(chunks);
  return stdinCache;
}

export function resolvePath(io: VaultIo, name: string): string {
  return path.resolve(io.cwd, name);
}

/** Read a named file or stdin (`-`); a missing file is a one-line VaultError. */
export async function readInput(io: VaultIo, name: string): Promise<Buffer> {
  if (name === '-') return readStdin(io);
  try {
    return await fs.readFile(resolvePath(io, name));
  } catch (err) {
    const code = errnoCode(err);
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot be read (${code ?? String(err)})`;
    throw new VaultError('vault-io', `${name} ${why}`, { file: name, cause: err });
  }
}

/** Write to a file (temp + fsync + rename, existing mode kept, new files 0600) or stdout (`-`). */
export async function writeOutput(
  io: VaultIo,
  name: string,
  data: string | Uint8Array,
): Promise<void> {
  if (name === '-') {
    await new Promise<void>((res, rej) => io.stdout.write(data, (e) => (e ? rej(e) : res())));
    return;
  }
  let exists = true;
  let target: string;
  try {
    // A symlink is followed and its target rewritten, as ansible-vault does (never replaced).
    target = await followLinks(resolvePath(io, name));
  } catch (err) {
    throw new VaultError('vault-io', `cannot write ${name}: ${errnoCode(err) ?? String(err)}`, {
      file: name,
      cause: err,
    });
  }
  try {
    await fs.stat(target);
  } catch {
    exists = false;
  }
  try {
    // ansible-vault rewrites the file in place: a file its user may not write is refused (root
    // may write anything, as with ansible-vault), even though the directory would allow a rename.
    if (exists) await fs.access(target, constants.W_OK);
    await writeFileAtomic(target, data, exists ? {} : { mode: 0o600 });
  } catch (err) {
    throw new VaultError('vault-io', `cannot write ${name}: ${errnoCode(err) ?? String(err)}`, {
      file: name,
      cause: err,
    });
  }
}

/**
 * The file a path names once every symlink is followed (realpath), or, for a dangling link,
 * the path its last link points to: a new file is created there, as Python's realpath implies.
 */
async function followLinks(p: string): Promise<string> {
  let cur = p;
  for (let hops = 0; hops < 40; hops++) {
    try {
      return await fs.realpath(cur);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
    let link: string;
    try {
      link = await fs.readlink(cur);
    } catch {
      return cur; // not a link: a file to create
    }
    cur = path.resolve(path.dirname(cur), link);
  }
  throw Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' });
}

/**
 * Environment for child processes (editor, pager, password scripts, git): the caller's, minus
 * the CORPUSOPS_VAULT_PASSWORD* variables — a secret never reaches a child's environment.
 */
export function childEnv(env: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env))
    if (!k.startsWith('CORPUSOPS_VAULT_PASSWORD')) out[k] = v;
  return { ...out, ...extra };
}
