/**
 * The variable scope of a task on a host, in Ansible 2.14's precedence order (lowest first):
 * role defaults, inventory group then host vars, facts, play vars, vars_files, role vars, block
 * and task vars, include_vars, set_fact/register, role params, include params, extra vars, and
 * the magic variables.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { pyStr } from '../py/repr.js';
import { Lazy, isSequence, resolve, type PyValue } from '../py/values.js';
import { LayeredScope, type Layer } from '../vars/scope.js';
import type { Engine, HostState, PlayState } from './state.js';
import type { RoleInstance } from './types.js';

/** What a task inherits from its blocks, role and includes. */
export interface Inherited {
  whens: { cond: PyValue; file?: string; line?: number }[];
  tags: string[];
  blockVars: Map<string, PyValue>[];
  role?: RoleInstance;
  /** Inheritable keywords, nearest definition wins (ignore_errors, no_log, check_mode…). */
  kw: Map<string, PyValue>;
  environment: PyValue[];
  includeParams: Map<string, PyValue>;
}

export function rootInherited(state: PlayState): Inherited {
  const kw = new Map<string, PyValue>();
  for (const k of INHERITABLE) if (state.play.kw.has(k)) kw.set(k, state.play.kw.get(k)!);
  const env = state.play.kw.get('environment');
  const tags = [...tagList(state.play.kw.get('tags')), ...tagList(state.play.kw.get('_tags'))];
  const whens = state.play.kw.has('_when')
    ? [{ cond: state.play.kw.get('_when')!, file: state.play.origin.file }]
    : [];
  return {
    whens,
    tags,
    blockVars: [],
    kw,
    environment: env === undefined ? [] : [env],
    includeParams: new Map(),
  };
}

const INHERITABLE = [
  'ignore_errors',
  'ignore_unreachable',
  'no_log',
  'check_mode',
  'diff',
  'become',
  'become_user',
  'become_method',
  'any_errors_fatal',
  'delegate_to',
  'run_once',
  'connection',
  'notify',
  'remote_user',
  'timeout',
];

export function tagList(v: PyValue | undefined): string[] {
  const r = v === undefined ? null : resolve(v);
  if (r === null) return [];
  if (isSequence(r)) return r.map((t) => pyStr(t));
  return pyStr(r)
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/** Child context for a block / role / import: keywords of `kw` layered over `inh`. */
export function inherit(
  inh: Inherited,
  kw: Map<string, PyValue>,
  role?: RoleInstance,
  file?: string,
): Inherited {
  const next: Inherited = {
    whens: [...inh.whens],
    tags: [...inh.tags, ...tagList(kw.get('tags'))],
    blockVars: [...inh.blockVars],
    role: role ?? inh.role,
    kw: new Map(inh.kw),
    environment: [...inh.environment],
    includeParams: inh.includeParams,
  };
  const when = kw.get('when');
  if (when !== undefined) next.whens.push({ cond: when, file });
  const vars = resolve(kw.get('vars') ?? null);
  for (const m of isSequence(vars) ? vars.map((x) => resolve(x)) : [vars]) {
    if (m instanceof Map) next.blockVars.push(new Map([...m].map(([k, v]) => [pyStr(k), v])));
  }
  for (const k of INHERITABLE) if (kw.has(k)) next.kw.set(k, kw.get(k)!);
  if (kw.has('environment')) next.environment.push(kw.get('environment')!);
  return next;
}

function roleChain(role: RoleInstance | undefined): RoleInstance[] {
  const out: RoleInstance[] = [];
  for (let r = role; r; r = r.parent) out.unshift(r);
  return out;
}

function hostvars(engine: Engine, state: PlayState): Map<PyValue, PyValue> {
  const m = new Map<PyValue, PyValue>();
  for (const name of engine.inventory.hosts.keys()) {
    m.set(
      name,
      new Lazy(() => {
        const hs = engine.hosts.get(name);
        const layers = baseLayers(engine, state, name, hs);
        const magic = magicVars(engine, state, name);
        magic.delete('hostvars'); // hostvars[h] does not contain hostvars (no self-reference)
        layers.push({ vars: magic, raw: true });
        return new LayeredScope(layers, engine.templar).snapshot();
      }, `hostvars[${name}]`),
    );
  }
  return m;
}

function baseLayers(
  engine: Engine,
  state: PlayState,
  host: string,
  hs: HostState | undefined,
  role?: RoleInstance,
  inh?: Inherited,
): Layer[] {
  const layers: Layer[] = [];
  const chain = roleChain(role);
  for (const r of state.roles) layers.push({ vars: r.defaults });
  for (const r of chain) layers.push({ vars: r.defaults });
  const inv = engine.inventoryVars(host);
  layers.push({ vars: inv.group }, { vars: inv.host });
  if (hs) {
    const factVars = new Map<string, PyValue>();
    factVars.set('ansible_facts', hs.facts);
    for (const [k, v] of hs.facts) factVars.set(k.startsWith('ansible_') ? k : `ansible_${k}`, v);
    layers.push({ vars: factVars, raw: true });
  }
  layers.push({ vars: state.playVars }, { vars: state.varsFilesVars });
  for (const r of state.roles) layers.push({ vars: r.vars });
  for (const r of chain) layers.push({ vars: r.vars });
  if (inh) for (const bv of inh.blockVars) layers.push({ vars: bv });
  if (hs) layers.push({ vars: hs.varsCache }, { vars: hs.nonpersistent, raw: true });
  for (const r of chain) layers.push({ vars: r.params });
  if (inh) layers.push({ vars: inh.includeParams });
  layers.push({ vars: engine.opts.extraVars });
  return layers;
}

const PYTHON =
  ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p)) ?? '/usr/bin/python3';

