/**
 * Python's json.dumps(sort_keys=True, ensure_ascii=False) as Ansible's callback prints results:
 * compact form with `", "` and `": "` separators, or indented by 4.
 */
import { PyFloat, UnsafeText, resolve, type PyValue } from '../py/values.js';
import { floatRepr, pyStr } from '../py/repr.js';

/** A dict key as json.dumps writes it (None, True and False as JSON literals). */
function jsonKey(key: PyValue): string {
  const k = resolve(key);
  if (typeof k === 'string') return k;
  if (k === null || typeof k === 'boolean' || typeof k === 'number' || typeof k === 'bigint')
    return String(k);
  if (k instanceof PyFloat) return floatRepr(k.value);
  return pyStr(k);
}

export function pyJson(value: unknown, indent?: number, level = 0): string {
  const v =
    value instanceof Object &&
    !(value instanceof Map) &&
    !(value instanceof PyFloat) &&
    !Array.isArray(value) &&
    typeof value !== 'function' &&
    value.constructor !== Object
      ? resolve(value)
      : value;
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatRepr(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof UnsafeText) return JSON.stringify(v.value);
  const pad = (n: number): string => (indent === undefined ? '' : '\n' + ' '.repeat(indent * n));
  const sep = indent === undefined ? ', ' : ',';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return (
      '[' + v.map((x) => pad(level + 1) + pyJson(x, indent, level + 1)).join(sep) + pad(level) + ']'
    );
  }
  let entries: [string, unknown][];
  if (v instanceof Map)
    entries = [...(v as Map<PyValue, unknown>)].map(([k, x]) => [jsonKey(k), x]);
  else if (typeof v === 'object')
    entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  else return JSON.stringify(pyStr(v));
  if (entries.length === 0) return '{}';
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return (
    '{' +
    entries
      .map(([k, x]) => pad(level + 1) + JSON.stringify(k) + ': ' + pyJson(x, indent, level + 1))
      .join(sep) +
    pad(level) +
    '}'
  );
}
