/** File-reading lookups: csvfile and ini (Python csv / configparser semantics for common files). */
import { readFileSync } from 'node:fs';
import { pyStr } from '../../py/repr.js';
import { type PyValue } from '../../py/values.js';
import { TemplateRuntimeError } from '../../jinja/errors.js';
import { findFile, type LookupContext } from './index.js';

/** A term "key a=1 b=2" plus keyword arguments: the key and the parameters. */
function parseTerm(
  term: string,
  kw: Map<string, PyValue>,
  allowed: string[],
): [string, Map<string, string>] {
  const parts = term.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
  const params = new Map<string, string>();
  const keyParts: string[] = [];
  for (const p of parts) {
    const i = p.indexOf('=');
    if (i > 0 && allowed.includes(p.slice(0, i)))
      params.set(p.slice(0, i), p.slice(i + 1).replace(/^(['"])(.*)\1$/, '$2'));
    else if (i > 0) throw new TemplateRuntimeError(`${p.slice(0, i)} is not a valid option`);
    else keyParts.push(p);
  }
  for (const [k, v] of kw) {
    if (!allowed.includes(k)) throw new TemplateRuntimeError(`${k} is not a valid option`);
    params.set(k, pyStr(v));
  }
  return [keyParts.join(' '), params];
}

function csvRows(text: string, delim: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
      continue;
    }
    if (c === delim) {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function csvfileLookup(
  terms: PyValue[],
  kw: Map<string, PyValue>,
  ctx: LookupContext,
): PyValue[] {
  // A missing key without default contributes nothing (Ansible skips None results).
  return terms
    .map((t): PyValue => {
      const [key, p] = parseTerm(pyStr(t), kw, ['file', 'col', 'delimiter', 'default', 'encoding']);
      const name = p.get('file') ?? 'ansible.csv';
      const file = findFile(ctx, 'files', name);
      if (!file) throw new TemplateRuntimeError(`csvfile: could not find file ${name}`);
      let delim = p.get('delimiter') ?? 'TAB';
      if (delim === 'TAB' || delim === '\\t') delim = '\t';
      const col = Number(p.get('col') ?? '1');
      for (const row of csvRows(readFileSync(file, 'utf8'), delim)) {
        if (row.length && row[0] === key) {
          if (col >= row.length) throw new TemplateRuntimeError(`csvfile: list index out of range`);
          return row[col]!;
        }
      }
      return p.has('default') ? p.get('default')! : null;
    })
    .filter((v) => v !== null);
}

export function iniLookup(
  terms: PyValue[],
  kw: Map<string, PyValue>,
  ctx: LookupContext,
): PyValue[] {
  return terms.map((t) => {
    const [key, p] = parseTerm(pyStr(t), kw, [
      'file',
      'section',
      'default',
      're',
      'type',
      'encoding',
      'case_sensitive',
      'allow_no_value',
      'allow_none',
    ]);
    const name = p.get('file') ?? 'ansible.ini';
    const file = findFile(ctx, 'files', name);
    if (!file) throw new TemplateRuntimeError(`ini: could not find file ${name}`);
    const section = p.get('section') ?? 'global';
    const isProps = p.get('type') === 'properties';
    const cs = ['true', 'yes', '1'].includes((p.get('case_sensitive') ?? '').toLowerCase());
    let current = isProps ? 'java_properties' : null;
    const values = new Map<string, string>();
    for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith('#') || line.startsWith(';')) continue;
      const sec = /^\[(.*)\]$/.exec(line);
      if (sec && !isProps) {
        current = sec[1]!;
        continue;
      }
      const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
      if (kv && current === (isProps ? 'java_properties' : section))
        values.set(cs ? kv[1]! : kv[1]!.toLowerCase(), kv[2]!);
    }
    if (
      !isProps &&
      ![...readFileSync(file, 'utf8').matchAll(/^\s*\[(.*)\]\s*$/gm)].some((m) => m[1] === section)
    ) {
      throw new TemplateRuntimeError(`No section '${section}' in ${name}`);
    }
    const want = cs ? key : key.toLowerCase();
    if (['true', 'yes', '1'].includes((p.get('re') ?? '').toLowerCase())) {
      const re = new RegExp(key);
      return [...values]
        .filter(([k]) => re.test(k))
        .map(([, v]) => v)
        .join(',');
    }
    return values.has(want) ? values.get(want)! : (p.get('default') ?? '');
  });
}
