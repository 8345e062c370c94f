/**
 * Ansible's `key=value` argument strings (parse_kv / split_args): tokens split on whitespace,
 * except inside quotes and Jinja2 `{{ }}` / `{% %}` / `{# #}` blocks; `key=value` tokens become
 * arguments, the rest (for free-form modules such as command) is kept as `_raw_params`.
 */
import type { PyValue } from '../py/values.js';

/** Split on whitespace outside quotes and template blocks, keeping quotes (as split_args does). */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const two = text.slice(i, i + 2);
    if (quote) {
      cur += c;
      if (c === '\\' && i + 1 < text.length) {
        cur += text[++i];
        continue;
      }
      if (c === quote) quote = null;
      continue;
    }
    if (two === '{{' || two === '{%' || two === '{#') {
      depth++;
      cur += two;
      i++;
      continue;
    }
    if (depth > 0 && (two === '}}' || two === '%}' || two === '#}')) {
      depth--;
      cur += two;
      i++;
      continue;
    }
    if (depth === 0 && (c === '"' || c === "'")) {
      quote = c;
      cur += c;
      continue;
    }
    if (depth === 0 && /\s/.test(c)) {
      if (cur) out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

/** Ansible's quoting.unquote: strip one pair of matching quotes (not an escaped closing one). */
function unquote(s: string): string {
  if (
    s.length > 1 &&
    s[0] === s[s.length - 1] &&
    (s[0] === '"' || s[0] === "'") &&
    s[s.length - 2] !== '\\'
  )
    return s.slice(1, -1);
  return s;
}

const ESCAPE =
  /\\U[0-9a-fA-F]{8}|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\N\{[^}]+\}|\\[\\'"abfnrtv]/g;
const SIMPLE: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * splitter._decode_escapes: Python's unicode-escape for the escapes Ansible lists (\n, \t, \\,
 * \", \xNN, \uNNNN, \UNNNNNNNN…). \N{name} needs Python's Unicode name table: kept as written.
 */
function decodeEscapes(s: string): string {
  return s.replace(ESCAPE, (m) => {
    const c = m[1]!;
    if (c === 'x' || c === 'u' || c === 'U') {
      const code = parseInt(m.slice(2), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    if (c === 'N') return m;
    return SIMPLE[c] ?? m;
  });
}

/**
 * Ansible's parse_kv: each token's escapes decoded; the first `=` not preceded by a backslash
 * splits key and value (value stripped and unquoted). With `checkRaw`, tokens that are not `k=v`
 * (or whose key is not one of `rawKeys`) go to `_raw_params` as originally written.
 */
export function parseKv(
  text: string,
  checkRaw: boolean,
  rawKeys: ReadonlySet<string> = new Set(),
): Map<string, PyValue> {
  const args = new Map<string, PyValue>();
  const raw: string[] = [];
  for (const token of splitArgs(text)) {
    const x = decodeEscapes(token);
    let pos = 0;
    for (;;) {
      pos = x.indexOf('=', pos + 1);
      if (pos === -1 || x[pos - 1] !== '\\') break;
    }
    if (!x.includes('=')) {
      raw.push(token);
      continue;
    }
    if (pos === -1) {
      raw.push(x.replace(/\\=/g, '='));
      continue;
    }
    const k = x.slice(0, pos);
    if (checkRaw && !rawKeys.has(k)) raw.push(token);
    else args.set(k.trim(), unquote(x.slice(pos + 1).trim()));
  }
  if (raw.length) args.set('_raw_params', raw.join(' '));
  return args;
}
