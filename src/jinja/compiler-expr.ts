/**
 * Expression code generation. Template-local names live in JavaScript variables (the frame
 * chain maps names to identifiers, as Jinja2's symbol tables do); free names are looked up in
 * the render context at run time.
 */
import type { CallArgs, ConstValue, Expr } from './ast.js';
import { PyFloat, type PyValue } from '../py/values.js';

/**
 * Whether Jinja2's optimizer folds this expression to a constant at compile time (then a slice of
 * it goes through environment.getitem, which turns TypeErrors into Undefined).
 */
function isConstExpr(e: Expr): boolean {
  switch (e.k) {
    case 'const':
      return true;
    case 'unary':
      return isConstExpr(e.node);
    case 'binop':
    case 'and':
    case 'or':
      return isConstExpr(e.left) && isConstExpr(e.right);
    case 'compare':
      return isConstExpr(e.first) && e.ops.every((o) => isConstExpr(o.expr));
    case 'cond':
      return isConstExpr(e.test) && isConstExpr(e.then) && (e.else === null || isConstExpr(e.else));
    case 'concat':
    case 'tuple':
    case 'list':
      return e.items.every(isConstExpr);
    case 'dict':
      return e.items.every(([k, v]) => isConstExpr(k) && isConstExpr(v));
    case 'getitem':
      return isConstExpr(e.obj) && isConstExpr(e.key);
    case 'slice':
      return [e.start, e.stop, e.step].every((x) => x === null || isConstExpr(x));
    default:
      return false;
  }
}

export class Frame {
  readonly names = new Map<string, string>();
  /** Names this scope reads or assigns itself (Jinja2's symbol refs), for nested scopes' aliasing. */
  readonly refs = new Set<string>();
  constructor(
    readonly parent: Frame | null,
    readonly kind: 'root' | 'block' | 'for' | 'macro' | 'with' | 'call',
  ) {}
  lookup(name: string): string | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
  /** Whether an enclosing scope refers to `name` (so an assignment here aliases it). */
  outerRef(name: string): boolean {
    for (let f = this.parent; f; f = f.parent)
      if (f.names.has(name) || f.refs.has(name)) return true;
    return false;
  }

  /** All names visible here (innermost wins), for include/import with context. */
  visible(): Map<string, string> {
    const out = new Map(this.names);
    for (let f = this.parent; f; f = f.parent)
      for (const [k, v] of f.names) if (!out.has(k)) out.set(k, v);
    return out;
  }
}

/** Per generated JS function: temporaries for `and`/`or`/chained comparisons. */
export interface FnState {
  temps: string[];
}

export class ExprCompiler {
  protected counter = 0;
  /** Hoisted constants (floats, bigints) passed to the generated code as K. */
  readonly consts: PyValue[] = [];
  /** Filter/test lookups hoisted to the prologue. */
  readonly prologue: string[] = [];
  private readonly filterIds = new Map<string, string>();
  private readonly testIds = new Map<string, string>();
  protected frame!: Frame;
  protected fn: FnState = { temps: [] };
  /**
   * True while compiling an output or `if` test that Jinja2's optimizer folds as a whole: its
   * slices go through environment.getitem (TypeError → Undefined) instead of a bare subscript.
   */
  protected constCtx = false;
  /** Name of the block being compiled (for super()). */
  protected blockName: string | null = null;

  id(prefix = 't'): string {
    return `${prefix}${this.counter++}`;
  }

  protected temp(): string {
    const t = this.id('_');
    this.fn.temps.push(t);
    return t;
  }

  protected constant(v: PyValue): string {
    this.consts.push(v);
    return `K[${this.consts.length - 1}]`;
  }

  private filterRef(name: string): string {
    let id = this.filterIds.get(name);
    if (!id) {
      id = this.id('F');
      this.filterIds.set(name, id);
      this.prologue.push(`const ${id} = rt.getFilter(env, ${JSON.stringify(name)});`);
    }
    return id;
  }

  private testRef(name: string): string {
    let id = this.testIds.get(name);
    if (!id) {
      id = this.id('T');
      this.testIds.set(name, id);
      this.prologue.push(`const ${id} = rt.getTest(env, ${JSON.stringify(name)});`);
    }
    return id;
  }

