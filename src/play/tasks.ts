/**
 * Task lists → blocks and tasks. Every key is checked: known keywords, one action (module or
 * engine action, possibly `ansible.builtin.`-prefixed), `with_*` loops; anything else is an error
 * naming it with file:line. Static imports (import_tasks, import_role) are expanded here.
 */
import path from 'node:path';
import { pyStr } from '../py/repr.js';
import { isSequence, resolve, type PyValue } from '../py/values.js';
import { getModule } from '../modules/registry.js';
import type { Position } from '../vars/parse.js';
import { canonicalAction, ENGINE_FREE_FORM } from './actions.js';
import { PlayError } from './errors.js';
import { BLOCK_KEYWORDS, keywordsFor, UNSUPPORTED } from './keywords.js';
import { parseKv } from './kv.js';
import type { BlockNode, Keywords, Origin, PlayNode, RoleInstance, TaskNode } from './types.js';

/** What the task loader needs from the playbook loader (file reading, roles, static templating). */
export interface TaskLoadContext {
  readYamlFile(file: string): Promise<{ value: PyValue; positions: WeakMap<object, Position> }>;
  /** Load a role for import_role (static). */
  loadRole(
    entry: Map<string, PyValue>,
    origin: Origin,
    fromDir: string,
    parent?: RoleInstance,
  ): Promise<RoleInstance>;
  /** Template a static value (import file names) with the variables known at load time. */
  templateStatic(value: PyValue): PyValue;
  /** The playbook's directory: the last place import_tasks looks for a relative name. */
  playbookDir?: string;
}

export interface ListOptions {
  file: string;
  positions: WeakMap<object, Position>;
  role?: RoleInstance;
  handlers?: boolean;
}

function originOf(value: object, opts: ListOptions): Origin {
  return { file: opts.file, line: opts.positions.get(value)?.line };
}

export async function loadTaskList(
  list: PyValue,
  opts: ListOptions,
  ctx: TaskLoadContext,
): Promise<PlayNode[]> {
  list = resolve(list);
  if (list === null) return [];
  if (!isSequence(list))
    throw new PlayError('play-syntax', 'a task list must be a YAML list', {
      file: opts.file,
      line: positionOf(list, opts),
    });
  const out: PlayNode[] = [];
  for (const item of list) {
    const entry = resolve(item);
    if (!(entry instanceof Map)) {
      throw new PlayError('play-syntax', `a task must be a mapping, got ${JSON.stringify(entry)}`, {
        file: opts.file,
        line: positionOf(list, opts),
      });
    }
    out.push(...(await loadEntry(entry, opts, ctx)));
  }
  return out;
}

function positionOf(v: PyValue, opts: ListOptions): number | undefined {
  return typeof v === 'object' && v !== null ? opts.positions.get(v)?.line : undefined;
}

async function loadEntry(
  entry: Map<PyValue, PyValue>,
  opts: ListOptions,
  ctx: TaskLoadContext,
): Promise<PlayNode[]> {
  const origin = originOf(entry, opts);
  if (entry.has('block')) return [await loadBlock(entry, origin, opts, ctx)];
  const task = parseTask(entry, origin, opts);
  if (task.action === 'import_tasks') return [await importTasks(task, opts, ctx)];
  if (task.action === 'import_role') return [await importRole(task, opts, ctx)];
  return [task];
}

async function loadBlock(
  entry: Map<PyValue, PyValue>,
  origin: Origin,
  opts: ListOptions,
  ctx: TaskLoadContext,
): Promise<BlockNode> {
  const kw: Keywords = new Map();
  for (const [k, v] of entry) {
    const key = pyStr(k);
    if (!BLOCK_KEYWORDS.has(key)) {
      throw new PlayError('play-keyword', `'${key}' is not a valid attribute for a Block`, {
        file: origin.file,
        line: origin.line,
      });
    }
    refuseUnsupported(key, origin);
    if (key !== 'block' && key !== 'rescue' && key !== 'always') kw.set(key, v);
  }
  return {
    kind: 'block',
    block: await loadTaskList(entry.get('block') ?? null, opts, ctx),
    rescue: await loadTaskList(entry.get('rescue') ?? null, opts, ctx),
    always: await loadTaskList(entry.get('always') ?? null, opts, ctx),
    kw,
    origin,
    role: opts.role,
  };
}

