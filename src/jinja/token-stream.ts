/** The parser's cursor over tokens: look-ahead, expect/skip helpers, positioned syntax errors. */
import type { Token } from './tokens.js';
import { TemplateSyntaxError } from './errors.js';

export class TokenStream {
  i = 0;
  constructor(
    readonly toks: Token[],
    readonly file: string | undefined,
    readonly source: string,
  ) {}
  get cur(): Token {
    return this.toks[this.i]!;
  }
  get look(): Token {
    return this.toks[Math.min(this.i + 1, this.toks.length - 1)]!;
  }
  next(): Token {
    const t = this.toks[this.i]!;
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }
  is(type: Token['type'], value?: string): boolean {
    const t = this.cur;
    return t.type === type && (value === undefined || t.value === value);
  }
  isOp(v: string): boolean {
    return this.cur.type === 'op' && this.cur.value === v;
  }
  isName(v: string): boolean {
    return this.cur.type === 'name' && this.cur.value === v;
  }
  skipOp(v: string): boolean {
    if (this.isOp(v)) {
      this.next();
      return true;
    }
    return false;
  }
  skipName(v: string): boolean {
    if (this.isName(v)) {
      this.next();
      return true;
    }
    return false;
  }
  fail(msg: string, line = this.cur.line): never {
    const column = line === this.cur.line && this.cur.col ? this.cur.col : undefined;
    throw new TemplateSyntaxError(msg, { file: this.file, line, column, source: this.source });
  }
  describe(t: Token): string {
    if (t.type === 'eof') return 'end of template';
    if (t.type === 'block_end') return 'end of statement block';
    if (t.type === 'variable_end') return 'end of print statement';
    if (t.type === 'op' || t.type === 'name') return `'${t.value}'`;
    return t.type;
  }
  expectOp(v: string): Token {
    if (!this.isOp(v)) this.fail(`expected token '${v}', got ${this.describe(this.cur)}`);
    return this.next();
  }
  expectName(v?: string): Token {
    if (this.cur.type !== 'name' || (v !== undefined && this.cur.value !== v))
      this.fail(`expected token '${v ?? 'name'}', got ${this.describe(this.cur)}`);
    return this.next();
  }
  expect(type: Token['type']): Token {
    if (this.cur.type !== type) {
      if (this.cur.type === 'eof')
        this.fail(`unexpected end of template, expected '${type.replace('_', ' ')}'.`);
      this.fail(`expected token '${type.replace('_', ' ')}', got ${this.describe(this.cur)}`);
    }
    return this.next();
  }
}
