/**
 * Python string formatting: `'%s: %5.2f' % (a, b)`, `'%(name)s' % d`, and `'{0:>8}'.format(x)`
 * with the format-spec mini-language.
 */
import { PyTypeError } from './callable.js';
import { Markup, PyFloat, PyTuple, resolve, type PyValue } from './values.js';
import { pyRepr, pyStr, typeName } from './repr.js';
import { setPercentFormat, escapeHtml } from './arith.js';
import { dictLookup, MISSING } from './compare.js';
import { toNumber } from './ops.js';
import { expAbs, fixedAbs, generalAbs, groupDigits } from './numfmt.js';
import { EvalRuntimeError } from './errors.js';

function valueError(msg: string): never {
  throw new EvalRuntimeError(msg);
}

function asIntLike(v: PyValue, conv: string): bigint {
  v = resolve(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (typeof v === 'bigint') return v;
  if (v instanceof PyFloat && 'xXoc'.includes(conv))
    throw new PyTypeError(`%${conv} format: an integer is required, not float`);
  if (v instanceof PyFloat) {
    if (!Number.isFinite(v.value)) valueError('cannot convert float infinity to integer');
    return BigInt(Math.trunc(v.value));
  }
  throw new PyTypeError(`%${conv} format: a real number is required, not ${typeName(v)}`);
}

function asFloat(v: PyValue, conv: string): number {
  v = resolve(v);
  if (
    typeof v === 'boolean' ||
    typeof v === 'number' ||
    typeof v === 'bigint' ||
    v instanceof PyFloat
  )
    return toNumber(v);
  throw new PyTypeError(`must be real number, not ${typeName(v)}`);
  void conv;
}

function pad(body: string, sign: string, width: number, left: boolean, zero: boolean): string {
  const len = [...body].length + sign.length;
  if (len >= width) return sign + body;
  if (left) return sign + body + ' '.repeat(width - len);
  if (zero) return sign + '0'.repeat(width - len) + body;
  return ' '.repeat(width - len) + sign + body;
}

interface Spec1 {
  key?: string;
  flags: string;
  w?: string;
  p?: string;
  conv?: string;
  index: number;
  length: number;
}
const PARSED = new Map<string, (string | Spec1)[]>();

/** Split a printf-style format into literal text and conversion specs (cached per format). */
function parsePercent(text: string): (string | Spec1)[] {
  let parts = PARSED.get(text);
  if (parts) return parts;
  parts = [];
  const re = /%(?:\(([^)]*)\))?([-+ 0#]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([diouxXeEfFgGcrsa%])?/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    last = re.lastIndex;
    parts.push({
      key: m[1],
      flags: m[2] ?? '',
      w: m[3],
      p: m[4],
      conv: m[5],
      index: m.index,
      length: m[0].length,
    });
  }
  if (last < text.length) parts.push(text.slice(last));
  if (PARSED.size > 1000) PARSED.clear();
  PARSED.set(text, parts);
  return parts;
}

/** `fmt % args` (printf-style). */
export function percentFormat(fmt: string | Markup, argsIn: PyValue): PyValue {
  const isMarkup = fmt instanceof Markup;
  const text = String(fmt);
  const args = resolve(argsIn);
  const list: PyValue[] = args instanceof PyTuple ? args : [args];
  const mapping = args instanceof Map ? args : null;
  let ai = 0;
  let usedMapping = false;
  const next = (): PyValue => {
    if (ai >= list.length) throw new PyTypeError('not enough arguments for format string');
    return list[ai++]!;
  };
  let out = '';
  for (const piece of parsePercent(text)) {
    if (typeof piece === 'string') {
      out += piece;
      continue;
    }
    const { key, flags, w, p, conv, index, length } = piece;
    if (!conv) valueError(`unsupported format character at index ${index + length}`);
    if (conv === '%' && !key && !flags && !w && p === undefined) {
      out += '%';
      continue;
    }
    let width = w === '*' ? Number(toNumber(next() as number)) : w ? Number(w) : 0;
    const prec =
      p === undefined
        ? undefined
        : p === '*'
          ? Number(toNumber(next() as number))
          : Number(p || '0');
    let left = flags.includes('-');
    if (width < 0) {
      left = true;
      width = -width;
    }
    const zero = flags.includes('0') && !left;
    let value: PyValue;
    if (key !== undefined) {
      if (!mapping) throw new PyTypeError('format requires a mapping');
      usedMapping = true;
      const v = dictLookup(mapping, key);
      if (v === MISSING) valueError(`KeyError: '${key}'`);
      value = v;
    } else value = next();
    out += formatOne(conv, value, flags, width, prec, left, zero, isMarkup);
  }
  if (!mapping && ai < list.length)
    throw new PyTypeError('not all arguments converted during string formatting');
  void usedMapping;
  return isMarkup ? new Markup(out) : out;
}

function formatOne(
  conv: string,
  value: PyValue,
  flags: string,
  width: number,
  prec: number | undefined,
  left: boolean,
  zero: boolean,
  isMarkup: boolean,
): string {
  const signOf = (neg: boolean): string =>
    neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  switch (conv) {
    case 's':
    case 'r':
    case 'a': {
      let s = conv === 's' ? pyStr(value) : pyRepr(value);
      if (isMarkup && conv === 's' && !(resolve(value) instanceof Markup)) s = escapeHtml(s);
      if (prec !== undefined) s = [...s].slice(0, prec).join('');
      return pad(s, '', width, left, false);
    }
    case 'c': {
      const v = resolve(value);
      const s = typeof v === 'string' ? v : String.fromCodePoint(Number(asIntLike(v, 'c')));
      return pad(s, '', width, left, false);
    }
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      const n = asIntLike(value, conv);
      const neg = n < 0n;
      const a = neg ? -n : n;
      let body =
        conv === 'o'
          ? a.toString(8)
          : conv === 'x'
            ? a.toString(16)
            : conv === 'X'
              ? a.toString(16).toUpperCase()
              : a.toString();
      if (prec !== undefined) body = body.padStart(prec, '0');
      if (flags.includes('#') && conv === 'o') body = '0o' + body;
      if (flags.includes('#') && conv === 'x') body = '0x' + body;
      if (flags.includes('#') && conv === 'X') body = '0X' + body;
      return pad(body, signOf(neg), width, left, zero);
    }
    default: {
      const x = asFloat(value, conv);
      const neg = x < 0 || Object.is(x, -0);
      const a = Math.abs(x);
      const pr = prec ?? 6;
      let body: string;
      if (conv === 'e' || conv === 'E') body = expAbs(a, pr, conv === 'E');
      else if (conv === 'f' || conv === 'F') body = fixedAbs(a, pr);
      else body = generalAbs(a, pr, conv === 'G', flags.includes('#'));
      if (conv === 'F' || conv === 'E' || conv === 'G') body = body.toUpperCase();
      return pad(body, signOf(neg && !Number.isNaN(x)), width, left, zero && Number.isFinite(x));
    }
  }
}

