/**
 * The linear strategy: each task runs on every live host before the next one; blocks with
 * rescue/always, handlers flushed after each section, tags, start-at-task, dynamic includes,
 * meta tasks and the per-host statistics of PLAY RECAP.
 */
import path from 'node:path';
import { messageOf } from '../errors.js';
import { pyStr } from '../py/repr.js';
import { fromJs, resolve, wrapVar, type PyValue } from '../py/values.js';
import { combineVars } from '../vars/merge.js';
import { parseYamlFile } from '../vars/parse.js';
import { PlayError } from './errors.js';
import { readYaml, roleContext } from './playbook.js';
import { loadRole } from './roles.js';
import { inherit, rootInherited, tagList, taskScope, type Inherited } from './scope.js';
import type { Engine, HostState, PlayState } from './state.js';
import { runTaskOnHost, type TaskOutcome } from './task.js';
import { loadTaskList, roleBlock } from './tasks.js';
import type { Play, PlayNode, RoleInstance, TaskNode } from './types.js';
import { newStats } from './output.js';

export function taskDisplayName(
  engine: Engine,
  state: PlayState,
  task: TaskNode,
  inh: Inherited,
  host?: string,
): string {
  const raw = task.kw.get('name');
  let name = task.actionAsWritten;
  if (task.action === 'include_role' || task.action === 'import_role') {
    const roleName = task.args.get('name');
    if (roleName !== undefined) name = `${task.actionAsWritten} : ${String(resolve(roleName))}`;
  }
  if (raw !== undefined && raw !== null) {
    name = String(resolve(raw));
    if (host && engine.templar.isTemplate(name)) {
      try {
        name = String(resolve(engine.templar.template(raw, taskScope(engine, state, host, inh))));
      } catch {
        /* Ansible keeps the raw name */
      }
    }
  }
  const role = task.role ?? inh.role;
  return role ? `${role.name} : ${name}` : name;
}

export function selectedByTags(
  engine: { opts: { tags: string[]; skipTags: string[] } },
  tags: string[],
): boolean {
  const { tags: only, skipTags } = engine.opts;
  const set = new Set(tags);
  if (skipTags.length) {
    if (skipTags.some((t) => set.has(t))) return false;
    if (skipTags.includes('tagged') && set.size > 0) return false;
    if (skipTags.includes('untagged') && set.size === 0) return false;
  }
  if (only.length === 0 || only.includes('all'))
    return !set.has('never') || (set.has('never') && only.some((t) => set.has(t) && t !== 'never'));
  if (set.has('always') && !skipTags.includes('always')) return true;
  if (only.includes('tagged') && set.size > 0)
    return !set.has('never') || only.some((t) => set.has(t));
  if (only.includes('untagged') && set.size === 0) return true;
  return only.some((t) => set.has(t));
}

function live(engine: Engine, hosts: string[], includeFailed = false): string[] {
  return hosts.filter((h) => {
    const s = engine.hosts.get(h)!;
    return !s.ended && (includeFailed || !s.failed);
  });
}

export class Executor {
  constructor(private readonly engine: Engine) {}

  async runPlay(play: Play, state: PlayState, hosts: string[]): Promise<void> {
    const engine = this.engine;
    const root = rootInherited(state);
    const gatherRaw = play.kw.get('gather_facts');
    const gather =
      gatherRaw === undefined
        ? engine.opts.gathering !== 'explicit'
        : truthyStr(
            resolve(engine.templar.template(gatherRaw, taskScope(engine, state, hosts[0]!, root))),
          );
    if (gather) await this.gatherFacts(state, hosts, root);
    // force_handlers (CLI, ansible.cfg or the play): notified handlers also run on failed hosts.
    // The play's keyword wins over the command line and ansible.cfg, as in Ansible.
    const force = play.kw.has('force_handlers')
      ? truthyStr(
          resolve(
            engine.templar.template(
              play.kw.get('force_handlers')!,
              taskScope(engine, state, hosts[0]!, root),
            ),
          ),
        )
      : engine.opts.forceHandlers;
    state.forceHandlers = force;
    await this.runNodes(play.preTasks, hosts, root, state, 0);
    await this.flushHandlers(state, hosts, force);
    const main: PlayNode[] = [...play.roles.map(roleBlock), ...play.tasks];
    await this.runNodes(main, hosts, root, state, 0);
    await this.flushHandlers(state, hosts, force);
    await this.runNodes(play.postTasks, hosts, root, state, 0);
    await this.flushHandlers(state, hosts, force);
    if (state.fatalPending) engine.out.emit({ event: 'no_hosts_remaining' });
  }

