/**
 * PyYAML's `yaml.dump` as Ansible's to_yaml / to_nice_yaml call it (AnsibleDumper, sort_keys,
 * allow_unicode, default_flow_style None/False, indent). Covers the emitter's style choice for
 * scalars (plain, single-quoted, double-quoted) and block/flow collections. Not covered: folding
 * of long plain/quoted scalars at `width` (80), which is refused rather than emitted
 * differently: callers get an error for such values.
 */
import { PyFloat, Undefined, UnsafeText, Markup, resolve, type PyValue } from '../jinja/runtime/values.js';
import { floatRepr, typeName } from '../jinja/runtime/repr.js';
import { compare } from '../jinja/runtime/ops.js';
import { undefinedError } from '../jinja/runtime/undefined.js';
import { TemplateRuntimeError } from '../jinja/errors.js';

export interface DumpOptions {
  /** null: leaf collections in flow style (PyYAML's default); false: all block. */
  defaultFlowStyle?: boolean | null;
  indent?: number;
  sortKeys?: boolean;
  width?: number;
}

const IMPLICIT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/, /^(?:~|null|Null|NULL|)$/, /^(?:=)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
];

interface Analysis { empty: boolean; multiline: boolean; flowPlain: boolean; blockPlain: boolean; singleQuoted: boolean }

/** PyYAML Emitter.analyze_scalar (allow_unicode=True). */
function analyze(s: string): Analysis {
  if (s === '') return { empty: true, multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true };
  let blockInd = false; let flowInd = false; let lineBreaks = false; let special = false;
  let spaceBreak = false; let breakSpace = false; let leadSpace = false; let leadBreak = false; let trailSpace = false; let trailBreak = false;
  let prevSpace = false; let prevBreak = false;
  if (s.startsWith('---') || s.startsWith('...')) { blockInd = true; flowInd = true; }
  let preceededByWs = true;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const next = chars[i + 1];
    const followedByWs = next === undefined || '\0 \t\r\n\x85\u2028\u2029'.includes(next);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) { flowInd = true; blockInd = true; }
      if (ch === '?' || ch === ':') { flowInd = true; if (followedByWs) blockInd = true; }
      if (ch === '-' && followedByWs) { flowInd = true; blockInd = true; }
    } else {
      if (',?[]{}'.includes(ch)) flowInd = true;
      if (ch === ':') { flowInd = true; if (followedByWs) blockInd = true; }
      if (ch === '#' && preceededByWs) { flowInd = true; blockInd = true; }
    }
    if ('\n\x85\u2028\u2029'.includes(ch)) lineBreaks = true;
    if (!(ch === '\n' || (ch >= ' ' && ch <= '~'))) {
      const cp = ch.codePointAt(0)!;
      if ((ch === '\x85' || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp < 0x10ffff)) && ch !== '\ufeff') { /* unicode: allowed */ } else special = true;
    }
    if (ch === ' ') {
      if (i === 0) leadSpace = true;
      if (i === chars.length - 1) trailSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true; prevBreak = false;
    } else if ('\n\x85\u2028\u2029'.includes(ch)) {
      if (i === 0) leadBreak = true;
      if (i === chars.length - 1) trailBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false; prevBreak = true;
    } else { prevSpace = false; prevBreak = false; }
    preceededByWs = '\0 \t\r\n\x85\u2028\u2029'.includes(ch);
  }
  let flowPlain = true; let blockPlain = true; let singleQuoted = true;
  if (leadSpace || leadBreak || trailSpace || trailBreak) { flowPlain = false; blockPlain = false; }
  if (trailSpace) { /* block styles only */ }
  if (breakSpace) { flowPlain = false; blockPlain = false; singleQuoted = false; }
  if (spaceBreak || special) { flowPlain = false; blockPlain = false; singleQuoted = false; }
  if (lineBreaks) { flowPlain = false; blockPlain = false; }
  if (flowInd) flowPlain = false;
  if (blockInd) blockPlain = false;
  return { empty: false, multiline: lineBreaks, flowPlain, blockPlain, singleQuoted };
}

