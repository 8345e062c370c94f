/**
 * The render context: where a name that is not a template-local variable is looked up
 * (template-level `set`s, then the caller's variables, then globals), plus the block table
 * used by `extends`/`block`/`super()`.
 */
import { Undefined, type PyValue } from '../py/values.js';
import type { Environment } from './environment.js';

/** Variables visible to a template (a Map satisfies it; Ansible passes its layered scope). */
export interface VarScope {
  get(name: string): PyValue | undefined;
  has(name: string): boolean;
  keys(): Iterable<string>;
}

/** A compiled block: renders into `out`. */
export type BlockFn = (ctx: Context, out: PyValue[]) => void;

export class Context implements VarScope {
  /** Template-level assignments (`set`, macros, imports at the top level). */
  readonly locals = new Map<string, PyValue>();
  /** Names exported to `import` (top-level, not starting with `_`). */
  readonly exported = new Set<string>();
  blocks = new Map<string, BlockFn[]>();
  /** Current autoescape state of the evaluation context. */
  autoescape: boolean;
  /** Undefined factory bound once per context (attribute lookups call it on misses). */
  readonly mkUndef: (name: string | null, hint: string, obj?: PyValue) => Undefined;
  /**
   * One CallInfo per context, its name updated per call: avoids an allocation per filter or
   * method call. env and context never change; callees must not keep `name` for later.
   */
  private readonly ci: { name: string; env: unknown; context: unknown };

  constructor(
    readonly env: Environment,
    readonly vars: VarScope | null,
    readonly globals: VarScope | null,
    readonly name: string | null,
    autoescape: boolean,
  ) {
    this.autoescape = autoescape;
    this.mkUndef = (n, h, o) => env.makeUndefined(n, h, o);
    this.ci = { name: '', env, context: this };
  }

  callInfo(name: string): { name: string; env: unknown; context: unknown } {
    this.ci.name = name;
    return this.ci;
  }

  get(name: string): PyValue | undefined {
    const l = this.locals.get(name);
    if (l !== undefined) return l;
    return this.vars?.get(name);
  }

  has(name: string): boolean {
    return this.locals.has(name) || (this.vars?.has(name) ?? false);
  }

  *keys(): Iterable<string> {
    const seen = new Set<string>();
    for (const k of this.locals.keys()) {
      seen.add(k);
      yield k;
    }
    if (this.vars) for (const k of this.vars.keys()) if (!seen.has(k)) yield k;
  }

  /** Look a free name up: locals, variables, then globals; Undefined when absent. */
  resolve(name: string): PyValue {
    const l = this.locals.get(name);
    if (l !== undefined) return l;
    if (this.vars) {
      const v = this.vars.get(name);
      if (v !== undefined) return v;
    }
    if (this.globals) {
      const g = this.globals.get(name);
      if (g !== undefined) return g;
    }
    const g = this.env.globals.get(name);
    if (g !== undefined) return g;
    return this.env.makeUndefined(name, `'${name}' is undefined`);
  }

  /** An Undefined with a hint (missing attribute, no else branch…). */
  undef(hint: string, name: string | null = null): Undefined {
    return this.env.makeUndefined(name, hint);
  }

  /** Top-level `set`: visible to blocks and exported to importers. */
  setVar(name: string, value: PyValue): PyValue {
    this.locals.set(name, value);
    if (!name.startsWith('_')) this.exported.add(name);
    return value;
  }

  /** A child context for include/import with context and scoped blocks: sees this one plus `locals`. */
  derive(locals: Record<string, PyValue> | null, name: string | null): Context {
    const child = new Context(
      this.env,
      locals ? new Layer(locals, this) : this,
      this.globals,
      name,
      this.autoescape,
    );
    return child;
  }
}

/** Template-local variables layered over a context. */
class Layer implements VarScope {
  constructor(
    private readonly locals: Record<string, PyValue>,
    private readonly parent: VarScope,
  ) {}
  get(name: string): PyValue | undefined {
    if (Object.prototype.hasOwnProperty.call(this.locals, name)) {
      const v = this.locals[name]!;
      // Template locals not assigned yet (a compiler sentinel symbol) are absent.
      if (!(v instanceof Undefined) && typeof v !== 'symbol') return v;
    }
    return this.parent.get(name);
  }
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
  *keys(): Iterable<string> {
    yield* Object.keys(this.locals);
    for (const k of this.parent.keys())
      if (!Object.prototype.hasOwnProperty.call(this.locals, k)) yield k;
  }
}
