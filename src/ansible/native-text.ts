/**
 * Ansible's NativeJinjaText: the output of its "string type" filters (to_json, to_yaml, string…)
 * is text that ansible_eval_concat must not literal_eval when it is the whole result. It is a
 * str to the engine (it reuses the UnsafeText wrapper, but is not unsafe unless made from unsafe
 * data: Ansible's NativeJinjaUnsafeText), unwrapped to a plain string by the Templar.
 */
import { PyFunction } from '../py/callable.js';
import { UnsafeText, type PyValue, type UnsafeWrappable } from '../py/values.js';

export class NativeJinjaText extends UnsafeText implements UnsafeWrappable {
  constructor(
    value: string,
    private readonly tainted = false,
  ) {
    super(value);
  }
  override get unsafe(): boolean {
    return this.tainted;
  }
  /** wrap_var of a NativeJinjaText is a NativeJinjaUnsafeText. */
  asUnsafe(): UnsafeText {
    return this.tainted ? this : new NativeJinjaText(this.value, true);
  }
}

/** Ansible's C.STRING_TYPE_FILTERS. */
export const STRING_TYPE_FILTERS = [
  'string',
  'to_json',
  'to_nice_json',
  'to_yaml',
  'to_nice_yaml',
  'ppretty',
  'json',
];

/** Wrap a filter so that a str result is marked NativeJinjaText. */
export function wrapNativeText(f: unknown): unknown {
  if (!(f instanceof PyFunction)) return f;
  return f.renamed(f.name, (call, ...args) => {
    const r: PyValue = f.impl(call, ...args);
    return typeof r === 'string' ? new NativeJinjaText(r) : r;
  });
}

/** The Templar's result: a NativeJinjaText is a str again (unsafe text if it was unsafe). */
export function unwrapNativeText(v: PyValue): PyValue {
  if (!(v instanceof NativeJinjaText)) return v;
  return v.unsafe ? new UnsafeText(v.value) : v.value;
}
