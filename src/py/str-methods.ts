/** Python `str` methods with CPython semantics (whitespace splitting, title casing, …). */
import { pyfunc, PyTypeError, type PyFunction } from './callable.js';
import { Markup, PyTuple, resolve, tuple, Undefined, type PyValue } from './values.js';
import { pyStr, typeName } from './repr.js';
import { toList } from './ops.js';
import { strFormat } from './format.js';
import { getattr, getitem } from './access.js';
import { EvalRuntimeError, EvalUndefinedError } from './errors.js';

const WS =
  ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function isWs(c: string): boolean {
  return WS.includes(c);
}

function s(v: PyValue): string {
  return pyStr(v);
}

function optStr(v: PyValue, what: string): string | null {
  v = resolve(v);
  if (v === null) return null;
  if (typeof v === 'string' || v instanceof Markup) return String(v);
  throw new PyTypeError(`${what} arg must be None or str`);
}

function stripChars(str: string, chars: string | null, left: boolean, right: boolean): string {
  const test = chars === null ? isWs : (c: string): boolean => chars.includes(c);
  let a = 0,
    b = str.length;
  if (left) while (a < b && test(str[a]!)) a++;
  if (right) while (b > a && test(str[b - 1]!)) b--;
  return str.slice(a, b);
}

export function splitWs(str: string, maxsplit: number): string[] {
  const out: string[] = [];
  let i = 0;
  const n = str.length;
  while (i < n) {
    while (i < n && isWs(str[i]!)) i++;
    if (i >= n) break;
    if (maxsplit >= 0 && out.length === maxsplit) {
      out.push(str.slice(i));
      break;
    }
    let j = i;
    while (j < n && !isWs(str[j]!)) j++;
    out.push(str.slice(i, j));
    i = j;
  }
  return out;
}

function rsplitWs(str: string, maxsplit: number): string[] {
  const out: string[] = [];
  let j = str.length;
  while (j > 0) {
    while (j > 0 && isWs(str[j - 1]!)) j--;
    if (j <= 0) break;
    if (maxsplit >= 0 && out.length === maxsplit) {
      out.push(str.slice(0, j));
      break;
    }
    let i = j;
    while (i > 0 && !isWs(str[i - 1]!)) i--;
    out.push(str.slice(i, j));
    j = i;
  }
  return out.reverse();
}

function splitSep(str: string, sep: string, maxsplit: number): string[] {
  if (sep === '') throw new EvalRuntimeError('empty separator');
  const parts = str.split(sep);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
}

