/** Statement parsing: Jinja2's parse_* for every tag, plus subparse for template bodies. */
import type { Expr, MacroDef, Stmt, TemplateAst, Target } from './ast.js';
import { ExprParser } from './parser-expr.js';
import { TokenStream } from './token-stream.js';
import type { Token } from './tokens.js';

export interface ParserOptions {
  /** Enabled extensions: 'do' and 'loopcontrols' (Ansible enables both). */
  extensions: Set<string>;
}

const STATEMENT_TAGS = new Set([
  'for',
  'if',
  'block',
  'extends',
  'print',
  'macro',
  'include',
  'from',
  'import',
  'set',
  'with',
  'autoescape',
  'call',
  'filter',
]);

export class Parser extends ExprParser {
  private endTokenStack: string[][] = [];
  private inLoop = 0;
  private readonly blockNames = new Set<string>();

  constructor(
    toks: Token[],
    file: string | undefined,
    source: string,
    private readonly opts: ParserOptions,
  ) {
    super(new TokenStream(toks, file, source));
  }

  parse(): TemplateAst {
    const body = this.subparse(null);
    return { body };
  }

  /** Parse until one of `end` tag names; the stream is left on that name. */
  private subparse(end: string[] | null): Stmt[] {
    const body: Stmt[] = [];
    let out: (string | Expr)[] = [];
    let cols: number[] = [];
    let outLine = this.s.cur.line;
    const flush = (): void => {
      if (out.length) body.push({ k: 'output', nodes: out, cols, line: outLine });
      out = [];
      cols = [];
    };
    if (end) this.endTokenStack.push(end);
    try {
      for (;;) {
        const t = this.s.cur;
        if (t.type === 'data') {
          if (!out.length) outLine = t.line;
          cols.push(0);
          out.push(t.value);
          this.s.next();
        } else if (t.type === 'variable_begin') {
          this.s.next();
          if (!out.length) outLine = t.line;
          cols.push(t.col ?? 0);
          out.push(this.parseTuple({ withCondexpr: true }));
          this.s.expect('variable_end');
        } else if (t.type === 'block_begin') {
          flush();
          this.s.next();
          if (end && this.s.cur.type === 'name' && end.includes(this.s.cur.value)) return body;
          const stmt = this.parseStatement();
          for (const st of Array.isArray(stmt) ? stmt : [stmt]) {
            if (st.col === undefined && st.line === t.line) st.col = t.col;
            body.push(st);
          }
          this.s.expect('block_end');
        } else if (t.type === 'eof') {
          if (end) this.failEof(end);
          break;
        } else {
          this.s.fail(`unexpected ${this.s.describe(t)}`);
        }
      }
      flush();
      return body;
    } finally {
      if (end) this.endTokenStack.pop();
    }
  }

  private failEof(end: string[]): never {
    const expected = end.map((e) => `'${e}'`).join(' or ');
    const inner = end[end.length - 1] ?? '';
    const tag = inner.replace(/^end/, '');
    return this.s.fail(
      `Unexpected end of template. Jinja was looking for the following tags: ${expected}. The innermost block that needs to be closed is '${tag}'.`,
    );
  }

  private parseStatements(end: string[], dropNeedle = false): Stmt[] {
    this.s.skipOp(':');
    this.s.expect('block_end');
    const body = this.subparse(end);
    if (this.s.cur.type === 'eof') this.failEof(end);
    if (dropNeedle) this.s.next();
    return body;
  }

