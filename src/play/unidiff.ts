/**
 * Python's difflib.unified_diff (context 3) over lines, and the default callback's rendering of a
 * result's `diff` (before/after headers, "\ No newline at end of file", dicts as JSON), so
 * `--diff` output matches ansible-playbook's.
 */
import { pyJson } from './pyjson.js';
import { resultText } from './text.js';

type Op = [
  tag: 'equal' | 'replace' | 'delete' | 'insert',
  i1: number,
  i2: number,
  j1: number,
  j2: number,
];

/** Opcodes from a longest-common-subsequence alignment (difflib's in the common cases). */
function opcodes(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > 4_000_000) return [['replace', 0, n, 0, m]];
  const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  const push = (tag: Op[0], i1: number, i2: number, j1: number, j2: number): void => {
    const last = ops[ops.length - 1];
    if (last && last[0] === tag) {
      last[2] = i2;
      last[4] = j2;
      return;
    }
    if (last && tag !== 'equal' && last[0] !== 'equal') {
      last[0] = 'replace';
      last[2] = i2;
      last[4] = j2;
      return;
    }
    ops.push([tag, i1, i2, j1, j2]);
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      push('equal', i, i + 1, j, j + 1);
      i++;
      j++;
    } else if (j < m && (i === n || dp[i]![j + 1]! >= dp[i + 1]![j]!)) {
      push('insert', i, i, j, j + 1);
      j++;
    } else {
      push('delete', i, i + 1, j, j);
      i++;
    }
  }
  return ops;
}

function grouped(codes: Op[], n = 3): Op[][] {
  if (!codes.length) codes = [['equal', 0, 1, 0, 1]];
  codes = codes.map((c) => [...c] as Op);
  const first = codes[0]!;
  if (first[0] === 'equal') {
    first[1] = Math.max(first[1], first[2] - n);
    first[3] = Math.max(first[3], first[4] - n);
  }
  const last = codes[codes.length - 1]!;
  if (last[0] === 'equal') {
    last[2] = Math.min(last[2], last[1] + n);
    last[4] = Math.min(last[4], last[3] + n);
  }
  const out: Op[][] = [];
  let group: Op[] = [];
  for (const c of codes) {
    const [tag, , i2, , j2] = c;
    let [, i1, , j1] = c;
    if (tag === 'equal' && i2 - i1 > n + n) {
      group.push([tag, i1, Math.min(i2, i1 + n), j1, Math.min(j2, j1 + n)]);
      out.push(group);
      group = [];
      i1 = Math.max(i1, i2 - n);
      j1 = Math.max(j1, j2 - n);
    }
    group.push([tag, i1, i2, j1, j2]);
  }
  if (group.length && !(group.length === 1 && group[0]![0] === 'equal')) out.push(group);
  return out;
}

function range(start: number, stop: number): string {
  let begin = start + 1;
  const len = stop - start;
  if (len === 1) return String(begin);
  if (!len) begin -= 1;
  return `${begin},${len}`;
}

function unifiedDiff(a: string[], b: string[], fromfile: string, tofile: string): string[] {
  const out: string[] = [];
  for (const group of grouped(opcodes(a, b))) {
    if (!out.length) out.push(`--- ${fromfile}\n`, `+++ ${tofile}\n`);
    const f = group[0]!;
    const l = group[group.length - 1]!;
    out.push(`@@ -${range(f[1], l[2])} +${range(f[3], l[4])} @@\n`);
    for (const [tag, i1, i2, j1, j2] of group) {
      if (tag === 'equal') {
        for (const line of a.slice(i1, i2)) out.push(' ' + line);
        continue;
      }
      if (tag === 'replace' || tag === 'delete')
        for (const line of a.slice(i1, i2)) out.push('-' + line);
      if (tag === 'replace' || tag === 'insert')
        for (const line of b.slice(j1, j2)) out.push('+' + line);
    }
  }
  return out;
}

function lines(text: string): string[] {
  const ls = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  if (ls.length && !ls[ls.length - 1]!.endsWith('\n'))
    ls[ls.length - 1] += '\n\\ No newline at end of file\n';
  return ls;
}

function side(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return pyJson(v, 4).replace(/,\n/g, ',\n') + '\n';
}

/** The callback's text for a result's `diff` (a dict or a list of them); '' when nothing differs. */
export function renderDiff(diff: unknown): string {
  const list = Array.isArray(diff) ? diff : [diff];
  let out = '';
  for (const d of list) {
    if (typeof d !== 'object' || d === null) continue;
    const r = d as Record<string, unknown>;
    if ('before' in r && 'after' in r) {
      const bh =
        r.before_header !== undefined ? `before: ${resultText(r.before_header)}` : 'before';
      const ah = r.after_header !== undefined ? `after: ${resultText(r.after_header)}` : 'after';
      const text = unifiedDiff(lines(side(r.before)), lines(side(r.after)), bh, ah);
      if (text.length) out += text.join('') + '\n';
    }
    if (typeof r.prepared === 'string') out += r.prepared;
  }
  return out;
}
