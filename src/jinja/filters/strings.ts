/** Jinja2's string filters, with the exact quirks of Jinja2 3.1 (indent, truncate, title…). */
import { pyfunc, PyTypeError, type PyFunction } from '../../py/callable.js';
import { Markup, PyFloat, resolve, Undefined, UnsafeText, type PyValue } from '../../py/values.js';
import { parseFloatStr } from './numbers.js';
import { unpack } from '../runtime/rt.js';
import { escapeHtml } from '../../py/arith.js';
import { pyLen, toNumber } from '../../py/ops.js';
import { asTuple, isSequence } from '../../py/values.js';
import { percentFormat } from '../../py/format.js';
import { fixedAbs } from '../../py/numfmt.js';
import { pyCapitalize, splitWs } from '../../py/str-methods.js';
import { pyStr, strRepr, typeName } from '../../py/repr.js';
import { autoescaping, envOf, noUndefined, softStr } from './util.js';
import { wordwrap } from './wordwrap.js';
import { urlize } from './urlize.js';
import { TemplateRuntimeError } from '../errors.js';

export function escape(v: PyValue): Markup {
  v = resolve(v);
  if (v instanceof Markup) return v;
  const h = (v as { __html__?: () => string } | null)?.__html__;
  if (typeof h === 'function') return new Markup(h.call(v));
  return new Markup(escapeHtml(pyStr(v)));
}

function int(v: PyValue, what = 'width'): number {
  v = resolve(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new PyTypeError(`'${what}' must be an integer`);
}

/** markupsafe's unescape of HTML entities (the common named ones and numeric references). */
function unescapeEntities(s: string): string {
  const named: Record<string, string> = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: '\xa0',
    copy: '©',
    reg: '®',
  };
  return s.replace(/&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(
        e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10),
      );
    return named[e] ?? m;
  });
}

function urlQuote(s: string, forQs: boolean): string {
  const bytes = Buffer.from(s, 'utf8');
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9_.~-]/.test(c) || (!forQs && c === '/')) out += c;
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return forQs ? out.replace(/%20/g, '+') : out;
}

function urlQuoteValue(v: PyValue, forQs: boolean): string {
  v = resolve(v);
  return urlQuote(typeof v === 'string' ? v : softStr(v), forQs);
}

const ATTR_KEY_BAD = /[\s/>=]/;

