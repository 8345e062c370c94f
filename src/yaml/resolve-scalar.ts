/**
 * PyYAML's YAML 1.1 implicit resolution of plain scalars, as Ansible's AnsibleLoader applies it
 * (checked against /usr/bin/python3's yaml): yes/no/on/off booleans (not y/n), `017` octal but
 * `0o17` a string, `1_000`, `0x_1F`, `0b10`, sexagesimal `190:20:30`, floats need a dot (`1e3`
 * is a string, `1.0e+3` a float), `~`/null/empty → None.
 */
import { PyFloat, type PyValue } from '../py/values.js';

const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const NULL = /^(?:~|null|Null|NULL|)$/;

export type ScalarKind = 'bool' | 'int' | 'float' | 'null' | 'str';

/** The type PyYAML's resolver gives a plain (unquoted, untagged) scalar. */
export function implicitKind(s: string): ScalarKind {
  if (NULL.test(s)) return 'null';
  if (BOOL.test(s)) return 'bool';
  if (INT.test(s)) return 'int';
  if (FLOAT.test(s)) return 'float';
  return 'str';
}

/** Python int: a number when it is exactly representable, else a bigint. */
function pyInt(b: bigint): number | bigint {
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(b)
    : b;
}

/** PyYAML's construct_yaml_int. */
export function constructInt(source: string): number | bigint {
  let v = source.replace(/_/g, '');
  let sign = 1n;
  if (v.startsWith('-')) {
    sign = -1n;
    v = v.slice(1);
  } else if (v.startsWith('+')) v = v.slice(1);
  if (v === '0') return 0;
  let n: bigint;
  if (v.startsWith('0b')) n = BigInt(v);
  else if (v.startsWith('0x')) n = BigInt(v);
  else if (v.startsWith('0')) n = BigInt('0o' + v.slice(1));
  else if (v.includes(':')) {
    n = 0n;
    for (const part of v.split(':')) n = n * 60n + BigInt(part);
  } else n = BigInt(v);
  return pyInt(sign * n);
}

/** PyYAML's construct_yaml_float. */
export function constructFloat(source: string): PyFloat {
  let v = source.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (v.startsWith('-')) {
    sign = -1;
    v = v.slice(1);
  } else if (v.startsWith('+')) v = v.slice(1);
  if (v === '.inf') return new PyFloat(sign * Infinity);
  if (v === '.nan') return new PyFloat(NaN);
  if (v.includes(':')) {
    let n = 0;
    for (const part of v.split(':')) n = n * 60 + Number(part);
    return new PyFloat(sign * n);
  }
  return new PyFloat(sign * Number(v));
}

export function constructBool(source: string): boolean {
  return /^(?:yes|true|on)$/i.test(source);
}

/** Construct a scalar of a given kind from its source text. */
export function construct(kind: ScalarKind, source: string): PyValue {
  switch (kind) {
    case 'null':
      return null;
    case 'bool':
      return constructBool(source);
    case 'int':
      return constructInt(source);
    case 'float':
      return constructFloat(source);
    default:
      return source;
  }
}
