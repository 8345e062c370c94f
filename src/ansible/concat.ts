/**
 * How Ansible joins the output parts of a template (its Environment.concat), over bosun's
 * native output parts (the engine runs in native mode, as Ansible's AnsibleEnvironment is a
 * NativeEnvironment).
 */
import { pyStr } from '../py/repr.js';
import type { PyValue } from '../py/values.js';
import { NativeJinjaText } from './native-text.js';
import { literalEval, NOT_LITERAL } from '../py/literal-eval.js';

const text = (v: PyValue): string => (typeof v === 'string' ? v : pyStr(v));

/** ansible_concat: plain text, no type conversion (template module, convert_data=False). */
export function ansibleConcat(parts: PyValue[]): PyValue {
  if (parts.length === 0) return '';
  if (parts.length === 1 && parts[0] instanceof NativeJinjaText) return parts[0];
  if (parts.length === 1) return text(parts[0]!);
  let s = '';
  for (const p of parts) s += text(p);
  return s;
}

/**
 * ansible_eval_concat: text, except that results that look like a list, dict or bool are read
 * back with literal_eval (so `{{ [1, 2] }}` stays a list and `{{ x > 1 }}` a bool).
 */
export function ansibleEvalConcat(parts: PyValue[]): PyValue {
  if (parts.length === 1 && parts[0] instanceof NativeJinjaText) return parts[0];
  const out = ansibleConcat(parts) as string;
  if (out.startsWith('{') || out.startsWith('[') || out === 'True' || out === 'False') {
    const v = literalEval(out);
    if (v !== NOT_LITERAL) return v;
  }
  return out;
}
