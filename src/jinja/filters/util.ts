/** Helpers shared by the built-in filters (Jinja2's make_attrgetter, ignore_case, …). */
import type { CallInfo } from '../../py/callable.js';
import { Markup, resolve, Undefined, type PyValue } from '../../py/values.js';
import { getitem } from '../../py/access.js';
import { pyStr } from '../../py/repr.js';
import { undefinedError } from '../../py/undefined.js';
import { plain } from '../../py/ops.js';
import type { Environment } from '../environment.js';
import type { Context } from '../context.js';

export function envOf(call: CallInfo): Environment {
  return call.env as Environment;
}

export function ctxOf(call: CallInfo): Context | null {
  return (call.context as Context | null) ?? null;
}

export function undef(call: CallInfo, hint: string, name: string | null = null): Undefined {
  return envOf(call).makeUndefined(name, hint);
}

/** Whether the current evaluation context autoescapes. */
export function autoescaping(call: CallInfo): boolean {
  return ctxOf(call)?.autoescape ?? false;
}

/** soft_str: str() unless already Markup. */
export function softStr(v: PyValue): string {
  v = plain(v);
  return typeof v === 'string' ? v : v instanceof Markup ? v.value : pyStr(v);
}

/** Lowercase strings for case-insensitive comparisons (Jinja2's ignore_case). */
export function ignoreCase(v: PyValue): PyValue {
  v = plain(v);
  return typeof v === 'string' ? v.toLowerCase() : v;
}

/** Jinja2's make_attrgetter: 'a.b.0' walks getitem, optional postprocess and default. */
export function attrGetter(
  call: CallInfo,
  attribute: PyValue,
  postprocess?: (v: PyValue) => PyValue,
  dflt: PyValue = null,
): (item: PyValue) => PyValue {
  const env = envOf(call);
  const mk = (n: string | null, h: string): Undefined => env.makeUndefined(n, h);
  const parts =
    typeof attribute === 'string'
      ? attribute.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))
      : attribute === null
        ? []
        : [attribute];
  return (item) => {
    for (const p of parts) {
      item = getitem(item, p, mk);
      if (item instanceof Undefined && dflt !== null) {
        item = dflt;
        break;
      }
    }
    return postprocess ? postprocess(item) : item;
  };
}

/** Several comma-separated attributes (sort's attribute='a,b'). */
export function multiAttrGetter(
  call: CallInfo,
  attribute: PyValue,
  postprocess?: (v: PyValue) => PyValue,
): (item: PyValue) => PyValue[] {
  const names = typeof attribute === 'string' ? attribute.split(',') : [attribute];
  const getters = names.map((n) =>
    attrGetter(call, typeof n === 'string' && /^\d+$/.test(n) ? Number(n) : n, postprocess),
  );
  return (item) => getters.map((g) => g(item));
}

/** Filters whose Python code does arithmetic or calls methods on the value raise for Undefined. */
export function noUndefined(v: PyValue): PyValue {
  const r = resolve(v);
  if (r instanceof Undefined) throw undefinedError(r);
  return r;
}
