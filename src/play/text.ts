/** A value of a module result (plain JS data) as Python's `str()` prints it in Ansible's output. */
import { pyStr } from '../py/repr.js';
import { fromJs } from '../py/values.js';

export function resultText(v: unknown): string {
  return typeof v === 'string' ? v : pyStr(fromJs(v));
}