function magicVars(
  engine: Engine,
  state: PlayState,
  host: string,
  role?: RoleInstance,
): Map<string, PyValue> {
  const inv = engine.inventory;
  const groups = new Map<PyValue, PyValue>();
  for (const g of inv.groups.keys()) groups.set(g, inv.groupHosts(g));
  const playHosts = [...engine.hosts.values()]
    .filter((h) => !h.failed && !h.ended)
    .map((h) => h.name);
  const m = new Map<string, PyValue>([
    ['inventory_hostname', host],
    ['inventory_hostname_short', host.split('.')[0]!],
    ['groups', groups],
    ['group_names', inv.groupsOf(host).filter((g) => g !== 'ungrouped')],
    ['hostvars', new Lazy(() => hostvars(engine, state), 'hostvars')],
    ['playbook_dir', state.play.dir],
    ['inventory_dir', inv.dirs[0] ?? null],
    ['inventory_file', inv.sources[0] ?? null],
    ['ansible_play_hosts', playHosts],
    ['ansible_play_batch', playHosts],
    ['play_hosts', playHosts],
    ['ansible_play_hosts_all', [...engine.hosts.keys()]],
    ['ansible_play_name', state.play.name],
    ['ansible_check_mode', engine.opts.check],
    ['ansible_diff_mode', engine.opts.diff],
    ['ansible_verbosity', engine.opts.verbosity],
    ['ansible_run_tags', engine.opts.tags.length ? engine.opts.tags : ['all']],
    ['ansible_skip_tags', engine.opts.skipTags],
    [
      'ansible_version',
      new Map<PyValue, PyValue>([
        ['full', '2.14.18'],
        ['major', 2],
        ['minor', 14],
        ['revision', 18],
        ['string', '2.14.18'],
      ]),
    ],
    ['ansible_config_file', null],
    // No Python runs tasks here; roles that pass it as an interpreter still get a usable path.
    ['ansible_playbook_python', PYTHON],
    ['ansible_user_dir', os.homedir()],
    ['omit', engine.omit],
    ['role_names', state.roles.map((r) => r.name)],
    ['ansible_role_names', state.roles.map((r) => r.name)],
    ['ansible_dependent_role_names', state.roles.filter((r) => r.parent).map((r) => r.name)],
  ]);
  if (role) {
    m.set('role_path', role.path);
    m.set('role_name', role.name);
    m.set('ansible_role_name', role.name);
    m.set(
      'ansible_parent_role_names',
      roleChain(role.parent)
        .reverse()
        .map((r) => r.name),
    );
    m.set(
      'ansible_parent_role_paths',
      roleChain(role.parent)
        .reverse()
        .map((r) => r.path),
    );
  }
  return m;
}

/** The full scope of a task on a host. `top` layers go above everything (loop variables). */
export function taskScope(
  engine: Engine,
  state: PlayState,
  host: string,
  inh: Inherited,
  taskVars?: Map<PyValue, PyValue>,
  top: Layer[] = [],
): LayeredScope {
  const hs = engine.hosts.get(host);
  const layers = baseLayers(engine, state, host, hs, inh.role, inh);
  // Task vars sit with block vars (below include_vars): insert before the vars cache layers.
  if (taskVars) {
    const tv = new Map([...taskVars].map(([k, v]) => [pyStr(k), v] as [string, PyValue]));
    const at = layers.findIndex((l) => hs && l.vars === hs.varsCache);
    layers.splice(at < 0 ? layers.length - 1 : at, 0, { vars: tv });
  }
  layers.push({ vars: magicVars(engine, state, host, inh.role), raw: true }, ...top);
  return new LayeredScope(layers, engine.templar);
}
