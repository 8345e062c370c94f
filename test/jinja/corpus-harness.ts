/**
 * Differential corpus runner: Python's Jinja2 renders every case (one python3 process for all
 * files), bosun renders the same case, outputs must match byte for byte, and an oracle error
 * must be an error in bosun too.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { run } from '../../src/process/run.js';
import { DictLoader, Environment, type EnvironmentOptions } from '../../src/jinja/index.js';
import { PyFloat, tuple, type PyValue } from '../../src/py/values.js';
import { pyStr } from '../../src/py/repr.js';

export interface Case {
  name: string;
  template?: string;
  expr?: string;
  options?: Record<string, unknown>;
  files?: Record<string, string>;
}

export interface OracleResult {
  name: string;
  ok: boolean;
  out?: string;
  value?: unknown;
  error?: string;
  vars: unknown;
}

/** Decode the oracle's typed encoding of Python values. */
export function decode(v: unknown): PyValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number')
    return v;
  if (Array.isArray(v)) return v.map(decode);
  const o = v as Record<string, unknown>;
  if ('$float' in o) {
    const r = String(o.$float);
    return new PyFloat(
      r === 'inf' ? Infinity : r === '-inf' ? -Infinity : r === 'nan' ? NaN : Number(r),
    );
  }
  if ('$int' in o) return BigInt(String(o.$int));
  if ('$tuple' in o) return tuple((o.$tuple as unknown[]).map(decode));
  if ('$dict' in o)
    return new Map((o.$dict as [unknown, unknown][]).map(([k, x]) => [decode(k), decode(x)]));
  throw new Error(`bad oracle encoding: ${JSON.stringify(v)}`);
}

const OPTION_NAMES: Record<string, keyof EnvironmentOptions> = {
  block_start_string: 'blockStartString',
  block_end_string: 'blockEndString',
  variable_start_string: 'variableStartString',
  variable_end_string: 'variableEndString',
  comment_start_string: 'commentStartString',
  comment_end_string: 'commentEndString',
  line_statement_prefix: 'lineStatementPrefix',
  line_comment_prefix: 'lineCommentPrefix',
  trim_blocks: 'trimBlocks',
  lstrip_blocks: 'lstripBlocks',
  keep_trailing_newline: 'keepTrailingNewline',
  newline_sequence: 'newlineSequence',
  autoescape: 'autoescape',
  undefined: 'undefined',
  extensions: 'extensions',
};

function envFor(c: Case): Environment {
  const opts: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.options ?? {})) {
    const name = OPTION_NAMES[k];
    if (!name) throw new Error(`${c.name}: unsupported option ${k}`);
    opts[name] = v;
  }
  if (c.files) opts.loader = new DictLoader(c.files);
  return new Environment(opts);
}

export function loadCorpus(dir: string): Map<string, Case[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(dir, f));
  const out = new Map<string, Case[]>();
  for (const f of files) out.set(f, (parse(readFileSync(f, 'utf8')) ?? []) as Case[]);
  return out;
}

export async function runOracle(files: string[]): Promise<Record<string, OracleResult[]>> {
  const oracle = path.join(path.dirname(new URL(import.meta.url).pathname), 'oracle.py');
  const r = await run('/usr/bin/python3', [oracle, ...files], { timeoutMs: 120_000 });
  return JSON.parse(r.stdout.toString('utf8')) as Record<string, OracleResult[]>;
}

export type Outcome = { ok: true; out: string } | { ok: false; error: string };

export function renderBosun(c: Case, vars: PyValue): Outcome {
  try {
    const env = envFor(c);
    const scope = vars as Map<string, PyValue>;
    if (c.expr !== undefined)
      return { ok: true, out: JSON.stringify(encodeValue(env.compileExpression(c.expr)(scope))) };
    return { ok: true, out: env.fromString(c.template ?? '').render(scope) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** Same typed encoding as oracle.py's enc(), for comparing compile_expression results. */
export function encodeValue(v: PyValue): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v : { $float: String(v) };
  if (typeof v === 'bigint') return { $int: v.toString() };
  if (v instanceof PyFloat) return { $float: v.value };
  if (Array.isArray(v))
    return v.constructor.name === 'PyTuple' ? { $tuple: v.map(encodeValue) } : v.map(encodeValue);
  if (v instanceof Map) return { $dict: [...v].map(([k, x]) => [encodeValue(k), encodeValue(x)]) };
  return pyStr(v);
}
