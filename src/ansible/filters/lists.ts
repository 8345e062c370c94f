/** Ansible's list, set-theory, path and regex filters. */
import { homedir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { PyRandom } from '../../py/random.js';
import { basename, resolve as resolvePath } from 'node:path';
import { realpathSync } from 'node:fs';
import { pyfunc, type PyFunction } from '../../py/callable.js';
import { pyStr } from '../../py/repr.js';
import { contains, toList, truthy } from '../../py/ops.js';
import { getitem } from '../../py/access.js';
import {
  Undefined,
  isDict,
  isSequence,
  isString,
  resolve,
  tuple,
  type PyValue,
} from '../../py/values.js';
import { envOf } from '../../jinja/filters/util.js';
import { TemplateRuntimeError } from '../../jinja/errors.js';
import { translatePattern, translateReplacement } from '../../py/re.js';

function uniq(items: PyValue[]): PyValue[] {
  const out: PyValue[] = [];
  for (const x of items) if (!contains(out, x)) out.push(x);
  return out;
}

function flatten(v: PyValue[], levels: number | null, skipNulls: boolean): PyValue[] {
  const out: PyValue[] = [];
  for (const e0 of v) {
    const e = resolve(e0);
    if (skipNulls && (e === null || e === 'None' || e === 'null')) continue;
    if (Array.isArray(e)) {
      if (levels === null) out.push(...flatten(e, null, skipNulls));
      else if (levels - 1 < 1) out.push(...e);
      else out.push(...flatten(e, levels - 1, skipNulls));
    } else out.push(e);
  }
  return out;
}

function pyRegex(
  call: string,
  pattern: string,
  ignorecase: boolean,
  multiline: boolean,
  global: boolean,
): RegExp {
  return translatePattern(pattern, { ignorecase, multiline, global, where: call });
}

export function listFilters(): [string, PyFunction][] {
  return [
    ['union', pyfunc('a, b', (_c, a, b) => uniq([...toList(a), ...toList(b)]))],
    [
      'intersect',
      pyfunc('a, b', (_c, a, b) => {
        const bl = toList(b);
        return uniq(toList(a).filter((x) => contains(bl, x)));
      }),
    ],
    [
      'difference',
      pyfunc('a, b', (_c, a, b) => {
        const bl = toList(b);
        return uniq(toList(a).filter((x) => !contains(bl, x)));
      }),
    ],
    [
      'symmetric_difference',
      pyfunc('a, b', (_c, a, b) => {
        const al = toList(a);
        const bl = toList(b);
        const u = uniq([...al, ...bl]);
        const i = uniq(al.filter((x) => contains(bl, x)));
        return u.filter((x) => !contains(i, x));
      }),
    ],
    [
      'flatten',
      pyfunc('mylist, levels=None, skip_nulls=True', (_c, l, levels, skip) => {
        l = resolve(l);
        return flatten(toList(l), levels === null ? null : Number(levels), truthy(skip));
      }),
    ],
    [
      'zip',
      pyfunc('*args', (_c, args: PyValue[]) => {
        const lists = args.map(toList);
        const n = lists.length ? Math.min(...lists.map((l) => l.length)) : 0;
        return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => l[i]!)));
      }),
    ],
    [
      'zip_longest',
      pyfunc('*args, **kw', (_c, args: PyValue[], kw: Map<string, PyValue>) => {
        const fill = kw.get('fillvalue') ?? null;
        const lists = args.map(toList);
        const n = lists.length ? Math.max(...lists.map((l) => l.length)) : 0;
        return Array.from({ length: n }, (_, i) =>
          tuple(lists.map((l) => (i < l.length ? l[i]! : fill))),
        );
      }),
    ],
    [
      'extract',
      pyfunc('item, container, morekeys=None', (c, item, container, morekeys) => {
        const env = envOf(c);
        const mk = (name: string | null, hint: string, obj?: PyValue): Undefined =>
          env.makeUndefined(name, hint, obj);
        let v = getitem(container, item, mk);
        if (morekeys !== null)
          for (const k of isSequence(morekeys) ? morekeys : [morekeys]) v = getitem(v, k, mk);
        return v;
      }),
    ],
    [
      'random',
      pyfunc('end, start=None, step=None, seed=None', (_c, end, start, step, seed) => {
        const r = rng(seed);
        end = resolve(end);
        if (typeof end === 'number' || typeof end === 'bigint') {
          try {
            return r.randrange(
              truthy(start) ? (start as number) : 0,
              end,
              truthy(step) ? (step as number) : 1,
            );
          } catch (e) {
            throw new TemplateRuntimeError((e as Error).message);
          }
        }
        if (Array.isArray(end) || isString(end) || isDict(end)) {
          if (truthy(start) || truthy(step))
            throw new TemplateRuntimeError('start and step can only be used with integer values');
          const seq = isDict(end) ? [...end.keys()] : toList(end);
          if (seq.length === 0)
            throw new TemplateRuntimeError('Cannot choose from an empty sequence');
          return seq[r.randbelow(seq.length)]!;
        }
        throw new TemplateRuntimeError('random can only be used on sequences and integers');
      }),
    ],
    [
      'shuffle',
      pyfunc('mylist, seed=None', (_c, l, seed) => {
        const out = [...toList(l)];
        (truthy(seed) ? rng(seed) : rng(null)).shuffle(out);
        return out;
      }),
    ],
    [
      'basename',
      pyfunc('path', (_c, p) => {
        const s = pyStr(p);
        return s.endsWith('/') ? '' : basename(s);
      }),
    ],
    ['dirname', pyfunc('path', (_c, p) => pyDirname(pyStr(p)))],
    [
      'expanduser',
      pyfunc('path', (_c, p) => {
        const s = pyStr(p);
        return s === '~' || s.startsWith('~/') ? homedir() + s.slice(1) : s;
      }),
    ],
    [
      'realpath',
      pyfunc('path', (_c, p) => {
        try {
          return realpathSync(pyStr(p));
        } catch {
          return resolvePath(pyStr(p));
        }
      }),
    ],
    ['splitext', pyfunc('path', (_c, p) => tuple(splitext(pyStr(p))))],
    [
      'path_join',
      pyfunc('paths', (_c, paths) => {
        paths = resolve(paths);
        if (isString(paths)) return pyStr(paths);
        const parts = toList(paths).map(pyStr);
        let out = '';
        for (const p of parts)
          out = p.startsWith('/') ? p : out === '' || out.endsWith('/') ? out + p : out + '/' + p;
        return out;
      }),
    ],
    ['quote', pyfunc('a', (_c, a) => shellQuote(pyStr(a === null ? '' : a)))],
    [
      'regex_escape',
      pyfunc("string, re_type='python'", (_c, s, t) => {
        if (pyStr(t) === 'posix_basic') return pyStr(s).replace(/[.[\]\\*^$]/g, (m) => '\\' + m);
        if (pyStr(t) !== 'python')
          throw new TemplateRuntimeError('Regex type (' + pyStr(t) + ') not yet implemented');
        return pyStr(s).replace(/[^A-Za-z0-9_]/gu, (m) => (m.codePointAt(0)! > 127 ? m : '\\' + m));
      }),
    ],
    [
      'regex_replace',
      pyfunc(
        "value='', pattern='', replacement='', ignorecase=False, multiline=False",
        (_c, value, pattern, repl, ic, ml) => {
          const re = pyRegex('regex_replace', pyStr(pattern), truthy(ic), truthy(ml), true);
          return pyStr(value).replace(re, translateReplacement(pyStr(repl)));
        },
      ),
    ],
    [
      'regex_findall',
      pyfunc('value, regex, multiline=False, ignorecase=False', (_c, value, regex, ml, ic) => {
        const re = pyRegex('regex_findall', pyStr(regex), truthy(ic), truthy(ml), true);
        const out: PyValue[] = [];
        for (const m of pyStr(value).matchAll(re)) {
          // A group that did not take part in the match is undefined (Python gives '').
          const groups = (m.slice(1) as (string | undefined)[]).map((g) => g ?? '');
          out.push(groups.length === 0 ? m[0] : groups.length === 1 ? groups[0]! : tuple(groups));
        }
        return out;
      }),
    ],
    [
      'regex_search',
      pyfunc(
        'value, regex, *args, **kwargs',
        (_c, value, regex, args: PyValue[], kw: Map<string, PyValue>) => {
          const re = pyRegex(
            'regex_search',
            pyStr(regex),
            truthy(kw.get('ignorecase') ?? false),
            truthy(kw.get('multiline') ?? false),
            false,
          );
          const m = re.exec(pyStr(value));
          if (!m && args.length)
            throw new TemplateRuntimeError(`'NoneType' object has no attribute 'group'`);
          if (!m) return null;
          if (!args.length) return m[0];
          const out: PyValue[] = [];
          for (const a of args.map(pyStr)) {
            const g = /^\\g<(\w+)>$/.exec(a);
            const n = /^\\(\d+)$/.exec(a);
            if (g) out.push(m.groups?.[g[1]!] ?? null);
            else if (n) out.push(m[Number(n[1])] ?? null);
            else throw new TemplateRuntimeError(`Unknown argument`);
          }
          return out;
        },
      ),
    ],
  ];
}

