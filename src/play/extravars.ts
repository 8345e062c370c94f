/**
 * `-e` in all its forms: `k=v k2=v2`, a YAML/JSON document (`{"a": 1}`, `[...]` is an error),
 * `@file.yml` (vault-encrypted or not); and bosun's `--only-steps a,b` shorthand for
 * `-e '{only_steps: true, a: true, b: true}'`.
 */
import path from 'node:path';
import { resolve, type PyValue } from '../py/values.js';
import { combineVars, type HashBehaviour } from '../vars/merge.js';
import { parseYaml, parseYamlFile, type Decrypt } from '../vars/parse.js';
import { PlayError } from './errors.js';
import { parseKv } from './kv.js';

export async function parseExtraVars(
  args: string[],
  cwd: string,
  decrypt: Decrypt | undefined,
  how: HashBehaviour = 'replace',
): Promise<Map<string, PyValue>> {
  let vars = new Map<string, PyValue>();
  for (const arg of args) {
    let value: PyValue;
    if (arg.startsWith('@')) {
      value = (await parseYamlFile(path.resolve(cwd, arg.slice(1)), decrypt)).value;
    } else if (/^\s*[{[]/.test(arg)) {
      value = parseYaml(arg, { file: '<extra vars>' }).value;
    } else {
      const kv = parseKv(arg, false);
      if (kv.has('_raw_params'))
        throw new PlayError(
          'play-args',
          `invalid extra vars '${arg}': expected key=value, a YAML/JSON mapping or @file`,
          { exitCode: 1 }, // ansible-playbook exits 1 for bad extra vars, not 4
        );
      value = kv;
    }
    const v = resolve(value);
    if (v === null) continue;
    if (!(v instanceof Map))
      throw new PlayError('play-args', `extra vars must be a mapping: '${arg}'`, { exitCode: 1 });
    vars = combineVars(vars, v, how);
  }
  return vars;
}

export function onlyStepsVars(list: string): Map<string, PyValue> {
  const vars = new Map<string, PyValue>([['only_steps', true]]);
  for (const step of list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean))
    vars.set(step, true);
  return vars;
}
