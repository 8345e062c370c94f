/** Ansible's Jinja2 tests (ansible.builtin core/files/mathstuff/uri tests). */
import { existsSync, lstatSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { pyfunc, type PyFunction } from '../py/callable.js';
import { pyStr } from '../py/repr.js';
import { contains, toList, truthy } from '../py/ops.js';
import { Lazy, isDict, resolve, type PyValue } from '../py/values.js';
import { TemplateRuntimeError } from '../jinja/errors.js';
import { translatePattern } from '../py/re.js';
import { toBool } from './filters/data.js';
import { compareVersions } from './version.js';

function regexTest(name: string, how: 'match' | 'search' | 'fullmatch') {
  return pyfunc(
    `value, pattern='', ignorecase=False, multiline=False`,
    (_c, value, pattern, ic, ml) => {
      let p = pyStr(pattern);
      if (how === 'match') p = `(?:${p})`;
      const re = translatePattern(how === 'fullmatch' ? `(?:${p})\\Z` : p, {
        ignorecase: truthy(ic),
        multiline: truthy(ml),
        where: name,
      });
      const s = pyStr(value);
      if (how === 'search') return re.test(s);
      const sticky = new RegExp(re.source, re.flags + 'y');
      return sticky.test(s);
    },
  );
}

function result(v: PyValue, key: string): Map<PyValue, PyValue> {
  v = resolve(v);
  if (!isDict(v))
    throw new TemplateRuntimeError(
      `The '${key === 'failed' ? 'failed' : key}' test expects a dictionary`,
    );
  return v;
}

const stat = (p: PyValue, f: (s: import('node:fs').Stats) => boolean): boolean => {
  try {
    return f(statSync(pyStr(p)));
  } catch {
    return false;
  }
};

export function ansibleTests(): [string, PyFunction][] {
  return [
    ['match', regexTest('match', 'match')],
    ['search', regexTest('search', 'search')],
    [
      'regex',
      pyfunc(
        "value='', pattern='', ignorecase=False, multiline=False, match_type='search'",
        (c, value, pattern, ic, ml, mt) => {
          const t = pyStr(mt);
          const f = regexTest(
            'regex',
            t === 'match' ? 'match' : t === 'fullmatch' ? 'fullmatch' : 'search',
          );
          return f.impl(c, value, pattern, ic, ml);
        },
      ),
    ],
    [
      'version',
      pyfunc(
        "value, version, operator='eq', strict=None, version_type=None",
        (_c, value, version, op, strict, vt) =>
          compareVersions(
            pyStr(value),
            pyStr(version),
            pyStr(op),
            vt === null ? (truthy(strict) ? 'strict' : 'loose') : pyStr(vt),
          ),
      ),
    ],
    [
      'version_compare',
      pyfunc(
        "value, version, operator='eq', strict=None, version_type=None",
        (_c, value, version, op, strict, vt) =>
          compareVersions(
            pyStr(value),
            pyStr(version),
            pyStr(op),
            vt === null ? (truthy(strict) ? 'strict' : 'loose') : pyStr(vt),
          ),
      ),
    ],
    [
      'truthy',
      pyfunc('value, convert_bool=False', (_c, v, cb) => truthy(truthy(cb) ? toBool(v) : v)),
    ],
    [
      'falsy',
      pyfunc('value, convert_bool=False', (_c, v, cb) => !truthy(truthy(cb) ? toBool(v) : v)),
    ],
    ['failed', pyfunc('result', (_c, r) => truthy(result(r, 'failed').get('failed') ?? false))],
    ['failure', pyfunc('result', (_c, r) => truthy(result(r, 'failed').get('failed') ?? false))],
    ['success', pyfunc('result', (_c, r) => !truthy(result(r, 'success').get('failed') ?? false))],
    [
      'succeeded',
      pyfunc('result', (_c, r) => !truthy(result(r, 'success').get('failed') ?? false)),
    ],
    ['changed', pyfunc('result', (_c, r) => truthy(result(r, 'changed').get('changed') ?? false))],
    ['change', pyfunc('result', (_c, r) => truthy(result(r, 'changed').get('changed') ?? false))],
    ['skipped', pyfunc('result', (_c, r) => truthy(result(r, 'skipped').get('skipped') ?? false))],
    ['skip', pyfunc('result', (_c, r) => truthy(result(r, 'skipped').get('skipped') ?? false))],
    [
      'subset',
      pyfunc('a, b', (_c, a, b) => {
        const bl = toList(b);
        return toList(a).every((x) => contains(bl, x));
      }),
    ],
    [
      'issubset',
      pyfunc('a, b', (_c, a, b) => {
        const bl = toList(b);
        return toList(a).every((x) => contains(bl, x));
      }),
    ],
    [
      'superset',
      pyfunc('a, b', (_c, a, b) => {
        const al = toList(a);
        return toList(b).every((x) => contains(al, x));
      }),
    ],
    [
      'issuperset',
      pyfunc('a, b', (_c, a, b) => {
        const al = toList(a);
        return toList(b).every((x) => contains(al, x));
      }),
    ],
    ['contains', pyfunc('seq, value', (_c, seq, value) => contains(seq, value))],
    ['any', pyfunc('seq', (_c, seq) => toList(seq).some(truthy))],
    ['all', pyfunc('seq', (_c, seq) => toList(seq).every(truthy))],
    ['file', pyfunc('path', (_c, p) => stat(p, (s) => s.isFile()))],
    ['is_file', pyfunc('path', (_c, p) => stat(p, (s) => s.isFile()))],
    ['directory', pyfunc('path', (_c, p) => stat(p, (s) => s.isDirectory()))],
    ['is_dir', pyfunc('path', (_c, p) => stat(p, (s) => s.isDirectory()))],
    [
      'link',
      pyfunc('path', (_c, p) => {
        try {
          return lstatSync(pyStr(p)).isSymbolicLink();
        } catch {
          return false;
        }
      }),
    ],
    [
      'is_link',
      pyfunc('path', (_c, p) => {
        try {
          return lstatSync(pyStr(p)).isSymbolicLink();
        } catch {
          return false;
        }
      }),
    ],
    ['exists', pyfunc('path', (_c, p) => existsSync(pyStr(p)))],
    ['abs', pyfunc('path', (_c, p) => isAbsolute(pyStr(p)))],
    ['is_abs', pyfunc('path', (_c, p) => isAbsolute(pyStr(p)))],
    [
      'vault_encrypted',
      pyfunc('value', (_c, v) => v instanceof Lazy && v.description.startsWith('!vault')),
    ],
  ];
}
