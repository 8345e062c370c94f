/**
 * Random templates for the differential fuzz test: expressions over literals and variables,
 * filters, tests, methods, slices, if/for/set/macro. Deterministic for a seed.
 */
export interface FuzzCase {
  name: string;
  template: string;
  vars: Record<string, unknown>;
}

export function fuzzCases(seed: number, count: number): FuzzCase[] {
  let state = seed;
  const rnd = (): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
  const atoms = [
    '1',
    '2.5',
    '-3',
    "'ab'",
    '"x y"',
    'none',
    'true',
    'false',
    '[1, 2, 3]',
    "{'k': 'v', 'n': 2}",
    '(1, 2)',
    'n',
    's',
    'l',
    'd',
    'f',
    'u',
    'nope',
    "''",
    '0',
    '[]',
    '{}',
    '3 // 2',
    '7 % 3',
  ];
  const filters = [
    'upper',
    'lower',
    'length',
    'first',
    'last',
    'string',
    'list',
    'sort',
    'reverse|list',
    'join(",")',
    'default("D")',
    'int',
    'float',
    'abs',
    'round(1)',
    'title',
    'capitalize',
    'trim',
    'unique|list',
    'sum',
    'max',
    'min',
    'tojson',
    'e',
    'count',
    'batch(2)|list',
    'dictsort',
    'items|list',
    'replace("a", "b")',
    'center(7)',
    'indent(2)',
    'wordcount',
    'truncate(5)',
    'format(1)',
    'string|length',
    'select|list',
    'reject("odd")|list',
    'map("string")|list',
    'pprint',
    'urlencode',
    'striptags',
    'wordwrap(3)',
    'filesizeformat',
    'xmlattr',
  ];
  const binops = [
    '+',
    '-',
    '*',
    '/',
    '//',
    '%',
    '**',
    '~',
    '==',
    '!=',
    '<',
    '>=',
    'in',
    'not in',
    'and',
    'or',
    'is',
    'is not',
  ];
  const tests = [
    'defined',
    'none',
    'number',
    'string',
    'odd',
    'even',
    'sequence',
    'mapping',
    'iterable',
    'divisibleby 2',
    'lower',
    'upper',
    'integer',
    'float',
    'boolean',
    'callable',
    'eq 1',
    "in [1, 'ab']",
  ];
  const expr = (depth: number): string => {
    if (depth <= 0 || rnd() < 0.3) return pick(atoms);
    const r = rnd();
    if (r < 0.25) {
      const op = pick(binops);
      return op.startsWith('is')
        ? `${expr(depth - 1)} ${op} ${pick(tests)}`
        : `(${expr(depth - 1)} ${op} ${expr(depth - 1)})`;
    }
    if (r < 0.5) return `${expr(depth - 1)}|${pick(filters)}`;
    // Slices of variables only: Jinja2's optimizer folds slices of constants in ways that depend
    // on the surrounding expression (see docs/jinja.md).
    if (r < 0.6)
      return `${pick(['s', 'l', 'd', 'u', 'n'])}[${pick(['0', '-1', '1:', '::-1', "'k'", '5', 'a', '1:a'])}]`;
    if (r < 0.7) return `(${expr(depth - 1)} if ${expr(depth - 1)} else ${expr(depth - 1)})`;
    if (r < 0.8) return `not ${expr(depth - 1)}`;
    if (r < 0.9)
      return `${pick(["'a,b'", 's', "'%s-%s'", "' x '", 'u'])}.${pick(['split(",")', 'upper()', 'strip()', 'title()', 'startswith("a")', 'replace("a", "z")', 'format(1, 2)', 'count("a")', 'find("l")', 'center(9, "*")', 'zfill(8)', 'rsplit(None, 1)', 'partition("l")'])}`;
    return `[${expr(depth - 1)}, ${expr(depth - 1)}]`;
  };
  const stmt = (depth: number): string => {
    const r = rnd();
    if (depth <= 0 || r < 0.4) return `{{ ${expr(3)} }}`;
    if (r < 0.55)
      return `{% if ${expr(2)} %}${stmt(depth - 1)}{% else %}${stmt(depth - 1)}{% endif %}`;
    if (r < 0.7)
      return `{% for x in ${pick(['l', 's', 'd', '[3, 1]', 'range(3)', "'ab'", 'nope', 'd.items()', 'l|batch(2)'])} %}{{ x }}{{ loop.index }}${stmt(depth - 1)}{% endfor %}`;
    if (r < 0.8) return `{% set ${pick(['n', 'y', 'a'])} = ${expr(2)} %}${stmt(depth - 1)}`;
    if (r < 0.9)
      return `{% macro m(a, b=${pick(atoms)}) %}[{{ a }}|{{ b }}]{% endmacro %}{{ m(${expr(1)}) }}`;
    return `${stmt(depth - 1)}${pick(['-', '\n', '  ', '{#c#}'])}${stmt(depth - 1)}`;
  };
  return Array.from({ length: count }, (_, i) => ({
    name: `seed ${seed} #${i}`,
    template: stmt(3),
    vars: { n: 5, a: 2, s: 'Hello', l: [3, 1, 2], d: { b: 2, a: 1 }, f: 1.5, u: 'ümlaut <&>' },
  }));
}

