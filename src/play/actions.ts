/**
 * Action names: the engine's own actions (includes, imports, set_fact, meta…) and the modules of
 * src/modules/. Names also resolve under `ansible.builtin.`, `ansible.legacy.` and the collections a
 * module declares (`community.general.ini_file`).
 */
import { getModule } from '../modules/registry.js';

/** Actions the executor implements itself, because they change the play rather than the host. */
const ENGINE_ACTIONS = new Set([
  'include_tasks',
  'import_tasks',
  'include_role',
  'import_role',
  'include_vars',
  'set_fact',
  'meta',
  'add_host',
  'group_by',
  'gather_facts',
]);

/** Free-form engine actions and the `k=v` keys they accept. */
export const ENGINE_FREE_FORM: Record<string, readonly string[]> = {
  include_tasks: ['file', 'apply'],
  import_tasks: ['file'],
  include_vars: [
    'file',
    'dir',
    'name',
    'depth',
    'files_matching',
    'ignore_files',
    'extensions',
    'ignore_unknown_extensions',
    'hash_behaviour',
  ],
  meta: [],
};

/** Canonical name of an action, or undefined when no such module/action exists. */
export function canonicalAction(name: string): string | undefined {
  let short = name.replace(/^ansible\.(builtin|legacy)\./, '');
  // The deprecated task-level `include` (still in 2.14) behaves as include_tasks here.
  if (short === 'include') short = 'include_tasks';
  if (ENGINE_ACTIONS.has(short)) return short;
  return getModule(short)?.name;
  return undefined;
}
