/** Python `re` patterns and replacement templates for the modules (lineinfile, replace, find …). */
import { translatePattern } from '../py/re.js';

/** A Python regex as a JS RegExp, through the ansible layer's faithful translator. Flags: i m s g. */
export function pyRegex(pattern: string, flags = ''): RegExp {
  return translatePattern(pattern, {
    ignorecase: flags.includes('i'),
    multiline: flags.includes('m'),
    dotall: flags.includes('s'),
    global: flags.includes('g'),
    where: 'regexp',
  });
}

/** Python's match.expand: `\1`, `\g<1>`, `\g<name>`, and escapes `\n` `\t` `\\`. */
export function pyExpand(template: string, m: RegExpExecArray): string {
  return template.replace(
    /\\(?:g<(\w+)>|(\d{1,2})|([ntr\\]))/g,
    (_all, g: string | undefined, d: string | undefined, esc: string | undefined) => {
      if (esc) return esc === 'n' ? '\n' : esc === 't' ? '\t' : esc === 'r' ? '\r' : '\\';
      const key = g ?? d!;
      const v = /^\d+$/.test(key) ? m[Number(key)] : m.groups?.[key];
      return v ?? '';
    },
  );
}

/** Split keeping line endings, as Python's readlines(). */
export function readlines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
