/**
 * Compiles a template syntax tree to JavaScript source (run once through `new Function`):
 * a `root(ctx, out)` function and one function per block, pushing output parts to `out`.
 */
import type { Expr, MacroDef, Stmt, Target, TemplateAst } from './ast.js';
import { ExprCompiler, Frame, type FnState } from './compiler-expr.js';
import { assignedNames, containsExtends, initFromOuter, loadedNames } from './symbols.js';
import type { PyValue } from '../py/values.js';

export interface CompileOptions {
  autoescape: boolean;
  /** Keep output values native (NativeEnvironment / Ansible): no str() at output. */
  native: boolean;
  finalize: boolean;
}

export interface CompiledSource {
  code: string;
  consts: PyValue[];
}

export function compileTemplate(ast: TemplateAst, opts: CompileOptions): CompiledSource {
  return new Compiler(opts).compile(ast);
}

/** A single expression as `{ root }` where root(ctx) returns its value (compile_expression). */
export function compileExpressionAst(expr: Expr, opts: CompileOptions): CompiledSource {
  return new Compiler(opts).compileExpr(expr);
}

class Compiler extends ExprCompiler {
  private readonly blockFns: string[] = [];
  private autoescape: boolean;
  private inRoot = false;
  private hasExtends = false;

  constructor(private readonly opts: CompileOptions) {
    super();
    this.autoescape = opts.autoescape;
  }

  compile(ast: TemplateAst): CompiledSource {
    this.hasExtends = containsExtends(ast.body);
    this.frame = new Frame(null, 'root');
    this.inRoot = true;
    const root = this.fnBody(
      ast.body,
      1,
      'let parent = null;',
      'if (parent !== null) parent.root(ctx, out);',
    );
    const code = [
      '"use strict";',
      ...this.prologue,
      'const B = Object.create(null);',
      ...this.blockFns,
      `function root(ctx, out) {\n${root}\n}`,
      'return { root, blocks: B };',
    ].join('\n');
    return { code, consts: this.consts };
  }

  compileExpr(e: Expr): CompiledSource {
    this.frame = new Frame(null, 'block');
    const code = this.expr(e);
    const temps = this.fn.temps;
    const src = [
      '"use strict";',
      ...this.prologue,
      `function root(ctx) { let ln = ${pos(e.line)};${temps.length ? ` let ${temps.join(', ')};` : ''} try { return ${code}; } catch (e) { throw rt.rethrow(e, ln, TI); } }`,
      'return { root, blocks: {} };',
    ].join('\n');
    return { code: src, consts: this.consts };
  }

  /** A function body: declarations, statements, error positioning. */
  private fnBody(body: Stmt[], line: number, pre = '', post = '', declare = true): string {
    const saved = this.fn;
    this.fn = { temps: [] };
    const decl = declare ? this.declareScope(body) : '';
    const code = this.stmts(body);
    const temps: FnState['temps'] = this.fn.temps;
    this.fn = saved;
    return `let ln = ${pos(line)};${temps.length ? ` let ${temps.join(', ')};` : ''} ${pre}\ntry {\n${decl}${code}${post}\n} catch (e) { throw rt.rethrow(e, ln, TI); }`;
  }

  /** Declare the names assigned in this scope, initialised from the enclosing scope. */
  private declareScope(body: Stmt[]): string {
    let out = '';
    const loadedHere = initFromOuter(body);
    for (const n of loadedNames(body, new Set(), true)) this.frame.refs.add(n);
    for (const name of assignedNames(body)) {
      if (this.frame.names.has(name)) continue;
      // As Jinja2's symbol tracking: a name this scope reads before assigning starts from the
      // enclosing value (resolve); in a nested scope, one an enclosing scope refers to is an
      // alias of it; otherwise it starts missing, i.e. Undefined until assigned.
      const init =
        loadedHere.has(name) || (this.frame.kind !== 'root' && this.frame.outerRef(name));
      if (init) loadedHere.add(name);
      const outer = init ? this.nameRef(name) : 'rt.MISSING_ARG';
      const id = this.id('v');
      this.frame.names.set(name, id);
      if (!loadedHere.has(name)) this.maybeMissing.add(id);
      out += `let ${id} = ${outer};\n`;
    }
    return out;
  }

  private stmts(body: Stmt[]): string {
    let s = '';
    for (const st of body) s += this.stmt(st);
    return s;
  }

  private outValue(code: string): string {
    if (this.opts.finalize) code = `rt.finalize(ctx, ${code})`;
    if (this.opts.native) return `rt.resolve(${code})`;
    if (this.autoescape) return `rt.escaped(${code})`;
    const t = this.temp();
    return `(typeof (${t} = ${code}) === 'string' ? ${t} : rt.str(${t}))`;
  }

