/** Jinja2's urlize: turn URLs and e-mail addresses in text into links. */
import { escapeHtml } from '../../py/arith.js';

const WORD_SPLIT = /(\s+)/;
const LEAD = /^([(<]|&lt;)+/;
const TRAIL = /([)>.,\n]|&gt;)+$/;
const SIMPLE_EMAIL = /^\S+@\w[\w.-]*\.\w+$/;

export function urlize(
  text: string,
  trimLimit: number | null,
  nofollow: boolean,
  target: string | null,
  rel: string | null,
  extraSchemes: string[],
  isMarkup: boolean,
): string {
  const trim = (x: string): string =>
    trimLimit !== null && x.length > trimLimit
      ? `${x.slice(0, trimLimit)}${x.length >= 3 ? '...' : ''}`
      : x;
  const words = (isMarkup ? text : escapeHtml(text)).split(WORD_SPLIT);
  const relParts = new Set((rel ?? '').split(/\s+/).filter((x) => x));
  if (nofollow) relParts.add('nofollow');
  relParts.add('noopener'); // Jinja2's default policies['urlize.rel']
  const relAttr = relParts.size ? ` rel="${escapeHtml([...relParts].sort().join(' '))}"` : '';
  const targetAttr = target ? ` target="${escapeHtml(target)}"` : '';
  return words
    .map((word, i) => {
      if (i % 2 === 1) return word;
      let head = '',
        middle = word,
        tail = '';
      const lm = LEAD.exec(middle);
      if (lm) {
        head = lm[0];
        middle = middle.slice(head.length);
      }
      if (middle.endsWith(')') && !middle.includes('(')) {
        /* unbalanced */
      }
      const tm = TRAIL.exec(middle);
      if (tm) {
        tail = tm[0];
        middle = middle.slice(0, -tail.length);
      }
      // Keep balanced brackets inside the URL (Jinja2 3.1 behaviour).
      for (const [open, close] of [
        ['(', ')'],
        ['<', '>'],
        ['&lt;', '&gt;'],
      ] as const) {
        const oc = middle.split(open).length - 1;
        if (oc > middle.split(close).length - 1 && tail.startsWith(close)) {
          middle += close;
          tail = tail.slice(close.length);
        }
      }
      if (/^https?:\/\//.test(middle) || extraSchemes.some((s) => middle.startsWith(s)))
        middle = `<a href="${middle}"${relAttr}${targetAttr}>${trim(middle)}</a>`;
      else if (
        middle.startsWith('www.') ||
        (!middle.includes('@') &&
          !middle.startsWith('http') &&
          /^[^\s]+\.(com|net|org)$/.test(middle) &&
          /^[a-zA-Z0-9]/.test(middle))
      )
        middle = `<a href="https://${middle}"${relAttr}${targetAttr}>${trim(middle)}</a>`;
      else if (middle.startsWith('mailto:') && SIMPLE_EMAIL.test(middle.slice(7)))
        middle = `<a href="${middle}">${middle.slice(7)}</a>`;
      else if (
        middle.includes('@') &&
        !middle.startsWith('www.') &&
        !middle.includes(':') &&
        SIMPLE_EMAIL.test(middle)
      )
        middle = `<a href="mailto:${middle}">${middle}</a>`;
      return head + middle + tail;
    })
    .join('');
}