  protected constExpr(v: ConstValue): string {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'number') return String(v);
    if (typeof v === 'bigint') return this.constant(v);
    if (typeof v === 'string') return JSON.stringify(v);
    return this.constant(new PyFloat(v.float));
  }

  /** Variables that may still hold rt.MISSING_ARG when read (see declareScope). */
  protected readonly maybeMissing = new Set<string>();

  protected nameRef(name: string): string {
    const id = this.frame.lookup(name);
    if (id && this.maybeMissing.has(id))
      return `(${id} === rt.MISSING_ARG ? ctx.undef(${JSON.stringify(`'${name}' is undefined`)}, ${JSON.stringify(name)}) : ${id})`;
    if (id) return id;
    if (name === 'self') return 'rt.selfRef(ctx)';
    return `ctx.resolve(${JSON.stringify(name)})`;
  }

  expr(e: Expr): string {
    switch (e.k) {
      case 'const':
        return this.constExpr(e.value);
      case 'name':
        return this.nameRef(e.name);
      case 'tuple':
        return `rt.tuple([${e.items.map((x) => this.expr(x)).join(', ')}])`;
      case 'list':
        return `[${e.items.map((x) => this.expr(x)).join(', ')}]`;
      case 'dict':
        return `rt.dict([${e.items.map(([k, v]) => `[${this.expr(k)}, ${this.expr(v)}]`).join(', ')}])`;
      case 'getattr':
        return `rt.getattr(ctx, ${this.expr(e.obj)}, ${JSON.stringify(e.attr)})`;
      // Jinja2 compiles `a[x:y]` to a plain Python subscript (no getitem fallback to Undefined).
      case 'getitem':
        return e.key.k === 'slice' && !this.constCtx
          ? `rt.subscriptSlice(${this.expr(e.obj)}, ${this.expr(e.key)})`
          : `rt.getitem(ctx, ${this.expr(e.obj)}, ${this.expr(e.key)})`;
      case 'slice':
        return `new rt.Slice(${e.start ? this.expr(e.start) : 'null'}, ${e.stop ? this.expr(e.stop) : 'null'}, ${e.step ? this.expr(e.step) : 'null'})`;
      case 'call':
        return this.callExpr(e);
      case 'filter':
        return this.filterExpr(e.node ? this.expr(e.node) : '__body', e.name, e.args);
      case 'test':
        return `rt.test(ctx, ${this.testRef(e.name)}, ${JSON.stringify(e.name)}, ${this.expr(e.node)}, ${this.args(e.args)})`;
      case 'binop':
        // Jinja2 folds `-3` to a constant and emits it unparenthesised: `-3 ** x` is -(3 ** x)
        // when x is not a constant (with both constant, the whole power folds correctly).
        if (
          e.op === '**' &&
          !isConstExpr(e.right) &&
          e.left.k === 'unary' &&
          e.left.op === '-' &&
          e.left.node.k === 'const' &&
          typeof e.left.node.value !== 'string' &&
          typeof e.left.node.value !== 'boolean' &&
          e.left.node.value !== null
        ) {
          return `rt.neg(rt.pow(${this.expr(e.left.node)}, ${this.expr(e.right)}))`;
        }
        return this.binop(e.op, this.expr(e.left), this.expr(e.right));
      case 'unary':
        if (e.op === 'not') return `!rt.truthy(${this.expr(e.node)})`;
        return `rt.${e.op === '-' ? 'neg' : 'pos'}(${this.expr(e.node)})`;
      case 'and': {
        const t = this.temp();
        return `(rt.truthy(${t} = ${this.expr(e.left)}) ? ${this.expr(e.right)} : ${t})`;
      }
      case 'or': {
        const t = this.temp();
        return `(rt.truthy(${t} = ${this.expr(e.left)}) ? ${t} : ${this.expr(e.right)})`;
      }
      case 'compare':
        return this.compare(e);
      case 'concat':
        return `rt.concat(ctx, [${e.items.map((x) => this.expr(x)).join(', ')}])`;
      case 'cond': {
        const other = e.else
          ? this.expr(e.else)
          : `ctx.undef(${JSON.stringify(`the inline if-expression on line ${e.line} evaluated to false and no else section was defined.`)})`;
        return `(rt.truthy(${this.expr(e.test)}) ? ${this.expr(e.then)} : ${other})`;
      }
    }
  }

  /** Compile an expression that Jinja2 may constant-fold as a whole (output, if test). */
  protected topExpr(e: Expr): string {
    const saved = this.constCtx;
    this.constCtx = isConstExpr(e);
    const code = this.expr(e);
    this.constCtx = saved;
    return code;
  }

  /** `filterName(value, args)` given the already-compiled value expression. */
  protected filterExpr(value: string, name: string, args: CallArgs): string {
    return `rt.apply(ctx, ${this.filterRef(name)}, ${JSON.stringify(name)}, ${value}, ${this.args(args)})`;
  }

  /** Positional array and kwargs map (or null) as two comma-separated JS arguments. */
  protected args(a: CallArgs): string {
    let pos = `[${a.args.map((x) => this.expr(x)).join(', ')}]`;
    if (a.dynArgs) pos = `[...${pos}, ...rt.toList(${this.expr(a.dynArgs)})]`;
    let kw = 'null';
    if (a.kwargs.length || a.dynKwargs)
      kw = `rt.kw([${a.kwargs.map(([k, v]) => `[${JSON.stringify(k)}, ${this.expr(v)}]`).join(', ')}], ${a.dynKwargs ? this.expr(a.dynKwargs) : 'null'})`;
    return `${pos}, ${kw}`;
  }

  private callExpr(e: Expr & { k: 'call' }): string {
    const fn = e.fn;
    if (
      fn.k === 'name' &&
      fn.name === 'super' &&
      !this.frame.lookup('super') &&
      this.blockName !== null
    ) {
      return `rt.superBlock(ctx, ${JSON.stringify(this.blockName)}, B[${JSON.stringify(this.blockName)}])`;
    }
    if (fn.k === 'getattr')
      return `rt.callMethod(ctx, ${this.expr(fn.obj)}, ${JSON.stringify(fn.attr)}, ${this.args(e.args)})`;
    return `rt.call(ctx, ${this.expr(fn)}, ${this.args(e.args)})`;
  }

  private binop(op: string, a: string, b: string): string {
    switch (op) {
      case '+':
        return `rt.add(${a}, ${b})`;
      case '-':
        return `rt.sub(${a}, ${b})`;
      case '*':
        return `rt.mul(${a}, ${b})`;
      case '/':
        return `rt.truediv(${a}, ${b})`;
      case '//':
        return `rt.floordiv(${a}, ${b})`;
      case '%':
        return `rt.mod(${a}, ${b})`;
      case '**':
        return `rt.pow(${a}, ${b})`;
    }
    throw new Error(`unknown operator ${op}`);
  }

  private cmp(op: string, a: string, b: string): string {
    switch (op) {
      case '==':
        return `rt.eq(${a}, ${b})`;
      case '!=':
        return `!rt.eq(${a}, ${b})`;
      case '<':
        return `rt.lt(${a}, ${b})`;
      case '<=':
        return `rt.le(${a}, ${b})`;
      case '>':
        return `rt.gt(${a}, ${b})`;
      case '>=':
        return `rt.ge(${a}, ${b})`;
      case 'in':
        return `rt.contains(${b}, ${a})`;
      case 'notin':
        return `!rt.contains(${b}, ${a})`;
    }
    throw new Error(`unknown comparison ${op}`);
  }

  private compare(e: Expr & { k: 'compare' }): string {
    if (e.ops.length === 1)
      return this.cmp(e.ops[0]!.op, this.expr(e.first), this.expr(e.ops[0]!.expr));
    let left = this.temp();
    let code = `(${left} = ${this.expr(e.first)}, `;
    const parts: string[] = [];
    for (const { op, expr } of e.ops) {
      const right = this.temp();
      parts.push(`(${right} = ${this.expr(expr)}, ${this.cmp(op, left, right)})`);
      left = right;
    }
    code += parts.join(' && ') + ')';
    return code;
  }
}