  private parseStatement(): Stmt | Stmt[] {
    const t = this.s.cur;
    if (t.type !== 'name') this.s.fail('tag name expected');
    const name = t.value;
    switch (name) {
      case 'for':
        return this.parseFor();
      case 'if':
        return this.parseIf();
      case 'block':
        return this.parseBlock();
      case 'extends':
        this.s.next();
        return { k: 'extends', template: this.parseExpression(), line: t.line };
      case 'print': {
        this.s.next();
        return { k: 'output', nodes: [this.parseTuple()], line: t.line };
      }
      case 'macro':
        return this.parseMacro();
      case 'include':
        return this.parseInclude();
      case 'from':
        return this.parseFrom();
      case 'import':
        return this.parseImport();
      case 'set':
        return this.parseSet();
      case 'with':
        return this.parseWith();
      case 'autoescape': {
        this.s.next();
        const value = this.parseExpression();
        return {
          k: 'autoescape',
          value,
          body: this.parseStatements(['endautoescape'], true),
          line: t.line,
        };
      }
      case 'call':
        return this.parseCallBlock();
      case 'filter':
        return this.parseFilterBlock();
    }
    if (name === 'do' && this.opts.extensions.has('do')) {
      this.s.next();
      return { k: 'do', expr: this.parseTuple(), line: t.line };
    }
    if ((name === 'break' || name === 'continue') && this.opts.extensions.has('loopcontrols')) {
      this.s.next();
      if (!this.inLoop) this.s.fail(`'${name}' outside of a loop`, t.line);
      return { k: name, line: t.line };
    }
    if (STATEMENT_TAGS.has(name)) this.s.fail(`unexpected '${name}'`);
    for (const ends of [...this.endTokenStack].reverse()) {
      if (ends.includes(name))
        this.s.fail(
          `Encountered unknown tag '${name}'. Jinja was looking for the following tags: ${ends.map((e) => `'${e}'`).join(' or ')}. The innermost block that needs to be closed is '${(ends[ends.length - 1] ?? '').replace(/^end/, '')}'.`,
        );
    }
    const expected = this.endTokenStack.length
      ? this.endTokenStack[this.endTokenStack.length - 1]!
      : null;
    if (expected)
      this.s.fail(
        `Encountered unknown tag '${name}'. Jinja was looking for the following tags: ${expected.map((e) => `'${e}'`).join(' or ')}. The innermost block that needs to be closed is '${(expected[expected.length - 1] ?? '').replace(/^end/, '')}'.`,
      );
    return this.s.fail(`Encountered unknown tag '${name}'.`);
  }

  private parseFor(): Stmt {
    const line = this.s.expectName('for').line;
    const target = this.parseAssignTarget({ extraEnd: ['in'] });
    this.s.expectName('in');
    const iter = this.parseTuple({ withCondexpr: false, extraEnd: ['recursive'] });
    let filter: Expr | null = null;
    if (this.s.skipName('if')) filter = this.parseExpression();
    const recursive = this.s.skipName('recursive');
    this.inLoop++;
    const body = this.parseStatements(['endfor', 'else']);
    this.inLoop--;
    let else_: Stmt[] = [];
    if (this.s.next().value !== 'endfor') {
      const saved = this.inLoop;
      this.inLoop = 0;
      else_ = this.parseStatements(['endfor'], true);
      this.inLoop = saved;
    }
    return { k: 'for', target, iter, body, else: else_, filter, recursive, line };
  }

  private parseIf(): Stmt {
    const line = this.s.expectName('if').line;
    const root: Stmt & { k: 'if' } = {
      k: 'if',
      test: this.parseTuple({ withCondexpr: false }),
      body: [],
      else: [],
      line,
    };
    let node = root;
    for (;;) {
      node.body = this.parseStatements(['elif', 'else', 'endif']);
      const tok = this.s.next();
      if (tok.value === 'elif') {
        const n: Stmt & { k: 'if' } = {
          k: 'if',
          test: this.parseTuple({ withCondexpr: false }),
          body: [],
          else: [],
          line: tok.line,
        };
        node.else = [n];
        node = n;
        continue;
      }
      if (tok.value === 'else') node.else = this.parseStatements(['endif'], true);
      break;
    }
    return root;
  }

  private parseBlock(): Stmt {
    const line = this.s.expectName('block').line;
    const name = this.s.expectName().value;
    if (this.blockNames.has(name)) this.s.fail(`block '${name}' defined twice`, line);
    this.blockNames.add(name);
    const scoped = this.s.skipName('scoped');
    const required = this.s.skipName('required');
    if (this.s.isOp('-')) this.s.fail('Use an underscore instead');
    const savedLoop = this.inLoop;
    this.inLoop = 0;
    const body = this.parseStatements(['endblock'], true);
    this.inLoop = savedLoop;
    if (
      required &&
      body.some(
        (b) =>
          !(b.k === 'output' && b.nodes.every((n) => typeof n === 'string' && n.trim() === '')),
      )
    ) {
      this.s.fail('Required blocks can only contain comments or whitespace', line);
    }
    if (this.s.cur.type === 'name') {
      const endName = this.s.next().value;
      if (endName !== name) this.s.fail(`'${name}' block ends with '${endName}'`);
    }
    return { k: 'block', name, body, scoped, required, line };
  }

