/** Ansible's first_found lookup (with_first_found): the first of the candidate files that exists. */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { pyStr } from '../../py/repr.js';
import { truthy } from '../../py/ops.js';
import { isDict, isSequence, resolve, type PyValue } from '../../py/values.js';
import { TemplateRuntimeError } from '../../jinja/errors.js';
import type { LookupContext } from './index.js';

export function firstFoundLookup(
  terms: PyValue[],
  kw: Map<string, PyValue>,
  ctx: LookupContext,
): PyValue[] {
  const files: string[] = [];
  const paths: string[] = [];
  let skip = truthy(kw.get('skip') ?? false);
  const addFiles = (v: PyValue): void => {
    for (const f of isSequence(v) ? v : [v])
      files.push(
        ...pyStr(f)
          .split(/[,;]/)
          .map((x) => x.trim())
          .filter(Boolean),
      );
  };
  const addPaths = (v: PyValue): void => {
    for (const p of isSequence(v) ? v : [v])
      paths.push(
        ...pyStr(p)
          .split(/[,:;]/)
          .map((x) => x.trim())
          .filter(Boolean),
      );
  };
  if (kw.has('files')) addFiles(kw.get('files')!);
  if (kw.has('paths')) addPaths(kw.get('paths')!);
  for (const t0 of terms.flatMap((t) =>
    Array.isArray(resolve(t)) ? (resolve(t) as PyValue[]) : [t],
  )) {
    const t = resolve(t0);
    if (isDict(t)) {
      if (t.has('files')) addFiles(t.get('files')!);
      if (t.has('paths')) addPaths(t.get('paths')!);
      if (t.has('skip')) skip = truthy(t.get('skip')!);
    } else files.push(pyStr(t));
  }
  const candidates = paths.length ? files.flatMap((f) => paths.map((p) => join(p, f))) : files;
  for (const c of candidates) {
    if (isAbsolute(c)) {
      if (existsSync(c)) return [c];
      continue;
    }
    for (const dir of [...ctx.searchPath, ctx.basedir]) {
      for (const cand of [join(dir, 'files', c), join(dir, c)]) if (existsSync(cand)) return [cand];
    }
  }
  if (skip) return [];
  throw new TemplateRuntimeError('No file was found when using first_found.');
}
