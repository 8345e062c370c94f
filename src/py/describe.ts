/**
 * How an error names a value it must not show: its type and size, never the value (it may be a
 * secret nobody registered: a value from -e, a vaulted variable, a command's output). Every error
 * about a value uses this — docs/security.md, "Secrets in error messages".
 */
import { typeName } from './repr.js';
import { resolve, type PyValue } from './values.js';

/** `str of 9 characters, not shown` / `dict, not shown`. */
export function described(v: PyValue): string {
  v = resolve(v);
  if (typeof v === 'string') return `str of ${v.length} characters, not shown`;
  return `${typeName(v)}, not shown`;
}
