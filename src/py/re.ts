/**
 * Python `re` patterns to JavaScript RegExp. Translated: (?P<n>…), (?P=n), \A, \Z, inline flags
 * at the start ((?i), (?m), (?s), (?x) refused), Python's `$` (end or before a final newline).
 * Constructs with no faithful JS equivalent are refused with a clear error rather than run with
 * different semantics.
 */
import { EvalRuntimeError } from './errors.js';

export interface PatternOptions {
  ignorecase?: boolean;
  multiline?: boolean;
  dotall?: boolean;
  global?: boolean;
  /** Filter name for error messages. */
  where?: string;
}

function refuse(where: string, pattern: string, what: string): never {
  throw new EvalRuntimeError(
    `${where}: cannot translate Python regular expression ${JSON.stringify(pattern)}: ${what} is not supported`,
  );
}

export function translatePattern(pattern: string, o: PatternOptions = {}): RegExp {
  const where = o.where ?? 'regex';
  let ic = !!o.ignorecase;
  let ml = !!o.multiline;
  let dotall = !!o.dotall;
  let src = pattern;
  // Leading global inline flags.
  for (;;) {
    const m = /^\(\?([aiLmsux]+)\)/.exec(src);
    if (!m) break;
    for (const f of m[1]!) {
      if (f === 'i') ic = true;
      else if (f === 'm') ml = true;
      else if (f === 's') dotall = true;
      else if (f === 'u' || f === 'a') continue;
      else refuse(where, pattern, `inline flag (?${f})`);
    }
    src = src.slice(m[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) refuse(where, pattern, 'a trailing backslash');
      i++;
      if (!inClass && n === 'A') {
        out += '(?<![\\s\\S])';
        continue;
      }
      if (!inClass && n === 'Z') {
        out += '(?![\\s\\S])';
        continue;
      }
      if (n === 'a') {
        out += '\\x07';
        continue;
      }
      if (n === 'U' || n === 'N') refuse(where, pattern, `\\${n}`);
      if (/[0-9]/.test(n) && !inClass) {
        // \1..\99 backreferences; \0 and 3-digit forms are octal escapes in Python.
        if (n === '0') refuse(where, pattern, 'octal escape');
        let d = n;
        if (/[0-9]/.test(src[i + 1] ?? '')) {
          d += src[++i];
        }
        out += `\\${d}(?:)`;
        continue;
      }
      out += '\\' + n;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      if (c === '[') {
        out += '\\[';
        continue;
      }
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // Python allows ']' first in a class as a literal, and '^]'.
      if (src[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '$') {
      out += ml ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      const rest = src.slice(i);
      let m = /^\(\?P<([A-Za-z_]\w*)>/.exec(rest);
      if (m) {
        out += `(?<${m[1]}>`;
        i += m[0].length - 1;
        continue;
      }
      m = /^\(\?P=([A-Za-z_]\w*)\)/.exec(rest);
      if (m) {
        out += `\\k<${m[1]}>`;
        i += m[0].length - 1;
        continue;
      }
      if (/^\(\?(?::|=|!|<=|<!)/.test(rest)) {
        out += c;
        continue;
      }
      if (/^\(\?#/.test(rest)) {
        const j = src.indexOf(')', i);
        i = j < 0 ? src.length : j;
        continue;
      }
      refuse(where, pattern, rest.slice(0, 4) + '…');
    }
    if (c === '{') {
      const q = /^\{(\d*)(,?)(\d*)\}/.exec(src.slice(i));
      if (q && (q[1] || q[3])) {
        out += `{${q[1] || (q[2] ? '0' : '')}${q[2]}${q[3]}}`;
        i += q[0].length - 1;
        continue;
      }
      out += '\\{';
      continue;
    }
    if (c === '}') {
      out += '\\}';
      continue;
    }
    out += c;
  }
  const flags =
    'u'.slice(1) + (o.global ? 'g' : '') + (ic ? 'i' : '') + (ml ? 'm' : '') + (dotall ? 's' : '');
  try {
    return new RegExp(out, flags);
  } catch (e) {
    throw new EvalRuntimeError(
      `${where}: invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`,
    );
  }
}

/** re.sub replacement syntax (\1, \g<1>, \g<name>, escapes) to a JS replacement string. */
export function translateReplacement(repl: string): string {
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i]!;
    if (c === '$') {
      out += '$$';
      continue;
    }
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = repl[i + 1];
    if (n === undefined) {
      out += '\\';
      continue;
    }
    i++;
    if (/[1-9]/.test(n)) {
      let d = n;
      if (/[0-9]/.test(repl[i + 1] ?? '')) d += repl[++i];
      out += `$${d.length === 1 ? '0' + d : d}`;
      continue;
    }
    if (n === 'g') {
      const m = /^<(\w+)>/.exec(repl.slice(i + 1));
      if (m) {
        i += m[0].length;
        out += /^\d+$/.test(m[1]!)
          ? m[1] === '0'
            ? '$&'
            : `$${m[1]!.padStart(2, '0')}`
          : `$<${m[1]}>`;
        continue;
      }
    }
    const esc: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      f: '\f',
      v: '\v',
      a: '\x07',
      b: '\b',
      '\\': '\\',
    };
    out += esc[n] ?? '\\' + n;
  }
  return out;
}
