/**
 * Inventories: INI and YAML files, `host1,host2,` lists, and Ansible's implicit localhost.
 * Host patterns (`all`, groups, hosts, `a:b`, `a:&b`, `a:!b`, `*` globs). Only local hosts run:
 * `localhost`/`127.0.0.1` and hosts with `ansible_connection=local`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pyStr } from '../py/repr.js';
import { resolve, type PyValue } from '../py/values.js';
import { parseYaml } from '../vars/parse.js';
import { PlayError } from './errors.js';

export interface Host {
  name: string;
  vars: Map<string, PyValue>;
  groups: Set<string>;
}

export class Inventory {
  readonly hosts = new Map<string, Host>();
  /** group → direct hosts, children, vars. */
  readonly groups = new Map<
    string,
    { hosts: Set<string>; children: Set<string>; vars: Map<string, PyValue> }
  >();
  /** Directories whose group_vars/ and host_vars/ apply. */
  readonly dirs: string[] = [];
  sources: string[] = [];

  constructor() {
    this.group('all');
    this.group('ungrouped');
  }

  group(name: string): { hosts: Set<string>; children: Set<string>; vars: Map<string, PyValue> } {
    let g = this.groups.get(name);
    if (!g) {
      g = { hosts: new Set(), children: new Set(), vars: new Map() };
      this.groups.set(name, g);
    }
    return g;
  }

  addHost(name: string, group?: string, vars?: Map<string, PyValue>): Host {
    let h = this.hosts.get(name);
    if (!h) {
      h = { name, vars: new Map(), groups: new Set(['all']) };
      this.hosts.set(name, h);
    }
    if (vars) for (const [k, v] of vars) h.vars.set(k, v);
    if (group) this.group(group).hosts.add(name);
    return h;
  }

  /** Groups a host belongs to (directly or through children), without `all`, sorted. */
  groupsOf(host: string): string[] {
    const out: string[] = [];
    for (const name of this.groups.keys())
      if (name !== 'all' && this.groupHosts(name).includes(host)) out.push(name);
    return out.sort();
  }

  groupHosts(name: string, seen = new Set<string>()): string[] {
    if (name === 'all')
      return [...this.hosts.keys()].filter((h) => h !== 'localhost' || this.explicitLocalhost);
    if (seen.has(name)) return [];
    seen.add(name);
    const g = this.groups.get(name);
    if (!g) return [];
    const out = new Set(g.hosts);
    for (const c of g.children) for (const h of this.groupHosts(c, seen)) out.add(h);
    if (name === 'ungrouped') {
      for (const h of this.hosts.keys())
        if (this.groupsOfDirect(h).length === 0 && (h !== 'localhost' || this.explicitLocalhost))
          out.add(h);
    }
    return [...out];
  }

  private groupsOfDirect(host: string): string[] {
    return [...this.groups]
      .filter(([n, g]) => n !== 'all' && n !== 'ungrouped' && g.hosts.has(host))
      .map(([n]) => n);
  }

  explicitLocalhost = false;

  /** Group variables that apply to a host, from `all` to the most specific group (ordered by depth, then name). */
  groupChain(host: string): string[] {
    const depth = (g: string, seen = new Set<string>()): number => {
      if (seen.has(g)) return 0;
      seen.add(g);
      let d = 0;
      for (const [pn, p] of this.groups)
        if (p.children.has(g)) d = Math.max(d, depth(pn, seen) + 1);
      return g === 'all' ? 0 : Math.max(d, 1);
    };
    const groups = ['all', ...this.groupsOf(host)];
    return groups.sort(
      (a, b) => depth(a) - depth(b) || (a === 'all' ? -1 : b === 'all' ? 1 : a.localeCompare(b)),
    );
  }

  /** Hosts matching an Ansible host pattern, in inventory order. */
  match(pattern: string): string[] {
    const parts = pattern
      .split(/[:,]/)
      .map((p) => p.trim())
      .filter(Boolean);
    let selected: string[] = [];
    for (const part of parts) {
      if (part.startsWith('!')) {
        const ex = new Set(this.matchOne(part.slice(1)));
        selected = selected.filter((h) => !ex.has(h));
      } else if (part.startsWith('&')) {
        const keep = new Set(this.matchOne(part.slice(1)));
        selected = selected.filter((h) => keep.has(h));
      } else {
        for (const h of this.matchOne(part)) if (!selected.includes(h)) selected.push(h);
      }
    }
    return selected;
  }

  private matchOne(p: string): string[] {
    if (p === 'all' || p === '*') return this.groupHosts('all');
    if (this.groups.has(p)) return this.groupHosts(p);
    if (this.hosts.has(p)) return [p];
    if (p.includes('*') || p.startsWith('~')) {
      const re = p.startsWith('~')
        ? new RegExp(p.slice(1))
        : new RegExp(
            '^' +
              p
                .split('*')
                .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
                .join('.*') +
              '$',
          );
      const out = new Set<string>();
      for (const g of this.groups.keys())
        if (re.test(g)) for (const h of this.groupHosts(g)) out.add(h);
      for (const h of this.hosts.keys())
        if (re.test(h) && (h !== 'localhost' || this.explicitLocalhost)) out.add(h);
      return [...out];
    }
    if (p === 'localhost' || p === '127.0.0.1') return [this.implicitLocalhost().name];
    return [];
  }

  implicitLocalhost(): Host {
    const existing = this.hosts.get('localhost');
    if (existing) return existing;
    const h = this.addHost('localhost');
    h.vars.set('ansible_connection', 'local');
    return h;
  }

  isLocal(host: string): boolean {
    const h = this.hosts.get(host);
    const conn = h ? resolve(h.vars.get('ansible_connection') ?? null) : null;
    return host === 'localhost' || host === '127.0.0.1' || conn === 'local';
  }
}

