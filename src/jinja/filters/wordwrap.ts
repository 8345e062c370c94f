/** Python's textwrap.wrap (as Jinja2's wordwrap calls it: no tab expansion, whitespace kept). */
import { TemplateRuntimeError } from '../errors.js';

const WS = '[\\t\\n\\x0b\\x0c\\r ]';
const NWS = '[^\\t\\n\\x0b\\x0c\\r ]';
const WP = '[\\p{L}\\p{N}_!"\'&.,?]';
const LT = '[\\p{L}]';
const WORDSEP = new RegExp(
  `(${WS}+|(?<=${WP})-{2,}(?=[\\p{L}\\p{N}_])|${NWS}+?(?:-(?:(?<=${LT}{2}-)|(?<=${LT}-${LT}-))(?=${LT}-?${LT})|(?=${WS}|$)|(?<=${WP})(?=-{2,}[\\p{L}\\p{N}_])))`,
  'u',
);
const WORDSEP_SIMPLE = new RegExp(`(${WS}+)`);

function isBlank(s: string): boolean {
  return s.trim() === '';
}

export function wordwrap(
  text: string,
  width: number,
  breakLongWords: boolean,
  breakOnHyphens: boolean,
): string[] {
  if (width <= 0) throw new TemplateRuntimeError(`invalid width ${width} (must be > 0)`);
  const chunks = text.split(breakOnHyphens ? WORDSEP : WORDSEP_SIMPLE).filter((c) => c);
  chunks.reverse();
  const lines: string[] = [];
  while (chunks.length) {
    const cur: string[] = [];
    let len = 0;
    if (isBlank(chunks[chunks.length - 1]!) && lines.length) chunks.pop();
    while (chunks.length) {
      const l = [...chunks[chunks.length - 1]!].length;
      if (len + l <= width) {
        cur.push(chunks.pop()!);
        len += l;
      } else break;
    }
    if (chunks.length && [...chunks[chunks.length - 1]!].length > width) {
      const spaceLeft = width < 1 ? 1 : width - len;
      if (breakLongWords) {
        let end = spaceLeft;
        const chunk = chunks[chunks.length - 1]!;
        if (breakOnHyphens && chunk.length > spaceLeft) {
          const h = chunk.lastIndexOf('-', spaceLeft - 1);
          if (h > 0 && /[^-]/.test(chunk.slice(0, h))) end = h + 1;
        }
        cur.push(chunk.slice(0, end));
        chunks[chunks.length - 1] = chunk.slice(end);
      } else if (!cur.length) cur.push(chunks.pop()!);
    }
    if (cur.length && isBlank(cur[cur.length - 1]!)) cur.pop();
    if (cur.length) lines.push(cur.join(''));
  }
  return lines;
}
