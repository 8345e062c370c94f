/**
 * Python's datetime.datetime / date / time / timedelta as templates see them (Ansible's
 * `to_datetime` and `now()` return datetimes). Naive only: no tzinfo. Instants are microseconds
 * (bigint) since 1970-01-01 so arithmetic is exact; ops.ts reaches the operators through the
 * `pyBinOp` / `pyNeg` / `pyCompare` protocol so it does not import this module.
 */
import { PyTypeError, pyfunc } from './callable.js';
import { PyFloat, type PyValue } from './values.js';
import { EvalRuntimeError } from './errors.js';
import { pyStrftime } from './strftime.js';
import { pyStr, typeName } from './repr.js';

const US_DAY = 86_400_000_000n;
const fdiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};
const fmod = (a: bigint, b: bigint): bigint => a - fdiv(a, b) * b;
const p2 = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Python's ValueError (the engine reports it as a runtime error). */
export class PyValueError extends EvalRuntimeError {}

const MIN_US = -62135596800000000n; // 0001-01-01
const MAX_US = 253402300799999999n; // 9999-12-31 23:59:59.999999

function daysInMonth(y: number, m: number): number {
  return [
    31,
    (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ][m - 1]!;
}

/** Microseconds since the epoch of a validated civil date-time (ValueError as Python words it). */
export function civilToUs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, us = 0): bigint {
  if (!(y >= 1 && y <= 9999)) throw new PyValueError(`year ${y} is out of range`);
  if (!(mo >= 1 && mo <= 12)) throw new PyValueError('month must be in 1..12');
  if (!(d >= 1 && d <= daysInMonth(y, mo))) throw new PyValueError('day is out of range for month');
  if (!(h >= 0 && h <= 23)) throw new PyValueError('hour must be in 0..23');
  if (!(mi >= 0 && mi <= 59)) throw new PyValueError('minute must be in 0..59');
  if (!(s >= 0 && s <= 59)) throw new PyValueError('second must be in 0..59');
  if (!(us >= 0 && us <= 999999)) throw new PyValueError('microsecond must be in 0..999999');
  const dt = new Date(0);
  dt.setUTCFullYear(y, mo - 1, d); // setUTCFullYear keeps years < 100 literal, unlike Date.UTC
  const days = BigInt(Math.round(dt.getTime() / 86_400_000));
  return days * US_DAY + BigInt((h * 60 + mi) * 60 + s) * 1_000_000n + BigInt(us);
}

class PyTimedelta {
  readonly pyTypeName = 'timedelta';
  constructor(readonly us: bigint) {
    if (fdiv(us, US_DAY) > 999999999n || fdiv(us, US_DAY) < -999999999n)
      throw new EvalRuntimeError(`days=${fdiv(us, US_DAY)}; must have magnitude <= 999999999`);
  }
  get days(): number {
    return Number(fdiv(this.us, US_DAY));
  }
  get seconds(): number {
    return Number(fdiv(fmod(this.us, US_DAY), 1_000_000n));
  }
  get micro(): number {
    return Number(fmod(this.us, 1_000_000n));
  }

  pyGetAttr(name: string): PyValue | undefined {
    switch (name) {
      case 'days':
        return this.days;
      case 'seconds':
        return this.seconds;
      case 'microseconds':
        return this.micro;
      case 'total_seconds':
        return pyfunc('', () => new PyFloat(Number(this.us) / 1e6), 'total_seconds');
    }
    return undefined;
  }
  pyStr(): string {
    const s = this.seconds;
    let r = `${Math.floor(s / 3600)}:${p2(Math.floor(s / 60) % 60)}:${p2(s % 60)}`;
    if (this.micro) r += '.' + p2(this.micro, 6);
    const d = this.days;
    return d ? `${d} day${Math.abs(d) !== 1 ? 's' : ''}, ${r}` : r;
  }
  pyRepr(): string {
    const parts: string[] = [];
    if (this.days) parts.push(`days=${this.days}`);
    if (this.seconds) parts.push(`seconds=${this.seconds}`);
    if (this.micro) parts.push(`microseconds=${this.micro}`);
    return `datetime.timedelta(${parts.length ? parts.join(', ') : '0'})`;
  }
  pyBool(): boolean {
    return this.us !== 0n;
  }
  pyEq(o: PyValue): boolean {
    return o instanceof PyTimedelta && o.us === this.us;
  }
  pyCompare(o: PyValue): number | undefined {
    return o instanceof PyTimedelta ? cmp(this.us, o.us) : undefined;
  }
  pyNeg(): PyValue {
    return new PyTimedelta(-this.us);
  }
  pyAbs(): PyValue {
    return this.us < 0n ? new PyTimedelta(-this.us) : this;
  }

