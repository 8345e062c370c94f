/**
 * Runtime of template composition: extends (block chains), block rendering, super(), self,
 * include (with/without context, ignore missing, lists of names) and import / from-import.
 */
import { Context, type BlockFn } from './context.js';
import { Markup, resolve, Undefined, type PyValue } from '../py/values.js';
import { pyStr } from '../py/repr.js';
import { joinOut, type TemplateInfo } from './runtime/rt.js';
import { toList } from '../py/ops.js';
import { TemplateNotFound, TemplateRuntimeError, UndefinedError } from './errors.js';
import type { Template } from './template.js';

function env(ctx: Context): Context['env'] {
  return ctx.env;
}

/** Resolve a template reference (name, Template object, or list of names). */
function load(ctx: Context, ref: PyValue, parentName: string | undefined): Template {
  ref = resolve(ref);
  const e = env(ctx);
  if (isTemplate(ref)) return ref;
  if (Array.isArray(ref)) {
    const names = toList(ref);
    for (const n of names) {
      const v = resolve(n);
      if (isTemplate(v)) return v;
      try {
        return e.getTemplate(pyStr(v), parentName);
      } catch (err) {
        if (!(err instanceof TemplateNotFound)) throw err;
      }
    }
    throw new TemplateNotFound(
      names.length
        ? `none of the templates given were found: ${names.map((n) => pyStr(n)).join(', ')}`
        : 'Tried to select from an empty list of templates.',
    );
  }
  if (ref instanceof Undefined) throw new TemplateRuntimeError(ref.hint);
  return e.getTemplate(pyStr(ref), parentName);
}

function isTemplate(v: unknown): v is Template {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as { isJinjaTemplate?: boolean }).isJinjaTemplate === true
  );
}

export function loadParent(ctx: Context, ref: PyValue, ti: TemplateInfo): Template {
  const parent = load(ctx, ref, ti.name);
  for (const [name, fn] of Object.entries(parent.blocks)) {
    const list = ctx.blocks.get(name);
    if (list) list.push(fn);
    else ctx.blocks.set(name, [fn]);
  }
  return parent;
}

export function renderBlock(
  ctx: Context,
  name: string,
  locals: Record<string, PyValue> | null,
  out: PyValue[],
): void {
  const fn = ctx.blocks.get(name)?.[0];
  if (!fn) throw new TemplateRuntimeError(`block '${name}' not found`);
  if (!locals) {
    fn(ctx, out);
    return;
  }
  const child = ctx.derive(locals, ctx.name);
  child.blocks = ctx.blocks;
  fn(child, out);
}

export function superBlock(ctx: Context, name: string, current: BlockFn): PyValue {
  const list = ctx.blocks.get(name) ?? [];
  const i = list.indexOf(current);
  const next = i >= 0 ? list[i + 1] : undefined;
  if (!next) throw new UndefinedError(`there is no parent block called '${name}'.`);
  const out: PyValue[] = [];
  next(ctx, out);
  return joinOut(ctx, out);
}

/** `self`: `self.blockname()` renders a block of the current template chain. */
export function selfRef(ctx: Context): PyValue {
  return {
    pyTypeName: 'TemplateReference',
    pyGetAttr(name: string): PyValue | undefined {
      const list = ctx.blocks.get(name);
      if (!list) return undefined;
      return () => {
        const out: PyValue[] = [];
        list[0]!(ctx, out);
        return joinOut(ctx, out);
      };
    },
    pyRepr(): string {
      return `<TemplateReference ${ctx.name === null ? 'None' : `'${ctx.name}'`}>`;
    },
  };
}

export function include(
  ctx: Context,
  ref: PyValue,
  ignoreMissing: boolean,
  withContext: boolean,
  locals: Record<string, PyValue> | null,
  out: PyValue[],
  ti: TemplateInfo,
): void {
  let t: Template;
  try {
    t = load(ctx, ref, ti.name);
  } catch (err) {
    if (ignoreMissing && err instanceof TemplateNotFound) return;
    throw err;
  }
  const child = withContext
    ? ctx.derive(locals, t.name)
    : new Context(ctx.env, null, ctx.globals, t.name, ctx.autoescape);
  t.renderInto(child, out);
}

/** A template rendered for `import`: its exported names are attributes, str() is its output. */
class TemplateModule {
  readonly pyTypeName = 'TemplateModule';
  constructor(
    readonly name: string | null,
    private readonly ctx: Context,
    readonly output: string,
  ) {}
  pyGetAttr(name: string): PyValue | undefined {
    return this.ctx.exported.has(name) ? this.ctx.locals.get(name) : undefined;
  }
  pyRepr(): string {
    return `<TemplateModule ${this.name === null ? 'None' : `'${this.name}'`}>`;
  }
  pyStr(): string {
    return this.output;
  }
  __html__(): string {
    return this.output;
  }
  toString(): string {
    return this.output;
  }
}

export function importTemplate(
  ctx: Context,
  ref: PyValue,
  withContext: boolean,
  locals: Record<string, PyValue> | null,
  ti: TemplateInfo,
): PyValue {
  const t = load(ctx, ref, ti.name);
  const cacheable = !withContext && ctx.globals === null;
  if (cacheable) {
    const cached = t.defaultModule;
    if (cached) return cached;
  }
  const child = withContext
    ? ctx.derive(locals, t.name)
    : new Context(ctx.env, null, ctx.globals, t.name, ctx.autoescape);
  const out: PyValue[] = [];
  t.renderInto(child, out);
  const mod = new TemplateModule(t.name, child, out.map((p) => pyStr(p)).join(''));
  if (cacheable) t.defaultModule = mod;
  return mod;
}

export function importName(ctx: Context, mod: PyValue, name: string, line: number): PyValue {
  const m = mod as unknown as TemplateModule;
  const v = m.pyGetAttr(name);
  if (v !== undefined) return v;
  return ctx.undef(
    `the template '${m.name}' (imported on line ${line}) does not export the requested name '${name}'`,
    name,
  );
}

export function finalize(ctx: Context, v: PyValue): PyValue {
  const f = ctx.env.finalize;
  return f ? f(v) : v;
}

export { Markup };
