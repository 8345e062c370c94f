/**
 * Run a task's action once: template the arguments, check what bosun can do locally (become,
 * delegate_to, connection), then run an engine action (set_fact, include_vars, includes,
 * add_host, group_by) or a module from src/modules/.
 */
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { pyStr } from '../py/repr.js';
import {
  fromJs,
  isDict,
  isSequence,
  resolve,
  toJs,
  Undefined,
  UnsafeText,
  wrapVar,
  type PyValue,
} from '../py/values.js';
import { getModule } from '../modules/registry.js';
import { ArgError, validateArgs } from '../modules/spec.js';
import type { ModuleContext } from '../modules/types.js';
import { combineVars } from '../vars/merge.js';
import type { LayeredScope } from '../vars/scope.js';
import { includeVars } from './include-vars.js';
import { PlayError } from './errors.js';
import type { Inherited } from './scope.js';
import type { Engine, PlayState } from './state.js';
import { boolean } from '../ansible/boolean.js';
import { boolKw } from './task.js';
import type { TaskNode } from './types.js';

export interface ActionResult {
  result: Record<string, unknown>;
  include?:
    | { kind: 'tasks'; file: string; args: Map<string, PyValue> }
    | { kind: 'role'; args: Map<string, PyValue> };
}

/** Arguments Ansible does not template before the action sees them. */
const UNTEMPLATED: Record<string, string[]> = {
  assert: ['that'],
  debug: ['var'],
  include_role: ['apply'],
  include_tasks: ['apply'],
};

function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return String(process.getuid?.() ?? '');
  }
}

function checkLocal(
  engine: Engine,
  task: TaskNode,
  inh: Inherited,
  scope: LayeredScope,
  host: string,
): void {
  const kw = (k: string): PyValue | undefined => (task.kw.has(k) ? task.kw.get(k) : inh.kw.get(k));
  const t = (v: PyValue): string => pyStr(engine.templar.template(v, scope));
  const delegate = kw('delegate_to');
  if (delegate !== undefined && delegate !== null) {
    const d = t(delegate);
    if (!engine.inventory.isLocal(d) && d !== host)
      throw new PlayError(
        'play-host',
        `delegate_to '${d}': bosun only runs on the local host`,
        task.origin,
      );
  }
  const conn = kw('connection');
  if (conn !== undefined && conn !== null && t(conn) !== 'local')
    throw new PlayError(
      'play-host',
      `connection '${t(conn)}' is not supported: bosun runs tasks on the local host`,
      task.origin,
    );
  if (boolKw(engine, scope, task, inh, 'become')) {
    const user = kw('become_user');
    const target = user === undefined || user === null ? 'root' : t(user);
    const me = currentUser();
    if (target !== me)
      throw new PlayError(
        'play-unsupported',
        `become_user '${target}': bosun runs tasks as the current user (${me}) and cannot switch users`,
        task.origin,
      );
  }
}

function findFile(
  state: PlayState,
  inh: Inherited,
  kind: 'files' | 'templates' | 'vars' | 'tasks',
  name: string,
): string {
  if (path.isAbsolute(name)) return name;
  const dirs: string[] = [];
  for (let r = inh.role; r; r = r.parent) dirs.push(path.join(r.path, kind), r.path);
  dirs.push(path.join(state.play.dir, kind), state.play.dir);
  for (const d of dirs) {
    const p = path.join(d, name);
    if (existsSync(p)) return p;
  }
  return path.join(dirs[0]!, name);
}

function findUndefined(v: PyValue): Undefined | undefined {
  v = resolve(v);
  if (v instanceof Undefined) return v;
  if (isSequence(v))
    for (const x of v) {
      const u = findUndefined(x);
      if (u) return u;
    }
  if (isDict(v))
    for (const [, x] of v) {
      const u = findUndefined(x);
      if (u) return u;
    }
  return undefined;
}