export function refuseUnsupported(key: string, origin: Origin): void {
  const why = UNSUPPORTED[key];
  if (why)
    throw new PlayError('play-unsupported', `keyword '${key}': ${why}`, {
      file: origin.file,
      line: origin.line,
    });
}

/** Parse one task mapping: keywords, the action, its arguments. */
export function parseTask(
  entry: Map<PyValue, PyValue>,
  origin: Origin,
  opts: { handlers?: boolean; role?: RoleInstance },
): TaskNode {
  const allowed = keywordsFor(opts.handlers ? 'handler' : 'task');
  const kw: Keywords = new Map();
  const actions: [string, PyValue][] = [];
  for (const [k, v] of entry) {
    const key = pyStr(k);
    if (allowed.has(key)) {
      refuseUnsupported(key, origin);
      kw.set(key, v);
    } else if (key.startsWith('with_')) {
      kw.set(key, v);
    } else {
      actions.push([key, v]);
    }
  }
  for (const special of ['action', 'local_action'] as const) {
    const v = kw.get(special);
    if (v === undefined) continue;
    kw.delete(special);
    const value = resolve(v);
    if (typeof value === 'string') {
      const [name, ...rest] = value.trim().split(/\s+/);
      actions.push([name!, rest.join(' ')]);
    } else if (value instanceof Map) {
      const m = new Map(value);
      const name = resolve(m.get('module') ?? null);
      m.delete('module');
      actions.push([pyStr(name), m]);
    }
    if (special === 'local_action') kw.set('delegate_to', 'localhost');
  }
  const loops = [...kw.keys()].filter((k) => k === 'loop' || k.startsWith('with_'));
  if (loops.length > 1)
    throw new PlayError('play-syntax', `conflicting loop keywords: ${loops.join(', ')}`, origin);
  if (actions.length === 0)
    throw new PlayError('play-syntax', 'no module/action detected in task', origin);
  const resolved = actions.filter(([name]) => canonicalAction(name) !== undefined);
  if (resolved.length === 0) {
    const [name] = actions[0]!;
    throw new PlayError(
      'play-module',
      `couldn't resolve module/action '${name}'. bosun does not implement it (or it is a misspelled keyword)`,
      origin,
    );
  }
  if (actions.length > 1) {
    const unknown = actions.find(([name]) => canonicalAction(name) === undefined);
    if (unknown)
      throw new PlayError(
        'play-keyword',
        `'${unknown[0]}' is not a valid attribute for a Task (nor a module bosun knows)`,
        origin,
      );
    throw new PlayError(
      'play-syntax',
      `conflicting action statements: ${actions.map(([n]) => n).join(', ')}`,
      origin,
    );
  }
  const [written, rawArgs] = actions[0]!;
  const action = canonicalAction(written)!;
  const args = actionArgs(action, rawArgs, kw.get('args'), origin);
  kw.delete('args');
  const task: TaskNode = {
    kind: 'task',
    action,
    actionAsWritten: written,
    args,
    kw,
    origin,
    role: opts.role,
  };
  if (opts.handlers) {
    const listen = resolve(kw.get('listen') ?? null);
    const names: string[] = [];
    const name = resolve(kw.get('name') ?? null);
    if (typeof name === 'string') names.push(name);
    if (typeof listen === 'string') names.push(listen);
    else if (isSequence(listen)) for (const l of listen) names.push(pyStr(l));
    task.listen = names;
  }
  return task;
}

