/** C strftime as Python's time.strftime/datetime.strftime render it (C/POSIX locale). */

/** C-locale day and month names (%A, %B), also the setup module's date facts. */
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const pad = (n: number, w = 2, c = '0'): string => String(n).padStart(w, c);

/**
 * `micro` overrides the microseconds (%f) for datetime objects, which carry more precision than
 * Date; `naive` renders %z and %Z empty as Python does for datetimes without tzinfo.
 */
export function pyStrftime(
  fmt: string,
  d: Date,
  utc = false,
  micro?: number,
  naive = false,
): string {
  const Y = utc ? d.getUTCFullYear() : d.getFullYear();
  const m = utc ? d.getUTCMonth() : d.getMonth();
  const D = utc ? d.getUTCDate() : d.getDate();
  const H = utc ? d.getUTCHours() : d.getHours();
  const M = utc ? d.getUTCMinutes() : d.getMinutes();
  const S = utc ? d.getUTCSeconds() : d.getSeconds();
  const wd = utc ? d.getUTCDay() : d.getDay();
  const start = utc ? Date.UTC(Y, 0, 1) : new Date(Y, 0, 1).getTime();
  const cur = utc ? Date.UTC(Y, m, D) : new Date(Y, m, D).getTime();
  const yday = Math.round((cur - start) / 86400000) + 1;
  const off = utc ? 0 : -d.getTimezoneOffset();
  return fmt.replace(/%([a-zA-Z%])/g, (all, c: string) => {
    switch (c) {
      case 'Y':
        return String(Y);
      case 'y':
        return pad(Y % 100);
      case 'm':
        return pad(m + 1);
      case 'd':
        return pad(D);
      case 'e':
        return pad(D, 2, ' ');
      case 'H':
        return pad(H);
      case 'I':
        return pad(H % 12 || 12);
      case 'M':
        return pad(M);
      case 'S':
        return pad(S);
      case 'f':
        return pad(micro ?? d.getMilliseconds() * 1000, 6);
      case 'p':
        return H < 12 ? 'AM' : 'PM';
      case 'a':
        return DAYS[wd]!.slice(0, 3);
      case 'A':
        return DAYS[wd]!;
      case 'b':
      case 'h':
        return MONTHS[m]!.slice(0, 3);
      case 'B':
        return MONTHS[m]!;
      case 'j':
        return pad(yday, 3);
      case 'w':
        return String(wd);
      case 'U':
        return pad(Math.floor((yday - 1 + 7 - wd) / 7));
      case 'W':
        return pad(Math.floor((yday - 1 + 7 - ((wd + 6) % 7)) / 7));
      case 'C':
        return pad(Math.floor(Y / 100));
      case 'u':
        return String(wd || 7);
      case 'z':
        if (naive) return '';
        return (
          (off >= 0 ? '+' : '-') + pad(Math.floor(Math.abs(off) / 60)) + pad(Math.abs(off) % 60)
        );
      case 'Z':
        if (naive) return '';
        return utc
          ? 'UTC'
          : (Intl.DateTimeFormat('en', { timeZoneName: 'short' })
              .formatToParts(d)
              .find((p) => p.type === 'timeZoneName')?.value ?? '');
      case 's':
        return String(Math.floor(d.getTime() / 1000));
      case 'F':
        return `${Y}-${pad(m + 1)}-${pad(D)}`;
      case 'T':
        return `${pad(H)}:${pad(M)}:${pad(S)}`;
      case 'D':
        return `${pad(m + 1)}/${pad(D)}/${pad(Y % 100)}`;
      case 'R':
        return `${pad(H)}:${pad(M)}`;
      case 'c':
        return `${DAYS[wd]!.slice(0, 3)} ${MONTHS[m]!.slice(0, 3)} ${pad(D, 2, ' ')} ${pad(H)}:${pad(M)}:${pad(S)} ${Y}`;
      case 'x':
        return `${pad(m + 1)}/${pad(D)}/${pad(Y % 100)}`;
      case 'X':
        return `${pad(H)}:${pad(M)}:${pad(S)}`;
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case '%':
        return '%';
      default:
        return all;
    }
  });
}
