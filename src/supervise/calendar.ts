/**
 * systemd calendar events (OnCalendar=), the subset units use in practice:
 * shorthands (minutely … yearly, quarterly, semiannually), `[Weekdays] [Y-M-D] [H:M[:S]]` with
 * `*`, lists `a,b`, ranges `a..b` and repetitions `a/n`. Times are local time (TZ), like systemd.
 * Not supported: `~` (last days of month), time-zone suffixes, fractional seconds.
 */

interface Part {
  start: number;
  end: number;
  step: number;
  star: boolean;
}
type Field = Part[];

export interface CalendarSpec {
  weekdays: Set<number> | null; // 0 = Sunday, as Date.getDay()
  year: Field;
  month: Field;
  day: Field;
  hour: Field;
  minute: Field;
  second: Field;
}

export class CalendarError extends Error {}

const SHORTHANDS: Record<string, string> = {
  minutely: '*-*-* *:*:00',
  hourly: '*-*-* *:00:00',
  daily: '*-*-* 00:00:00',
  monthly: '*-*-01 00:00:00',
  weekly: 'Mon *-*-* 00:00:00',
  yearly: '*-01-01 00:00:00',
  annually: '*-01-01 00:00:00',
  quarterly: '*-01,04,07,10-01 00:00:00',
  semiannually: '*-01,07-01 00:00:00',
};
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function parseField(text: string, min: number, max: number, what: string): Field {
  return text.split(',').map((item) => {
    const m = /^(\*|\d+)(?:\.\.(\d+))?(?:\/(\d+))?$/.exec(item);
    if (!m) throw new CalendarError(`bad ${what} "${item}"`);
    const star = m[1] === '*';
    const start = star ? min : Number(m[1]);
    const step = m[3] ? Number(m[3]) : 0;
    const end = m[2] ? Number(m[2]) : star || step ? max : start;
    if (start < min || end > max || start > end || (m[3] && step === 0))
      throw new CalendarError(`${what} "${item}" out of range`);
    return { start, end, step, star: star && !step };
  });
}

function parseWeekdays(text: string): Set<number> {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const [a, b] = item.split('..').map((d) => DAYS.indexOf(d.slice(0, 3).toLowerCase()));
    if (a === undefined || a < 0 || (b !== undefined && b < 0))
      throw new CalendarError(`bad weekday "${item}"`);
    // Ranges wrap like systemd's (Sat..Mon is not accepted by systemd either; keep it simple).
    for (let d = a; ; d = (d + 1) % 7) {
      out.add(d);
      if (b === undefined || d === b) break;
    }
  }
  return out;
}

export function parseCalendar(input: string): CalendarSpec {
  let text = input.trim().replace(/\s+/g, ' ');
  text = SHORTHANDS[text.toLowerCase()] ?? text;
  const words = text.split(' ');
  let weekdays: Set<number> | null = null;
  if (words[0] && /^[a-z]/i.test(words[0])) weekdays = parseWeekdays(words.shift()!);
  let date = '*-*-*';
  let time = '00:00:00';
  if (words.length === 2) [date, time] = words as [string, string];
  else if (words.length === 1) {
    if (words[0]!.includes(':')) time = words[0]!;
    else date = words[0]!;
  } else if (words.length > 2) throw new CalendarError(`cannot parse "${input}"`);
  const d = date.split('-');
  if (d.length === 2) d.unshift('*');
  if (d.length !== 3) throw new CalendarError(`bad date "${date}"`);
  const t = time.split(':');
  if (t.length === 2) t.push('00');
  if (t.length !== 3) throw new CalendarError(`bad time "${time}"`);
  return {
    weekdays,
    year: parseField(d[0]!, 1970, 2199, 'year'),
    month: parseField(d[1]!, 1, 12, 'month'),
    day: parseField(d[2]!, 1, 31, 'day'),
    hour: parseField(t[0]!, 0, 23, 'hour'),
    minute: parseField(t[1]!, 0, 59, 'minute'),
    second: parseField(t[2]!, 0, 59, 'second'),
  };
}

function matches(field: Field, v: number): boolean {
  return field.some(
    (p) =>
      v >= p.start &&
      v <= p.end &&
      (p.step === 0 ? p.star || v === p.start || v <= p.end : (v - p.start) % p.step === 0),
  );
}

function values(field: Field, min: number, max: number): number[] {
  const out: number[] = [];
  for (let v = min; v <= max; v++) if (matches(field, v)) out.push(v);
  return out;
}

/** The first matching local time strictly after `after`, or null within the next ~200 years. */
export function nextElapse(spec: CalendarSpec, after: Date): Date | null {
  const hours = values(spec.hour, 0, 23),
    minutes = values(spec.minute, 0, 59),
    seconds = values(spec.second, 0, 59);
  const day = new Date(after.getFullYear(), after.getMonth(), after.getDate());
  for (let i = 0; i < 366 * 200; i++, day.setDate(day.getDate() + 1)) {
    if (day.getFullYear() > 2199) return null;
    if (
      !matches(spec.year, day.getFullYear()) ||
      !matches(spec.month, day.getMonth() + 1) ||
      !matches(spec.day, day.getDate())
    )
      continue;
    if (spec.weekdays && !spec.weekdays.has(day.getDay())) continue;
    for (const h of hours)
      for (const m of minutes)
        for (const s of seconds) {
          const at = new Date(day.getFullYear(), day.getMonth(), day.getDate(), h, m, s);
          if (at.getTime() > after.getTime()) return at;
        }
  }
  return null;
}
