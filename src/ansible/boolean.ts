/**
 * Ansible's `boolean()` (module_utils/parsing/convert_bool.py): the one truth table behind every
 * boolean keyword (`no_log`, `ignore_errors`, `gather_facts`…), module argument of type bool,
 * configuration value and `set_fact`'s string conversion. The `bool` filter is Ansible's other,
 * smaller table (`to_bool`, src/ansible/filters/data.ts).
 */
import { BosunError } from '../errors.js';
import { PyFloat, UnsafeText, isString, resolve, type PyValue } from '../py/values.js';
import { pyStr } from '../py/repr.js';

const TRUE_TEXT = new Set(['y', 'yes', 'on', '1', 'true', 't']);
const FALSE_TEXT = new Set(['n', 'no', 'off', '0', 'false', 'f']);

/** A value outside the table where a strict boolean is required (Python's TypeError there). */
export class NotABooleanError extends BosunError {
  override name = 'NotABooleanError';
  constructor(readonly text: string) {
    super('not-a-boolean', `The value '${text}' is not a valid boolean.`);
  }
}

/** 1, 1.0 and True are true; 0, 0.0 and False are false (Python's == between them). */
function numberTruth(v: PyValue): boolean | undefined {
  const n = v instanceof PyFloat ? v.value : typeof v === 'bigint' ? Number(v) : v;
  if (n === 1) return true;
  if (n === 0) return false;
  return undefined;
}

/**
 * `boolean(value, strict)`: text is lower-cased and stripped first; with `strict`, a value in
 * neither table throws {@link NotABooleanError}, otherwise it is false.
 */
export function boolean(value: PyValue, strict = true): boolean {
  const v = resolve(value);
  if (typeof v === 'boolean') return v;
  if (isString(v) || v instanceof UnsafeText) {
    const text = pyStr(v).toLowerCase().trim();
    if (TRUE_TEXT.has(text)) return true;
    if (FALSE_TEXT.has(text) || !strict) return false;
    throw new NotABooleanError(pyStr(v));
  }
  const n = numberTruth(v);
  if (n !== undefined) return n;
  if (!strict) return false;
  throw new NotABooleanError(pyStr(v));
}