export function stringFilters(): [string, PyFunction][] {
  return [
    ['capitalize', pyfunc('s', (_c, s) => keep(s, pyCapitalize(softStr(s))))],
    [
      'center',
      pyfunc('value, width=80', (_c, v, w) => {
        const s = softStr(v),
          width = int(w);
        const len = [...s].length;
        if (width <= len) return keep(v, s);
        const marg = width - len;
        const left = Math.floor(marg / 2) + (marg & width & 1);
        return keep(v, ' '.repeat(left) + s + ' '.repeat(marg - left));
      }),
    ],
    ['escape', pyfunc('s', (_c, s) => escape(s))],
    ['e', pyfunc('s', (_c, s) => escape(s))],
    [
      'forceescape',
      pyfunc('value', (_c, v) => {
        v = resolve(v);
        return new Markup(escapeHtml(v instanceof Markup ? v.value : pyStr(v)));
      }),
    ],
    [
      'safe',
      pyfunc('value', (_c, v) => {
        v = resolve(v);
        return v instanceof Markup ? v : new Markup(pyStr(v));
      }),
    ],
    [
      'format',
      pyfunc('value, *args, **kwargs', (_c, v, args: PyValue[], kwargs: Map<string, PyValue>) => {
        if (args.length && kwargs.size)
          throw new TemplateRuntimeError(
            "can't handle positional and keyword arguments at the same time",
          );
        const fmt = resolve(v) instanceof Markup ? (resolve(v) as Markup) : softStr(v);
        return percentFormat(fmt, kwargs.size ? new Map<PyValue, PyValue>(kwargs) : asTuple(args));
      }),
    ],
    [
      'indent',
      pyfunc('s, width=4, first=False, blank=False', (_c, s0, width, first, blank) => {
        const w = resolve(width);
        const indention = typeof w === 'string' ? w : ' '.repeat(int(w));
        const raw = noUndefined(s0);
        if (typeof raw !== 'string' && !(raw instanceof Markup) && !(raw instanceof UnsafeText))
          throw new PyTypeError(`unsupported operand type(s) for +=: '${typeName(raw)}' and 'str'`);
        const s = softStr(raw) + '\n';
        const lines = splitLinesPy(s);
        let rv: string;
        if (
          blank === true ||
          (blank !== false && blank !== null && resolve(blank) !== 0 && !!resolve(blank))
        )
          rv = lines
            .map((l) => indention + l)
            .join('\n')
            .slice(indention.length);
        else {
          rv = lines.shift() ?? '';
          if (lines.length) rv += '\n' + lines.map((l) => (l ? indention + l : l)).join('\n');
        }
        if (first === true || (first !== false && first !== null && !!resolve(first)))
          rv = indention + rv;
        return resolve(s0) instanceof Markup ? new Markup(rv) : rv;
      }),
    ],
    ['lower', pyfunc('s', (_c, s) => keep(s, softStr(s).toLowerCase()))],
    ['upper', pyfunc('s', (_c, s) => keep(s, softStr(s).toUpperCase()))],
    [
      'replace',
      pyfunc('s, old, new, count=None', (c, s, old, nw, count) => {
        if (
          typeof s === 'string' &&
          typeof old === 'string' &&
          typeof nw === 'string' &&
          count === null &&
          old !== '' &&
          !autoescaping(c)
        )
          return s.split(old).join(nw);
        const src = resolve(s);
        const esc =
          autoescaping(c) &&
          (src instanceof Markup ||
            resolve(old) instanceof Markup ||
            resolve(nw) instanceof Markup);
        const str = esc && !(src instanceof Markup) ? escapeHtml(softStr(src)) : softStr(src);
        const o =
          esc && !(resolve(old) instanceof Markup) ? escapeHtml(softStr(old)) : softStr(old);
        const n = esc && !(resolve(nw) instanceof Markup) ? escapeHtml(softStr(nw)) : softStr(nw);
        let limit = count === null ? -1 : int(count, 'count');
        let out: string;
        if (limit < 0) out = o === '' ? n + [...str].join(n) + n : str.split(o).join(n);
        else {
          out = '';
          let rest = str;
          while (limit-- > 0 && o !== '') {
            const i = rest.indexOf(o);
            if (i < 0) break;
            out += rest.slice(0, i) + n;
            rest = rest.slice(i + o.length);
          }
          out += rest;
        }
        return esc ? new Markup(out) : out;
      }),
    ],
    [
      'string',
      pyfunc('value', (_c, v) => {
        v = resolve(v);
        return v instanceof Markup ? v : pyStr(v);
      }),
    ],
    [
      'striptags',
      pyfunc('value', (_c, v) => {
        let s = softStr(v)
          .replace(/<!--.*?-->/gs, '')
          .replace(/<.*?>/gs, '');
        s = splitWs(s, -1).join(' ');
        return unescapeEntities(s);
      }),
    ],
    [
      'title',
      pyfunc('s', (_c, s) =>
        softStr(s)
          .split(/([-\s({[<]+)/)
          .filter((x) => x)
          .map((x) => [...x][0]!.toUpperCase() + [...x].slice(1).join('').toLowerCase())
          .join(''),
      ),
    ],
    ['trim', pyfunc('value, chars=None', (_c, v, chars) => keep(v, trim(softStr(v), chars)))],
    [
      'truncate',
      pyfunc(
        "s, length=255, killwords=False, end='...', leeway=None",
        (_c, s0, length, killwords, end, leeway) =>
          truncateKeep(s0, truncate(s0, length, killwords, end, leeway)),
      ),
    ],
    [
      'urlencode',
      pyfunc('value', (_c, v) => {
        v = resolve(v);
        if (typeof v === 'string' || v instanceof Markup) return urlQuote(String(v), false);
        let pairs: [PyValue, PyValue][];
        if (v instanceof Map) pairs = [...v];
        else if (isSequence(v))
          pairs = v.map((p) => {
            const a = unpack(p, 2);
            return [a[0]!, a[1]!];
          });
        else return urlQuote(softStr(v), false);
        return pairs
          .map(([k, x]) => `${urlQuoteValue(k, true)}=${urlQuoteValue(x, true)}`)
          .join('&');
      }),
    ],
    [
      'urlize',
      pyfunc(
        'value, trim_url_limit=None, nofollow=False, target=None, rel=None, extra_schemes=None',
        (c, v, limit, nofollow, target, rel, extra) => {
          const out = urlize(
            softStr(v),
            limit === null ? null : int(limit),
            nofollow === true,
            target === null ? null : softStr(target),
            rel === null ? null : softStr(rel),
            extra === null ? [] : (resolve(extra) as PyValue[]).map(softStr),
            resolve(v) instanceof Markup,
          );
          return autoescaping(c) ? new Markup(out) : out;
        },
      ),
    ],
    ['wordcount', pyfunc('s', (_c, s) => (softStr(s).match(/[\p{L}\p{N}_]+/gu) ?? []).length)],
    [
      'wordwrap',
      pyfunc(
        's, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True',
        (c, s, width, blw, wrapstring, boh) => {
          const wrap =
            wrapstring === null ? (envOf(c).options.newlineSequence ?? '\n') : softStr(wrapstring);
          const raw = noUndefined(s);
          if (typeof raw !== 'string' && !(raw instanceof Markup) && !(raw instanceof UnsafeText))
            throw new PyTypeError(`'${typeName(raw)}' object has no attribute 'splitlines'`);
          return splitLinesPy(softStr(raw))
            .map((line) => wordwrap(line, int(width), blw !== false, boh !== false).join(wrap))
            .join(wrap);
        },
      ),
    ],
    [
      'xmlattr',
      pyfunc('d, autospace=True', (c, d, autospace) => {
        const m = resolve(d);
        if (!(m instanceof Map)) throw new PyTypeError("'xmlattr' expects a mapping");
        const items: string[] = [];
        for (const [k, v] of m) {
          const val = resolve(v);
          if (val === null || val instanceof Undefined) continue;
          const key = softStr(k);
          if (ATTR_KEY_BAD.test(key))
            throw new TemplateRuntimeError(`Invalid character in attribute name: ${strRepr(key)}`);
          items.push(`${escape(key).value}="${escape(val).value}"`);
        }
        let rv = items.join(' ');
        if (autospace !== false && rv) rv = ' ' + rv;
        return autoescaping(c) ? new Markup(rv) : rv;
      }),
    ],
    [
      'filesizeformat',
      pyfunc('value, binary=False', (_c, v, binary) => {
        const raw = noUndefined(v);
        let bytes: number;
        if (typeof raw === 'string' || raw instanceof Markup) {
          const f = parseFloatStr(String(raw));
          if (f === null)
            throw new TemplateRuntimeError(
              `could not convert string to float: ${strRepr(String(raw))}`,
            );
          bytes = f;
        } else if (
          typeof raw === 'number' ||
          typeof raw === 'bigint' ||
          typeof raw === 'boolean' ||
          raw instanceof PyFloat
        )
          bytes = toNumber(raw);
        else
          throw new PyTypeError(
            `float() argument must be a string or a real number, not '${typeName(raw)}'`,
          );
        const bin = binary === true;
        const base = bin ? 1024 : 1000;
        const prefixes = bin
          ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB']
          : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
        if (bytes === 1) return '1 Byte';
        if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
        let unit = 0,
          prefix = '';
        for (let i = 0; i < prefixes.length; i++) {
          unit = Math.pow(base, i + 2);
          prefix = prefixes[i]!;
          if (bytes < unit) break;
        }
        const x = (base * bytes) / unit;
        return `${x < 0 ? '-' : ''}${fixedAbs(Math.abs(x), 1)} ${prefix}`;
      }),
    ],
  ];
}

/** str.splitlines() */
function splitLinesPy(s: string): string[] {
  const out: string[] = [];
  // eslint-disable-next-line no-control-regex -- Python's line boundaries include these control characters
  const re = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    out.push(s.slice(last, m.index));
    last = re.lastIndex;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

function truncateKeep(input: PyValue, out: PyValue): PyValue {
  return typeof out === 'string' ? keep(input, out) : out;
}

/** Filters that keep Markup in and Markup out (soft_str(s).upper() and friends). */
function keep(input: PyValue, out: string): PyValue {
  return resolve(input) instanceof Markup ? new Markup(out) : out;
}

const PY_WS = '\\s\\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM_WS = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g');

function trim(s: string, chars: PyValue): string {
  if (chars === null) return s.replace(TRIM_WS, '');
  const cs = softStr(chars);
  let a = 0,
    b = s.length;
  while (a < b && cs.includes(s[a]!)) a++;
  while (b > a && cs.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

function truncate(
  s0: PyValue,
  length: PyValue,
  killwords: PyValue,
  end: PyValue,
  leeway: PyValue,
): PyValue {
  const raw = resolve(s0);
  if (typeof raw !== 'string' && !(raw instanceof Markup) && !(raw instanceof UnsafeText)) {
    // Jinja2 takes len() of the value itself: short lists come back unchanged.
    if (pyLen(raw) <= int(length, 'length') + (leeway === null ? 5 : int(leeway, 'leeway')))
      return raw;
    throw new PyTypeError(`can only concatenate ${typeName(raw)} (not "str") to ${typeName(raw)}`);
  }
  const s = [...softStr(s0)];
  const len = int(length, 'length');
  const e = softStr(end);
  const lw = leeway === null ? 5 : int(leeway, 'leeway');
  if (len < [...e].length)
    throw new TemplateRuntimeError(`expected length >= ${[...e].length}, got ${len}`);
  if (lw < 0) throw new TemplateRuntimeError(`expected leeway >= 0, got ${lw}`);
  if (s.length <= len + lw) return s.join('');
  const head = s.slice(0, Math.max(0, len - [...e].length)).join('');
  if (killwords === true || (killwords !== false && !!resolve(killwords))) return head + e;
  const i = head.lastIndexOf(' ');
  return (i < 0 ? head : head.slice(0, i)) + e;
}
