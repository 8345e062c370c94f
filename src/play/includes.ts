/** Dynamic includes (include_tasks, include_role): announced after the task, then run per host. */
import path from 'node:path';
import { pyStr } from '../py/repr.js';
import { isDict, resolve, type PyValue } from '../py/values.js';
import { readYaml, roleContext } from './playbook.js';
import { loadRole } from './roles.js';
import { inherit, type Inherited } from './scope.js';
import type { Engine, PlayState } from './state.js';
import type { TaskOutcome } from './task.js';
import { flattenTasks, loadTaskList, roleBlock } from './tasks.js';
import type { PlayNode, TaskNode } from './types.js';

/** What runs the loaded nodes of an include (the strategy). */
export interface NodeRunner {
  runNodes(
    nodes: PlayNode[],
    hosts: string[],
    inh: Inherited,
    state: PlayState,
    rescueDepth: number,
  ): Promise<void>;
}

/** The `included: FILE for HOST` lines: Ansible announces every include before running any. */
export function announceIncludes(engine: Engine, pending: [string, TaskOutcome][]): void {
  for (const [host, outcome] of pending) {
    for (const inc of outcome.includes) {
      const include = inc.result.include;
      if (include?.kind !== 'tasks') continue;
      const loopVar = inc.vars.get('ansible_loop_var');
      const item = loopVar === undefined ? undefined : pyStr(inc.vars.get(pyStr(loopVar)) ?? null);
      engine.out.emit({ event: 'included', host, file: include.file, item });
    }
  }
}

export async function runInclude(
  engine: Engine,
  runner: NodeRunner,
  task: TaskNode,
  host: string,
  inc: TaskOutcome['includes'][number],
  inh: Inherited,
  state: PlayState,
  rescueDepth: number,
): Promise<void> {
  const kw = new Map(task.kw);
  kw.delete('when');
  kw.delete('tags');
  kw.delete('vars');
  kw.delete('loop');
  kw.delete('register');
  const child = inherit(inh, kw, inh.role, task.origin.file);
  const params = new Map(inh.includeParams);
  const tv = resolve(task.kw.get('vars') ?? null);
  if (isDict(tv)) for (const [k, v] of tv) params.set(pyStr(k), v);
  for (const [k, v] of inc.vars) params.set(k, v);
  child.includeParams = params;
  const apply = resolve(inc.result.include?.args.get('apply') ?? null);
  const applied = isDict(apply)
    ? inherit(
        child,
        new Map([...apply].map(([k, v]) => [pyStr(k), v])),
        undefined,
        task.origin.file,
      )
    : child;
  const include = inc.result.include!;
  const ctx = roleContext(state.play.dir, {
    rolesPath: engine.opts.rolesPath,
    decrypt: engine.opts.decrypt,
  });
  if (include.kind === 'tasks') {
    const { value, positions } = await readYaml(include.file, engine.opts.decrypt);
    const nodes = await loadTaskList(value, { file: include.file, positions, role: inh.role }, ctx);
    await runner.runNodes(nodes, [host], applied, state, rescueDepth);
  } else {
    const entry = new Map<PyValue, PyValue>(include.args);
    entry.delete('apply');
    const role = await loadRole(entry, task.origin, path.dirname(task.origin.file), ctx, {
      forInclude: true,
      parent: inh.role,
    });
    for (const [k, v] of params) if (!role.params.has(k)) role.params.set(k, v);
    state.roles.push(role);
    for (const h of flattenTasks(role.handlers)) state.handlers.push(h);
    const block = roleBlock(role);
    block.roleMain = undefined;
    await runner.runNodes([block], [host], applied, state, rescueDepth);
  }
}