  pyBinOp(op: string, o: PyValue, reflected: boolean): PyValue | undefined {
    if (o instanceof PyTimedelta) {
      const [a, b] = reflected ? [o.us, this.us] : [this.us, o.us];
      switch (op) {
        case '+':
          return new PyTimedelta(a + b);
        case '-':
          return new PyTimedelta(a - b);
        case '/':
          if (b === 0n) throw new EvalRuntimeError('division by zero');
          return new PyFloat(Number(a) / Number(b));
        case '//':
          if (b === 0n) throw new EvalRuntimeError('integer division or modulo by zero');
          return Number(fdiv(a, b));
        case '%':
          if (b === 0n) throw new EvalRuntimeError('integer division or modulo by zero');
          return new PyTimedelta(fmod(a, b));
      }
      return undefined;
    }
    const n = typeof o === 'boolean' ? (o ? 1 : 0) : o;
    if (op === '*' && (typeof n === 'number' || typeof n === 'bigint'))
      return new PyTimedelta(this.us * BigInt(n));
    if (op === '*' && n instanceof PyFloat)
      return new PyTimedelta(roundEven(Number(this.us) * n.value));
    if (reflected) return undefined;
    if (op === '//' && (typeof n === 'number' || typeof n === 'bigint')) {
      if (BigInt(n) === 0n) throw new EvalRuntimeError('integer division or modulo by zero');
      return new PyTimedelta(fdiv(this.us, BigInt(n)));
    }
    if (op === '/' && (typeof n === 'number' || typeof n === 'bigint' || n instanceof PyFloat)) {
      const x = Number(n instanceof PyFloat ? n.value : n);
      if (x === 0)
        throw new EvalRuntimeError(
          n instanceof PyFloat ? 'float division by zero' : 'division by zero',
        );
      return new PyTimedelta(roundEven(Number(this.us) / x));
    }
    return undefined;
  }
}

function roundEven(x: number): bigint {
  let r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) r -= 1;
  return BigInt(r);
}
const cmp = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/** datetime.datetime (kind 'datetime') and datetime.date (kind 'date', time part zero). */
export class PyDatetime {
  constructor(
    readonly us: bigint,
    readonly kind: 'datetime' | 'date' = 'datetime',
  ) {
    if (us < MIN_US || us > MAX_US) throw new EvalRuntimeError('date value out of range');
  }
  get pyTypeName(): string {
    return this.kind;
  }
  /** The instant as a Date read in UTC (naive wall-clock fields). */
  private get date(): Date {
    return new Date(Number(fdiv(this.us, 1000n)));
  }
  fields(): [number, number, number, number, number, number, number] {
    const d = this.date;
    return [
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      Number(fmod(this.us, 1_000_000n)),
    ];
  }
  strftime(fmt: string): string {
    return pyStrftime(fmt, this.date, true, Number(fmod(this.us, 1_000_000n)), true);
  }
  isoformat(sep = 'T'): string {
    const [y, mo, d, h, mi, s, us] = this.fields();
    const date = `${p2(y, 4)}-${p2(mo)}-${p2(d)}`;
    if (this.kind === 'date') return date;
    return `${date}${sep}${p2(h)}:${p2(mi)}:${p2(s)}${us ? '.' + p2(us, 6) : ''}`;
  }
  pyStr(): string {
    return this.isoformat(' ');
  }
  pyRepr(): string {
    const f = this.fields();
    if (this.kind === 'date') return `datetime.date(${f.slice(0, 3).join(', ')})`;
    let n = 7;
    if (f[6] === 0) {
      n--;
      if (f[5] === 0) n--;
    }
    return `datetime.datetime(${f.slice(0, n).join(', ')})`;
  }
  pyJson(): PyValue {
    return this.isoformat();
  }

