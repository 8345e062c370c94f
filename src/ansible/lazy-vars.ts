/**
 * The variables a template reads (Ansible's AnsibleJ2Vars): lazily templated values, and the
 * unsafe mark of the render in progress (Ansible's AnsibleContext.unsafe).
 */
import { TemplateError, TemplateRuntimeError } from '../jinja/errors.js';
import { inVariable } from '../py/errors.js';
import { Lazy, containsUnsafe, resolve, type PyValue } from '../py/values.js';
import type { TemplateOptions, VarScope } from './templar.js';

/** What LazyVars needs from the Templar. */
export interface VarTemplater {
  templateWith(value: PyValue, vars: LazyVars, options: TemplateOptions): PyValue;
  /** Whether a value read as a variable must be templated (never unsafe text). */
  needsTemplating(value: PyValue): boolean;
}

/** Variables added in front of a scope (template_* vars, loop vars). */
export class OverlayScope implements VarScope {
  constructor(
    private readonly front: Map<string, PyValue>,
    private readonly back: VarScope,
  ) {}
  get(name: string): PyValue | undefined {
    return this.front.has(name) ? this.front.get(name) : this.back.get(name);
  }
  has(name: string): boolean {
    return this.front.has(name) || this.back.has(name);
  }
  *keys(): Iterable<string> {
    yield* this.front.keys();
    for (const k of this.back.keys()) if (!this.front.has(k)) yield k;
  }
}

/**
 * AnsibleJ2Vars: a variable whose value contains template syntax is templated when a template
 * reads it, once per templating call. A variable that refers back to itself is an error.
 */
export class LazyVars implements VarScope {
  private readonly cache = new Map<string, PyValue>();
  private readonly active = new Set<string>();
  /** The current render read unsafe data (Ansible's AnsibleContext.unsafe). */
  private tainted = false;
  constructor(
    private readonly vars: VarScope,
    private readonly templar: VarTemplater,
  ) {}
  raw(name: string): PyValue | undefined {
    return this.vars.get(name);
  }
  has(name: string): boolean {
    return this.vars.has(name);
  }
  keys(): Iterable<string> {
    return this.vars.keys();
  }
  /** Unsafe data read by the current render makes its result unsafe. */
  markUnsafe(): void {
    this.tainted = true;
  }

  /** A render starts (nested renders of lazy variables too): returns the outer render's mark. */
  beginRender(): boolean {
    const outer = this.tainted;
    this.tainted = false;
    return outer;
  }

  /** A render ends: whether it read unsafe data (the outer render then did too). */
  endRender(outer: boolean): boolean {
    const inner = this.tainted;
    this.tainted = outer || inner;
    return inner;
  }

  private seen(v: PyValue): PyValue {
    if (!this.tainted && typeof v === 'object' && v !== null && containsUnsafe(v))
      this.tainted = true;
    return v;
  }

  get(name: string): PyValue | undefined {
    if (this.cache.has(name)) return this.seen(this.cache.get(name)!);
    const raw = this.vars.get(name);
    if (raw === undefined) return undefined;
    if (raw instanceof Lazy) {
      // Inline !vault values stay lazy (decrypted only when used; `is vault_encrypted` sees them).
      if (raw.description.startsWith('!vault')) return raw;
      // hostvars reach every host's registered results and facts without reading them here:
      // what a template makes of them is unsafe (safer than Ansible, which relies on its
      // unsafe str methods for that).
      if (raw.description === 'hostvars') {
        this.tainted = true;
        return raw;
      }
      // A variable the scope templated already: its result is never templated again.
      try {
        return this.seen(resolve(raw));
      } catch (e) {
        throw e instanceof TemplateError ? inVariable(name, e) : e;
      }
    }
    const v = raw;
    if (!this.templar.needsTemplating(v)) return this.seen(v);
    if (this.active.has(name))
      throw new TemplateRuntimeError(
        `recursive loop detected in template string: variable '${name}' refers to itself`,
      );
    this.active.add(name);
    try {
      const out = this.templar.templateWith(v, this, {});
      this.cache.set(name, out);
      return this.seen(out);
    } catch (e) {
      throw e instanceof TemplateError ? inVariable(name, e) : e;
    } finally {
      this.active.delete(name);
    }
  }
}
