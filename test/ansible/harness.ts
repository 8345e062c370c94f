/** Runs template cases through Ansible's Templar (one python3 process) and through bosun's. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/process/run.js';
import { createTemplar } from '../../src/ansible/templar-impl.js';
import { literalEval, NOT_LITERAL } from '../../src/py/literal-eval.js';
import { pyRepr, typeName } from '../../src/py/repr.js';
import type { PyValue } from '../../src/py/values.js';

export interface Case {
  kind: 'template' | 'when';
  src: string;
  /** Variables as a Python dict literal (so ints, floats and strings are typed on both sides). */
  vars?: string;
  bare?: boolean;
}

export type Outcome = { ok: true; type: string; repr: string } | { ok: false; error: string };

const here = path.dirname(fileURLToPath(import.meta.url));

export async function oracle(cases: Case[]): Promise<Outcome[]> {
  const r = await run('/usr/bin/python3', [path.join(here, 'oracle.py')], {
    input: JSON.stringify(cases),
    timeoutMs: 180_000,
    env: { ...process.env, ANSIBLE_LOCAL_TEMP: '/tmp/bosun-ansible-tmp', ANSIBLE_NOCOLOR: '1' },
  });
  return JSON.parse(r.stdout.toString('utf8')) as Outcome[];
}

const BASE: Record<string, string> = { PyTuple: 'tuple' };

export function bosun(cases: Case[]): Outcome[] {
  const templar = createTemplar();
  return cases.map((c) => {
    try {
      const vars = literalEval(c.vars ?? '{}');
      if (vars === NOT_LITERAL || !(vars instanceof Map))
        throw new Error(`bad vars literal ${c.vars}`);
      const scope = vars as Map<string, PyValue>;
      const v: PyValue =
        c.kind === 'when'
          ? templar.evaluateConditional(c.src, scope)
          : templar.template(c.src, scope, { convertBare: !!c.bare });
      const t = typeName(v);
      return { ok: true, type: BASE[t] ?? t, repr: pyRepr(v) };
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  });
}