setPercentFormat(percentFormat);

interface Spec {
  fill: string;
  align: string;
  sign: string;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision?: number;
  type: string;
}

function parseSpec(spec: string): Spec {
  const m =
    /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su.exec(
      spec,
    );
  if (!m) valueError('Invalid format specifier');
  const [, fill, align, sign, , alt, zero, width, grouping, precision, type] = m;
  return {
    fill: fill ?? (zero && !align ? '0' : ' '),
    align: align ?? (zero ? '=' : ''),
    sign: sign ?? '-',
    alt: !!alt,
    zero: !!zero,
    width: width ? Number(width) : 0,
    grouping: grouping ?? '',
    precision: precision === undefined ? undefined : Number(precision),
    type: type ?? '',
  };
}

function align(body: string, sign: string, s: Spec, defaultAlign: string): string {
  const a = s.align || defaultAlign;
  const len = [...body].length + sign.length;
  const n = Math.max(0, s.width - len);
  if (a === '<') return sign + body + s.fill.repeat(n);
  if (a === '>') return s.fill.repeat(n) + sign + body;
  if (a === '^')
    return s.fill.repeat(Math.floor(n / 2)) + sign + body + s.fill.repeat(n - Math.floor(n / 2));
  return sign + s.fill.repeat(n) + body;
}

