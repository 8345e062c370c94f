/** Expression parsing with Jinja2's precedence (parse_expression … parse_primary). */
import type { CallArgs, Expr, Target } from './ast.js';
import type { TokenStream } from './token-stream.js';

const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const TEST_ARG_START = new Set(['name', 'string', 'integer', 'float']);

export class ExprParser {
  constructor(protected readonly s: TokenStream) {}

  parseExpression(withCondexpr = true): Expr {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseCondexpr(): Expr {
    const line = this.s.cur.line;
    let expr1 = this.parseOr();
    while (this.s.skipName('if')) {
      const test = this.parseOr();
      const else_ = this.s.skipName('else') ? this.parseCondexpr() : null;
      expr1 = { k: 'cond', test, then: expr1, else: else_, line };
    }
    return expr1;
  }

  private parseOr(): Expr {
    const line = this.s.cur.line;
    let left = this.parseAnd();
    while (this.s.skipName('or')) left = { k: 'or', left, right: this.parseAnd(), line };
    return left;
  }

  private parseAnd(): Expr {
    const line = this.s.cur.line;
    let left = this.parseNot();
    while (this.s.skipName('and')) left = { k: 'and', left, right: this.parseNot(), line };
    return left;
  }

  private parseNot(): Expr {
    const line = this.s.cur.line;
    if (this.s.skipName('not')) return { k: 'unary', op: 'not', node: this.parseNot(), line };
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const line = this.s.cur.line;
    const first = this.parseMath1();
    const ops: { op: string; expr: Expr }[] = [];
    for (;;) {
      const t = this.s.cur;
      if (t.type === 'op' && COMPARE_OPS.has(t.value)) {
        this.s.next();
        ops.push({ op: t.value, expr: this.parseMath1() });
      } else if (this.s.skipName('in')) ops.push({ op: 'in', expr: this.parseMath1() });
      else if (this.s.isName('not') && this.s.look.type === 'name' && this.s.look.value === 'in') {
        this.s.next();
        this.s.next();
        ops.push({ op: 'notin', expr: this.parseMath1() });
      } else break;
    }
    return ops.length ? { k: 'compare', first, ops, line } : first;
  }

  private parseMath1(): Expr {
    const line = this.s.cur.line;
    let left = this.parseConcat();
    while (this.s.isOp('+') || this.s.isOp('-')) {
      const op = this.s.next().value;
      left = { k: 'binop', op, left, right: this.parseConcat(), line };
    }
    return left;
  }

  private parseConcat(): Expr {
    const line = this.s.cur.line;
    const items = [this.parseMath2()];
    while (this.s.skipOp('~')) items.push(this.parseMath2());
    return items.length === 1 ? items[0]! : { k: 'concat', items, line };
  }

  private parseMath2(): Expr {
    const line = this.s.cur.line;
    let left = this.parsePow();
    while (this.s.isOp('*') || this.s.isOp('/') || this.s.isOp('//') || this.s.isOp('%')) {
      const op = this.s.next().value;
      left = { k: 'binop', op, left, right: this.parsePow(), line };
    }
    return left;
  }

  private parsePow(): Expr {
    const line = this.s.cur.line;
    let left = this.parseUnary();
    while (this.s.skipOp('**'))
      left = { k: 'binop', op: '**', left, right: this.parseUnary(), line };
    return left;
  }

  parseUnary(withFilter = true): Expr {
    const line = this.s.cur.line;
    let node: Expr;
    if (this.s.skipOp('-')) node = { k: 'unary', op: '-', node: this.parseUnary(false), line };
    else if (this.s.skipOp('+')) node = { k: 'unary', op: '+', node: this.parseUnary(false), line };
    else node = this.parsePrimary();
    node = this.parsePostfix(node);
    if (withFilter) node = this.parseFilterExpr(node);
    return node;
  }

  parsePrimary(): Expr {
    const t = this.s.cur;
    const line = t.line;
    if (t.type === 'name') {
      this.s.next();
      if (t.value === 'true' || t.value === 'True') return { k: 'const', value: true, line };
      if (t.value === 'false' || t.value === 'False') return { k: 'const', value: false, line };
      if (t.value === 'none' || t.value === 'None') return { k: 'const', value: null, line };
      return { k: 'name', name: t.value, line };
    }
    if (t.type === 'string') {
      this.s.next();
      let v = t.value;
      while (this.s.cur.type === 'string') v += this.s.next().value;
      return { k: 'const', value: v, line };
    }
    if (t.type === 'integer') {
      this.s.next();
      return { k: 'const', value: t.num!, line };
    }
    if (t.type === 'float') {
      this.s.next();
      return { k: 'const', value: { float: Number(t.num) }, line };
    }
    if (this.s.skipOp('(')) {
      const node = this.parseTuple({ explicitParens: true });
      this.s.expectOp(')');
      return node;
    }
    if (this.s.isOp('[')) return this.parseList();
    if (this.s.isOp('{')) return this.parseDict();
    if (t.type === 'eof' || t.type === 'block_end' || t.type === 'variable_end')
      this.s.fail(`unexpected ${this.s.describe(t)}`);
    return this.s.fail(`unexpected ${this.s.describe(t)}`);
  }

  /** Jinja2's parse_tuple: `a, b` without parentheses builds a tuple. */
  parseTuple(
    opts: {
      simplified?: boolean;
      withCondexpr?: boolean;
      extraEnd?: string[];
      explicitParens?: boolean;
    } = {},
  ): Expr {
    const line = this.s.cur.line;
    const parse = (): Expr =>
      opts.simplified ? this.parsePrimary() : this.parseExpression(opts.withCondexpr ?? true);
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length) this.s.expectOp(',');
      if (this.isTupleEnd(opts.extraEnd)) break;
      items.push(parse());
      if (this.s.isOp(',')) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length) return items[0]!;
      if (!opts.explicitParens)
        this.s.fail(`Expected an expression, got ${this.s.describe(this.s.cur)}`);
    }
    return { k: 'tuple', items, line };
  }

  protected isTupleEnd(extra?: string[]): boolean {
    const t = this.s.cur;
    if (t.type === 'variable_end' || t.type === 'block_end' || t.type === 'eof') return true;
    // A closing `)` ends a tuple (Jinja2's rparen rule); `]` and `}` never do.
    if (t.type === 'op' && (t.value === ')' || t.value === ']' || t.value === '}'))
      return t.value === ')';
    if (extra && t.type === 'name' && extra.includes(t.value)) return true;
    return false;
  }

  private parseList(): Expr {
    const line = this.s.expectOp('[').line;
    const items: Expr[] = [];
    while (!this.s.isOp(']')) {
      if (items.length) this.s.expectOp(',');
      if (this.s.isOp(']')) break;
      items.push(this.parseExpression());
    }
    this.s.expectOp(']');
    return { k: 'list', items, line };
  }

  private parseDict(): Expr {
    const line = this.s.expectOp('{').line;
    const items: [Expr, Expr][] = [];
    while (!this.s.isOp('}')) {
      if (items.length) this.s.expectOp(',');
      if (this.s.isOp('}')) break;
      const key = this.parseExpression();
      this.s.expectOp(':');
      items.push([key, this.parseExpression()]);
    }
    this.s.expectOp('}');
    return { k: 'dict', items, line };
  }

  parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.s.isOp('.') || this.s.isOp('[')) node = this.parseSubscript(node);
      else if (this.s.isOp('('))
        node = { k: 'call', fn: node, args: this.parseCallArgs(), line: this.s.cur.line };
      else return node;
    }
  }

  parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.s.isOp('|')) node = this.parseFilter(node);
      else if (this.s.isName('is')) node = this.parseTest(node);
      else if (this.s.isOp('('))
        node = { k: 'call', fn: node, args: this.parseCallArgs(), line: this.s.cur.line };
      else return node;
    }
  }

  private parseSubscript(node: Expr): Expr {
    const t = this.s.next();
    if (t.value === '.') {
      const a = this.s.cur;
      if (a.type === 'name') {
        this.s.next();
        return { k: 'getattr', obj: node, attr: a.value, line: t.line };
      }
      if (a.type === 'integer') {
        this.s.next();
        return {
          k: 'getitem',
          obj: node,
          key: { k: 'const', value: a.num!, line: a.line },
          line: t.line,
        };
      }
      this.s.fail('expected name or number');
    }
    const args: Expr[] = [];
    while (!this.s.isOp(']')) {
      if (args.length) {
        this.s.expectOp(',');
        if (this.s.isOp(']')) break;
      }
      args.push(this.parseSubscribed());
    }
    this.s.expectOp(']');
    const key: Expr = args.length === 1 ? args[0]! : { k: 'tuple', items: args, line: t.line };
    return { k: 'getitem', obj: node, key, line: t.line };
  }

  private parseSubscribed(): Expr {
    const line = this.s.cur.line;
    const parts: (Expr | null)[] = [];
    if (this.s.isOp(':')) {
      this.s.next();
      parts.push(null);
    } else {
      const node = this.parseExpression();
      if (!this.s.isOp(':')) return node;
      this.s.next();
      parts.push(node);
    }
    parts.push(
      this.s.isOp(':') || this.s.isOp(']') || this.s.isOp(',') ? null : this.parseExpression(),
    );
    if (this.s.skipOp(':'))
      parts.push(this.s.isOp(']') || this.s.isOp(',') ? null : this.parseExpression());
    else parts.push(null);
    return { k: 'slice', start: parts[0]!, stop: parts[1]!, step: parts[2]!, line };
  }

  parseCallArgs(): CallArgs {
    const tok = this.s.expectOp('(');
    const out: CallArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    let first = true;
    while (!this.s.isOp(')')) {
      if (!first) {
        this.s.expectOp(',');
        if (this.s.isOp(')')) break;
      }
      first = false;
      if (this.s.skipOp('*')) {
        if (out.dynArgs || out.dynKwargs) this.s.fail('Invalid argument syntax', tok.line);
        out.dynArgs = this.parseExpression();
      } else if (this.s.skipOp('**')) {
        if (out.dynKwargs) this.s.fail('Invalid argument syntax', tok.line);
        out.dynKwargs = this.parseExpression();
      } else if (
        this.s.cur.type === 'name' &&
        this.s.look.type === 'op' &&
        this.s.look.value === '='
      ) {
        if (out.dynKwargs) this.s.fail('Invalid argument syntax', tok.line);
        const key = this.s.next().value;
        this.s.next();
        out.kwargs.push([key, this.parseExpression()]);
      } else {
        if (out.dynArgs || out.dynKwargs || out.kwargs.length)
          this.s.fail('Invalid argument syntax', tok.line);
        out.args.push(this.parseExpression());
      }
    }
    this.s.expectOp(')');
    return out;
  }

  protected parseFilter(node: Expr | null, startInline = false): Expr {
    let n = node;
    while (this.s.isOp('|') || startInline) {
      if (!startInline) this.s.next();
      startInline = false;
      const t = this.s.expectName();
      let name = t.value;
      while (this.s.isOp('.')) {
        this.s.next();
        name += '.' + this.s.expectName().value;
      }
      const args = this.s.isOp('(')
        ? this.parseCallArgs()
        : { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
      n = { k: 'filter', node: n, name, args, line: t.line };
    }
    return n!;
  }

  private parseTest(node: Expr): Expr {
    const line = this.s.next().line;
    const negated = this.s.skipName('not');
    let name = this.s.expectName().value;
    while (this.s.isOp('.')) {
      this.s.next();
      name += '.' + this.s.expectName().value;
    }
    let args: CallArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    const c = this.s.cur;
    if (this.s.isOp('(')) args = this.parseCallArgs();
    else if (
      (TEST_ARG_START.has(c.type) ||
        (c.type === 'op' && (c.value === '[' || c.value === '{' || c.value === '('))) &&
      !(c.type === 'name' && ['else', 'or', 'and'].includes(c.value))
    ) {
      if (c.type === 'name' && c.value === 'is')
        this.s.fail('You cannot chain multiple tests with is');
      const arg = this.parsePostfix(this.parsePrimary());
      args.args.push(arg);
    }
    const test: Expr = { k: 'test', node, name, args, line };
    return negated ? { k: 'unary', op: 'not', node: test, line } : test;
  }

  /** An assignment target: `x`, `a, b`, `(a, b)`, or `ns.attr` when allowed. */
  parseAssignTarget(
    opts: { extraEnd?: string[]; nameOnly?: boolean; withNamespace?: boolean } = {},
  ): Target {
    const line = this.s.cur.line;
    if (
      opts.withNamespace &&
      this.s.cur.type === 'name' &&
      this.s.look.type === 'op' &&
      this.s.look.value === '.'
    ) {
      const name = this.s.next().value;
      this.s.next();
      const attr = this.s.expectName().value;
      return { k: 'nsref', name, attr, line };
    }
    if (opts.nameOnly) return { k: 'name', name: this.s.expectName().value, line };
    const expr = this.parseTuple({ simplified: true, extraEnd: opts.extraEnd });
    return this.toTarget(expr);
  }

  private toTarget(e: Expr): Target {
    if (e.k === 'name') {
      if (['true', 'false', 'none', 'True', 'False', 'None'].includes(e.name))
        this.s.fail(`Can't assign to ${e.name}`, e.line);
      return { k: 'name', name: e.name, line: e.line };
    }
    if (e.k === 'tuple')
      return { k: 'tuple', items: e.items.map((x) => this.toTarget(x)), line: e.line };
    return this.s.fail(`can't assign to '${e.k === 'const' ? 'const' : e.k}'`, e.line);
  }
}
