/**
 * Python's datetime.strptime (the regex-based _strptime module, C locale): used by Ansible's
 * `to_datetime`. Errors are Python's ValueErrors, worded the same.
 */
import { PyDatetime, PyValueError, civilToUs } from './datetime.js';
import { strRepr } from './repr.js';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const names = (l: string[]): string =>
  `(${[...l, ...l.map((x) => x.slice(0, 3))].sort((a, b) => b.length - a.length).join('|')})`;

const DIRECTIVES: Record<string, string> = {
  d: '(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])',
  f: '(\\d{1,6})',
  H: '(2[0-3]|[0-1]\\d|\\d)',
  I: '(1[0-2]|0[1-9]|[1-9])',
  G: '(\\d\\d\\d\\d)',
  j: '(36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])',
  m: '(1[0-2]|0[1-9]|[1-9])',
  M: '([0-5]\\d|\\d)',
  S: '(6[0-1]|[0-5]\\d|\\d)',
  U: '(5[0-3]|[0-4]\\d|\\d)',
  w: '([0-6])',
  u: '([1-7])',
  V: '(5[0-3]|0[1-9]|[1-4]\\d|\\d)',
  y: '(\\d\\d)',
  Y: '(\\d\\d\\d\\d)',
  z: '(?:([+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?)|(Z))',
  A: names(DAYS),
  a: names(DAYS),
  B: names(MONTHS),
  b: names(MONTHS),
  h: names(MONTHS),
  p: '(am|pm)',
  '%': '%',
};

export function strptime(data: string, format: string): PyDatetime {
  const keys: string[] = [];
  let re = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === '%') {
      const d = format[++i];
      if (d === undefined) throw new PyValueError(`stray % in format ${strRepr(format)}`);
      const pat = DIRECTIVES[d];
      if (pat === undefined)
        throw new PyValueError(`${strRepr(d)} is a bad directive in format ${strRepr(format)}`);
      re += pat;
      if (d !== '%') keys.push(d);
    } else if (/\s/.test(c)) {
      re += '\\s+';
      while (i + 1 < format.length && /\s/.test(format[i + 1]!)) i++;
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp('^(?:' + re + ')', 'i').exec(data);
  if (!m)
    throw new PyValueError(
      `time data (str of ${data.length} characters, not shown) does not match format ${strRepr(format)}`,
    );
  if (m[0].length !== data.length)
    throw new PyValueError(
      `unconverted data remains after format ${strRepr(format)} (${data.length - m[0].length} characters, not shown)`,
    );
  let year = 1900,
    month = 1,
    day = 1,
    hour = 0,
    minute = 0,
    second = 0,
    us = 0,
    pm: boolean | null = null,
    yday = -1,
    hour12 = -1;
  let g = 1;
  for (const k of keys) {
    const v = m[g++]!;
    if (k === 'z') g++;
    switch (k) {
      case 'Y':
        year = +v;
        break;
      case 'y':
        year = +v + (+v <= 68 ? 2000 : 1900);
        break;
      case 'm':
        month = +v;
        break;
      case 'B':
      case 'b':
      case 'h':
        month = MONTHS.findIndex((x) => x.startsWith(v.toLowerCase().slice(0, 3))) + 1;
        break;
      case 'd':
        day = +v;
        break;
      case 'H':
        hour = +v;
        break;
      case 'I':
        hour12 = +v;
        break;
      case 'M':
        minute = +v;
        break;
      case 'S':
        second = +v;
        break;
      case 'f':
        us = +v.padEnd(6, '0');
        break;
      case 'p':
        pm = v.toLowerCase() === 'pm';
        break;
      case 'j':
        yday = +v;
        break;
    }
  }
  if (hour12 >= 0) hour = pm === null ? hour12 : (hour12 % 12) + (pm ? 12 : 0);
  // %S accepts 60 and 61 but datetime() then rejects them, as in Python.
  let t = civilToUs(year, month, day, hour, minute, second, us);
  if (yday >= 0 && !keys.some((k) => 'mBbhd'.includes(k)))
    t = civilToUs(year, 1, 1, hour, minute, second, us) + BigInt(yday - 1) * 86_400_000_000n;
  return new PyDatetime(t);
}
