/**
 * Jinja2's lexer, rule for rule: the same delimiters and whitespace control (`-`, `+`,
 * trim_blocks, lstrip_blocks, keep_trailing_newline), raw blocks, line statements and line
 * comments, and the same expression tokens (Python string escapes, `0x`/`0o`/`0b`/`1_000` ints).
 */
import { TemplateSyntaxError } from './errors.js';
import {
  esc,
  FLOAT_RE,
  INT_RE,
  NAME_RE,
  OP_RE,
  STRING_RE,
  unescapePython,
  WS_RE,
  type LexerOptions,
  type Token,
} from './tokens.js';

export class Lexer {
  private readonly rootRe: RegExp;
  constructor(private readonly o: LexerOptions) {
    const parts = [
      `(?<raw>${esc(o.blockStart)}(?<rs>-|\\+|)\\s*raw\\s*(?:-${esc(o.blockEnd)}\\s*|${esc(o.blockEnd)}))`,
      `(?<block>${esc(o.blockStart)})(?<bs>-|\\+|)`,
      `(?<variable>${esc(o.variableStart)})(?<vs>-|\\+|)`,
      `(?<comment>${esc(o.commentStart)})(?<cs>-|\\+|)`,
    ];
    // Longer delimiters first, as Jinja2 sorts its root rules.
    const order = [
      [1, o.blockStart.length],
      [2, o.variableStart.length],
      [3, o.commentStart.length],
    ] as const;
    const sorted = [parts[0]!, ...[...order].sort((a, b) => b[1] - a[1]).map(([i]) => parts[i]!)];
    if (o.lineStatementPrefix) sorted.push(`(?<linestmt>^[ \\t\\v]*${esc(o.lineStatementPrefix)})`);
    if (o.lineCommentPrefix)
      sorted.push(`(?<linecomment>(?:^|(?<=\\S))[^\\S\\r\\n]*${esc(o.lineCommentPrefix)})`);
    this.rootRe = new RegExp(sorted.join('|'), 'gm');
  }