  private parseMacroParams(): MacroDef['params'] {
    const params: MacroDef['params'] = [];
    this.s.expectOp('(');
    while (!this.s.isOp(')')) {
      if (params.length) this.s.expectOp(',');
      const t = this.parseAssignTarget({ nameOnly: true }) as Target & { k: 'name' };
      let def: Expr | null = null;
      if (this.s.skipOp('=')) def = this.parseExpression();
      else if (params.some((p) => p.default))
        this.s.fail('non-default argument follows default argument');
      params.push({ name: t.name, default: def });
    }
    this.s.expectOp(')');
    return params;
  }

  private parseMacro(): Stmt {
    const line = this.s.expectName('macro').line;
    const name = this.s.expectName().value;
    const params = this.parseMacroParams();
    const saved = this.inLoop;
    this.inLoop = 0;
    const body = this.parseStatements(['endmacro'], true);
    this.inLoop = saved;
    return { k: 'macro', def: { name, params, body, line }, line };
  }

  private parseCallBlock(): Stmt {
    const line = this.s.expectName('call').line;
    const params = this.s.isOp('(') ? this.parseMacroParams() : [];
    const call = this.parseExpression();
    if (call.k !== 'call') this.s.fail('expected call', line);
    const saved = this.inLoop;
    this.inLoop = 0;
    const body = this.parseStatements(['endcall'], true);
    this.inLoop = saved;
    return { k: 'callblock', call, params, body, line };
  }

  private parseFilterBlock(): Stmt {
    const line = this.s.expectName('filter').line;
    const filter = this.parseFilter(null, true);
    return { k: 'filterblock', filter, body: this.parseStatements(['endfilter'], true), line };
  }

  private parseSet(): Stmt {
    const line = this.s.expectName('set').line;
    const target = this.parseAssignTarget({ withNamespace: true });
    if (this.s.skipOp('=')) return { k: 'set', target, value: this.parseTuple(), line };
    const filter = this.s.isOp('|') ? this.parseFilter(null) : null;
    const body = this.parseStatements(['endset'], true);
    return { k: 'setblock', target, body, filter, line };
  }

  private parseWith(): Stmt {
    const line = this.s.expectName('with').line;
    const targets: [Target, Expr][] = [];
    while (this.s.cur.type !== 'block_end') {
      if (targets.length) this.s.expectOp(',');
      const t = this.parseAssignTarget();
      this.s.expectOp('=');
      targets.push([t, this.parseExpression()]);
    }
    return { k: 'with', targets, body: this.parseStatements(['endwith'], true), line };
  }

  private parseContext(dflt: boolean): boolean {
    if (
      (this.s.isName('with') || this.s.isName('without')) &&
      this.s.look.type === 'name' &&
      this.s.look.value === 'context'
    ) {
      const w = this.s.next().value === 'with';
      this.s.next();
      return w;
    }
    return dflt;
  }

  private parseInclude(): Stmt {
    const line = this.s.expectName('include').line;
    const template = this.parseExpression();
    let ignoreMissing = false;
    if (this.s.isName('ignore') && this.s.look.type === 'name' && this.s.look.value === 'missing') {
      this.s.next();
      this.s.next();
      ignoreMissing = true;
    }
    return { k: 'include', template, ignoreMissing, withContext: this.parseContext(true), line };
  }

  private parseImport(): Stmt {
    const line = this.s.expectName('import').line;
    const template = this.parseExpression();
    this.s.expectName('as');
    const target = this.s.expectName().value;
    return { k: 'import', template, target, withContext: this.parseContext(false), line };
  }

  private parseFrom(): Stmt {
    const line = this.s.expectName('from').line;
    const template = this.parseExpression();
    this.s.expectName('import');
    const names: [string, string][] = [];
    let withContext: boolean;
    for (;;) {
      if (names.length) this.s.expectOp(',');
      if (this.s.cur.type === 'name') {
        if (
          (this.s.isName('with') || this.s.isName('without')) &&
          this.s.look.type === 'name' &&
          this.s.look.value === 'context'
        ) {
          withContext = this.parseContext(false);
          break;
        }
        const t = this.s.expectName().value;
        if (t.startsWith('_')) this.s.fail('names starting with an underline can not be imported');
        const alias = this.s.skipName('as') ? this.s.expectName().value : t;
        names.push([t, alias]);
        if (!this.s.isOp(',')) {
          withContext = this.parseContext(false);
          break;
        }
      } else this.s.expectName();
    }
    if (!names.length) this.s.fail('expected name');
    return { k: 'fromimport', template, names, withContext, line };
  }
}