  private async gatherFacts(state: PlayState, hosts: string[], root: Inherited): Promise<void> {
    const task: TaskNode = {
      kind: 'task',
      action: 'setup',
      actionAsWritten: 'setup',
      args: new Map(),
      kw: new Map([['name', 'Gathering Facts']]),
      origin: state.play.origin,
    };
    const targets = live(this.engine, hosts);
    if (!targets.length) return;
    this.engine.out.emit({ event: 'task_start', name: 'Gathering Facts', handler: false });
    for (const h of targets)
      this.record(task, h, await runTaskOnHost(this.engine, state, task, h, root), 0, state);
  }

  async runNodes(
    nodes: PlayNode[],
    hosts: string[],
    inh: Inherited,
    state: PlayState,
    rescueDepth: number,
  ): Promise<void> {
    for (const node of nodes) {
      if (state.ended) return;
      const active = live(this.engine, hosts);
      if (!active.length) return;
      if (node.kind === 'block') await this.runBlock(node, active, inh, state, rescueDepth);
      else await this.runTask(node, active, inh, state, rescueDepth);
    }
  }

  private async runBlock(
    node: Extract<PlayNode, { kind: 'block' }>,
    hosts: string[],
    inh: Inherited,
    state: PlayState,
    rescueDepth: number,
  ): Promise<void> {
    if (node.roleMain) {
      const key = `${node.roleMain.path}|${JSON.stringify([...node.roleMain.params].map(([k, v]) => [k, String(resolve(v))]))}`;
      if (state.rolesRun.has(key) && !node.roleMain.allowDuplicates) return;
      state.rolesRun.add(key);
    }
    const child = inherit(inh, node.kw, node.role, node.origin.file);
    const before = new Set(hosts.filter((h) => this.engine.hosts.get(h)!.failed));
    await this.runNodes(
      node.block,
      hosts,
      child,
      state,
      rescueDepth + (node.rescue.length ? 1 : 0),
    );
    const failedInBlock = hosts.filter((h) => !before.has(h) && this.engine.hosts.get(h)!.failed);
    if (node.rescue.length && failedInBlock.length) {
      for (const h of failedInBlock) this.engine.hosts.get(h)!.failed = false;
      await this.runNodes(node.rescue, failedInBlock, child, state, rescueDepth);
    }
    if (node.always.length) {
      const stillFailed = hosts.filter((h) => !before.has(h) && this.engine.hosts.get(h)!.failed);
      for (const h of stillFailed) this.engine.hosts.get(h)!.failed = false;
      await this.runNodes(
        node.always,
        hosts.filter((h) => !this.engine.hosts.get(h)!.ended),
        child,
        state,
        rescueDepth,
      );
      for (const h of stillFailed) this.engine.hosts.get(h)!.failed = true;
    }
  }