function actionArgs(
  action: string,
  raw: PyValue,
  extra: PyValue | undefined,
  origin: Origin,
): Map<string, PyValue> {
  const value = resolve(raw);
  let args: Map<string, PyValue>;
  if (value instanceof Map) {
    args = new Map([...value].map(([k, v]) => [pyStr(k), v] as [string, PyValue]));
  } else if (value === null) {
    args = new Map();
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const mod = getModule(action);
    const rawKeys = mod?.rawKeys ?? ENGINE_FREE_FORM[action];
    const freeForm = mod?.freeForm || ENGINE_FREE_FORM[action] !== undefined;
    if (action === 'set_fact' || action === 'debug' || !freeForm) {
      args = parseKv(String(value), false);
      if (args.has('_raw_params') && !freeForm) {
        throw new PlayError(
          'play-args',
          `this module does not take free-form arguments: '${pyStr(args.get('_raw_params')!)}'`,
          origin,
        );
      }
    } else {
      args = parseKv(String(value), true, new Set(rawKeys ?? []));
    }
  } else {
    throw new PlayError('play-args', `invalid arguments for '${action}'`, origin);
  }
  const more = extra === undefined ? null : resolve(extra);
  // Ansible: "Complex args must be a dictionary or variable string" (`args: 5`, `args: [1]`).
  if (more !== null && !(more instanceof Map) && !(typeof more === 'string' && more.includes('{{')))
    throw new PlayError(
      'play-args',
      'Complex args must be a dictionary or variable string ("{{var}}").',
      origin,
    );
  if (more instanceof Map)
    for (const [k, v] of more) {
      const key = pyStr(k);
      if (!args.has(key)) args.set(key, v);
    }
  return args;
}

/** The first of `name`, `name.yml`, `name.yaml` that a static import refers to. */
function taskFileCandidates(name: string, opts: ListOptions, playbookDir?: string): string[] {
  const bases: string[] = [];
  if (path.isAbsolute(name)) bases.push(name);
  else {
    if (opts.role)
      bases.push(
        path.join(opts.role.path, 'tasks', name),
        path.join(opts.role.path, 'handlers', name),
      );
    bases.push(path.join(path.dirname(opts.file), name));
    if (playbookDir) bases.push(path.join(playbookDir, name));
  }
  return bases;
}

async function importTasks(
  task: TaskNode,
  opts: ListOptions,
  ctx: TaskLoadContext,
): Promise<BlockNode> {
  const fileArg = task.args.get('file') ?? task.args.get('_raw_params') ?? null;
  const name = pyStr(ctx.templateStatic(fileArg));
  let lastErr: unknown;
  for (const candidate of taskFileCandidates(name, opts, ctx.playbookDir)) {
    try {
      const { value, positions } = await ctx.readYamlFile(candidate);
      const nodes = await loadTaskList(value, { ...opts, file: candidate, positions }, ctx);
      return {
        kind: 'block',
        block: nodes,
        rescue: [],
        always: [],
        kw: task.kw,
        origin: task.origin,
        role: opts.role,
        implicit: true,
      };
    } catch (err) {
      if (err instanceof PlayError && err.code === 'play-file') {
        lastErr = err;
        continue;
      }
      throw err;
    }
  }
  throw new PlayError('play-file', `could not find or access '${name}' (import_tasks)`, {
    ...task.origin,
    cause: lastErr,
  });
}

async function importRole(
  task: TaskNode,
  opts: ListOptions,
  ctx: TaskLoadContext,
): Promise<BlockNode> {
  const entry = new Map<string, PyValue>(task.args);
  const role = await ctx.loadRole(entry, task.origin, path.dirname(opts.file), opts.role);
  const tasks: PlayNode[] = [roleBlock(role)];
  return {
    kind: 'block',
    block: tasks,
    rescue: [],
    always: [],
    kw: task.kw,
    origin: task.origin,
    role: opts.role,
    implicit: true,
  };
}

/** A role's dependencies then its tasks, as one implicit block carrying the role's keywords. */
export function roleBlock(role: RoleInstance): BlockNode {
  const nodes: PlayNode[] = [...role.deps.map(roleBlock), ...role.tasks];
  return {
    kind: 'block',
    block: nodes,
    rescue: [],
    always: [],
    kw: role.kw,
    origin: { file: role.path },
    role,
    implicit: true,
    roleMain: role,
  };
}

/** Every task of a tree of blocks, in order (a play's handlers as one list). */
export function flattenTasks(nodes: PlayNode[]): TaskNode[] {
  return nodes.flatMap((n) =>
    n.kind === 'task'
      ? [n]
      : [...flattenTasks(n.block), ...flattenTasks(n.rescue), ...flattenTasks(n.always)],
  );
}