const ESC: Record<string, string> = { '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e', '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P' };

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ESC[ch] !== undefined) out += '\\' + ESC[ch];
    else if ((cp >= 0x20 && cp <= 0x7e) || ((cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000) && ch !== '\ufeff') out += ch;
    else if (cp <= 0xff) out += '\\x' + cp.toString(16).toUpperCase().padStart(2, '0');
    else if (cp <= 0xffff) out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
    else out += '\\U' + cp.toString(16).toUpperCase().padStart(8, '0');
  }
  return out + '"';
}

function singleQuoted(s: string, indent: number): string {
  // Line breaks are written as an extra blank line (PyYAML write_single_quoted), then re-indented.
  const lines = s.split('\n');
  if (lines.length === 1) return `'${s.replace(/'/g, "''")}'`;
  let out = `'${lines[0]!.replace(/'/g, "''")}`;
  let i = 1;
  while (i < lines.length) {
    let breaks = 1;
    while (i < lines.length - 1 && lines[i] === '') { breaks++; i++; }
    out += '\n'.repeat(breaks + 1) + ' '.repeat(indent) + lines[i]!.replace(/'/g, "''");
    i++;
  }
  return out + "'";
}

export function yamlDump(value: PyValue, o: DumpOptions = {}): string {
  const step = o.indent && o.indent > 1 && o.indent < 10 ? o.indent : 2;
  const width = o.width ?? 80;
  const flowStyle = o.defaultFlowStyle === undefined ? null : o.defaultFlowStyle;
  const sortKeys = o.sortKeys ?? true;

  const entries = (m: Map<PyValue, PyValue>): [PyValue, PyValue][] => {
    const e = [...m].map(([k, v]) => [resolve(k), v] as [PyValue, PyValue]);
    return sortKeys ? e.sort((a, b) => compare(a[0], b[0])) : e;
  };

  const scalar = (v: PyValue, flow: boolean, simpleKey: boolean, indent: number): string | null => {
    v = resolve(v);
    if (v instanceof Undefined) throw undefinedError(v);
    if (v === null) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    if (v instanceof PyFloat) {
      const n = v.value;
      if (Number.isNaN(n)) return '.nan';
      if (n === Infinity) return '.inf';
      if (n === -Infinity) return '-.inf';
      let r = floatRepr(n).toLowerCase();
      if (!r.includes('.') && r.includes('e')) r = r.replace('e', '.0e');
      return r;
    }
    let s: string;
    if (typeof v === 'string') s = v;
    else if (v instanceof UnsafeText || v instanceof Markup) s = v.value;
    else return null;
    const a = analyze(s);
    const implicit = !IMPLICIT.some((re) => re.test(s));
    let out: string;
    if (implicit && !(simpleKey && (a.empty || a.multiline)) && ((flow && a.flowPlain) || (!flow && a.blockPlain))) out = s;
    else if (a.singleQuoted && !(simpleKey && a.multiline)) out = singleQuoted(s, indent);
    else out = doubleQuoted(s);
    if (out.length > width && /\s/.test(s)) throw new TemplateRuntimeError('to_yaml: folding of scalars longer than the line width (80) is not supported yet');
    return out;
  };

  const isLeaf = (v: PyValue): boolean => {
    v = resolve(v);
    if (Array.isArray(v)) return v.every((x) => !Array.isArray(resolve(x)) && !(resolve(x) instanceof Map));
    if (v instanceof Map) return [...v.values()].every((x) => !Array.isArray(resolve(x)) && !(resolve(x) instanceof Map));
    return true;
  };

  const scalarOrFail = (v: PyValue, flow: boolean, key: boolean, indent: number): string => {
    const s = scalar(v, flow, key, indent);
    if (s === null) throw new TemplateRuntimeError(`cannot represent an object: ${typeName(resolve(v))}`);
    return s;
  };

  const useFlow = (v: PyValue): boolean => {
    v = resolve(v);
    const empty = (Array.isArray(v) && v.length === 0) || (v instanceof Map && v.size === 0);
    return empty || flowStyle === true || (flowStyle === null && isLeaf(v));
  };


  /** A flow collection as PyYAML writes it: wrapped after ',' once past the width, at `indent`. */
  const flowWrapped = (v: PyValue, indent: number, start: number): string => {
    let col = start;
    let out = '';
    const w = (t: string): void => { out += t; const nl = t.lastIndexOf('\n'); col = nl < 0 ? col + t.length : t.length - nl - 1; };
    const node = (x: PyValue, ind: number): void => {
      x = resolve(x);
      if (Array.isArray(x) || x instanceof Map) {
        const isSeq = Array.isArray(x);
        w(isSeq ? '[' : '{');
        const items: [PyValue | undefined, PyValue][] = isSeq ? (x as PyValue[]).map((e) => [undefined, e]) : entries(x as Map<PyValue, PyValue>);
        items.forEach(([k, e], i) => {
          if (i > 0) w(',');
          if (col > width) w('\n' + ' '.repeat(ind + step));
          else if (i > 0) w(' ');
          if (k !== undefined) { w(scalarOrFail(k, true, true, ind + step) + ':'); w(' '); }
          node(e, ind + step);
        });
        w(isSeq ? ']' : '}');
        return;
      }
      const s = scalarOrFail(x, true, false, ind);
      if (col + s.length > width && /\s/.test(s)) throw new TemplateRuntimeError('to_yaml: folding of scalars longer than the line width (80) is not supported yet');
      w(s);
    };
    node(v, indent - step);
    return out;
  };

  const isBlock = (v: PyValue): boolean => { v = resolve(v); return (Array.isArray(v) || v instanceof Map) && !useFlow(v); };

  // A scalar or flow collection starting at column `start`, inside a block collection at `indent`.
  const inline = (v: PyValue, indent: number, start: number): string => {
    v = resolve(v);
    if (Array.isArray(v) || v instanceof Map) return flowWrapped(v, indent + step, start);
    const s = scalarOrFail(v, false, false, indent + step);
    if (start + s.length > width && /\s/.test(s)) throw new TemplateRuntimeError('to_yaml: folding of scalars longer than the line width (80) is not supported yet');
    return s;
  };

  // Keys at column `col`; the first one already positioned when `first` (after a '-').
  const mapLines = (m: Map<PyValue, PyValue>, col: number, first: boolean): string =>
    entries(m).map(([k, x], i) => {
      const key = scalarOrFail(k, false, true, col) + ':';
      let line = (first && i === 0 ? '' : ' '.repeat(col)) + key;
      x = resolve(x);
      if (!isBlock(x)) line += ' ' + inline(x, col, col + key.length + 1) + '\n';
      else if (x instanceof Map) line += '\n' + mapLines(x, col + step, false);
      else line += '\n' + seqLines(x as PyValue[], col, false); // sequences in mappings are indentless
      return line;
    }).join('');

  // Scalars and flow items follow '- '; block items start at the next indentation column.
  const seqLines = (l: PyValue[], col: number, first: boolean): string =>
    l.map((x, i) => {
      let line = (first && i === 0 ? '' : ' '.repeat(col)) + '-';
      x = resolve(x);
      const c = col + step;
      if (!isBlock(x)) line += ' ' + inline(x, col, col + 2) + '\n';
      else if (x instanceof Map) line += ' '.repeat(step - 1) + mapLines(x, c, true);
      else line += ' '.repeat(step - 1) + seqLines(x as PyValue[], c, true);
      return line;
    }).join('');

  value = resolve(value);
  if (!(Array.isArray(value) || value instanceof Map) || useFlow(value)) return inline(value, 0, 0) + '\n';
  if (Array.isArray(value)) return seqLines(value, 0, false);
  return mapLines(value as Map<PyValue, PyValue>, 0, false);
}
