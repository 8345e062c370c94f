/** Ansible's combine_vars: `replace` (default) overwrites top-level keys; `merge` merges dicts recursively. */
import { pyStr } from '../py/repr.js';
import { isDict, resolve, type PyValue } from '../py/values.js';

export type HashBehaviour = 'replace' | 'merge';

function mergeHash(a: Map<PyValue, PyValue>, b: Map<PyValue, PyValue>): Map<PyValue, PyValue> {
  const out = new Map(a);
  for (const [k, v] of b) {
    const old = out.get(k);
    const ov = old === undefined ? undefined : resolve(old);
    const nv = resolve(v);
    if (isDict(ov) && isDict(nv)) out.set(k, mergeHash(ov, nv));
    else out.set(k, v);
  }
  return out;
}

/** Combine `b` over `a` (string-keyed variable maps) following hash_behaviour. */
export function combineVars(
  a: Map<string, PyValue>,
  b: Map<PyValue, PyValue>,
  how: HashBehaviour = 'replace',
): Map<string, PyValue> {
  const out = new Map(a);
  for (const [k, v] of b) {
    const key = pyStr(k);
    if (how === 'merge') {
      const old = out.get(key);
      const ov = old === undefined ? undefined : resolve(old);
      const nv = resolve(v);
      if (isDict(ov) && isDict(nv)) {
        out.set(key, mergeHash(ov, nv));
        continue;
      }
    }
    out.set(key, v);
  }
  return out;
}