  tokenize(input: string, name: string | undefined): Token[] {
    const o = this.o;
    const lines = input.split(/\r\n|\r|\n/);
    if (!o.keepTrailingNewline && lines[lines.length - 1] === '') lines.pop();
    const src = lines.join('\n');
    const toks: Token[] = [];
    let pos = 0;
    let line = 1;
    let lineStarting = true;
    const fail = (msg: string, at = line, column?: number): never => {
      throw new TemplateSyntaxError(msg, { file: name, line: at, column, source: src });
    };
    const countNl = (s: string): number => {
      let n = 0;
      for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
      return n;
    };
    const pushData = (text: string): void => {
      if (text)
        toks.push({
          type: 'data',
          value: o.newlineSequence === '\n' ? text : text.replace(/\n/g, o.newlineSequence),
          line,
        });
      line += countNl(text);
    };
    /** Apply `-` / lstrip_blocks to the data preceding a tag. */
    const stripBefore = (text: string, sign: string, lstrip: boolean): string => {
      if (sign === '-') return text.replace(/\s+$/, '');
      if (sign !== '+' && lstrip && o.lstripBlocks) {
        const l = text.lastIndexOf('\n') + 1;
        if ((l > 0 || lineStarting) && /^\s+$/.test(text.slice(l))) return text.slice(0, l);
      }
      return text;
    };
    this.rootRe.lastIndex = 0;
    while (pos < src.length) {
      this.rootRe.lastIndex = pos;
      const m = this.rootRe.exec(src);
      if (!m) {
        pushData(src.slice(pos));
        break;
      }
      const g = m.groups!;
      const text = src.slice(pos, m.index);
      if (g.linecomment !== undefined) {
        pushData(text);
        const end = src.indexOf('\n', m.index);
        pos = end < 0 ? src.length : end;
        lineStarting = false;
        continue;
      }
      if (g.linestmt !== undefined) {
        pushData(text);
        pos = m.index + m[0].length;
        toks.push({ type: 'block_begin', value: '', line });
        pos = this.lexTag(
          src,
          pos,
          'linestatement',
          toks,
          () => line,
          (n) => {
            line += n;
          },
          fail,
        );
        lineStarting = true;
        continue;
      }
      const sign = g.rs ?? g.bs ?? g.vs ?? g.cs ?? '';
      pushData(stripBefore(text, sign, g.variable === undefined));
      // Newlines inside the stripped whitespace still count for line numbers.
      line = lineAt(src, m.index, line, text, stripBefore(text, sign, g.variable === undefined));
      pos = m.index + m[0].length;
      if (g.raw !== undefined) {
        line += countNl(m[0]);
        const endRe = new RegExp(
          `${esc(o.blockStart)}(-|\\+|)\\s*endraw\\s*(?:\\+${esc(o.blockEnd)}|-${esc(o.blockEnd)}\\s*|${esc(o.blockEnd)}${o.trimBlocks ? '\\n?' : ''})`,
          'g',
        );
        endRe.lastIndex = pos;
        const e = endRe.exec(src);
        if (!e) fail('Missing end of raw directive');
        const body = src.slice(pos, e!.index);
        const kept = stripBefore(body, e![1]!, true);
        pushData(kept);
        line += countNl(body.slice(kept.length)) + countNl(e![0]);
        pos = e!.index + e![0].length;
        lineStarting = e![0].endsWith('\n');
        continue;
      }
      if (g.comment !== undefined) {
        const endStr = o.commentEnd;
        const e = src.indexOf(endStr, pos);
        if (e < 0) fail('Missing end of comment tag');
        line += countNl(src.slice(pos, e));
        let after = e + endStr.length;
        const prev = src[e - 1];
        if (prev === '-' && e - 1 >= pos) {
          while (after < src.length && /\s/.test(src[after]!)) {
            if (src[after] === '\n') line++;
            after++;
          }
        } else if (!(prev === '+' && e - 1 >= pos) && o.trimBlocks && src[after] === '\n') {
          after++;
          line++;
        }
        pos = after;
        lineStarting = src[after - 1] === '\n';
        continue;
      }
      const kind = g.block !== undefined ? 'block' : 'variable';
      toks.push({
        type: kind === 'block' ? 'block_begin' : 'variable_begin',
        value: '',
        line,
        col: m.index - src.lastIndexOf('\n', m.index - 1),
      });
      pos = this.lexTag(
        src,
        pos,
        kind,
        toks,
        () => line,
        (n) => {
          line += n;
        },
        fail,
      );
      lineStarting = src[pos - 1] === '\n';
    }
    toks.push({ type: 'eof', value: '', line });
    return toks;
  }