function int(v: PyValue): number {
  v = resolve(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new PyTypeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
}

function bounds(len: number, start: PyValue, end: PyValue): [number, number] {
  let a = start === null ? 0 : int(start);
  let b = end === null ? len : int(end);
  if (a < 0) a = Math.max(0, a + len);
  if (b < 0) b = Math.max(0, b + len);
  return [Math.min(a, len), Math.min(b, len)];
}

function prefixes(p: PyValue, what: string): string[] {
  p = resolve(p);
  if (typeof p === 'string' || p instanceof Markup) return [String(p)];
  if (p instanceof PyTuple) return p.map((x) => String(x));
  throw new PyTypeError(`${what} first arg must be str or a tuple of str, not ${typeName(p)}`);
}

const CASED = /[\p{Lowercase}\p{Uppercase}\p{Lt}]/u;

/** Unicode titlecase where it differs from uppercase (digraphs, Georgian, Greek with iota). */
function toTitle(c: string): string {
  const cp = c.codePointAt(0)!;
  if (cp >= 0x1c4 && cp <= 0x1cc)
    return String.fromCodePoint(0x1c5 + 3 * Math.floor((cp - 0x1c4) / 3));
  if (cp >= 0x1f1 && cp <= 0x1f3) return '\u01f2';
  if ((cp >= 0x10d0 && cp <= 0x10fa) || (cp >= 0x10fd && cp <= 0x10ff)) return c;
  if (cp >= 0x1f80 && cp <= 0x1faf) return String.fromCodePoint(cp | 0x8);
  const greek: Record<number, number> = {
    0x1fb3: 0x1fbc,
    0x1fbc: 0x1fbc,
    0x1fc3: 0x1fcc,
    0x1fcc: 0x1fcc,
    0x1ff3: 0x1ffc,
    0x1ffc: 0x1ffc,
  };
  if (greek[cp] !== undefined) return String.fromCodePoint(greek[cp]);
  const special: Record<number, string> = {
    0xdf: 'Ss',
    0xfb00: 'Ff',
    0xfb01: 'Fi',
    0xfb02: 'Fl',
    0xfb03: 'Ffi',
    0xfb04: 'Ffl',
    0xfb05: 'St',
    0xfb06: 'St',
    0x587: '\u0535\u0582',
    0x149: '\u02bcN',
    0x1fb2: '\u1fba\u0345',
    0x1fb4: '\u0386\u0345',
    0x1fc2: '\u1fca\u0345',
    0x1fc4: '\u0389\u0345',
    0x1ff2: '\u1ffa\u0345',
    0x1ff4: '\u038f\u0345',
    0x1fb7: '\u0391\u0342\u0345',
    0x1fc7: '\u0397\u0342\u0345',
    0x1ff7: '\u03a9\u0342\u0345',
  };
  if (special[cp] !== undefined) return special[cp];
  return c.toUpperCase();
}

function pyTitle(str: string): string {
  let out = '';
  let prevCased = false;
  for (const c of str) {
    out += prevCased ? c.toLowerCase() : toTitle(c);
    prevCased = CASED.test(c);
  }
  return out;
}

export function pyCapitalize(str: string): string {
  const chars = [...str];
  if (!chars.length) return '';
  return toTitle(chars[0]!) + chars.slice(1).join('').toLowerCase();
}

const fieldUndef = (_n: string | null, hint: string): Undefined => {
  throw new EvalUndefinedError(hint);
};

function formatField(obj: PyValue, name: string, isIndex: boolean): PyValue {
  if (isIndex && /^\d+$/.test(name)) return getitem(obj, Number(name), fieldUndef);
  if (!isIndex && resolve(obj) instanceof Map) {
    // Python's getattr: dict keys are not attributes.
    throw new EvalRuntimeError(`'dict' object has no attribute '${name}'`);
  }
  return isIndex ? getitem(obj, name, fieldUndef) : getattr(obj, name, fieldUndef);
}

function center(str: string, width: number, fill: string): string {
  const len = [...str].length;
  if (width <= len) return str;
  const marg = width - len;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return fill.repeat(left) + str + fill.repeat(marg - left);
}

function fillchar(f: PyValue): string {
  const c = s(f);
  if ([...c].length !== 1)
    throw new PyTypeError('The fill character must be exactly one character long');
  return c;
}

export const STR_METHODS: Record<string, PyFunction> = {
  split: pyfunc('self, sep=None, maxsplit=-1', (_c, self, sep, maxsplit) => {
    const sp = optStr(sep, 'sep');
    return sp === null ? splitWs(s(self), int(maxsplit)) : splitSep(s(self), sp, int(maxsplit));
  }),
  rsplit: pyfunc('self, sep=None, maxsplit=-1', (_c, self, sep, maxsplit) => {
    const sp = optStr(sep, 'sep');
    const m = int(maxsplit);
    if (sp === null) return rsplitWs(s(self), m);
    const parts = s(self).split(sp);
    if (m < 0 || parts.length <= m + 1) return parts;
    return [parts.slice(0, parts.length - m).join(sp), ...parts.slice(parts.length - m)];
  }),
  splitlines: pyfunc('self, keepends=False', (_c, self, keepends) => {
    const out: string[] = [];
    // eslint-disable-next-line no-control-regex -- Python's line boundaries include these control characters
    const re = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g;
    const str = s(self);
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(str))) {
      out.push(str.slice(last, keepends === true ? re.lastIndex : m.index));
      last = re.lastIndex;
    }
    if (last < str.length) out.push(str.slice(last));
    return out;
  }),
  strip: pyfunc('self, chars=None', (_c, self, chars) =>
    stripChars(s(self), optStr(chars, 'strip'), true, true),
  ),
  lstrip: pyfunc('self, chars=None', (_c, self, chars) =>
    stripChars(s(self), optStr(chars, 'lstrip'), true, false),
  ),
  rstrip: pyfunc('self, chars=None', (_c, self, chars) =>
    stripChars(s(self), optStr(chars, 'rstrip'), false, true),
  ),
  startswith: pyfunc('self, prefix, start=None, end=None', (_c, self, p, st, en) => {
    const str = s(self);
    const [a, b] = bounds(str.length, st, en);
    const sub = str.slice(a, b);
    return a <= b && prefixes(p, 'startswith').some((x) => sub.startsWith(x));
  }),
  endswith: pyfunc('self, suffix, start=None, end=None', (_c, self, p, st, en) => {
    const str = s(self);
    const [a, b] = bounds(str.length, st, en);
    const sub = str.slice(a, b);
    return a <= b && prefixes(p, 'endswith').some((x) => sub.endsWith(x));
  }),
  replace: pyfunc('self, old, new, count=-1', (_c, self, old, nw, count) => {
    const str = s(self),
      o = s(old),
      n = s(nw);
    let c = int(count);
    if (c < 0)
      return o === '' ? [...str].join(n).replace(/^/, n) + (str ? n : '') : str.split(o).join(n);
    let out = '',
      rest = str;
    if (o === '') {
      const chars = [...str];
      let i = 0;
      while (c > 0 && i <= chars.length) {
        out += n + (chars[i] ?? '');
        i++;
        c--;
      }
      return out + chars.slice(i).join('');
    }
    while (c-- > 0) {
      const i = rest.indexOf(o);
      if (i < 0) break;
      out += rest.slice(0, i) + n;
      rest = rest.slice(i + o.length);
    }
    return out + rest;
  }),
  upper: pyfunc('self', (_c, self) => s(self).toUpperCase()),
  lower: pyfunc('self', (_c, self) => s(self).toLowerCase()),
  casefold: pyfunc('self', (_c, self) => s(self).toLowerCase()),
  swapcase: pyfunc('self', (_c, self) =>
    [...s(self)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  ),
  capitalize: pyfunc('self', (_c, self) => pyCapitalize(s(self))),
  title: pyfunc('self', (_c, self) => pyTitle(s(self))),
  center: pyfunc("self, width, fillchar=' '", (_c, self, w, f) =>
    center(s(self), int(w), fillchar(f)),
  ),
  ljust: pyfunc("self, width, fillchar=' '", (_c, self, w, f) => {
    const str = s(self);
    return str + fillchar(f).repeat(Math.max(0, int(w) - [...str].length));
  }),
  rjust: pyfunc("self, width, fillchar=' '", (_c, self, w, f) => {
    const str = s(self);
    return fillchar(f).repeat(Math.max(0, int(w) - [...str].length)) + str;
  }),
  zfill: pyfunc('self, width', (_c, self, w) => {
    const str = s(self);
    const n = int(w) - str.length;
    if (n <= 0) return str;
    const sign = str[0] === '-' || str[0] === '+' ? str[0] : '';
    return sign + '0'.repeat(n) + str.slice(sign.length);
  }),
  format: pyfunc(
    'self, *args, **kwargs',
    (_c, self, args: PyValue[], kwargs: Map<string, PyValue>) => {
      const r = strFormat(s(self), args, kwargs, formatField);
      return resolve(self) instanceof Markup ? new Markup(r) : r;
    },
  ),
  format_map: pyfunc('self, mapping', (_c, self, mapping) =>
    strFormat(s(self), [], resolve(mapping) as Map<string, PyValue>, formatField),
  ),
  join: pyfunc('self, iterable', (_c, self, it) => {
    const items = toList(it).map((x) => {
      const v = resolve(x);
      if (typeof v !== 'string' && !(v instanceof Markup))
        throw new PyTypeError(`sequence item: expected str instance, ${typeName(v)} found`);
      return String(v);
    });
    return items.join(s(self));
  }),
  find: pyfunc('self, sub, start=None, end=None', (_c, self, sub, st, en) => {
    const str = s(self);
    const [a, b] = bounds(str.length, st, en);
    const i = str.slice(0, b).indexOf(s(sub), a);
    return i;
  }),
  rfind: pyfunc('self, sub, start=None, end=None', (_c, self, sub, st, en) => {
    const str = s(self);
    const [a, b] = bounds(str.length, st, en);
    const i = str.slice(a, b).lastIndexOf(s(sub));
    return i < 0 ? -1 : i + a;
  }),
  index: pyfunc('self, sub, start=None, end=None', (c, self, sub, st, en) => {
    const i = STR_METHODS.find!.impl(c, self, sub, st, en) as number;
    if (i < 0) throw new EvalRuntimeError('substring not found');
    return i;
  }),
  rindex: pyfunc('self, sub, start=None, end=None', (c, self, sub, st, en) => {
    const i = STR_METHODS.rfind!.impl(c, self, sub, st, en) as number;
    if (i < 0) throw new EvalRuntimeError('substring not found');
    return i;
  }),
  count: pyfunc('self, sub, start=None, end=None', (_c, self, sub, st, en) => {
    const str = s(self);
    const [a, b] = bounds(str.length, st, en);
    const part = str.slice(a, b),
      x = s(sub);
    if (x === '') return [...part].length + 1;
    return part.split(x).length - 1;
  }),
  partition: pyfunc('self, sep', (_c, self, sep) => {
    const str = s(self),
      x = s(sep);
    const i = str.indexOf(x);
    return i < 0 ? tuple([str, '', '']) : tuple([str.slice(0, i), x, str.slice(i + x.length)]);
  }),
  rpartition: pyfunc('self, sep', (_c, self, sep) => {
    const str = s(self),
      x = s(sep);
    const i = str.lastIndexOf(x);
    return i < 0 ? tuple(['', '', str]) : tuple([str.slice(0, i), x, str.slice(i + x.length)]);
  }),
  removeprefix: pyfunc('self, prefix', (_c, self, p) => {
    const str = s(self),
      x = s(p);
    return x && str.startsWith(x) ? str.slice(x.length) : str;
  }),
  removesuffix: pyfunc('self, suffix', (_c, self, p) => {
    const str = s(self),
      x = s(p);
    return x && str.endsWith(x) ? str.slice(0, -x.length) : str;
  }),
  expandtabs: pyfunc('self, tabsize=8', (_c, self, t) => {
    const size = int(t);
    let col = 0,
      out = '';
    for (const c of s(self)) {
      if (c === '\t') {
        const n = size > 0 ? size - (col % size) : 0;
        out += ' '.repeat(n);
        col += n;
      } else if (c === '\n' || c === '\r') {
        out += c;
        col = 0;
      } else {
        out += c;
        col++;
      }
    }
    return out;
  }),
  isdigit: pyfunc('self', (_c, self) => /^\p{Nd}+$/u.test(s(self))),
  isdecimal: pyfunc('self', (_c, self) => /^\p{Nd}+$/u.test(s(self))),
  isnumeric: pyfunc('self', (_c, self) => /^\p{N}+$/u.test(s(self))),
  isalpha: pyfunc('self', (_c, self) => /^\p{L}+$/u.test(s(self))),
  isalnum: pyfunc('self', (_c, self) => /^[\p{L}\p{N}]+$/u.test(s(self))),
  isspace: pyfunc('self', (_c, self) => {
    const str = s(self);
    return str.length > 0 && [...str].every(isWs);
  }),
  islower: pyfunc('self', (_c, self) => {
    const str = s(self);
    return /\p{Ll}/u.test(str) && !/\p{Lu}|\p{Lt}/u.test(str);
  }),
  isupper: pyfunc('self', (_c, self) => {
    const str = s(self);
    return /\p{Lu}/u.test(str) && !/\p{Ll}|\p{Lt}/u.test(str);
  }),
  istitle: pyfunc('self', (_c, self) => {
    const str = s(self);
    return /\p{L}/u.test(str) && pyTitle(str) === str;
  }),
  isidentifier: pyfunc('self', (_c, self) => /^[\p{L}_][\p{L}\p{N}_]*$/u.test(s(self))),
  encode: pyfunc("self, encoding='utf-8', errors='strict'", (_c, self) => s(self)),
  __str__: pyfunc('self', (_c, self) => pyStr(self)),
};
