/** systemd.time(7) time spans: `5s`, `1min 30s`, `100ms`, `2h`, bare seconds, `infinity`. */

const UNITS: Record<string, number> = {
  us: 1e-3,
  usec: 1e-3,
  µs: 1e-3,
  ms: 1,
  msec: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
  M: 2_629_800_000,
  month: 2_629_800_000,
  months: 2_629_800_000,
  y: 31_557_600_000,
  year: 31_557_600_000,
  years: 31_557_600_000,
};

/**
 * Milliseconds of a time span; `Infinity` for `infinity`; null when the text is not a span.
 * A bare number is in `defaultUnit` (seconds for most directives).
 */
export function parseTimeSpan(text: string, defaultUnit = 's'): number | null {
  const t = text.trim();
  if (t === 'infinity') return Infinity;
  if (t === '') return null;
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * UNITS[defaultUnit]!;
  let total = 0;
  const re = /\s*(\d+(?:\.\d+)?)\s*([a-zA-Zµ]+)/gy;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    const unit = UNITS[m[2]!];
    if (unit === undefined) return null;
    total += Number(m[1]) * unit;
    pos = re.lastIndex;
  }
  return pos === t.length && pos > 0 ? total : null;
}
