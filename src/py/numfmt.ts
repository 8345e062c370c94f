/**
 * Number formatting as CPython's: correctly rounded with round-half-even on the exact binary
 * value ('%.2f' % 0.125 is '0.12', where JavaScript's toFixed gives '0.13'), exponents with at
 * least two digits, and the 'g' rules.
 */

/** Exact-enough decimal digits of |x|: x = 0.DIGITS × 10^point (digits without leading zeros). */
function digitsOf(x: number): { digits: string; point: number } {
  const [m, e] = Math.abs(x).toExponential(100).split('e') as [string, string];
  const digits = m.replace('.', '').replace(/0+$/, '') || '0';
  return { digits, point: Number(e) + 1 };
}

/** Round DIGITS (0.DIGITS × 10^point) to keep `keep` digits, half-even. */
function roundDigits(
  digits: string,
  point: number,
  keep: number,
): { digits: string; point: number } {
  if (keep < 0) return { digits: '0', point: point };
  if (digits.length <= keep) return { digits: digits.padEnd(keep, '0'), point };
  const head = digits.slice(0, keep);
  const next = digits.charCodeAt(keep) - 48;
  const rest = digits.slice(keep + 1);
  let up = next > 5 || (next === 5 && /[1-9]/.test(rest));
  if (next === 5 && !/[1-9]/.test(rest)) {
    const last = keep > 0 ? head.charCodeAt(keep - 1) - 48 : 0;
    up = last % 2 === 1;
  }
  if (!up) return { digits: head || '', point };
  // Increment the head.
  const arr = head.split('').map(Number);
  let i = arr.length - 1;
  while (i >= 0) {
    if (arr[i]! < 9) {
      arr[i]!++;
      break;
    }
    arr[i] = 0;
    i--;
  }
  if (i < 0) return { digits: '1' + arr.join(''), point: point + 1 };
  return { digits: arr.join(''), point };
}

/** '%.{prec}f' of |x| (sign handled by callers). */
export function fixedAbs(x: number, prec: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : 'inf';
  if (x === 0) return prec > 0 ? '0.' + '0'.repeat(prec) : '0';
  // toFixed rounds the exact binary value correctly except for exact ties (where it rounds
  // up and Python rounds half-even): use it unless the value is close to a tie.
  if (x < 1e21 && prec <= 20) {
    const y = x * Math.pow(10, prec);
    if (Math.abs(y - Math.floor(y) - 0.5) > 1e-7 * Math.max(1, y)) return x.toFixed(prec);
  }
  const { digits, point } = digitsOf(x);
  const keep = point + prec;
  const r = keep < 0 ? { digits: '', point } : roundDigits(digits, point, keep);
  const D = r.digits,
    P = r.point;
  let intPart: string, frac: string;
  if (P > 0) {
    intPart = D.slice(0, P).padEnd(P, '0');
    frac = D.slice(P);
  } else {
    intPart = '0';
    frac = '0'.repeat(-P) + D;
  }
  frac = frac.slice(0, prec).padEnd(prec, '0');
  intPart = intPart.replace(/^0+(?=\d)/, '') || '0';
  if (/^0*$/.test(D)) intPart = '0';
  return prec > 0 ? `${intPart}.${frac}` : intPart;
}

/** '%.{prec}e' of |x|. */
export function expAbs(x: number, prec: number, upper = false): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? (upper ? 'NAN' : 'nan') : upper ? 'INF' : 'inf';
  let digits: string, exp: number;
  if (x === 0) {
    digits = '0'.repeat(prec + 1);
    exp = 0;
  } else {
    const d = digitsOf(x);
    const r = roundDigits(d.digits, d.point, prec + 1);
    digits = r.digits;
    exp = r.point - 1;
  }
  const mant = prec > 0 ? `${digits[0]}.${digits.slice(1, prec + 1)}` : digits[0]!;
  const e = `${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return mant + e;
}

/** '%.{prec}g' of |x|; `alt` keeps trailing zeros ('#' flag). */
export function generalAbs(x: number, prec: number, upper = false, alt = false): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? (upper ? 'NAN' : 'nan') : upper ? 'INF' : 'inf';
  if (prec === 0) prec = 1;
  let exp: number;
  if (x === 0) exp = 0;
  else {
    const d = digitsOf(x);
    const r = roundDigits(d.digits, d.point, prec);
    exp = r.point - 1;
  }
  let s: string;
  if (exp >= -4 && exp < prec) {
    s = fixedAbs(x, prec - 1 - exp);
    if (!alt && s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  } else {
    s = expAbs(x, prec - 1, upper);
    if (!alt) s = s.replace(/\.?0+(?=[eE])/, '');
  }
  return s;
}

/** Insert a thousands separator into the integer part of a digit string. */
export function groupDigits(s: string, sep: string): string {
  const [i, f] = s.split('.') as [string, string | undefined];
  const grouped = i.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return f === undefined ? grouped : `${grouped}.${f}`;
}
