/** Running the notified handlers (end of each play section and meta: flush_handlers), in definition order. */
import type { PyValue } from '../py/values.js';
import { recordResult } from './record.js';
import { inherit, rootInherited } from './scope.js';
import { liveHosts, type Engine, type PlayState } from './state.js';
import { runTaskOnHost } from './task.js';
import { taskDisplayName } from './task-name.js';

export async function flushHandlers(
  engine: Engine,
  state: PlayState,
  hosts: string[],
  includeFailed = false,
): Promise<void> {
  for (const handler of state.handlers) {
    const notified = state.notified.get(handler);
    if (!notified || notified.size === 0) continue;
    const targets = liveHosts(engine, hosts, includeFailed).filter((h) => notified.has(h));
    state.notified.delete(handler);
    if (!targets.length) continue;
    const inh = inherit(
      rootInherited(state),
      handler.role?.kw ?? new Map<string, PyValue>(),
      handler.role,
    );
    engine.out.emit({
      event: 'task_start',
      name: taskDisplayName(engine, state, handler, inh, targets[0]),
      handler: true,
    });
    for (const h of targets)
      recordResult(
        engine,
        state,
        handler,
        h,
        await runTaskOnHost(engine, state, handler, h, inh),
        0,
        inh,
      );
  }
}