  /** Tokens inside `{% %}` / `{{ }}` / a line statement, up to and including its end. */
  private lexTag(
    src: string,
    pos: number,
    kind: 'block' | 'variable' | 'linestatement',
    toks: Token[],
    getLine: () => number,
    addLines: (n: number) => void,
    fail: (m: string, at?: number, column?: number) => never,
  ): number {
    const o = this.o;
    const end = kind === 'block' ? o.blockEnd : kind === 'variable' ? o.variableEnd : null;
    const balance: string[] = [];
    const startLine = getLine();
    for (;;) {
      if (pos >= src.length) {
        if (kind === 'linestatement') {
          toks.push({
            type: 'block_end',
            value: '',
            line: getLine(),
            col: pos - src.lastIndexOf('\n', pos - 1),
          });
          return pos;
        }
        fail(
          `unexpected end of template, expected end of ${kind === 'block' ? 'block' : 'print'} statement`,
          startLine,
        );
      }
      if (balance.length === 0) {
        if (kind === 'linestatement') {
          const m = /[^\S\n]*(\n|$)/y;
          m.lastIndex = pos;
          const r = m.exec(src);
          if (r && (r[1] === '\n' || pos + r[0].length === src.length)) {
            toks.push({
              type: 'block_end',
              value: '',
              line: getLine(),
              col: pos - src.lastIndexOf('\n', pos - 1),
            });
            addLines(r[1] === '\n' ? 1 : 0);
            return pos + r[0].length;
          }
        } else if (end) {
          if (src.startsWith('-' + end, pos)) {
            toks.push({
              type: kind === 'block' ? 'block_end' : 'variable_end',
              value: '',
              line: getLine(),
              col: pos - src.lastIndexOf('\n', pos - 1),
            });
            pos += end.length + 1;
            while (pos < src.length && /\s/.test(src[pos]!)) {
              if (src[pos] === '\n') addLines(1);
              pos++;
            }
            return pos;
          }
          if (kind === 'block' && src.startsWith('+' + end, pos)) {
            toks.push({
              type: 'block_end',
              value: '',
              line: getLine(),
              col: pos - src.lastIndexOf('\n', pos - 1),
            });
            return pos + end.length + 1;
          }
          if (src.startsWith(end, pos)) {
            toks.push({
              type: kind === 'block' ? 'block_end' : 'variable_end',
              value: '',
              line: getLine(),
              col: pos - src.lastIndexOf('\n', pos - 1),
            });
            pos += end.length;
            if (kind === 'block' && o.trimBlocks && src[pos] === '\n') {
              pos++;
              addLines(1);
            }
            return pos;
          }
        }
      }
      WS_RE.lastIndex = pos;
      let m = WS_RE.exec(src);
      if (m) {
        if (kind === 'linestatement' && m[0].includes('\n') && balance.length === 0) {
          const nl = m[0].indexOf('\n');
          pos += nl;
          continue;
        }
        for (const c of m[0]) if (c === '\n') addLines(1);
        pos += m[0].length;
        continue;
      }
      const line = getLine();
      const col = pos - src.lastIndexOf('\n', pos - 1);
      FLOAT_RE.lastIndex = pos;
      if ((m = FLOAT_RE.exec(src))) {
        toks.push({ type: 'float', value: m[0], line, col, num: Number(m[0].replace(/_/g, '')) });
        pos += m[0].length;
        continue;
      }
      INT_RE.lastIndex = pos;
      if ((m = INT_RE.exec(src))) {
        const t = m[0].replace(/_/g, '').toLowerCase();
        const b =
          t.startsWith('0b') || t.startsWith('0o') || t.startsWith('0x') ? BigInt(t) : BigInt(t);
        const n = b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
        toks.push({ type: 'integer', value: m[0], line, col, num: n });
        pos += m[0].length;
        continue;
      }
      NAME_RE.lastIndex = pos;
      if ((m = NAME_RE.exec(src))) {
        toks.push({ type: 'name', value: m[0], line, col });
        pos += m[0].length;
        continue;
      }
      STRING_RE.lastIndex = pos;
      if ((m = STRING_RE.exec(src))) {
        const body = (m[1] ?? m[2] ?? '').replace(/\r\n|\r/g, '\n');
        toks.push({ type: 'string', value: unescapePython(body), line, col });
        for (const c of m[0]) if (c === '\n') addLines(1);
        pos += m[0].length;
        continue;
      }
      OP_RE.lastIndex = pos;
      if ((m = OP_RE.exec(src))) {
        const op = m[0];
        if (op === '(' || op === '[' || op === '{')
          balance.push(op === '(' ? ')' : op === '[' ? ']' : '}');
        else if (op === ')' || op === ']' || op === '}') {
          if (!balance.length) fail(`unexpected '${op}'`, line, col);
          const want = balance.pop();
          if (want !== op) fail(`unexpected '${op}', expected '${want}'`, line, col);
        }
        toks.push({ type: 'op', value: op, line, col });
        pos += op.length;
        continue;
      }
      fail(`unexpected char '${src[pos]}' at ${pos}`, line, col);
    }
  }
}

/** Line number at a tag start: count newlines in the data text that preceded it (incl. stripped whitespace). */
function lineAt(src: string, index: number, current: number, text: string, kept: string): number {
  void src;
  void index;
  let n = 0;
  const removed = text.slice(kept.length);
  for (let i = 0; i < removed.length; i++) if (removed.charCodeAt(i) === 10) n++;
  return current + n;
}
