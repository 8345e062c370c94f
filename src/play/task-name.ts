/** The name a task's banner shows: its templated `name` (else its action), role-prefixed. */
import { pyStr } from '../py/repr.js';
import { taskScope, type Inherited } from './scope.js';
import type { Engine, PlayState } from './state.js';
import type { TaskNode } from './types.js';

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
    if (roleName !== undefined) name = `${task.actionAsWritten} : ${pyStr(roleName)}`;
  }
  if (raw !== undefined && raw !== null) {
    name = pyStr(raw);
    if (host && engine.templar.isTemplate(name)) {
      try {
        name = pyStr(engine.templar.template(raw, taskScope(engine, state, host, inh)));
      } catch {
        /* Ansible keeps the raw name */
      }
    }
  }
  const role = task.role ?? inh.role;
  return role ? `${role.name} : ${name}` : name;
}
