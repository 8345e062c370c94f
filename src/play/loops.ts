/**
 * Loop items: `loop:` (a templated list) and the `with_<lookup>` forms Ansible 2.14 users rely on.
 * Other `with_*` lookups are refused by name.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Templar, VarScope } from '../ansible/templar.js';
import { pyStr } from '../py/repr.js';
import { PyTuple, isSequence, resolve, wrapVar, type PyValue } from '../py/values.js';
import { PlayError } from './errors.js';
import type { Origin } from './types.js';

function asList(v: PyValue, what: string, origin: Origin): PyValue[] {
  const r = resolve(v);
  if (isSequence(r)) return r;
  if (r === null) return [];
  throw new PlayError(
    'play-syntax',
    `${what} expects a list, got ${typeof r === 'string' ? `'${r}'` : typeof r}`,
    origin,
  );
}

function flatten1(list: PyValue[]): PyValue[] {
  const out: PyValue[] = [];
  for (const x of list) {
    const r = resolve(x);
    if (isSequence(r)) out.push(...r);
    else out.push(x);
  }
  return out;
}

function dict(entries: [string, PyValue][]): Map<PyValue, PyValue> {
  return new Map(entries);
}

export function loopItems(
  key: string,
  raw: PyValue,
  templar: Templar,
  vars: VarScope,
  origin: Origin,
  baseDir: string,
): PyValue[] {
  const value = templar.template(raw, vars, { file: origin.file, line: origin.line });
  if (key === 'loop') return asList(value, 'loop', origin);
  // Ansible's TaskExecutor._get_loop_items: a with_<lookup> loop's items are a lookup's result,
  // unsafe (wrap_var) like every lookup's; a `loop:` list is a template's result (unsafe when it
  // read unsafe data).
  return wrapVar(withLookupItems(key, value, origin, baseDir)) as PyValue[];
}

function withLookupItems(key: string, value: PyValue, origin: Origin, baseDir: string): PyValue[] {
  const lookup = key.slice('with_'.length);
  switch (lookup) {
    case 'items':
      return flatten1(asList(Array.isArray(resolve(value)) ? value : [value], key, origin));
    case 'list':
      return asList(Array.isArray(resolve(value)) ? value : [value], key, origin);
    case 'flattened': {
      const deep = (l: PyValue[]): PyValue[] =>
        l.flatMap((x) => {
          const r = resolve(x);
          return isSequence(r) ? deep(r) : [r];
        });
      return deep(asList(value, key, origin));
    }
    case 'indexed_items':
      return flatten1(asList(value, key, origin)).map((x, i) => PyTuple.from([i, x]) as PyValue);
    case 'dict': {
      const d = resolve(value);
      if (!(d instanceof Map))
        throw new PlayError('play-syntax', 'with_dict expects a dict', origin);
      return [...d].map(([k, v]) =>
        dict([
          ['key', k],
          ['value', v],
        ]),
      );
    }
    case 'together': {
      const lists = asList(value, key, origin).map((l) => asList(l, key, origin));
      const n = Math.max(0, ...lists.map((l) => l.length));
      return Array.from({ length: n }, (_, i) => lists.map((l) => (i < l.length ? l[i]! : null)));
    }
    case 'nested': {
      const lists = asList(value, key, origin).map((l) => asList(l, key, origin));
      let acc: PyValue[][] = [[]];
      for (const l of lists) acc = acc.flatMap((a) => l.map((x) => [...a, x]));
      return acc;
    }
    case 'sequence':
      return sequence(pyStr(value), origin);
    case 'fileglob': {
      const patterns = asList(Array.isArray(resolve(value)) ? value : [value], key, origin);
      const out: PyValue[] = [];
      for (const p of patterns) {
        const pat = pyStr(p);
        const abs = path.isAbsolute(pat) ? pat : path.join(baseDir, 'files', pat);
        out.push(...globFiles(abs));
      }
      return out;
    }
    default:
      throw new PlayError(
        'play-unsupported',
        `loop lookup '${key}' is not supported (use loop: with a filter)`,
        origin,
      );
  }
}

/** with_sequence: `start=1 end=5 stride=1 format=x%d` or `count=3`. */
function sequence(spec: string, origin: Origin): PyValue[] {
  const args = new Map<string, string>();
  for (const tok of spec.split(/\s+/).filter(Boolean)) {
    const i = tok.indexOf('=');
    if (i > 0) args.set(tok.slice(0, i), tok.slice(i + 1));
    else {
      const m = /^(\d+)-(\d+)(?:\/(\d+))?(?::(.*))?$/.exec(tok);
      if (!m) throw new PlayError('play-syntax', `bad with_sequence term '${tok}'`, origin);
      args.set('start', m[1]!);
      args.set('end', m[2]!);
      if (m[3]) args.set('stride', m[3]);
      if (m[4]) args.set('format', m[4]);
    }
  }
  const num = (s: string | undefined, d: number): number =>
    s === undefined ? d : parseInt(s, s.startsWith('0x') ? 16 : 10);
  const start = num(args.get('start'), 1);
  const stride = num(args.get('stride'), 1);
  const end = args.has('count')
    ? start + (num(args.get('count'), 0) - 1) * stride
    : num(args.get('end'), start);
  const format = args.get('format') ?? '%d';
  const out: PyValue[] = [];
  for (let i = start; stride > 0 ? i <= end : i >= end; i += stride)
    out.push(
      format.replace(/%(0?\d*)d/, (_m, w: string) =>
        String(i).padStart(Number(w || 0), w.startsWith('0') ? '0' : ' '),
      ),
    );
  return out;
}

/** Files matching a pattern whose wildcards (`*`, `?`) are in the last component, as fileglob. */
function globFiles(pattern: string): string[] {
  const dir = path.dirname(pattern);
  const re = new RegExp(
    '^' +
      path
        .basename(pattern)
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.') +
      '$',
  );
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => re.test(n))
    .map((n) => path.join(dir, n))
    .filter((f) => {
      try {
        return statSync(f).isFile();
      } catch {
        return false;
      }
    })
    .sort();
}