  private guard(code: string): string {
    return this.inRoot && this.hasExtends ? `if (parent === null) { ${code} }\n` : code;
  }

  private stmt(st: Stmt): string {
    const ln = `ln = ${pos(st.line, st.col)}; `;
    switch (st.k) {
      case 'output': {
        let code = '';
        st.nodes.forEach((n, i) => {
          // Literal text as a constant: templates that differ only in their text (task arguments
          // such as "{{ dir }}/app1.conf") then compile to the same code, made into a function once.
          if (typeof n === 'string') code += `out.push(${this.constant(n)});\n`;
          else
            code += `ln = ${pos(n.line, n.line === st.line || i > 0 ? st.cols?.[i] : undefined)}; out.push(${this.outValue(this.topExpr(n))});\n`;
        });
        return this.guard(code);
      }
      case 'if': {
        let code = `${ln}if (rt.truthy(${this.topExpr(st.test)})) {\n${this.stmts(st.body)}}`;
        if (st.else.length) code += ` else {\n${this.stmts(st.else)}}`;
        return code + '\n';
      }
      case 'for':
        return this.forLoop(st);
      case 'set':
        return `${ln}${this.assign(st.target, this.expr(st.value))}`;
      case 'setblock': {
        const body = this.captured(st.body);
        const value = st.filter ? this.filterChain(st.filter) : '__body';
        return `${ln}{ let __body; ${body} ${this.assign(st.target, value)} }\n`;
      }
      case 'macro': {
        const m = this.macro(st.def, st.def.name);
        return `${ln}${this.assign({ k: 'name', name: st.def.name, line: st.line }, m)}`;
      }
      case 'callblock': {
        const caller = this.macro(
          { name: 'caller', params: st.params, body: st.body, line: st.line },
          'caller',
        );
        const cid = this.id('c');
        this.frame.names.set('\0caller', cid);
        const call = st.call as Expr & { k: 'call' };
        const withCaller: Expr = {
          ...call,
          args: {
            ...call.args,
            kwargs: [
              ...call.args.kwargs,
              ['caller', { k: 'name', name: '\0caller', line: st.line }],
            ],
          },
        };
        const code = `${ln}{ const ${cid} = ${caller}; out.push(${this.outValue(this.expr(withCaller))}); }\n`;
        this.frame.names.delete('\0caller');
        return this.guard(code);
      }
      case 'filterblock': {
        const body = this.captured(st.body);
        return this.guard(
          `${ln}{ let __body; ${body} out.push(${this.outValue(this.filterChain(st.filter))}); }\n`,
        );
      }
      case 'with': {
        const values = st.targets.map(([, e]) => this.expr(e));
        const saved = this.frame;
        this.frame = new Frame(saved, 'with');
        const tmp = values.map(() => this.id('w'));
        let code = `${ln}{ ${values.map((v, i) => `const ${tmp[i]} = ${v};`).join(' ')}\n`;
        const names = new Set<string>();
        for (const [t] of st.targets) collectTargetNames(t, names);
        for (const n of names) {
          const id = this.id('v');
          this.frame.names.set(n, id);
          code += `let ${id};\n`;
        }
        st.targets.forEach(([t], i) => {
          code += this.assign(t, tmp[i]!);
        });
        code += this.declareScope(st.body) + this.stmts(st.body) + '}\n';
        this.frame = saved;
        return code;
      }
      case 'block':
        return this.block(st);
      case 'extends':
        return `${ln}if (parent !== null) rt.fail('extended multiple times'); parent = rt.loadParent(ctx, ${this.expr(st.template)}, TI);\n`;
      case 'include': {
        const locals = st.withContext ? this.localsObject() : 'null';
        return this.guard(
          `${ln}rt.include(ctx, ${this.expr(st.template)}, ${st.ignoreMissing}, ${st.withContext}, ${locals}, out, TI);\n`,
        );
      }
      case 'import': {
        const mod = `rt.importTemplate(ctx, ${this.expr(st.template)}, ${st.withContext}, ${st.withContext ? this.localsObject() : 'null'}, TI)`;
        return `${ln}${this.assign({ k: 'name', name: st.target, line: st.line }, mod)}`;
      }
      case 'fromimport': {
        const m = this.id('m');
        let code = `${ln}{ const ${m} = rt.importTemplate(ctx, ${this.expr(st.template)}, ${st.withContext}, ${st.withContext ? this.localsObject() : 'null'}, TI);\n`;
        for (const [name, alias] of st.names) {
          code += this.assign(
            { k: 'name', name: alias, line: st.line },
            `rt.importName(ctx, ${m}, ${JSON.stringify(name)}, ${st.line})`,
          );
        }
        return code + '}\n';
      }
      case 'autoescape': {
        const saved = this.autoescape;
        const v = st.value;
        this.autoescape = v.k === 'const' ? !!v.value : true;
        const body = this.stmts(st.body);
        this.autoescape = saved;
        const s = this.id('a');
        return `${ln}{ const ${s} = ctx.autoescape; ctx.autoescape = rt.truthy(${this.expr(st.value)}); try {\n${body}} finally { ctx.autoescape = ${s}; } }\n`;
      }
      case 'do':
        return `${ln}${this.expr(st.expr)};\n`;
      case 'break':
        return 'break;\n';
      case 'continue':
        return 'continue;\n';
    }
  }

