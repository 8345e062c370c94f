/** The loaded form of playbooks: plays, blocks, tasks and roles, each knowing where it came from. */
import type { PyValue } from '../py/values.js';

export interface Origin {
  file: string;
  line?: number;
}

/** Keywords as written (raw, templated at run time). */
export type Keywords = Map<string, PyValue>;

export interface TaskNode {
  kind: 'task';
  /** Canonical action name (`copy`, `include_tasks`…), without the `ansible.builtin.` prefix. */
  action: string;
  /** The action as written (for messages and the default task name). */
  actionAsWritten: string;
  args: Map<string, PyValue>;
  kw: Keywords;
  origin: Origin;
  role?: RoleInstance;
  /** Handlers only: names it answers to (its name and its `listen` topics). */
  listen?: string[];
}

export interface BlockNode {
  kind: 'block';
  block: PlayNode[];
  rescue: PlayNode[];
  always: PlayNode[];
  kw: Keywords;
  origin: Origin;
  role?: RoleInstance;
  /** Set for blocks made by a static import (import_tasks/import_role): not shown, keywords inherited. */
  implicit?: boolean;
  /** Set on the block that runs a role (its dependencies then its tasks): roles run once per play. */
  roleMain?: RoleInstance;
}

export type PlayNode = TaskNode | BlockNode;

export interface RoleInstance {
  name: string;
  path: string;
  params: Map<string, PyValue>;
  defaults: Map<string, PyValue>;
  vars: Map<string, PyValue>;
  tasks: PlayNode[];
  handlers: PlayNode[];
  deps: RoleInstance[];
  /** Keywords from the role entry (when, tags, become…), inherited by its tasks. */
  kw: Keywords;
  allowDuplicates: boolean;
  parent?: RoleInstance;
}

export interface Play {
  name: string;
  hosts: string;
  kw: Keywords;
  origin: Origin;
  /** Directory of the playbook holding this play (playbook_dir). */
  dir: string;
  varsFiles: PyValue[];
  preTasks: PlayNode[];
  roles: RoleInstance[];
  tasks: PlayNode[];
  postTasks: PlayNode[];
  handlers: PlayNode[];
}
