/**
 * What a provisioning run changed, and whether Ansible's and bosun's runs changed the same: the
 * comparison half of the container differential harness (provision-diff.ts collects the data).
 */
import assert from 'node:assert/strict';

export interface Ignore {
  path: RegExp;
  /** Why this path may differ: shown when the harness lists its exclusions. */
  why: string;
}

export interface Entry {
  /** find's %y: f, d, l, p, s, c, b. */
  type: string;
  mode: string;
  owner: string;
  group: string;
  link: string;
  hash?: string;
}

export interface Snapshot {
  entries: Map<string, Entry>;
  /** `name:arch` → `version status`. */
  packages: Map<string, string>;
}

/** Parse the snapshot script's output (listing, hashes, package set). */
export function parseSnapshot(text: string): Snapshot {
  const entries = new Map<string, Entry>();
  const packages = new Map<string, string>();
  let section = 'list';
  for (const line of text.split('\n')) {
    if (line.startsWith('@@')) {
      section = line.slice(2);
      continue;
    }
    if (!line) continue;
    if (section === 'list') {
      const [type = '', mode = '', owner = '', group = '', , link = '', ...rest] = line.split('\t');
      entries.set(rest.join('\t'), { type, mode, owner, group, link });
    } else if (section === 'hash') {
      const m = /^([0-9a-f]{64}) {2}(.*)$/.exec(line);
      const e = m ? entries.get(m[2]!) : undefined;
      if (m && e) e.hash = m[1];
    } else if (section === 'packages') {
      const m = /^(\S+)=(.*)$/.exec(line);
      if (m) packages.set(m[1]!, m[2]!);
    }
  }
  return { entries, packages };
}

/** Everything compared about a path, in one string. */
export function fingerprint(e: Entry | undefined): string {
  return e ? `${e.type} ${e.mode} ${e.owner}:${e.group} ${e.link} ${e.hash ?? ''}` : 'absent';
}

/** The paths a run changed (created, removed, or changed in type, mode, owner, target or content). */
function changedPaths(before: Snapshot, after: Snapshot, ignores: Ignore[]): string[] {
  const all = new Set([...before.entries.keys(), ...after.entries.keys()]);
  return [...all]
    .filter((p) => !ignores.some((i) => i.path.test(p)))
    .filter((p) => fingerprint(before.entries.get(p)) !== fingerprint(after.entries.get(p)))
    .sort();
}

/** Lines added and removed (as multisets), sorted, for files whose starting content differs. */
function lineDelta(before: string, after: string): { added: string[]; removed: string[] } {
  const count = new Map<string, number>();
  for (const l of before.split('\n')) count.set(l, (count.get(l) ?? 0) - 1);
  for (const l of after.split('\n')) count.set(l, (count.get(l) ?? 0) + 1);
  const added: string[] = [];
  const removed: string[] = [];
  for (const [l, n] of count) {
    for (let i = 0; i < n; i++) added.push(l);
    for (let i = 0; i < -n; i++) removed.push(l);
  }
  return { added: added.sort(), removed: removed.sort() };
}

/** Packages added, removed or changed (version or state) by a run. */
function packageDelta(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  const names = new Set([...before.packages.keys(), ...after.packages.keys()]);
  for (const n of [...names].sort()) {
    const b = before.packages.get(n);
    const a = after.packages.get(n);
    if (b !== a) out.push(`${n}: ${b ?? 'absent'} -> ${a ?? 'absent'}`);
  }
  return out;
}

interface Side {
  first: { rc: number; output: string; changed: number; failed: number };
  second?: { rc: number; output: string; changed: number; failed: number };
  before: Snapshot;
  after: Snapshot;
  contents: Map<string, { before?: string; after?: string }>;
}

function textDiff(a: string | undefined, b: string | undefined): string {
  if (a === undefined || b === undefined) return '  (binary or unreadable content)';
  const { added, removed } = lineDelta(a, b);
  return [
    ...removed.map((l) => `  ansible only: ${l}`),
    ...added.map((l) => `  bosun only:   ${l}`),
  ].join('\n');
}

