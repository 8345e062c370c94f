/** include_vars: a file (vault-encrypted or not) or a directory of YAML files, as Ansible loads them. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pyStr } from '../py/repr.js';
import { isSequence, resolve, type PyValue } from '../py/values.js';
import { parseYamlFile, type Decrypt } from '../vars/parse.js';
import { PlayError } from './errors.js';
import type { Origin } from './types.js';

function walk(dir: string, depth: number, level = 1): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (depth === 0 || level < depth) out.push(...walk(p, depth, level + 1));
    } else out.push(p);
  }
  return out;
}

export async function includeVars(
  args: Map<string, PyValue>,
  find: (name: string) => string,
  decrypt: Decrypt | undefined,
  origin: Origin,
): Promise<{ vars: Map<PyValue, PyValue>; files: string[] }> {
  const get = (k: string): PyValue | undefined => {
    const v = args.get(k);
    return v === undefined ? undefined : resolve(v);
  };
  const fileArg = get('file') ?? get('_raw_params');
  const dirArg = get('dir');
  let files: string[];
  if (dirArg !== undefined && dirArg !== null) {
    const dir = find(pyStr(dirArg));
    const exts = (() => {
      const e = get('extensions');
      return isSequence(e) ? e.map((x) => pyStr(x)) : ['yaml', 'yml', 'json'];
    })();
    const match = get('files_matching');
    const ignore = get('ignore_files');
    const ignored = isSequence(ignore)
      ? ignore.map((x) => pyStr(x))
      : typeof ignore === 'string'
        ? [ignore]
        : [];
    const depth = Number(get('depth') ?? 0);
    files = walk(dir, depth).filter((f) => {
      const base = path.basename(f);
      if (ignored.includes(base)) return false;
      if (match !== undefined && match !== null && !new RegExp(pyStr(match)).test(base))
        return false;
      return exts.includes(path.extname(f).slice(1));
    });
  } else if (fileArg !== undefined && fileArg !== null) {
    files = [find(pyStr(fileArg))];
  } else {
    throw new PlayError('play-args', 'include_vars needs a file or dir', origin);
  }
  const vars = new Map<PyValue, PyValue>();
  for (const f of files) {
    let parsed;
    try {
      parsed = await parseYamlFile(f, decrypt);
    } catch (err) {
      throw new PlayError('play-file', `include_vars: ${(err as Error).message}`, {
        ...origin,
        cause: err,
      });
    }
    const v = resolve(parsed.value);
    if (v === null) continue;
    if (!(v instanceof Map))
      throw new PlayError('play-syntax', `${f} must contain a dictionary of variables`, origin);
    for (const [k, val] of v) vars.set(pyStr(k), val);
  }
  return { vars, files };
}