  /** Render `body` into a fresh `out`, leaving the joined result in `__body`. */
  private captured(body: Stmt[]): string {
    const savedRoot = this.inRoot;
    const savedFrame = this.frame;
    this.inRoot = false;
    // An inner scope, as Jinja2's frame.inner(): assignments inside do not leak.
    this.frame = new Frame(savedFrame, 'with');
    const code = `{ const out = [];\n${this.declareScope(body)}${this.stmts(body)}__body = rt.joinOut(ctx, out); }`;
    this.frame = savedFrame;
    this.inRoot = savedRoot;
    return code;
  }

  /** Apply a filter chain whose innermost value is `__body`. */
  private filterChain(f: Expr): string {
    return this.expr(f);
  }

  /** `{x: v1, y: v2}` of every template-local name visible here. */
  private localsObject(): string {
    const entries = [...this.frame.visible()]
      .filter(([k]) => !k.startsWith('\0'))
      .map(([k, id]) => `${JSON.stringify(k)}: ${id}`);
    return `{${entries.join(', ')}}`;
  }

  private assign(t: Target, value: string): string {
    if (t.k === 'name') {
      const id = this.frame.lookup(t.name);
      if (!id) throw new Error(`internal: undeclared ${t.name}`);
      if (this.frame.kind === 'root' && this.frame.names.get(t.name) === id)
        return `${id} = ctx.setVar(${JSON.stringify(t.name)}, ${value});\n`;
      return `${id} = ${value};\n`;
    }
    if (t.k === 'nsref')
      return `rt.setNsAttr(${this.nameRef(t.name)}, ${JSON.stringify(t.attr)}, ${value});\n`;
    const u = this.id('u');
    let code = `{ const ${u} = rt.unpack(${value}, ${t.items.length});\n`;
    t.items.forEach((item, i) => {
      code += this.assign(item, `${u}[${i}]`);
    });
    return code + '}\n';
  }

  private macro(def: MacroDef, name: string): string {
    const used = loadedNames(def.body);
    for (const p of def.params)
      if (p.default)
        for (const n of loadedNames([{ k: 'do', expr: p.default, line: 0 }])) used.add(n);
    const saved = this.frame;
    const savedRoot = this.inRoot;
    const savedAuto = this.autoescape;
    this.inRoot = false;
    this.frame = new Frame(saved, 'macro');
    const ids = def.params.map((p) => {
      const id = this.id('p');
      this.frame.names.set(p.name, id);
      return id;
    });
    const special = { varargs: this.id('va'), kwargs: this.id('kw'), caller: this.id('cl') };
    for (const [k, id] of Object.entries(special))
      if (!this.frame.names.has(k)) this.frame.names.set(k, id);
    const savedFn = this.fn;
    this.fn = { temps: [] };
    let init = '';
    def.params.forEach((p, i) => {
      const dflt = p.default
        ? this.expr(p.default)
        : `ctx.undef(${JSON.stringify(`parameter '${p.name}' was not provided`)}, ${JSON.stringify(p.name)})`;
      init += `let ${ids[i]} = A[${i}] === rt.MISSING_ARG ? ${dflt} : A[${i}];\n`;
    });
    const decl = this.declareScope(def.body);
    const body = this.stmts(def.body);
    const temps = this.fn.temps;
    this.fn = savedFn;
    this.frame = saved;
    this.inRoot = savedRoot;
    this.autoescape = savedAuto;
    const fn = `(A, ${special.varargs}, ${special.kwargs}, ${special.caller}) => { let ln = ${pos(def.line, def.col)};${temps.length ? ` let ${temps.join(', ')};` : ''} try {\nconst out = [];\n${init}${decl}${body}return rt.joinOut(ctx, out);\n} catch (e) { throw rt.rethrow(e, ln, TI); } }`;
    const params = JSON.stringify(def.params.map((p) => p.name));
    return `new rt.Macro(${JSON.stringify(name)}, ${params}, ${used.has('kwargs')}, ${used.has('varargs')}, ${used.has('caller')}, ${fn}, (h, n) => ctx.undef(h, n))`;
  }

