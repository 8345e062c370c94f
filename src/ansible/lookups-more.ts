/** More of Ansible's lookups: sequence, first_found, lines, pipe, nested, subelements. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { percentFormat } from '../jinja/runtime/format.js';
import { pyStr } from '../jinja/runtime/repr.js';
import { truthy } from '../jinja/runtime/ops.js';
import { isDict, resolve, type PyValue } from '../jinja/runtime/values.js';
import { TemplateRuntimeError } from '../jinja/errors.js';
import type { LookupContext } from './lookups.js';

const str = (v: PyValue): string => (typeof v === 'string' ? v : pyStr(v));

const SHORTCUT = /^(([0-9]+|0x[0-9a-f]+|0[0-7]+)-)?([0-9]+|0x[0-9a-f]+|0[0-7]+)(\/([0-9]+|0x[0-9a-f]+|0[0-7]+))?(:(.+))?$/i;

function pyInt0(s: string): number {
  const t = s.toLowerCase();
  if (/^0x[0-9a-f]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0o?[0-7]+$/.test(t) && t.length > 1) return parseInt(t.replace(/^0o?/, ''), 8);
  if (/^[-+]?[0-9]+$/.test(t)) return parseInt(t, 10);
  throw new TemplateRuntimeError(`can't parse arg ${s} as integer`);
}

export function sequenceLookup(terms: PyValue[], kw: Map<string, PyValue>): PyValue[] {
  const out: PyValue[] = [];
  for (const term of terms) {
    let start = 1; let end: number | null = null; let count: number | null = null; let stride = 1; let format = '%d';
    const t = str(term).trim();
    const m = SHORTCUT.exec(t);
    if (m && !t.includes('=')) {
      if (m[2]) start = pyInt0(m[2]);
      end = pyInt0(m[3]!);
      if (m[5]) stride = pyInt0(m[5]);
      if (m[7]) format = m[7];
    } else {
      const args = new Map<string, string>();
      for (const part of t.split(/\s+/).filter(Boolean)) {
        const i = part.indexOf('=');
        if (i < 0) throw new TemplateRuntimeError(`unrecognized arguments to with_sequence: ['${part}']`);
        args.set(part.slice(0, i), part.slice(i + 1));
      }
      for (const [k, v] of kw) args.set(k, str(v));
      for (const [k, v] of args) {
        if (k === 'start') start = pyInt0(v);
        else if (k === 'end') end = pyInt0(v);
        else if (k === 'count') count = pyInt0(v);
        else if (k === 'stride') stride = pyInt0(v);
        else if (k === 'format') format = v;
        else throw new TemplateRuntimeError(`unrecognized arguments to with_sequence: ['${k}']`);
      }
    }
    if (count === null && end === null) throw new TemplateRuntimeError("must specify count or end in with_sequence");
    if (count !== null && end !== null) throw new TemplateRuntimeError("can't specify both count and end in with_sequence");
    if (count !== null) {
      if (count === 0) continue;
      end = start + count * stride - 1;
    }
    if (stride > 0 && end! < start) throw new TemplateRuntimeError('to count backwards make stride negative');
    if (stride < 0 && end! > start) throw new TemplateRuntimeError('to count forward don\'t make stride negative');
    if (stride === 0) continue;
    const stop = stride > 0 ? end! + 1 : end! - 1;
    for (let i = start; stride > 0 ? i < stop : i > stop; i += stride) out.push(str(percentFormat(format, i)));
  }
  return out;
}

export function firstFoundLookup(terms: PyValue[], kw: Map<string, PyValue>, ctx: LookupContext): PyValue[] {
  let files: string[] = []; let paths: string[] = []; let skip = truthy(kw.get('skip') ?? false);
  const addFiles = (v: PyValue): void => { for (const f of Array.isArray(v) ? v : [v]) files.push(...str(f).split(/[,;]/).map((x) => x.trim()).filter(Boolean)); };
  const addPaths = (v: PyValue): void => { for (const p of Array.isArray(v) ? v : [v]) paths.push(...str(p).split(/[,:;]/).map((x) => x.trim()).filter(Boolean)); };
  if (kw.has('files')) addFiles(kw.get('files')!);
  if (kw.has('paths')) addPaths(kw.get('paths')!);
  for (const t0 of terms.flatMap((t) => (Array.isArray(resolve(t)) ? (resolve(t) as PyValue[]) : [t]))) {
    const t = resolve(t0);
    if (isDict(t)) {
      if (t.has('files')) addFiles(t.get('files')!);
      if (t.has('paths')) addPaths(t.get('paths')!);
      if (t.has('skip')) skip = truthy(t.get('skip')!);
    } else files.push(str(t));
  }
  const candidates = paths.length ? files.flatMap((f) => paths.map((p) => join(p, f))) : files;
  for (const c of candidates) {
    if (isAbsolute(c)) { if (existsSync(c)) return [c]; continue; }
    for (const dir of [...ctx.searchPath, ctx.basedir]) {
      for (const cand of [join(dir, 'files', c), join(dir, c)]) if (existsSync(cand)) return [cand];
    }
  }
  if (skip) return [];
  throw new TemplateRuntimeError('No file was found when using first_found.');
}

/** pipe/lines run the term through /bin/sh, as Ansible's pipe lookup does (shell=True). */
function shell(cmd: string, cwd: string): string {
  const r = spawnSync('/bin/sh', ['-c', cmd], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new TemplateRuntimeError(`lookup_plugin.pipe(${cmd}) returned ${r.status}`);
  return r.stdout;
}

export const pipeLookup = (terms: PyValue[], _kw: Map<string, PyValue>, ctx: LookupContext): PyValue[] =>
  terms.map((t) => shell(str(t), ctx.basedir).replace(/\s+$/, ''));

export const linesLookup = (terms: PyValue[], _kw: Map<string, PyValue>, ctx: LookupContext): PyValue[] =>
  terms.flatMap((t) => {
    const out = shell(str(t), ctx.basedir);
    return out.split(/\r\n|\n|\r/).filter((_l, i, a) => !(i === a.length - 1 && _l === ''));
  });

export function nestedLookup(terms: PyValue[]): PyValue[] {
  const lists = terms.map((t) => { t = resolve(t); return Array.isArray(t) ? t : [t]; });
  if (lists.length === 0) throw new TemplateRuntimeError('with_nested requires at least one element in the nested list');
  let acc: PyValue[][] = lists[0]!.map((x) => [x]);
  for (const l of lists.slice(1)) acc = acc.flatMap((prefix) => l.map((x) => [...prefix, x]));
  return acc;
}
