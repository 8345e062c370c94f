/** Ansible's pipe and lines lookups: a command's output, whole or by line. */
import { described } from '../../py/describe.js';
import { spawnSync } from 'node:child_process';
import { pyStr } from '../../py/repr.js';
import { type PyValue } from '../../py/values.js';
import { TemplateRuntimeError } from '../../jinja/errors.js';
import type { LookupContext } from './index.js';

/** pipe/lines run the term through /bin/sh, as Ansible's pipe lookup does (shell=True). */
function shell(cmd: string, cwd: string): string {
  const r = spawnSync('/bin/sh', ['-c', cmd], { cwd, encoding: 'utf8' });
  if (r.status !== 0)
    throw new TemplateRuntimeError(`lookup_plugin.pipe(${described(cmd)}) returned ${r.status}`);
  return r.stdout;
}

export const pipeLookup = (
  terms: PyValue[],
  _kw: Map<string, PyValue>,
  ctx: LookupContext,
): PyValue[] => terms.map((t) => shell(pyStr(t), ctx.basedir).replace(/\s+$/, ''));

export const linesLookup = (
  terms: PyValue[],
  _kw: Map<string, PyValue>,
  ctx: LookupContext,
): PyValue[] =>
  terms.flatMap((t) => {
    const out = shell(pyStr(t), ctx.basedir);
    return out.split(/\r\n|\n|\r/).filter((_l, i, a) => !(i === a.length - 1 && _l === ''));
  });