function scalar(text: string): PyValue {
  const t = text.trim();
  if (/^-?\d+$/.test(t)) return Number(t);
  if (/^(true|True|yes)$/.test(t)) return t === 'yes' ? 'yes' : true;
  if (/^(false|False)$/.test(t)) return false;
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))
    return t.slice(1, -1);
  return t;
}

/** `web[01:03]` → web01 web02 web03. */
function expandRange(name: string): string[] {
  const m = /^(.*)\[(\d+):(\d+)\](.*)$/.exec(name);
  if (!m) return [name];
  const [, pre, a, b, post] = m;
  const out: string[] = [];
  for (let i = Number(a); i <= Number(b); i++)
    out.push(`${pre}${String(i).padStart(a!.length, '0')}${post}`);
  return out;
}

function hostLine(line: string): [string[], Map<string, PyValue>] {
  const tokens = line.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
  const vars = new Map<string, PyValue>();
  for (const t of tokens.slice(1)) {
    const i = t.indexOf('=');
    if (i > 0) vars.set(t.slice(0, i), scalar(t.slice(i + 1)));
  }
  return [expandRange(tokens[0]!), vars];
}

function parseIniInventory(inv: Inventory, text: string, file: string): void {
  let section = 'ungrouped';
  let kind: 'hosts' | 'vars' | 'children' = 'hosts';
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    const sec = /^\[([^\]:]+)(?::(\w+))?\]$/.exec(line);
    if (sec) {
      section = sec[1]!;
      const k = sec[2] ?? 'hosts';
      if (k !== 'hosts' && k !== 'vars' && k !== 'children')
        throw new PlayError('play-inventory', `invalid section type '${k}'`, { file, line: i + 1 });
      kind = k;
      inv.group(section);
      return;
    }
    if (kind === 'vars') {
      const eq = line.indexOf('=');
      if (eq < 0)
        throw new PlayError('play-inventory', `expected key=value in [${section}:vars]`, {
          file,
          line: i + 1,
        });
      inv.group(section).vars.set(line.slice(0, eq).trim(), scalar(line.slice(eq + 1)));
    } else if (kind === 'children') {
      inv.group(line);
      inv.group(section).children.add(line);
    } else {
      const [names, vars] = hostLine(line);
      for (const n of names) {
        if (n === 'localhost') inv.explicitLocalhost = true;
        inv.addHost(n, section === 'ungrouped' ? undefined : section, vars);
      }
    }
  });
}

function yamlGroup(inv: Inventory, name: string, value: PyValue, file: string): void {
  const g = inv.group(name);
  const v = resolve(value);
  if (v === null) return;
  if (!(v instanceof Map))
    throw new PlayError('play-inventory', `group '${name}' must be a mapping`, { file });
  for (const [k, val] of v) {
    const key = pyStr(k);
    const body = resolve(val);
    if (key === 'hosts' && body instanceof Map) {
      for (const [h, hv] of body) {
        const hvars = resolve(hv);
        for (const n of expandRange(pyStr(h))) {
          if (n === 'localhost') inv.explicitLocalhost = true;
          inv.addHost(
            n,
            name === 'all' ? undefined : name,
            hvars instanceof Map ? new Map([...hvars].map(([a, b]) => [pyStr(a), b])) : undefined,
          );
        }
      }
    } else if (key === 'vars' && body instanceof Map) {
      for (const [a, b] of body) g.vars.set(pyStr(a), b);
    } else if (key === 'children' && body instanceof Map) {
      for (const [c, cv] of body) {
        const child = pyStr(c);
        g.children.add(child);
        yamlGroup(inv, child, cv, file);
      }
    } else if (body !== null) {
      throw new PlayError('play-inventory', `unexpected key '${key}' in group '${name}'`, { file });
    }
  }
}

/** Load one `-i` source into the inventory; whether anything was parsed (Ansible's `parsed`). */
export function loadInventorySource(inv: Inventory, source: string, cwd: string): boolean {
  if (source.includes(',') && !existsSync(path.resolve(cwd, source))) {
    for (const h of source
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (h === 'localhost') inv.explicitLocalhost = true;
      inv.addHost(h);
    }
    return true;
  }
  const file = path.resolve(cwd, source);
  if (!existsSync(file))
    throw new PlayError('play-inventory', `inventory source not found: ${source}`);
  if (statSync(file).isDirectory()) {
    // As Ansible: every inventory file of the directory, its group_vars/host_vars apply.
    inv.dirs.push(file);
    let parsed = false;
    for (const name of readdirSync(file).sort()) {
      if (
        name === 'group_vars' ||
        name === 'host_vars' ||
        name.startsWith('.') ||
        /(~|\.orig|\.bak|\.ini~|\.cfg|\.retry|\.pyc|\.pyo|\.md|\.txt)$/.test(name)
      )
        continue;
      const p = path.join(file, name);
      if (statSync(p).isFile() && loadInventorySource(inv, p, cwd)) parsed = true;
    }
    return parsed;
  }
  inv.sources.push(file);
  inv.dirs.push(path.dirname(file));
  const text = readFileSync(file, 'utf8');
  if (
    /\.(ya?ml|json)$/.test(file) ||
    /^\s*(all|[\w-]+)\s*:\s*$/m.test(
      text.split('\n').find((l) => l.trim() && !l.trim().startsWith('#')) ?? '',
    )
  ) {
    const { value } = parseYaml(text, { file });
    const top = resolve(value);
    if (top instanceof Map) for (const [g, body] of top) yamlGroup(inv, pyStr(g), body, file);
  } else {
    parseIniInventory(inv, text, file);
  }
  return true;
}
