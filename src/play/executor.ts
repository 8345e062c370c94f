/**
 * The linear strategy: each task runs on every live host before the next one; blocks with
 * rescue/always, handlers flushed after each section, tags, start-at-task, any_errors_fatal.
 * Results, handlers, meta tasks and dynamic includes have their own files.
 */
import { boolean } from '../ansible/boolean.js';
import { truthy } from '../py/ops.js';
import { messageOf } from '../errors.js';
import { pyStr } from '../py/repr.js';
import { resolve, type PyValue } from '../py/values.js';
import { PlayError } from './errors.js';
import { flushHandlers } from './handlers.js';
import { announceIncludes, runInclude } from './includes.js';
import { runMeta } from './meta.js';
import { recordResult } from './record.js';
import { inherit, rootInherited, tagList, taskScope, type Inherited } from './scope.js';
import { liveHosts, type Engine, type PlayState } from './state.js';
import { selectedByTags } from './tags.js';
import { runTaskOnHost, type TaskOutcome } from './task.js';
import { taskDisplayName } from './task-name.js';
import { roleBlock } from './tasks.js';
import type { Play, PlayNode, TaskNode } from './types.js';

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
    await flushHandlers(engine, state, hosts, force);
    const main: PlayNode[] = [...play.roles.map(roleBlock), ...play.tasks];
    await this.runNodes(main, hosts, root, state, 0);
    await flushHandlers(engine, state, hosts, force);
    await this.runNodes(play.postTasks, hosts, root, state, 0);
    await flushHandlers(engine, state, hosts, force);
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
    const targets = liveHosts(this.engine, hosts);
    if (!targets.length) return;
    this.engine.out.emit({ event: 'task_start', name: 'Gathering Facts', handler: false });
    for (const h of targets)
      recordResult(
        this.engine,
        state,
        task,
        h,
        await runTaskOnHost(this.engine, state, task, h, root),
        0,
      );
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
      const active = liveHosts(this.engine, hosts);
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
      const params = [...node.roleMain.params].map(([k, v]) => [k, pyStr(v)]);
      const key = `${node.roleMain.path}|${JSON.stringify(params)}`;
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
    if (!selectedByTags(engine, tags)) return;
    const name = taskDisplayName(engine, state, task, inh, hosts[0]);
    if (state.startAt !== undefined) {
      const plain = pyStr(task.kw.get('name') ?? '');
      if (state.startAt !== name && state.startAt !== plain) return;
      state.startAt = undefined;
    }
    engine.out.emit({ event: 'task_start', name, handler: false });
    state.fatalPending = false;
    if (task.action === 'meta') return runMeta(engine, task, hosts, inh, state);
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
      recordResult(engine, state, task, host, outcome, rescueDepth, inh);
      pending.push([host, outcome]);
      if (outcome.status === 'failed' && !outcome.ignored) {
        const fatal =
          task.kw.get('any_errors_fatal') ??
          inh.kw.get('any_errors_fatal') ??
          state.play.kw.get('any_errors_fatal');
        // Ansible's linear strategy reads the raw keyword, not its boolean(): Python truthiness,
        // so a string such as "no" is fatal there too.
        if (fatal !== undefined && truthy(resolve(fatal)) && rescueDepth === 0) fatalHit = true;
      }
    }
    if (fatalHit) {
      // any_errors_fatal: every host fails here (always sections still run), as the linear strategy does.
      for (const h of hosts) engine.hosts.get(h)!.failed = true;
      state.fatalPending = true;
      return;
    }
    announceIncludes(engine, pending);
    for (const [host, outcome] of pending) {
      for (const inc of outcome.includes)
        await runInclude(engine, this, task, host, inc, inh, state, rescueDepth);
    }
  }
}

/** Ansible's boolean() table; a value outside it is false here, where it is not templated first. */
function truthyStr(v: PyValue): boolean {
  return boolean(v, false);
}