  private forLoop(st: Stmt & { k: 'for' }): string {
    const iter = this.expr(st.iter);
    const saved = this.frame;
    const savedFn = this.fn;
    this.frame = new Frame(saved, 'for');
    const targetNames = new Set<string>();
    collectTargetNames(st.target, targetNames);
    let decl = '';
    for (const n of targetNames) {
      const id = this.id('v');
      this.frame.names.set(n, id);
      decl += `let ${id};\n`;
    }
    const items = this.id('it');
    const i = this.id('i');
    const L = this.id('L');
    let filter = '';
    if (st.filter) {
      const x = this.id('x');
      filter = `${items} = ${items}.filter((${x}) => { ${this.assign(st.target, x)} return rt.truthy(${this.expr(st.filter)}); });\n`;
    }
    const uses = loadedNames(st.body);
    const needLoop = uses.has('loop') || st.recursive;
    if (needLoop) this.frame.names.set('loop', L);
    const depth = st.recursive ? 'depth0' : '0';
    const recurse = st.recursive ? 'R' : 'null';
    let body = `for (let ${i} = 0; ${i} < ${items}.length; ${i}++) {\n${needLoop ? `${L}.i = ${i};\n` : ''}${this.assign(st.target, `${items}[${i}]`)}`;
    // Names set in the body are fresh per iteration, initialised from the enclosing scope.
    const bodyFrame = this.frame;
    this.frame = new Frame(bodyFrame, 'for');
    // Jinja2 clears its "no iteration" flag at the end of the body, so a `break` or `continue`
    // before the end of the only iteration still runs the else block.
    const flag = this.id('e');
    body +=
      this.declareScope(st.body) +
      this.stmts(st.body) +
      (st.else.length ? `${flag} = false;\n` : '') +
      '}\n';
    this.frame = saved;
    // The else block belongs to the loop's scope: its assignments do not leak either.
    let elseCode = '';
    if (st.else.length) {
      this.frame = new Frame(saved, 'for');
      elseCode = `if (${flag}) {\n${this.declareScope(st.else)}${this.stmts(st.else)}}\n`;
      this.frame = saved;
    }
    const loop = `let ${items} = rt.toList(ITER);\n${st.else.length ? `let ${flag} = true;\n` : ''}${decl}${filter}${needLoop ? `const ${L} = new rt.Loop(${items}, ${depth}, (h) => ctx.undef(h), ${recurse});\n` : ''}${body}`;
    this.fn = savedFn;
    if (!st.recursive)
      return `ln = ${pos(st.line, st.col)}; {\n${loop.replace('ITER', () => iter)}${elseCode}}\n`;
    const R = `const R = (ITERV, depth0) => { const out = [];\n${loop.replace('ITER', 'ITERV')}${elseCode}return rt.joinOut(ctx, out); };\n`;
    return this.guard(`ln = ${pos(st.line, st.col)}; {\n${R}out.push(R(${iter}, 0));\n}\n`);
  }

  private block(st: Stmt & { k: 'block' }): string {
    const savedFrame = this.frame;
    const savedRoot = this.inRoot;
    const savedBlock = this.blockName;
    this.frame = new Frame(null, 'block');
    this.inRoot = false;
    this.blockName = st.name;
    // A required block renders only when a child overrides it.
    const body = st.required
      ? `throw rt.rethrow(new rt.TemplateRuntimeError(${JSON.stringify(`Required block '${st.name}' not found`)}), ${pos(st.line, st.col)}, TI);`
      : this.fnBody(st.body, st.line);
    this.blockFns.push(`B[${JSON.stringify(st.name)}] = function (ctx, out) {\n${body}\n};`);
    this.frame = savedFrame;
    this.inRoot = savedRoot;
    this.blockName = savedBlock;
    const locals = st.scoped ? this.localsObject() : 'null';
    const call = `ln = ${pos(st.line, st.col)}; rt.renderBlock(ctx, ${JSON.stringify(st.name)}, ${locals}, out);\n`;
    return this.inRoot && this.hasExtends ? `if (parent === null) { ${call} }\n` : call;
  }
}

/**
 * Generated code keeps the current position in one number, `ln = line * 4096 + column`, so
 * tracking it costs a single assignment; rt.rethrow decodes it.
 */
function pos(line: number, col?: number): number {
  return line * 4096 + Math.min(col ?? 0, 4095);
}

function collectTargetNames(t: Target, into: Set<string>): void {
  if (t.k === 'name') into.add(t.name);
  else if (t.k === 'tuple') for (const x of t.items) collectTargetNames(x, into);
}