/** `format(value, spec)` — Python's `__format__` for the builtin types. */
export function formatSpec(value: PyValue, spec: string): string {
  value = resolve(value);
  if (spec === '') return pyStr(value);
  const s = parseSpec(spec);
  if (typeof value === 'string' || value instanceof Markup) {
    if (s.type && s.type !== 's')
      valueError(`Unknown format code '${s.type}' for object of type 'str'`);
    let body = String(value);
    if (s.precision !== undefined) body = [...body].slice(0, s.precision).join('');
    return align(body, '', s, '<');
  }
  const isInt =
    (typeof value === 'number' && Number.isInteger(value)) ||
    typeof value === 'bigint' ||
    typeof value === 'boolean';
  if (isInt && (s.type === '' || 'bcdoxXn'.includes(s.type))) {
    const n = typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value as number);
    if (typeof value === 'boolean' && s.type === '' && !s.sign && !s.width) return pyStr(value);
    const neg = n < 0n;
    const a = neg ? -n : n;
    const t = s.type;
    let body =
      t === 'b'
        ? a.toString(2)
        : t === 'o'
          ? a.toString(8)
          : t === 'x'
            ? a.toString(16)
            : t === 'X'
              ? a.toString(16).toUpperCase()
              : t === 'c'
                ? String.fromCodePoint(Number(a))
                : a.toString();
    if (s.grouping) body = groupDigits(body, s.grouping);
    if (s.alt && t === 'b') body = '0b' + body;
    if (s.alt && t === 'o') body = '0o' + body;
    if (s.alt && t === 'x') body = '0x' + body;
    if (s.alt && t === 'X') body = '0X' + body;
    const sign = neg ? '-' : s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '';
    return align(body, sign, s, '>');
  }
  if (isInt || value instanceof PyFloat || typeof value === 'number') {
    const x = toNumber(value as number);
    const neg = x < 0 || Object.is(x, -0);
    const a = Math.abs(x);
    let body: string;
    const t = s.type;
    if (t === 'e' || t === 'E') body = expAbs(a, s.precision ?? 6, t === 'E');
    else if (t === 'f' || t === 'F') body = fixedAbs(a, s.precision ?? 6);
    else if (t === '%') body = fixedAbs(a * 100, s.precision ?? 6) + '%';
    else if (t === 'g' || t === 'G' || t === 'n')
      body = generalAbs(a, s.precision ?? 6, t === 'G', s.alt);
    else if (s.precision !== undefined) {
      // Like 'g', but scientific from exponent p-1 on, and fixed output keeps a decimal digit.
      const p = Math.max(1, s.precision);
      const sci = expAbs(a, p - 1);
      const exp = Number(sci.slice(sci.indexOf('e') + 1));
      if (Number.isFinite(a) && exp >= -4 && exp < p - 1) {
        body = generalAbs(a, p, false, s.alt);
        if (!body.includes('.')) body += '.0';
      } else body = s.alt ? sci : sci.replace(/\.?0+(?=e)/, '');
    } else body = pyStr(new PyFloat(a));
    if (t === 'F') body = body.toUpperCase();
    if (s.grouping) body = groupDigits(body, s.grouping);
    const sign = neg && !Number.isNaN(x) ? '-' : s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '';
    return align(body, sign, s, '>');
  }
  throw new PyTypeError(`unsupported format string passed to ${typeName(value)}.__format__`);
}

/** `str.format(*args, **kwargs)`. `getField` resolves `.attr` and `[key]` parts. */
export function strFormat(
  fmt: string,
  args: readonly PyValue[],
  kwargs: ReadonlyMap<string, PyValue>,
  getField: (obj: PyValue, attr: string, isIndex: boolean) => PyValue,
): string {
  let out = '';
  let auto = 0;
  let i = 0;
  while (i < fmt.length) {
    const ch = fmt[i]!;
    if (ch === '{') {
      if (fmt[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      let depth = 1,
        j = i + 1;
      while (j < fmt.length && depth) {
        if (fmt[j] === '{') depth++;
        else if (fmt[j] === '}') depth--;
        j++;
      }
      if (depth) valueError("Single '{' encountered in format string");
      const field = fmt.slice(i + 1, j - 1);
      i = j;
      const m = /^([^.[!:]*)((?:\.[^.[!:]+|\[[^\]]*\])*)(?:!([rsa]))?(?::(.*))?$/s.exec(field);
      if (!m) valueError('unmatched field in format string');
      const [, head, rest = '', conv, specRaw = ''] = m;
      let value: PyValue;
      if (head === '') {
        if (auto >= args.length)
          throw new EvalRuntimeError(
            `Replacement index ${auto} out of range for positional args tuple`,
          );
        value = args[auto++]!;
      } else if (/^\d+$/.test(head!)) {
        const n = Number(head);
        if (n >= args.length)
          throw new EvalRuntimeError(
            `Replacement index ${n} out of range for positional args tuple`,
          );
        value = args[n]!;
      } else {
        if (!kwargs.has(head!)) valueError(`KeyError: '${head}'`);
        value = kwargs.get(head!)!;
      }
      for (const part of rest.match(/\.[^.[]+|\[[^\]]*\]/g) ?? []) {
        if (part.startsWith('.')) value = getField(value, part.slice(1), false);
        else value = getField(value, part.slice(1, -1), true);
      }
      if (conv === 'r' || conv === 'a') value = pyRepr(value);
      else if (conv === 's') value = pyStr(value);
      const spec = specRaw.includes('{')
        ? strFormat(specRaw, args.slice(auto), kwargs, getField)
        : specRaw;
      out += formatSpec(value, spec);
      continue;
    }
    if (ch === '}') {
      if (fmt[i + 1] === '}') {
        out += '}';
        i += 2;
        continue;
      }
      valueError("Single '}' encountered in format string");
    }
    out += ch;
    i++;
  }
  return out;
}