export interface WsCase {
  name: string;
  template: string;
  vars: Record<string, unknown>;
  options: Record<string, unknown>;
}

/** Random whitespace around tags: `-`/`+` markers, newlines, indentation, trim/lstrip options. */
export function whitespaceCases(seed: number, count: number): WsCase[] {
  let state = seed;
  const rnd = (): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
  const ws = (): string =>
    pick(['', ' ', '  ', '\n', ' \n', '\n  ', '\n\n', '\t', 'x', 'x\n', ' x ', '\n    ']);
  const l = (): string => pick(['', '-', '+', '']);
  const r = (): string => pick(['', '-', '+', '']);
  const vr = (): string => pick(['', '-']);
  const piece = (depth: number): string => {
    const k = rnd();
    if (depth <= 0 || k < 0.3) return `${ws()}{{${vr()} v ${vr()}}}${ws()}`;
    if (k < 0.5)
      return `${ws()}{%${l()} if v ${r()}%}${piece(depth - 1)}{%${l()} else ${r()}%}${piece(depth - 1)}{%${l()} endif ${r()}%}${ws()}`;
    if (k < 0.7)
      return `${ws()}{%${l()} for i in [1, 2] ${r()}%}${piece(depth - 1)}{{ i }}{%${l()} endfor ${r()}%}${ws()}`;
    if (k < 0.8) return `${ws()}{#${vr()} c ${vr()}#}${ws()}`;
    if (k < 0.9)
      return `${ws()}{%${l()} raw ${r()}%}${ws()}{{ x }}${ws()}{%${l()} endraw ${r()}%}${ws()}`;
    return `${piece(depth - 1)}${piece(depth - 1)}`;
  };
  return Array.from({ length: count }, (_, i) => ({
    name: `ws seed ${seed} #${i}`,
    template: piece(3) + pick(['', '\n', '\n\n']),
    vars: { v: 'V' },
    options: {
      trim_blocks: rnd() < 0.5,
      lstrip_blocks: rnd() < 0.5,
      keep_trailing_newline: rnd() < 0.3,
    },
  }));
}

/** Random nestings of set/for/if/macro/with/include/block-set reading and assigning x, y, z. */
export function scopeCases(
  seed: number,
  count: number,
): (FuzzCase & { files: Record<string, string> })[] {
  let state = seed;
  const rnd = (): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
  const names = ['x', 'y', 'z'];
  const val = (): string =>
    pick([
      '1',
      "'a'",
      'x',
      'y ~ 1',
      'z|default(0)',
      'loop.index if loop is defined else 0',
      '[x, y]|length',
    ]);
  const body = (depth: number): string => {
    const parts: string[] = [];
    const n = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < n; i++) {
      const k = rnd();
      if (depth <= 0 || k < 0.25) parts.push(`[{{ ${pick(names)} }}]`);
      else if (k < 0.4) parts.push(`{% set ${pick(names)} = ${val()} %}`);
      else if (k < 0.5)
        parts.push(`{% for ${pick(['i', 'x'])} in [1, 2] %}${body(depth - 1)}{% endfor %}`);
      else if (k < 0.6)
        parts.push(
          `{% if ${pick(['true', 'false', 'x', 'y is defined'])} %}${body(depth - 1)}{% else %}${body(depth - 1)}{% endif %}`,
        );
      else if (k < 0.7)
        parts.push(
          `{% macro m${depth}(a=${val()}) %}(${body(depth - 1)}{{ a }}){% endmacro %}{{ m${depth}() }}`,
        );
      else if (k < 0.78)
        parts.push(`{% with ${pick(names)} = ${val()} %}${body(depth - 1)}{% endwith %}`);
      else if (k < 0.86) parts.push(`{% include 'inc' %}`);
      else if (k < 0.92) parts.push(`{% set ns.v = ${val()} %}{{ ns.v }}`);
      else parts.push(`{% set ${pick(names)} %}${body(depth - 1)}{% endset %}`);
    }
    return parts.join('');
  };
  return Array.from({ length: count }, (_, i) => ({
    name: `scope seed ${seed} #${i}`,
    template: `{% set ns = namespace(v=0) %}${body(3)}|{{ x }}{{ y }}{{ z }}`,
    vars: rnd() < 0.5 ? { x: 'X', y: 'Y' } : {},
    files: { inc: '<{{ x }}{{ y|default("-") }}{{ i|default("") }}>' },
  }));
}
