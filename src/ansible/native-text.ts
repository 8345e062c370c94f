/**
 * Ansible's NativeJinjaText: the output of its "string type" filters (to_json, to_yaml, string…)
 * is text that ansible_eval_concat must not literal_eval when it is the whole result. It is a
 * str to the engine (an UnsafeText subclass), unwrapped to a plain string by the Templar.
 */
import { PyFunction } from '../py/callable.js';
import { UnsafeText, type PyValue } from '../py/values.js';

export class NativeJinjaText extends UnsafeText {}

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

export function unwrapNativeText(v: PyValue): PyValue {
  return v instanceof NativeJinjaText ? v.value : v;
}