export async function runAction(
  engine: Engine,
  state: PlayState,
  task: TaskNode,
  host: string,
  inh: Inherited,
  scope: LayeredScope,
): Promise<ActionResult> {
  checkLocal(engine, task, inh, scope, host);
  const skip = new Set(UNTEMPLATED[task.action] ?? []);
  const args = new Map<string, PyValue>();
  for (const [k, v] of task.args) {
    args.set(
      k,
      skip.has(k)
        ? v
        : engine.templar.template(v, scope, { file: task.origin.file, line: task.origin.line }),
    );
  }
  for (const [k, v] of [...args]) if (resolve(v) === engine.omit) args.delete(k);
  // A template that produced an undefined value is an error, as with Ansible's strict undefined.
  for (const [k, v] of args) {
    const u = findUndefined(v);
    if (u && !skip.has(k))
      return {
        result: {
          failed: true,
          msg: `The task includes an option with an undefined variable. The error was: ${u.hint}`,
        },
      };
  }
  const hs = engine.hosts.get(host)!;
  switch (task.action) {
    case 'set_fact': {
      const facts = new Map<string, PyValue>();
      for (const [k, v] of args) {
        if (k === 'cacheable') continue;
        // A value templated from unsafe data stays unsafe (Ansible does not wrap set_fact's
        // result again, nor strip it): a later task never templates it.
        let value = resolve(v);
        // As Ansible's set_fact: 'true'/'false'/'yes'/'no' strings become booleans.
        const text = value instanceof UnsafeText ? value.value : value;
        if (typeof text === 'string' && ['true', 'false', 'yes', 'no'].includes(text.toLowerCase()))
          value = boolean(text, false);
        facts.set(k, value);
      }
      for (const [k, v] of facts) hs.nonpersistent.set(k, v);
      return { result: { ansible_facts: facts, changed: false } };
    }
    case 'include_vars': {
      const { vars, files } = await includeVars(
        args,
        (name) => findFile(state, inh, 'vars', name),
        engine.opts.decrypt,
        task.origin,
      );
      const how = args.has('hash_behaviour')
        ? pyStr(args.get('hash_behaviour')!) === 'merge'
          ? 'merge'
          : 'replace'
        : engine.opts.hashBehaviour;
      const nameArg = args.get('name');
      const name = nameArg === undefined ? undefined : pyStr(nameArg);
      if (name !== undefined) hs.varsCache.set(name, vars);
      else {
        const merged = combineVars(hs.varsCache, vars, how);
        for (const [k, v] of merged) hs.varsCache.set(k, v);
      }
      const facts = name !== undefined ? new Map<PyValue, PyValue>([[name, vars]]) : vars;
      return {
        result: { ansible_facts: facts, ansible_included_var_files: files, changed: false },
      };
    }
    case 'include_tasks': {
      const file = pyStr(args.get('file') ?? args.get('_raw_params') ?? '');
      const full = findFile(state, inh, 'tasks', file);
      const alt = path.isAbsolute(file) ? file : path.resolve(path.dirname(task.origin.file), file);
      return {
        result: { include: file, include_args: {}, changed: false },
        include: {
          kind: 'tasks',
          file: existsSync(alt) && !inh.role ? alt : existsSync(full) ? full : alt,
          args,
        },
      };
    }
    case 'include_role':
      return {
        result: { changed: false, include_args: toJs(new Map(args)) },
        include: { kind: 'role', args },
      };
    case 'add_host': {
      const name = pyStr(args.get('name') ?? args.get('host') ?? args.get('hostname') ?? '');
      const groupsRaw = resolve(
        args.get('groups') ?? args.get('group') ?? args.get('groupname') ?? null,
      );
      const groups =
        groupsRaw === null
          ? []
          : isSequence(groupsRaw)
            ? groupsRaw.map((g) => pyStr(g))
            : pyStr(groupsRaw).split(',');
      const vars = new Map<string, PyValue>();
      for (const [k, v] of args)
        if (!['name', 'host', 'hostname', 'groups', 'group', 'groupname'].includes(k))
          vars.set(k, v);
      engine.inventory.addHost(name, undefined, vars);
      for (const g of groups) engine.inventory.group(g.trim()).hosts.add(name);
      return {
        result: {
          add_host: { host_name: name, groups, host_vars: toJs(new Map(vars)) },
          changed: false,
        },
      };
    }
    case 'group_by': {
      const key = pyStr(args.get('key') ?? '');
      const parents = resolve(args.get('parents') ?? 'all');
      const parentList = isSequence(parents) ? parents : [parents];
      engine.inventory.group(key).hosts.add(host);
      for (const p of parentList) {
        const parent = pyStr(p);
        if (parent !== 'all') engine.inventory.group(parent).children.add(key);
      }
      return { result: { changed: false, add_group: key, parent_groups: parentList } };
    }
  }
  const name = task.action === 'gather_facts' ? 'setup' : task.action;
  const mod = getModule(name);
  if (!mod)
    throw new PlayError(
      'play-module',
      `couldn't resolve module/action '${task.actionAsWritten}'`,
      task.origin,
    );
  let valid;
  try {
    valid = validateArgs(name, mod.spec, args, engine.omit);
  } catch (err) {
    if (err instanceof ArgError) return { result: { failed: true, msg: err.message } };
    throw err;
  }
  const check = boolKw(engine, scope, task, inh, 'check_mode') ?? engine.opts.check;
  const diff = boolKw(engine, scope, task, inh, 'diff') ?? engine.opts.diff;
  if (check && !mod.supportsCheck)
    return {
      result: {
        changed: false,
        skipped: true,
        msg: `remote module (${name}) does not support check mode`,
      },
    };
  const envs = [
    ...inh.environment,
    ...(task.kw.has('environment') ? [task.kw.get('environment')!] : []),
  ];
  const env: NodeJS.ProcessEnv = { ...engine.opts.env };
  for (const e of envs) {
    const list = resolve(engine.templar.template(e, scope));
    for (const m of isSequence(list) ? list : [list]) {
      const r = resolve(m);
      if (!(r instanceof Map)) continue;
      for (const [k, v] of r) {
        const value = resolve(v);
        // None and undefined values give an empty variable, as bosun always did.
        env[pyStr(k)] = value === null || value instanceof Undefined ? '' : pyStr(value);
      }
    }
  }
  const ctx: ModuleContext = {
    check,
    diff,
    templar: engine.templar,
    vars: scope,
    findFile: (kind, n) => findFile(state, inh, kind, n),
    env,
    cwd: engine.opts.cwd,
    templateSearchPath: [
      ...(inh.role ? [path.join(inh.role.path, 'templates')] : []),
      path.join(state.play.dir, 'templates'),
      state.play.dir,
    ],
  };
  const result = await mod.run(valid, ctx);
  if (name === 'setup' && result.ansible_facts !== undefined) {
    // Facts come from the system: unsafe (Ansible's VariableManager wrap_var's the fact cache).
    const facts = wrapVar(fromJs(result.ansible_facts));
    if (facts instanceof Map)
      for (const [k, v] of facts) hs.facts.set(pyStr(k).replace(/^ansible_/, ''), v);
  }
  return { result };
}