  private async runTask(
    task: TaskNode,
    hosts: string[],
    inh: Inherited,
    state: PlayState,
    rescueDepth: number,
  ): Promise<void> {
    const engine = this.engine;
    let tags = [...inh.tags, ...tagList(task.kw.get('tags'))];
    if (tags.some((t) => engine.templar.isTemplate(t))) {
      // Templated tags render with the task's variables (first host), as Ansible does.
      const scope = taskScope(engine, state, hosts[0]!, inh);
      tags = tags.flatMap((t) => tagList(engine.templar.template(t, scope)));
    }
    const isInclude = task.action === 'include_tasks' || task.action === 'include_role';
    if (!selectedByTags(engine, tags) && !(isInclude && tags.length === 0 && false)) return;
    const name = taskDisplayName(engine, state, task, inh, hosts[0]);
    if (state.startAt !== undefined) {
      const plain = String(resolve(task.kw.get('name') ?? ''));
      if (state.startAt !== name && state.startAt !== plain) return;
      state.startAt = undefined;
    }
    engine.out.emit({ event: 'task_start', name, handler: false });
    state.fatalPending = false;
    if (task.action === 'meta') return this.runMeta(task, hosts, inh, state);
    const runOnce = task.kw.has('run_once') && truthyStr(resolve(task.kw.get('run_once')!));
    const targets = runOnce ? hosts.slice(0, 1) : hosts;
    const pending: [string, TaskOutcome][] = [];
    let fatalHit = false;
    for (const host of targets) {
      let outcome: TaskOutcome;
      try {
        outcome = await runTaskOnHost(engine, state, task, host, inh);
      } catch (err) {
        if (!(err instanceof PlayError) && !(err instanceof Error && 'code' in err)) throw err;
        if (
          err instanceof PlayError &&
          ['play-host', 'play-unsupported', 'play-module'].includes(err.code)
        )
          throw err;
        outcome = {
          status: 'failed',
          result: { failed: true, msg: messageOf(err) },
          ignored: false,
          includes: [],
        };
        const ie = task.kw.get('ignore_errors') ?? inh.kw.get('ignore_errors');
        outcome.ignored = ie !== undefined && truthyStr(resolve(ie));
      }
      this.record(task, host, outcome, rescueDepth, state, inh);
      pending.push([host, outcome]);
      if (outcome.status === 'failed' && !outcome.ignored) {
        const fatal =
          task.kw.get('any_errors_fatal') ??
          inh.kw.get('any_errors_fatal') ??
          state.play.kw.get('any_errors_fatal');
        if (fatal !== undefined && truthyStr(resolve(fatal)) && rescueDepth === 0) fatalHit = true;
      }
    }
    if (fatalHit) {
      // any_errors_fatal: every host fails here (always sections still run), as the linear strategy does.
      for (const h of hosts) engine.hosts.get(h)!.failed = true;
      state.fatalPending = true;
      return;
    }
    // Ansible announces every include first, then runs them in order.
    for (const [host, outcome] of pending) {
      for (const inc of outcome.includes) {
        const include = inc.result.include;
        if (include?.kind !== 'tasks') continue;
        const loopVar = inc.vars.get('ansible_loop_var');
        const item =
          loopVar === undefined ? undefined : pyStr(inc.vars.get(String(resolve(loopVar))) ?? null);
        engine.out.emit({ event: 'included', host, file: include.file, item });
      }
    }
    for (const [host, outcome] of pending) {
      for (const inc of outcome.includes)
        await this.runInclude(task, host, inc, inh, state, rescueDepth);
    }
  }

  /** Stats, output and handler notification for one host's result. */
  private record(
    task: TaskNode,
    host: string,
    o: TaskOutcome,
    rescueDepth: number,
    state: PlayState,
    inh?: Inherited,
    handler = false,
  ): void {
    const engine = this.engine;
    const hs = engine.hosts.get(host)!;
    const looped =
      Array.isArray(o.result.results) &&
      [...task.kw.keys()].some((k) => k === 'loop' || k.startsWith('with_'));
    const isInclude = task.action === 'include_tasks' || task.action === 'include_role';
    if (!looped && !(isInclude && o.status !== 'skipped' && o.status !== 'failed')) {
      engine.out.emit({
        event: 'result',
        host,
        status: o.status,
        result: o.result,
        action: task.action,
        ignored: o.ignored,
      });
    } else if (o.ignored) {
      engine.out.emit({ event: 'ignoring', host });
    }
    const s = hs.stats;
    if (o.status === 'skipped') {
      s.skipped++;
      return;
    }
    if (o.status === 'failed') {
      if (o.ignored) {
        s.ok++;
        s.ignored++;
        if (o.result.changed === true) s.changed++;
        return;
      }
      if (rescueDepth > 0) {
        s.rescued++;
        hs.nonpersistent.set('ansible_failed_result', fromResult(o.result));
        hs.nonpersistent.set(
          'ansible_failed_task',
          new Map<PyValue, PyValue>([
            ['name', String(resolve(task.kw.get('name') ?? task.action))],
            ['action', task.action],
          ]),
        );
      } else s.failed++;
      hs.failed = true;
      return;
    }
    if (isInclude) {
      // Ansible counts each included file as ok (include_role counts nothing).
      if (task.action === 'include_tasks') s.ok += o.includes.length;
      return;
    }
    s.ok++;
    if (o.status === 'changed') {
      s.changed++;
      if (!handler || true) this.notify(task, host, inh, state);
    }
  }