/** Every difference between the two runs, as readable lines (empty when they agree). */
export function compareRuns(r: { ansible: Side; bosun: Side; ignores: Ignore[] }): string[] {
  const diffs: string[] = [];
  const tail = (s: string): string => s.split('\n').slice(-40).join('\n');
  for (const [tool, s] of [
    ['ansible', r.ansible],
    ['bosun', r.bosun],
  ] as const) {
    if (s.first.rc !== 0)
      diffs.push(`${tool}: first run exited ${s.first.rc}\n${tail(s.first.output)}`);
    if (s.second && (s.second.rc !== 0 || s.second.changed !== 0 || s.second.failed !== 0))
      diffs.push(
        `${tool}: second run not idempotent (rc=${s.second.rc}, changed=${s.second.changed}, failed=${s.second.failed})\n${tail(s.second.output)}`,
      );
  }
  const a = new Set(changedPaths(r.ansible.before, r.ansible.after, r.ignores));
  const b = new Set(changedPaths(r.bosun.before, r.bosun.after, r.ignores));
  for (const p of [...new Set([...a, ...b])].sort()) {
    const startedEqual =
      fingerprint(r.ansible.before.entries.get(p)) === fingerprint(r.bosun.before.entries.get(p));
    const ea = r.ansible.after.entries.get(p);
    const eb = r.bosun.after.entries.get(p);
    if (!a.has(p) || !b.has(p)) {
      diffs.push(
        `${p}: changed by ${a.has(p) ? 'ansible' : 'bosun'} only (now ${fingerprint(a.has(p) ? ea : eb)})`,
      );
      continue;
    }
    if (startedEqual) {
      if (fingerprint(ea) !== fingerprint(eb)) {
        const ca = r.ansible.contents.get(p)?.after;
        const cb = r.bosun.contents.get(p)?.after;
        diffs.push(
          `${p}:\n  ansible: ${fingerprint(ea)}\n  bosun:   ${fingerprint(eb)}${ea?.hash !== eb?.hash ? `\n${textDiff(ca, cb)}` : ''}`,
        );
      }
      continue;
    }
    // The file differed before the run (the images differ): compare what each run did to it.
    const meta = (e: Entry | undefined): string =>
      e ? `${e.type} ${e.mode} ${e.owner}:${e.group}` : 'absent';
    if (meta(ea) !== meta(eb)) diffs.push(`${p}: ansible ${meta(ea)}, bosun ${meta(eb)}`);
    const ca = r.ansible.contents.get(p);
    const cb = r.bosun.contents.get(p);
    if (
      ca?.before === undefined ||
      ca.after === undefined ||
      cb?.before === undefined ||
      cb.after === undefined
    )
      continue;
    const da = lineDelta(ca.before, ca.after);
    const db = lineDelta(cb.before, cb.after);
    if (JSON.stringify(da) !== JSON.stringify(db))
      diffs.push(
        `${p}: the runs changed different lines\n  ansible: +${JSON.stringify(da.added)} -${JSON.stringify(da.removed)}\n  bosun:   +${JSON.stringify(db.added)} -${JSON.stringify(db.removed)}`,
      );
  }
  const pa = packageDelta(r.ansible.before, r.ansible.after);
  const pb = packageDelta(r.bosun.before, r.bosun.after);
  if (JSON.stringify(pa) !== JSON.stringify(pb))
    diffs.push(
      `installed packages differ:\n  ansible: ${pa.join('; ')}\n  bosun:   ${pb.join('; ')}`,
    );
  return diffs;
}

/** Fail with every difference (and both outputs' tails) unless the two runs changed the same. */
export function assertSameChanges(r: { ansible: Side; bosun: Side; ignores: Ignore[] }): void {
  const diffs = compareRuns(r);
  if (diffs.length)
    assert.fail(
      `ansible-playbook and bosun provisioned differently:\n${diffs.join('\n')}\n--- bosun output ---\n${r.bosun.first.output.split('\n').slice(-30).join('\n')}`,
    );
}
