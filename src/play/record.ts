/** One host's task result: its output line, PLAY RECAP counts, rescue variables, notified handlers. */
import { pyStr } from '../py/repr.js';
import { fromJs, wrapVar, type PyValue } from '../py/values.js';
import { notifyHandlers } from './notify.js';
import type { Inherited } from './scope.js';
import type { Engine, PlayState } from './state.js';
import type { TaskOutcome } from './task.js';
import type { TaskNode } from './types.js';

export function recordResult(
  engine: Engine,
  state: PlayState,
  task: TaskNode,
  host: string,
  o: TaskOutcome,
  rescueDepth: number,
  inh?: Inherited,
): void {
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
          ['name', pyStr(task.kw.get('name') ?? task.action)],
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
    // Handlers notify too: a changed handler can trigger another one.
    notifyHandlers(state, task, host, inh);
  }
}

/** ansible_failed_result: a task's result, unsafe as registered results are. */
function fromResult(r: Record<string, unknown>): PyValue {
  return wrapVar(fromJs(r));
}
