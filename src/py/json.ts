/** Python's `json.dumps` over bosun values (ensure_ascii, separators, indent, sort_keys). */
import {
  Markup,
  PyFloat,
  Undefined,
  UnsafeText,
  isSequence,
  resolve,
  type PyValue,
} from './values.js';
import { floatRepr, typeName } from './repr.js';
import { PyTypeError } from './callable.js';
import { undefinedError } from './undefined.js';

export interface DumpsOptions {
  sortKeys?: boolean;
  indent?: number | string | null;
  ensureAscii?: boolean;
  separators?: [string, string];
  /** Plain json.dumps (Jinja2's tojson): no AnsibleJSONEncoder isoformat for datetimes. */
  plain?: boolean;
}

/** A JSON string literal as Python's json module writes it. */
function jsonString(s: string, ensureAscii: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || (ensureAscii && c > 0x7e)) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function keyString(k: PyValue): string {
  k = resolve(k);
  if (typeof k === 'string') return k;
  if (k instanceof Markup || k instanceof UnsafeText) return k.value;
  if (k === null) return 'null';
  if (k === true) return 'true';
  if (k === false) return 'false';
  if (typeof k === 'number' || typeof k === 'bigint') return String(k);
  if (k instanceof PyFloat) return floatRepr(k.value);
  throw new PyTypeError(`keys must be str, int, float, bool or None, not ${typeName(k)}`);
}

export function pyJsonDumps(value: PyValue, o: DumpsOptions = {}): string {
  const ensureAscii = o.ensureAscii ?? true;
  const indent =
    o.indent === null || o.indent === undefined
      ? null
      : typeof o.indent === 'number'
        ? ' '.repeat(o.indent)
        : o.indent;
  const [itemSep, keySep] = o.separators ?? (indent !== null ? [',', ': '] : [', ', ': ']);
  const enc = (v: PyValue, level: number): string => {
    v = resolve(v);
    if (v === null) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatJson(v);
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof PyFloat) return floatJson(v.value);
    if (typeof v === 'string') return jsonString(v, ensureAscii);
    if (v instanceof Markup || v instanceof UnsafeText) return jsonString(v.value, ensureAscii);
    if (v instanceof Undefined) throw undefinedError(v);
    const nl = indent !== null ? '\n' + indent.repeat(level + 1) : '';
    const close = indent !== null ? '\n' + indent.repeat(level) : '';
    if (isSequence(v)) {
      if (!v.length) return '[]';
      return '[' + nl + v.map((x) => enc(x, level + 1)).join(itemSep + nl) + close + ']';
    }
    if (v instanceof Map) {
      if (!v.size) return '{}';
      let entries = [...v].map(([k, x]) => [keyString(k), x] as [string, PyValue]);
      if (o.sortKeys) entries = entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return (
        '{' +
        nl +
        entries
          .map(([k, x]) => jsonString(k, ensureAscii) + keySep + enc(x, level + 1))
          .join(itemSep + nl) +
        close +
        '}'
      );
    }
    // AnsibleJSONEncoder: dates and datetimes serialise as isoformat().
    const custom = (v as { pyJson?: () => PyValue } | null)?.pyJson;
    if (typeof custom === 'function' && !o.plain) return enc(custom.call(v), level);
    throw new PyTypeError(`Object of type ${typeName(v)} is not JSON serializable`);
  };
  return enc(value, 0);
}

function floatJson(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return floatRepr(n);
}