/** A seeded Python Random, or one seeded from the system's entropy (SystemRandom). */
function rng(seed: PyValue): PyRandom {
  seed = resolve(seed);
  if (seed === null) return new PyRandom(BigInt('0x' + randomBytes(32).toString('hex')));
  if (typeof seed === 'number' || typeof seed === 'bigint' || typeof seed === 'string')
    return new PyRandom(seed);
  if (typeof seed === 'boolean') return new PyRandom(seed ? 1 : 0);
  return new PyRandom(pyStr(seed));
}

/** Python's os.path.dirname: everything up to the last slash, trailing slashes stripped unless all slashes. */
function pyDirname(p: string): string {
  const i = p.lastIndexOf('/') + 1;
  const head = p.slice(0, i);
  return head && head !== '/'.repeat(head.length) ? head.replace(/\/+$/, '') : head;
}

function splitext(p: string): [string, string] {
  const sep = p.lastIndexOf('/');
  const dot = p.lastIndexOf('.');
  if (dot > sep) {
    let i = sep + 1;
    while (i < dot && p[i] === '.') i++;
    if (i < dot) return [p.slice(0, dot), p.slice(dot)];
  }
  return [p, ''];
}

/** Python's shlex.quote. */
function shellQuote(s: string): string {
  if (s === '') return "''";
  if (!/[^\w@%+=:,./-]/.test(s)) return s;
  return "'" + s.replace(/'/g, `'"'"'`) + "'";
}