  private notify(task: TaskNode, host: string, inh: Inherited | undefined, state: PlayState): void {
    const raw = task.kw.get('notify') ?? inh?.kw.get('notify');
    if (raw === undefined) return;
    const r = resolve(raw);
    const names = (Array.isArray(r) ? r : [r]).map((n) => String(resolve(n)));
    for (const name of names) {
      const matches = state.handlers.filter((h) =>
        h.listen?.some((l) => l === name || (h.role && `${h.role.name} : ${l}` === name)),
      );
      if (!matches.length)
        throw new PlayError(
          'play-syntax',
          `The requested handler '${name}' was not found in either the main handlers list nor in the listening handlers list`,
          task.origin,
        );
      for (const h of matches) {
        let set = state.notified.get(h);
        if (!set) state.notified.set(h, (set = new Set()));
        set.add(host);
      }
    }
  }

  async flushHandlers(state: PlayState, hosts: string[], includeFailed = false): Promise<void> {
    for (const handler of state.handlers) {
      const notified = state.notified.get(handler);
      if (!notified || notified.size === 0) continue;
      const targets = live(this.engine, hosts, includeFailed).filter((h) => notified.has(h));
      state.notified.delete(handler);
      if (!targets.length) continue;
      const inh = inherit(rootInherited(state), handler.role?.kw ?? new Map(), handler.role);
      this.engine.out.emit({
        event: 'task_start',
        name: taskDisplayName(this.engine, state, handler, inh, targets[0]),
        handler: true,
      });
      for (const h of targets)
        this.record(
          handler,
          h,
          await runTaskOnHost(this.engine, state, handler, h, inh),
          0,
          state,
          inh,
          true,
        );
    }
  }

  private async runMeta(
    task: TaskNode,
    hosts: string[],
    inh: Inherited,
    state: PlayState,
  ): Promise<void> {
    const what = String(resolve(task.args.get('_raw_params') ?? task.args.get('free_form') ?? ''));
    const engine = this.engine;
    const when = task.kw.get('when');
    const holds = (h: string): boolean =>
      when === undefined ||
      engine.templar.evaluateConditional(when, taskScope(engine, state, h, inh), {
        file: task.origin.file,
        line: task.origin.line,
      });
    switch (what) {
      case 'flush_handlers':
        return this.flushHandlers(state, hosts, state.forceHandlers ?? false);
      case 'noop':
      case 'refresh_inventory':
      case 'reset_connection':
        return;
      case 'end_play':
      case 'end_batch':
        if (hosts.some(holds)) state.ended = true;
        return;
      case 'end_host':
        for (const h of hosts) if (holds(h)) engine.hosts.get(h)!.ended = true;
        return;
      case 'clear_host_errors':
        for (const h of engine.hosts.values()) h.failed = false;
        return;
      case 'clear_facts':
        for (const h of hosts) if (holds(h)) engine.hosts.get(h)!.facts.clear();
        return;
      default:
        throw new PlayError(
          'play-unsupported',
          `meta action '${what}' is not supported`,
          task.origin,
        );
    }
  }

