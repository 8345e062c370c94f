/**
 * How Ansible joins the output parts of a template (its Environment.concat), over bosun's
 * native output parts (the engine runs in native mode, as Ansible's AnsibleEnvironment is a
 * NativeEnvironment). As Ansible's native_helpers: when any part holds unsafe text, the result
 * is unsafe (wrap_var) — also after literal_eval, so `{{ registered.files }}` stays unsafe data.
 */
import { pyStr } from '../py/repr.js';
import { containsUnsafe, wrapVar, type PyValue } from '../py/values.js';
import { NativeJinjaText } from './native-text.js';
import { literalEval, NOT_LITERAL } from '../py/literal-eval.js';

const text = (v: PyValue): string => (typeof v === 'string' ? v : pyStr(v));

/** Whether any part holds unsafe text (plain string parts, the usual case, cost a typeof). */
function anyUnsafe(parts: PyValue[]): boolean {
  for (const p of parts) if (typeof p === 'object' && p !== null && containsUnsafe(p)) return true;
  return false;
}

/** ansible_concat: plain text, no type conversion (template module, convert_data=False). */
export function ansibleConcat(parts: PyValue[]): PyValue {
  if (parts.length === 0) return '';
  if (parts.length === 1 && parts[0] instanceof NativeJinjaText) return parts[0];
  let s: string;
  if (parts.length === 1) s = text(parts[0]!);
  else {
    s = '';
    for (const p of parts) s += text(p);
  }
  return anyUnsafe(parts) ? wrapVar(s) : s;
}

/**
 * ansible_eval_concat: text, except that results that look like a list, dict or bool are read
 * back with literal_eval (so `{{ [1, 2] }}` stays a list and `{{ x > 1 }}` a bool).
 */
export function ansibleEvalConcat(parts: PyValue[]): PyValue {
  if (parts.length === 1 && parts[0] instanceof NativeJinjaText) return parts[0];
  let s = '';
  if (parts.length === 1) s = text(parts[0]!);
  else for (const p of parts) s += text(p);
  let out: PyValue = s;
  if (s.startsWith('{') || s.startsWith('[') || s === 'True' || s === 'False') {
    const v = literalEval(s);
    if (v !== NOT_LITERAL) out = v;
  }
  return anyUnsafe(parts) ? wrapVar(out) : out;
}
