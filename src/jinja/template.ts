/** A compiled template: compile once (generated JavaScript), render many times. */
import { Context, type BlockFn, type VarScope } from './context.js';
import { fromJs, type PyValue } from '../py/values.js';
import { pyStr } from '../py/repr.js';
import * as rtCore from './runtime/rt.js';
import * as rtTemplate from './template-rt.js';
import { MISSING_ARG } from './runtime/objects.js';
import type { Environment } from './environment.js';
import type { CompiledSource } from './compiler.js';

/** Everything generated code calls as `rt.*`. */
const RT = { ...rtCore, ...rtTemplate, MISSING_ARG };

/** Variables accepted by render: a VarScope (Ansible's layered vars), a Map, or a plain object. */
export type RenderVars = VarScope | Map<string, PyValue> | Record<string, unknown>;

export interface RenderOptions {
  /** Extra globals for this render (Ansible's lookup/query/omit…), below the variables. */
  globals?: VarScope | Map<string, PyValue>;
}

function toScope(vars: RenderVars | undefined): VarScope | null {
  if (vars === undefined) return null;
  if (vars instanceof Map) return vars;
  if (typeof (vars as VarScope).get === 'function' && typeof (vars as VarScope).has === 'function')
    return vars as VarScope;
  return fromJs(vars) as Map<string, PyValue>;
}

type Factory = (
  rt: unknown,
  env: Environment,
  ti: rtCore.TemplateInfo,
  k: PyValue[],
) => { root: Template['root']; blocks: Template['blocks'] };

/**
 * Factories by generated code. The code depends on a template's shape only (its text, names
 * aside, is in K), so a playbook's many `"{{ dir }}/file-N"` arguments share one function: V8
 * compiles it once instead of at each `new Function` (measured ~0.3 ms each, the biggest
 * per-task cost of template tasks). Bounded: a process compiling endlessly many shapes starts over.
 */
const factories = new Map<string, Factory>();
const MAX_FACTORIES = 4096;

/** Forget the shared template functions (Environment.clearCache: the next compile is a full one). */
export function clearCompiledFactories(): void {
  factories.clear();
}

/** How many distinct template functions this process has compiled (diagnostics and tests). */
export function compiledFactories(): number {
  return factories.size;
}

function factoryFor(code: string): Factory {
  let factory = factories.get(code);
  if (!factory) {
    if (factories.size >= MAX_FACTORIES) factories.clear();
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- compiling templates to JS is the design
    factory = new Function('rt', 'env', 'TI', 'K', code) as Factory;
    factories.set(code, factory);
  }
  return factory;
}

export class Template {
  readonly isJinjaTemplate = true;
  readonly root: (ctx: Context, out: PyValue[]) => void;
  readonly blocks: Record<string, BlockFn>;
  private readonly blockList: [string, BlockFn][];
  /** Cached module for `import` without context. */
  defaultModule: unknown = null;

  constructor(
    readonly env: Environment,
    readonly name: string | null,
    readonly filename: string | undefined,
    readonly source: string,
    compiled: CompiledSource,
  ) {
    const made = factoryFor(compiled.code)(
      RT,
      env,
      { name: filename ?? name ?? undefined, source },
      compiled.consts,
    );
    this.root = made.root;
    this.blocks = made.blocks;
    this.blockList = Object.entries(made.blocks);
  }

  /** A fresh render context for this template. */
  newContext(vars?: RenderVars, options: RenderOptions = {}): Context {
    const ctx = new Context(
      this.env,
      toScope(vars),
      options.globals ?? null,
      this.name,
      this.env.autoescapeFor(this.name),
    );
    for (const [k, fn] of this.blockList) ctx.blocks.set(k, [fn]);
    return ctx;
  }

  /** Render into an existing context's output (include, import). */
  renderInto(ctx: Context, out: PyValue[]): void {
    for (const [k, fn] of Object.entries(this.blocks)) ctx.blocks.set(k, [fn]);
    this.root(ctx, out);
  }

  /** The output parts of a render, before `concat`. */
  renderParts(vars?: RenderVars, options: RenderOptions = {}): PyValue[] {
    const out: PyValue[] = [];
    this.root(this.newContext(vars, options), out);
    return out;
  }

  /** Render as the environment's `concat` combines the parts (native values in Ansible). */
  renderValue(vars?: RenderVars, options: RenderOptions = {}): PyValue {
    return this.env.concat(this.renderParts(vars, options));
  }

  /** Render to text. */
  render(vars?: RenderVars, options: RenderOptions = {}): string {
    const v = this.renderValue(vars, options);
    return typeof v === 'string' ? v : pyStr(v);
  }

  /** Render and return the template's exported names (Jinja2's `make_module`). */
  module(vars?: RenderVars, options: RenderOptions = {}): Map<string, PyValue> {
    const ctx = this.newContext(vars, options);
    this.root(ctx, []);
    const m = new Map<string, PyValue>();
    for (const k of ctx.exported) m.set(k, ctx.locals.get(k)!);
    return m;
  }
}
