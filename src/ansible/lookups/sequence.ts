/** Ansible's sequence lookup (with_sequence): start/end/count/stride/format, and the shortcut form. */
import { percentFormat } from '../../py/format.js';
import { pyStr } from '../../py/repr.js';
import { type PyValue } from '../../py/values.js';
import { TemplateRuntimeError } from '../../jinja/errors.js';

const SHORTCUT =
  /^(([0-9]+|0x[0-9a-f]+|0[0-7]+)-)?([0-9]+|0x[0-9a-f]+|0[0-7]+)(\/([0-9]+|0x[0-9a-f]+|0[0-7]+))?(:(.+))?$/i;

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
    let start = 1;
    let end: number | null = null;
    let count: number | null = null;
    let stride = 1;
    let format = '%d';
    const t = pyStr(term).trim();
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
        if (i < 0)
          throw new TemplateRuntimeError(`unrecognized arguments to with_sequence: ['${part}']`);
        args.set(part.slice(0, i), part.slice(i + 1));
      }
      for (const [k, v] of kw) args.set(k, pyStr(v));
      for (const [k, v] of args) {
        if (k === 'start') start = pyInt0(v);
        else if (k === 'end') end = pyInt0(v);
        else if (k === 'count') count = pyInt0(v);
        else if (k === 'stride') stride = pyInt0(v);
        else if (k === 'format') format = v;
        else throw new TemplateRuntimeError(`unrecognized arguments to with_sequence: ['${k}']`);
      }
    }
    if (count === null && end === null)
      throw new TemplateRuntimeError('must specify count or end in with_sequence');
    if (count !== null && end !== null)
      throw new TemplateRuntimeError("can't specify both count and end in with_sequence");
    if (count !== null) {
      if (count === 0) continue;
      end = start + count * stride - 1;
    }
    if (stride > 0 && end! < start)
      throw new TemplateRuntimeError('to count backwards make stride negative');
    if (stride < 0 && end! > start)
      throw new TemplateRuntimeError("to count forward don't make stride negative");
    if (stride === 0) continue;
    const stop = stride > 0 ? end! + 1 : end! - 1;
    for (let i = start; stride > 0 ? i < stop : i > stop; i += stride)
      out.push(pyStr(percentFormat(format, i)));
  }
  return out;
}
