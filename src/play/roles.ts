/**
 * Roles: found next to the playbook (`roles/`), on roles_path / ANSIBLE_ROLES_PATH, or by path;
 * loaded with their defaults, vars, tasks, handlers and meta dependencies. Keys of a role entry
 * that are role keywords (when, tags, become…) apply to its tasks; the others are role params.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pyStr } from '../py/repr.js';
import { isSequence, resolve, type PyValue } from '../py/values.js';
import { PlayError } from './errors.js';
import { ROLE_KEYWORDS } from './keywords.js';
import { loadTaskList, refuseUnsupported, type TaskLoadContext } from './tasks.js';
import type { Keywords, Origin, RoleInstance } from './types.js';

/** include_role / import_role arguments that are not role params. */
const INCLUDE_ROLE_ARGS = new Set([
  'name',
  'tasks_from',
  'vars_from',
  'defaults_from',
  'handlers_from',
  'allow_duplicates',
  'public',
  'apply',
  'rolespec_validate',
]);

export interface RoleLoadContext extends TaskLoadContext {
  rolesPath: string[];
  playbookDir: string;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function findRole(
  name: string,
  fromDir: string,
  ctx: RoleLoadContext,
  parent?: RoleInstance,
): string | undefined {
  if (name.includes('/') || path.isAbsolute(name)) {
    for (const base of [fromDir, ctx.playbookDir]) {
      const p = path.resolve(base, name);
      if (isDir(p)) return p;
    }
  }
  const short = name;
  const dirs = [
    path.join(ctx.playbookDir, 'roles'),
    ...(parent ? [path.dirname(parent.path)] : []),
    ...ctx.rolesPath,
    ctx.playbookDir,
  ];
  for (const dir of dirs) {
    const p = path.join(dir, short);
    if (isDir(p)) return p;
  }
  return undefined;
}

/** `main.yml`, `main.yaml` or `main` (or the `*_from` name) inside a role sub-directory. */
function roleFile(rolePath: string, sub: string, name: string): string | undefined {
  const base = path.join(rolePath, sub, name);
  for (const c of [base, `${base}.yml`, `${base}.yaml`]) if (existsSync(c) && !isDir(c)) return c;
  return undefined;
}

async function loadVarsFile(
  ctx: RoleLoadContext,
  rolePath: string,
  sub: string,
  name: string,
): Promise<Map<string, PyValue>> {
  const file = roleFile(rolePath, sub, name);
  const out = new Map<string, PyValue>();
  if (!file) return out;
  const { value } = await ctx.readYamlFile(file);
  const v = resolve(value);
  if (v === null) return out;
  if (!(v instanceof Map))
    throw new PlayError('play-syntax', `${sub} file must hold a mapping`, { file });
  for (const [k, val] of v) out.set(pyStr(k), val);
  return out;
}

/** Split a role entry (string or mapping) into name, keywords and params. */
function parseEntry(
  entry: PyValue,
  origin: Origin,
  forInclude: boolean,
): { name: string; kw: Keywords; params: Map<string, PyValue>; from: Map<string, PyValue> } {
  const v = resolve(entry);
  if (typeof v === 'string') return { name: v, kw: new Map(), params: new Map(), from: new Map() };
  if (!(v instanceof Map))
    throw new PlayError('play-syntax', 'a role entry must be a name or a mapping', origin);
  const kw: Keywords = new Map();
  const params = new Map<string, PyValue>();
  const from = new Map<string, PyValue>();
  let name: PyValue = null;
  for (const [k, val] of v) {
    const key = pyStr(k);
    if (key === 'role' || key === 'name') {
      name = resolve(val);
      continue;
    }
    if (forInclude && INCLUDE_ROLE_ARGS.has(key)) {
      from.set(key, val);
      continue;
    }
    if (!forInclude && ROLE_KEYWORDS.has(key)) {
      refuseUnsupported(key, origin);
      kw.set(key, val);
      continue;
    }
    params.set(key, val);
  }
  if (typeof name !== 'string')
    throw new PlayError('play-role', "role entry without 'role:' (or 'name:')", origin);
  return { name, kw, params, from };
}

export async function loadRole(
  entry: PyValue,
  origin: Origin,
  fromDir: string,
  ctx: RoleLoadContext,
  options: { parent?: RoleInstance; forInclude?: boolean } = {},
): Promise<RoleInstance> {
  const { name, kw, params, from } = parseEntry(entry, origin, options.forInclude ?? false);
  const templatedName = pyStr(ctx.templateStatic(name));
  const rolePath = findRole(templatedName, fromDir, ctx, options.parent);
  if (!rolePath) {
    const searched = [path.join(ctx.playbookDir, 'roles'), ...ctx.rolesPath, ctx.playbookDir].join(
      ':',
    );
    throw new PlayError(
      'play-role',
      `the role '${templatedName}' was not found in ${searched}`,
      origin,
    );
  }
  const fromName = (key: string): string => {
    const v = from.get(key);
    return v === undefined ? 'main' : pyStr(ctx.templateStatic(v));
  };
  const role: RoleInstance = {
    name: path.basename(rolePath),
    path: rolePath,
    params,
    kw,
    defaults: await loadVarsFile(ctx, rolePath, 'defaults', fromName('defaults_from')),
    vars: await loadVarsFile(ctx, rolePath, 'vars', fromName('vars_from')),
    tasks: [],
    handlers: [],
    deps: [],
    allowDuplicates: false,
    parent: options.parent,
  };
  const meta = roleFile(rolePath, 'meta', 'main');
  if (meta) {
    const { value, positions } = await ctx.readYamlFile(meta);
    const m = resolve(value);
    if (m instanceof Map) {
      role.allowDuplicates = resolve(m.get('allow_duplicates') ?? false) === true;
      const deps = resolve(m.get('dependencies') ?? null);
      if (isSequence(deps)) {
        for (const dep of deps) {
          const depOrigin = {
            file: meta,
            line: typeof dep === 'object' && dep !== null ? positions.get(dep)?.line : undefined,
          };
          role.deps.push(await loadRole(dep, depOrigin, rolePath, ctx, { parent: role }));
        }
      }
    }
  }
  const tasksName = fromName('tasks_from');
  const tasksFile = roleFile(rolePath, 'tasks', tasksName);
  if (tasksFile) {
    const { value, positions } = await ctx.readYamlFile(tasksFile);
    role.tasks = await loadTaskList(value, { file: tasksFile, positions, role }, ctx);
  } else if (tasksName !== 'main') {
    throw new PlayError(
      'play-file',
      `role '${role.name}' has no tasks file '${tasksName}'`,
      origin,
    );
  }
  const handlersFile = roleFile(rolePath, 'handlers', fromName('handlers_from'));
  if (handlersFile) {
    const { value, positions } = await ctx.readYamlFile(handlersFile);
    role.handlers = await loadTaskList(
      value,
      { file: handlersFile, positions, role, handlers: true },
      ctx,
    );
  }
  return role;
}

/** A play's roles with their dependencies, each dependency before the role needing it. */
export function allRoles(roles: RoleInstance[]): RoleInstance[] {
  return roles.flatMap((r) => [...allRoles(r.deps), r]);
}
