/** group_vars/ and host_vars/ next to the inventory and the playbook (files or directories of YAML). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { resolve, type PyValue } from '../py/values.js';
import { combineVars, type HashBehaviour } from '../vars/merge.js';
import { parseYamlFile, type Decrypt } from '../vars/parse.js';

async function loadEntry(
  base: string,
  decrypt: Decrypt | undefined,
  how: HashBehaviour,
): Promise<Map<string, PyValue>> {
  let vars = new Map<string, PyValue>();
  const files: string[] = [];
  for (const c of [base, `${base}.yml`, `${base}.yaml`, `${base}.json`]) {
    if (!existsSync(c)) continue;
    if (statSync(c).isDirectory()) {
      for (const n of readdirSync(c).sort())
        if (/\.(ya?ml|json)$/.test(n) || !n.includes('.')) files.push(path.join(c, n));
    } else files.push(c);
  }
  for (const f of files) {
    const { value } = await parseYamlFile(f, decrypt);
    const v = resolve(value);
    if (v instanceof Map) vars = combineVars(vars, v, how);
  }
  return vars;
}

/** Variables of `<dir>/group_vars/<name>` for each dir (later dirs win). */
export async function dirVars(
  dirs: string[],
  kind: 'group_vars' | 'host_vars',
  name: string,
  decrypt: Decrypt | undefined,
  how: HashBehaviour,
): Promise<Map<string, PyValue>> {
  let vars = new Map<string, PyValue>();
  for (const d of dirs)
    vars = combineVars(vars, await loadEntry(path.join(d, kind, name), decrypt, how), how);
  return vars;
}
