/** Python's pprint.pformat (width 80, sorted dicts) for the `pprint` filter. */
import { PyTuple, isSequence, resolve, type PyValue } from '../../py/values.js';
import { pyRepr, typeName } from '../../py/repr.js';
import { compare } from '../../py/compare.js';

function safeSort(keys: PyValue[]): PyValue[] {
  return [...keys].sort((a, b) => {
    try {
      return compare(a, b);
    } catch {
      const x = typeName(a),
        y = typeName(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
  });
}

/** Lists and tuples are formatted item by item; other sequence types keep their own repr. */
function isListOrTuple(v: PyValue[]): boolean {
  return v.constructor === Array || v instanceof PyTuple;
}

/** repr with dict keys sorted (pprint's safe_repr). */
function srepr(v: PyValue): string {
  v = resolve(v);
  if (v instanceof Map) {
    return `{${safeSort([...v.keys()])
      .map((k) => `${srepr(k)}: ${srepr(v.get(k)!)}`)
      .join(', ')}}`;
  }
  if (isSequence(v) && isListOrTuple(v)) {
    const items = v.map(srepr);
    if (v instanceof PyTuple)
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    return `[${items.join(', ')}]`;
  }
  return pyRepr(v);
}

export function pformat(value: PyValue, width = 80): string {
  let out = '';
  const fmt = (v: PyValue, indent: number, allowance: number, level = 1): void => {
    v = resolve(v);
    const rep = srepr(v);
    if (rep.length <= width - indent - allowance) {
      out += rep;
      return;
    }
    if (typeof v === 'string' && v.length) {
      out += longString(v, indent, allowance, level, width);
      return;
    }
    if (v instanceof Map && v.size) {
      out += '{';
      const ind = indent + 1;
      const keys = safeSort([...v.keys()]);
      keys.forEach((k, i) => {
        const last = i === keys.length - 1;
        const kr = srepr(k);
        out += kr + ': ';
        fmt(v.get(k)!, ind + kr.length + 2, last ? allowance + 1 : 1, level + 1);
        if (!last) out += ',\n' + ' '.repeat(ind);
      });
      out += '}';
      return;
    }
    if (isSequence(v) && v.length && isListOrTuple(v)) {
      const tuple = v instanceof PyTuple;
      out += tuple ? '(' : '[';
      const ind = indent + 1;
      v.forEach((x, i) => {
        const last = i === v.length - 1;
        if (i) out += ',\n' + ' '.repeat(ind);
        fmt(x, ind, last ? allowance + 1 : 1, level + 1);
      });
      out += tuple ? (v.length === 1 ? ',)' : ')') : ']';
      return;
    }
    out += rep;
  };
  fmt(value, 0, 0);
  return out;
}

/** pprint's _pprint_str: a long string split at word boundaries into adjacent literals. */
function longString(
  str: string,
  indent: number,
  allowance: number,
  level: number,
  width: number,
): string {
  const lines = str
    .match(/[^\n\r]*(?:\r\n|\n|\r|$)/g)!
    .filter((l, i, a) => l !== '' || i < a.length - 1);
  if (level === 1) {
    indent += 1;
    allowance += 1;
  }
  const maxWidth = width - indent;
  let maxWidth1 = maxWidth;
  const chunks: string[] = [];
  let rep = '';
  lines.forEach((line, i) => {
    rep = pyRepr(line);
    if (i === lines.length - 1) maxWidth1 -= allowance;
    if (rep.length <= maxWidth1) {
      chunks.push(rep);
      return;
    }
    const parts = line.match(/\S*\s*/g)!.filter((x) => x !== '');
    let maxWidth2 = maxWidth;
    let current = '';
    parts.forEach((part, j) => {
      const candidate = current + part;
      if (j === parts.length - 1 && i === lines.length - 1) maxWidth2 -= allowance;
      if (pyRepr(candidate).length > maxWidth2) {
        if (current) chunks.push(pyRepr(current));
        current = part;
      } else current = candidate;
    });
    if (current) chunks.push(pyRepr(current));
  });
  if (chunks.length === 1) return rep;
  const body = chunks.join('\n' + ' '.repeat(indent));
  return level === 1 ? `(${body})` : body;
}
