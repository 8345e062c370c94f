/** Python numbers over bosun values: int (number/bigint), float (PyFloat), bool. */
import { PyFloat, UnsafeText, resolve, type PyValue } from './values.js';

export type Num = number | bigint | PyFloat | boolean;

/**
 * Ansible's `!unsafe` strings behave as str in every operation; only their identity (kept when
 * a value passes through untouched) tells Ansible not to template them again.
 */
export function plain(v: PyValue): PyValue {
  v = resolve(v);
  return v instanceof UnsafeText ? v.value : v;
}

/** Normalise a bigint back to a number when it is safe. */
export function normInt(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

export function intOf(v: number | bigint | boolean): number | bigint {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

export function isNum(v: PyValue): v is Num {
  return (
    typeof v === 'number' || typeof v === 'bigint' || v instanceof PyFloat || typeof v === 'boolean'
  );
}

export function isFloatish(v: Num): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}

export function toNumber(v: Num): number {
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return Number(v);
}

export function big(v: number | bigint | boolean): bigint {
  return BigInt(intOf(v));
}
