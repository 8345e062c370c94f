/** The `version` test: distutils LooseVersion / StrictVersion comparison as Ansible vendors them. */
import { TemplateRuntimeError } from '../jinja/errors.js';

type Part = number | string;

function loose(v: string): Part[] {
  return v
    .split(/(\d+|[a-z]+|\.)/i)
    .filter((p) => p && p !== '.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function strict(v: string): Part[] {
  const m = /^(\d+)\.(\d+)(\.(\d+))?([ab](\d+))?$/.exec(v);
  if (!m)
    throw new TemplateRuntimeError(`Version comparison failed: invalid version number '${v}'`);
  const nums = [Number(m[1]), Number(m[2]), m[4] ? Number(m[4]) : 0];
  // A pre-release sorts before the release: encode the release as ('z', inf).
  return m[5] ? [...nums, m[5][0]!, Number(m[6])] : [...nums, 'z', Infinity];
}

function cmpParts(a: Part[], b: Part[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x !== typeof y)
      throw new TemplateRuntimeError(
        `Version comparison failed: '<' not supported between instances of '${typeof x === 'number' ? 'int' : 'str'}' and '${typeof y === 'number' ? 'int' : 'str'}'`,
      );
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return a.length - b.length === 0 ? 0 : a.length < b.length ? -1 : 1;
}

const OPS: Record<string, (c: number) => boolean> = {
  '==': (c) => c === 0,
  '=': (c) => c === 0,
  eq: (c) => c === 0,
  '<': (c) => c < 0,
  lt: (c) => c < 0,
  '<=': (c) => c <= 0,
  le: (c) => c <= 0,
  '>': (c) => c > 0,
  gt: (c) => c > 0,
  '>=': (c) => c >= 0,
  ge: (c) => c >= 0,
  '!=': (c) => c !== 0,
  '<>': (c) => c !== 0,
  ne: (c) => c !== 0,
};

export function compareVersions(value: string, version: string, op: string, type: string): boolean {
  const f = OPS[op];
  if (!f) throw new TemplateRuntimeError(`Invalid operator type (${op})`);
  if (!value) throw new TemplateRuntimeError('Input version value cannot be empty');
  if (!version)
    throw new TemplateRuntimeError('Version parameter to compare against cannot be empty');
  const parse = type === 'strict' ? strict : type === 'loose' ? loose : null;
  if (!parse)
    throw new TemplateRuntimeError(`Invalid version type (${type}). Must be one of loose, strict`);
  return f(cmpParts(parse(value), parse(version)));
}