  pyGetAttr(name: string): PyValue | undefined {
    const f = this.fields();
    const idx = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'].indexOf(name);
    if (idx >= 0 && (idx < 3 || this.kind === 'datetime')) return f[idx]!;
    const weekday = (): number => (Number(fmod(fdiv(this.us, US_DAY), 7n)) + 3) % 7; // 1970-01-01 was a Thursday
    switch (name) {
      case 'tzinfo':
        return this.kind === 'datetime' ? null : undefined;
      case 'strftime':
        return pyfunc(
          'format',
          (_c, fmt) => {
            if (typeof fmt !== 'string')
              throw new PyTypeError(`strftime() argument 1 must be str, not ${typeName(fmt)}`);
            return this.strftime(fmt);
          },
          'strftime',
        );
      case 'isoformat':
        return this.kind === 'date'
          ? pyfunc('', () => this.isoformat(), 'isoformat')
          : pyfunc("sep='T'", (_c, sep) => this.isoformat(pyStr(sep)), 'isoformat');
      case 'weekday':
        return pyfunc('', () => weekday(), 'weekday');
      case 'isoweekday':
        return pyfunc('', () => weekday() + 1, 'isoweekday');
      case 'toordinal':
        return pyfunc('', () => Number(fdiv(this.us, US_DAY)) + 719163, 'toordinal');
      case 'ctime':
        return pyfunc('', () => this.strftime('%a %b %e %H:%M:%S %Y'), 'ctime');
      case 'date':
        if (this.kind === 'date') return undefined;
        return pyfunc('', () => new PyDatetime(this.us - fmod(this.us, US_DAY), 'date'), 'date');
      case 'time':
        if (this.kind === 'date') return undefined;
        return pyfunc('', () => new PyTime(fmod(this.us, US_DAY)), 'time');
      case 'timestamp':
        if (this.kind === 'date') return undefined;
        // Naive datetimes are local time: the offset is the local zone's at that wall-clock time.
        return pyfunc(
          '',
          () => {
            const [y, mo, d, h, mi, s, us] = f;
            const local = new Date(0);
            local.setFullYear(y, mo - 1, d);
            local.setHours(h, mi, s, 0);
            return new PyFloat(local.getTime() / 1000 + us / 1e6);
          },
          'timestamp',
        );
      case 'replace':
        return pyfunc(
          'year=None, month=None, day=None, hour=None, minute=None, second=None, microsecond=None',
          (_c, ...args: PyValue[]) => {
            const v = f.map((x, i) => {
              const a = args[i];
              if (a === null || a === undefined) return x;
              if (typeof a !== 'number' || !Number.isInteger(a))
                throw new PyTypeError(
                  `'${typeName(a)}' object cannot be interpreted as an integer`,
                );
              return a;
            });
            return new PyDatetime(
              civilToUs(v[0]!, v[1]!, v[2]!, v[3], v[4], v[5], v[6]),
              this.kind,
            );
          },
          'replace',
        );
    }
    return undefined;
  }

  pyEq(o: PyValue): boolean {
    return o instanceof PyDatetime && o.kind === this.kind && o.us === this.us;
  }
  pyCompare(o: PyValue): number | undefined {
    if (!(o instanceof PyDatetime)) return undefined;
    if (o.kind !== this.kind)
      throw new PyTypeError(`can't compare datetime.${this.kind} to datetime.${o.kind}`);
    return cmp(this.us, o.us);
  }
  pyBinOp(op: string, o: PyValue, reflected: boolean): PyValue | undefined {
    if (o instanceof PyTimedelta) {
      // date ± timedelta ignores the timedelta's seconds, as Python does.
      const delta = this.kind === 'date' ? o.us - fmod(o.us, US_DAY) : o.us;
      if (op === '+') return new PyDatetime(this.us + delta, this.kind);
      if (op === '-' && !reflected) return new PyDatetime(this.us - delta, this.kind);
      return undefined;
    }
    if (op === '-' && !reflected && o instanceof PyDatetime && o.kind === this.kind)
      return new PyTimedelta(this.us - o.us);
    return undefined;
  }
}

/** datetime.time (no arithmetic in Python). */
class PyTime {
  readonly pyTypeName = 'time';
  constructor(readonly us: bigint) {}
  fields(): number[] {
    const s = Number(this.us / 1_000_000n);
    return [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60, Number(this.us % 1_000_000n)];
  }
  pyStr(): string {
    const [h, m, s, us] = this.fields() as [number, number, number, number];
    return `${p2(h)}:${p2(m)}:${p2(s)}${us ? '.' + p2(us, 6) : ''}`;
  }
  pyRepr(): string {
    const f = this.fields();
    let n = 4;
    if (f[3] === 0) {
      n--;
      if (f[2] === 0) n--;
    }
    return `datetime.time(${f.slice(0, n).join(', ')})`;
  }
  pyJson(): PyValue {
    return this.pyStr();
  }
  pyEq(o: PyValue): boolean {
    return o instanceof PyTime && o.us === this.us;
  }
  pyCompare(o: PyValue): number | undefined {
    return o instanceof PyTime ? cmp(this.us, o.us) : undefined;
  }
  pyGetAttr(name: string): PyValue | undefined {
    const i = ['hour', 'minute', 'second', 'microsecond'].indexOf(name);
    if (i >= 0) return this.fields()[i]!;
    if (name === 'isoformat') return pyfunc('', () => this.pyStr(), 'isoformat');
    if (name === 'strftime')
      return pyfunc(
        'format',
        (_c, fmt) => new PyDatetime(this.us - 2208988800000000n).strftime(pyStr(fmt)),
        'strftime',
      );
    return undefined;
  }
}

/** A naive datetime of the given Date's wall clock (local or UTC), with millisecond precision. */
export function datetimeFromDate(d: Date, utc: boolean): PyDatetime {
  return utc
    ? new PyDatetime(BigInt(d.getTime()) * 1000n)
    : new PyDatetime(
        civilToUs(
          d.getFullYear(),
          d.getMonth() + 1,
          d.getDate(),
          d.getHours(),
          d.getMinutes(),
          d.getSeconds(),
          d.getMilliseconds() * 1000,
        ),
      );
}