  private async runInclude(
    task: TaskNode,
    host: string,
    inc: TaskOutcome['includes'][number],
    inh: Inherited,
    state: PlayState,
    rescueDepth: number,
  ): Promise<void> {
    const engine = this.engine;
    const kw = new Map(task.kw);
    kw.delete('when');
    kw.delete('tags');
    kw.delete('vars');
    kw.delete('loop');
    kw.delete('register');
    const child = inherit(inh, kw, inh.role, task.origin.file);
    const params = new Map(inh.includeParams);
    const tv = resolve(task.kw.get('vars') ?? null);
    if (tv instanceof Map) for (const [k, v] of tv) params.set(String(k), v);
    for (const [k, v] of inc.vars) params.set(k, v);
    child.includeParams = params;
    const apply = resolve(inc.result.include?.args.get('apply') ?? null);
    const applied =
      apply instanceof Map
        ? inherit(
            child,
            new Map([...apply].map(([k, v]) => [String(k), v])),
            undefined,
            task.origin.file,
          )
        : child;
    const include = inc.result.include!;
    if (include.kind === 'tasks') {
      const { value, positions } = await readYaml(include.file, engine.opts.decrypt);
      const ctx = roleContext(state.play.dir, {
        rolesPath: engine.opts.rolesPath,
        decrypt: engine.opts.decrypt,
      });
      const nodes = await loadTaskList(
        value,
        { file: include.file, positions, role: inh.role },
        ctx,
      );
      await this.runNodes(nodes, [host], applied, state, rescueDepth);
    } else {
      const ctx = roleContext(state.play.dir, {
        rolesPath: engine.opts.rolesPath,
        decrypt: engine.opts.decrypt,
      });
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
      await this.runNodes([block], [host], applied, state, rescueDepth);
    }
  }
}

export function flattenTasks(nodes: PlayNode[]): TaskNode[] {
  return nodes.flatMap((n) =>
    n.kind === 'task'
      ? [n]
      : [...flattenTasks(n.block), ...flattenTasks(n.rescue), ...flattenTasks(n.always)],
  );
}

export function allRoles(roles: RoleInstance[]): RoleInstance[] {
  return roles.flatMap((r) => [...allRoles(r.deps), r]);
}

function truthyStr(v: PyValue): boolean {
  if (typeof v === 'string') return ['yes', 'true', 'on', '1', 'y', 't'].includes(v.toLowerCase());
  return Boolean(v);
}

/** ansible_failed_result: a task's result, unsafe as registered results are. */
function fromResult(r: Record<string, unknown>): PyValue {
  return wrapVar(fromJs(r));
}

export function newHostState(name: string): HostState {
  return {
    name,
    facts: new Map(),
    varsCache: new Map(),
    nonpersistent: new Map(),
    failed: false,
    ended: false,
    stats: newStats(),
  };
}

/** Play vars and vars_files (templated names, vaulted files allowed). */
export async function playVariables(
  engine: Engine,
  play: Play,
): Promise<{ playVars: Map<string, PyValue>; varsFilesVars: Map<string, PyValue> }> {
  let playVars = new Map<string, PyValue>();
  for (const key of ['_vars', 'vars']) {
    const v = resolve(play.kw.get(key) ?? null);
    // A list of mappings is the old form Ansible still accepts.
    const maps = Array.isArray(v) ? v.map((x) => resolve(x)) : [v];
    for (const m of maps) {
      if (m instanceof Map) playVars = combineVars(playVars, m, engine.opts.hashBehaviour);
      else if (m !== null)
        throw new PlayError(
          'play-syntax',
          "'vars' must be a mapping (or a list of mappings)",
          play.origin,
        );
    }
  }
  let varsFilesVars = new Map<string, PyValue>();
  for (const entry of play.varsFiles) {
    const base = new Map([...playVars, ...engine.opts.extraVars]);
    const scope = {
      get: (k: string) => base.get(k),
      has: (k: string) => base.has(k),
      keys: () => base.keys(),
    };
    const candidates = Array.isArray(resolve(entry)) ? (resolve(entry) as PyValue[]) : [entry];
    let loaded = false;
    for (const c of candidates) {
      const name = String(resolve(engine.templar.template(c, scope)));
      const file = path.resolve(play.dir, name);
      try {
        const { value } = await parseYamlFile(file, engine.opts.decrypt);
        const v = resolve(value);
        if (v instanceof Map)
          varsFilesVars = combineVars(varsFilesVars, v, engine.opts.hashBehaviour);
        loaded = true;
        break;
      } catch (err) {
        if (
          candidates.length === 1 ||
          !(err instanceof Error && 'code' in err && err.code === 'vars-file')
        )
          throw err;
      }
    }
    if (!loaded)
      throw new PlayError(
        'play-file',
        `vars_files: none of ${JSON.stringify(candidates)} could be loaded`,
        play.origin,
      );
  }
  return { playVars, varsFilesVars };
}
