/** Handler notification: a changed task's `notify` names mark the handlers due on its host. */
import { pyStr } from '../py/repr.js';
import { isSequence, resolve } from '../py/values.js';
import { PlayError } from './errors.js';
import type { Inherited } from './scope.js';
import type { PlayState } from './state.js';
import type { TaskNode } from './types.js';

export function notifyHandlers(
  state: PlayState,
  task: TaskNode,
  host: string,
  inh: Inherited | undefined,
): void {
  const raw = task.kw.get('notify') ?? inh?.kw.get('notify');
  if (raw === undefined) return;
  const r = resolve(raw);
  const names = (isSequence(r) ? r : [r]).map((n) => pyStr(n));
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
