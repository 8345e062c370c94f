/**
 * Playbook files → plays. Each play's keywords are checked against Ansible 2.14's list;
 * `import_playbook` is followed (its `vars`, `tags` and `when` apply to the imported plays).
 */
import path from 'node:path';
import { pyStr } from '../py/repr.js';
import { isSequence, resolve, type PyValue } from '../py/values.js';
import { VarsError } from '../vars/errors.js';
import { YamlError } from '../yaml/errors.js';
import { parseYamlFile, type Decrypt, type Position } from '../vars/parse.js';
import { PlayError } from './errors.js';
import { PLAY_KEYWORDS } from './keywords.js';
import { loadRole, type RoleLoadContext } from './roles.js';
import { loadTaskList, refuseUnsupported } from './tasks.js';
import type { Keywords, Play, RoleInstance } from './types.js';

export interface PlaybookLoadOptions {
  rolesPath: string[];
  decrypt?: Decrypt;
  /** Templating of static names (import_tasks file names…) with load-time variables (the play's vars). */
  templateStatic?: (value: PyValue, vars?: Map<string, PyValue>) => PyValue;
}

/**
 * Read a YAML file for the loader: a missing file is a PlayError 'play-file', a YAML syntax error
 * a 'play-syntax' one (same message and position; exit 4 as ansible-playbook's parser errors).
 */
export async function readYaml(
  file: string,
  decrypt?: Decrypt,
): Promise<{ value: PyValue; positions: WeakMap<object, Position> }> {
  try {
    return await parseYamlFile(file, decrypt);
  } catch (err) {
    if (err instanceof VarsError && err.code === 'vars-file')
      throw new PlayError('play-file', err.message, { file, cause: err });
    if (err instanceof YamlError)
      throw new PlayError('play-syntax', err.message, {
        file: err.file,
        line: err.line,
        column: err.column,
        source: err.source,
        cause: err,
      });
    throw err;
  }
}

export function roleContext(
  playbookDir: string,
  options: PlaybookLoadOptions,
  vars?: Map<string, PyValue>,
): RoleLoadContext {
  const template = options.templateStatic;
  const ctx: RoleLoadContext = {
    rolesPath: options.rolesPath,
    playbookDir,
    readYamlFile: (f) => readYaml(f, options.decrypt),
    templateStatic: template ? (v) => template(v, vars) : (v) => v,
    loadRole: (entry, origin, fromDir, parent) =>
      loadRole(entry, origin, fromDir, ctx, { parent, forInclude: true }),
  };
  return ctx;
}

export async function loadPlaybook(
  file: string,
  options: PlaybookLoadOptions,
  inherited: Keywords = new Map(),
): Promise<Play[]> {
  const abs = path.resolve(file);
  const { value, positions } = await readYaml(abs, options.decrypt);
  const list = resolve(value);
  // ansible-playbook: "Empty playbook, nothing to do" (a parser error, as for an imported one).
  if (list === null || (isSequence(list) && list.length === 0))
    throw new PlayError('play-syntax', `Empty playbook, nothing to do: ${abs}`);
  if (!isSequence(list))
    throw new PlayError('play-syntax', 'a playbook must be a list of plays', {
      file: abs,
      line: 1,
    });
  const dir = path.dirname(abs);
  const plays: Play[] = [];
  for (const item of list) {
    const entry = resolve(item);
    const line =
      typeof entry === 'object' && entry !== null ? positions.get(entry)?.line : undefined;
    const origin = { file: abs, line };
    if (!(entry instanceof Map))
      throw new PlayError('play-syntax', 'a play must be a mapping', origin);
    const imp = entry.get('import_playbook') ?? entry.get('ansible.builtin.import_playbook');
    if (imp !== undefined) {
      const kw: Keywords = new Map(inherited);
      for (const [k, v] of entry) {
        const key = pyStr(k);
        if (key === 'import_playbook' || key === 'ansible.builtin.import_playbook') continue;
        if (key === 'vars' || key === 'tags' || key === 'when' || key === 'name')
          kw.set(
            key === 'when'
              ? '_when'
              : key === 'vars'
                ? '_vars'
                : key === 'tags'
                  ? '_tags'
                  : '_import_name',
            v,
          );
        else
          throw new PlayError(
            'play-keyword',
            `'${key}' is not a valid attribute for import_playbook`,
            origin,
          );
      }
      const target = pyStr(options.templateStatic ? options.templateStatic(imp) : imp);
      plays.push(...(await loadPlaybook(path.resolve(dir, target), options, kw)));
      continue;
    }
    if (entry.has('include'))
      throw new PlayError(
        'play-keyword',
        "'include' is not supported: use import_playbook",
        origin,
      );
    plays.push(await loadPlay(entry, abs, positions, options, inherited));
  }
  return plays;
}

async function loadPlay(
  entry: Map<PyValue, PyValue>,
  file: string,
  positions: WeakMap<object, Position>,
  options: PlaybookLoadOptions,
  inherited: Keywords,
): Promise<Play> {
  const origin = { file, line: positions.get(entry)?.line };
  const kw: Keywords = new Map(inherited);
  for (const [k, v] of entry) {
    const key = pyStr(k);
    if (!PLAY_KEYWORDS.has(key))
      throw new PlayError('play-keyword', `'${key}' is not a valid attribute for a Play`, origin);
    refuseUnsupported(key, origin);
    kw.set(key, v);
  }
  const hostsRaw = resolve(entry.get('hosts') ?? null);
  if (hostsRaw === null)
    throw new PlayError('play-syntax', "the field 'hosts' is required but was not set", origin);
  const hosts = isSequence(hostsRaw) ? hostsRaw.map((h) => pyStr(h)).join(',') : pyStr(hostsRaw);
  const dir = path.dirname(file);
  // Static names (import_role/import_tasks/roles) template with the play's vars, as Ansible does.
  const staticVars = new Map<string, PyValue>();
  for (const key of ['_vars', 'vars']) {
    const v = resolve(kw.get(key) ?? null);
    for (const m of isSequence(v) ? v.map((x) => resolve(x)) : [v])
      if (m instanceof Map) for (const [k, x] of m) staticVars.set(pyStr(k), x);
  }
  const ctx = roleContext(dir, options, staticVars);
  const opts = { file, positions };
  const roles: RoleInstance[] = [];
  const rolesList = resolve(entry.get('roles') ?? null);
  if (rolesList !== null) {
    if (!isSequence(rolesList))
      throw new PlayError('play-syntax', "'roles' must be a list", origin);
    for (const r of rolesList) {
      const rOrigin = {
        file,
        line:
          typeof r === 'object' && r !== null
            ? (positions.get(r)?.line ?? origin.line)
            : origin.line,
      };
      roles.push(await loadRole(r, rOrigin, dir, ctx));
    }
  }
  const varsFilesRaw = resolve(entry.get('vars_files') ?? null);
  const varsFiles =
    varsFilesRaw === null ? [] : isSequence(varsFilesRaw) ? varsFilesRaw : [varsFilesRaw];
  const name = resolve(entry.get('name') ?? null);
  return {
    name: typeof name === 'string' ? name : hosts,
    hosts,
    kw,
    origin,
    dir,
    varsFiles,
    preTasks: await loadTaskList(entry.get('pre_tasks') ?? null, opts, ctx),
    roles,
    tasks: await loadTaskList(entry.get('tasks') ?? null, opts, ctx),
    postTasks: await loadTaskList(entry.get('post_tasks') ?? null, opts, ctx),
    handlers: await loadTaskList(entry.get('handlers') ?? null, { ...opts, handlers: true }, ctx),
  };
}
