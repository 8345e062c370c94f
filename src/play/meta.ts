/** `meta:` tasks: flush_handlers, end_play/end_batch/end_host, clear_host_errors, clear_facts, no-ops. */
import { pyStr } from '../py/repr.js';
import { PlayError } from './errors.js';
import { flushHandlers } from './handlers.js';
import { taskScope, type Inherited } from './scope.js';
import type { Engine, PlayState } from './state.js';
import type { TaskNode } from './types.js';

export async function runMeta(
  engine: Engine,
  task: TaskNode,
  hosts: string[],
  inh: Inherited,
  state: PlayState,
): Promise<void> {
  const what = pyStr(task.args.get('_raw_params') ?? task.args.get('free_form') ?? '');
  const when = task.kw.get('when');
  const holds = (h: string): boolean =>
    when === undefined ||
    engine.templar.evaluateConditional(when, taskScope(engine, state, h, inh), {
      file: task.origin.file,
      line: task.origin.line,
    });
  switch (what) {
    case 'flush_handlers':
      return flushHandlers(engine, state, hosts, state.forceHandlers ?? false);
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
