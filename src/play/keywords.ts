/**
 * The keywords Ansible 2.14 accepts on plays, blocks, roles and tasks (from its
 * playbook_keywords reference), split into what bosun implements and what it refuses. A keyword
 * outside both lists is not a keyword at all (for tasks: a module name). Nothing is ignored
 * silently: keywords that only matter for remote or multi-host runs (`serial`, `throttle`,
 * `remote_user`…) are accepted because running on the local host alone gives them their meaning
 * trivially; see docs/play.md.
 */

const BECOME = ['become', 'become_exe', 'become_flags', 'become_method', 'become_user'];
const COMMON = [
  'any_errors_fatal',
  ...BECOME,
  'check_mode',
  'collections',
  'connection',
  'debugger',
  'diff',
  'environment',
  'ignore_errors',
  'ignore_unreachable',
  'module_defaults',
  'name',
  'no_log',
  'port',
  'remote_user',
  'run_once',
  'tags',
  'throttle',
  'timeout',
  'vars',
];

export const PLAY_KEYWORDS = new Set([
  ...COMMON,
  'fact_path',
  'force_handlers',
  'gather_facts',
  'gather_subset',
  'gather_timeout',
  'handlers',
  'hosts',
  'max_fail_percentage',
  'order',
  'post_tasks',
  'pre_tasks',
  'roles',
  'serial',
  'strategy',
  'tasks',
  'vars_files',
  'vars_prompt',
]);
export const BLOCK_KEYWORDS = new Set([
  ...COMMON,
  'always',
  'block',
  'delegate_facts',
  'delegate_to',
  'notify',
  'rescue',
  'when',
]);
export const ROLE_KEYWORDS = new Set([...COMMON, 'delegate_facts', 'delegate_to', 'when']);
const TASK_KEYWORDS = new Set([
  ...COMMON,
  'action',
  'args',
  'async',
  'changed_when',
  'delay',
  'delegate_facts',
  'delegate_to',
  'failed_when',
  'local_action',
  'loop',
  'loop_control',
  'notify',
  'poll',
  'register',
  'retries',
  'until',
  'when',
]);
/** Handlers are tasks plus `listen`. */
const HANDLER_KEYWORDS = new Set([...TASK_KEYWORDS, 'listen']);

/** Keywords bosun refuses, with the reason printed to the user. */
export const UNSUPPORTED: Record<string, string> = {
  async: 'background tasks (async/poll) are not supported',
  poll: 'background tasks (async/poll) are not supported',
  debugger: 'the task debugger is not supported',
  vars_prompt: 'interactive prompts are not supported (pass the values with -e)',
  module_defaults: 'module_defaults is not supported',
  fact_path: 'local facts (fact_path) are not supported',
  port: 'remote connections are not supported (bosun runs on the local host only)',
  delegate_facts: 'delegate_facts is not supported',
};

export type Where = 'play' | 'block' | 'role' | 'task' | 'handler';

export function keywordsFor(where: Where): Set<string> {
  switch (where) {
    case 'play':
      return PLAY_KEYWORDS;
    case 'block':
      return BLOCK_KEYWORDS;
    case 'role':
      return ROLE_KEYWORDS;
    case 'task':
      return TASK_KEYWORDS;
    case 'handler':
      return HANDLER_KEYWORDS;
  }
}
