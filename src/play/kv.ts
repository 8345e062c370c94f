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

function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) {
    return s.slice(1, -1).replace(/\\(["'\\])/g, '$1');
  }
  return s;
}

/**
 * `k=v` pairs of a free-form string. With `checkRaw`, tokens that are not `k=v` (or whose key is
 * not one of `rawKeys`) go to `_raw_params` as the original text.
 */
export function parseKv(
  text: string,
  checkRaw: boolean,
  rawKeys: ReadonlySet<string> = new Set(),
): Map<string, PyValue> {
  const args = new Map<string, PyValue>();
  const raw: string[] = [];
  for (const token of splitArgs(text)) {
    const m = /^([A-Za-z_][\w]*)=(.*)$/s.exec(token);
    if (m && (!checkRaw || rawKeys.has(m[1]!))) args.set(m[1]!, unquote(m[2]!));
    else raw.push(token);
  }
  if (raw.length) {
    if (checkRaw) args.set('_raw_params', raw.join(' '));
    else args.set('_raw_params', raw.join(' '));
  }
  return args;
}
