/** Run-time state shared by the executor's parts: options, per-host state, the current play. */
import type { Templar } from '../ansible/templar.js';
import type { PyValue } from '../py/values.js';
import type { HashBehaviour } from '../vars/merge.js';
import type { Decrypt } from '../vars/parse.js';
import type { Inventory } from './inventory.js';
import { newStats, type Output, type Stats } from './output.js';
import type { Play, RoleInstance, TaskNode } from './types.js';

export interface RunOptions {
  check: boolean;
  diff: boolean;
  verbosity: number;
  tags: string[];
  skipTags: string[];
  startAtTask?: string;
  forceHandlers: boolean;
  hashBehaviour: HashBehaviour;
  rolesPath: string[];
  decrypt?: Decrypt;
  extraVars: Map<string, PyValue>;
  gathering: 'implicit' | 'explicit' | 'smart';
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface HostState {
  name: string;
  facts: Map<string, PyValue>;
  /** include_vars results (Ansible's vars cache). */
  varsCache: Map<string, PyValue>;
  /** set_fact and registered results (non-persistent facts). */
  nonpersistent: Map<string, PyValue>;
  failed: boolean;
  /** The host stopped running this play (meta: end_host / end_play). */
  ended: boolean;
  stats: Stats;
}

export interface PlayState {
  play: Play;
  playVars: Map<string, PyValue>;
  varsFilesVars: Map<string, PyValue>;
  /** Every role of the play, including roles included at run time. */
  roles: RoleInstance[];
  handlers: TaskNode[];
  /** handler → hosts notified. */
  notified: Map<TaskNode, Set<string>>;
  /** Roles already run (name + params), for Ansible's run-once-per-play rule. */
  rolesRun: Set<string>;
  /** --start-at-task: still looking for the task. */
  startAt?: string;
  ended: boolean;
  /** any_errors_fatal stopped the play and no task ran since (NO MORE HOSTS LEFT is due). */
  fatalPending?: boolean;
  /** force_handlers in effect for this play. */
  forceHandlers?: boolean;
}

export interface Engine {
  opts: RunOptions;
  templar: Templar;
  inventory: Inventory;
  out: Output;
  hosts: Map<string, HostState>;
  omit: string;
  playbookDir: string;
  inventoryVars(host: string): { group: Map<string, PyValue>; host: Map<string, PyValue> };
}

/** A host's state the first time a play targets it. */
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

/** The hosts still running the play (not ended; not failed unless `includeFailed`). */
export function liveHosts(engine: Engine, hosts: string[], includeFailed = false): string[] {
  return hosts.filter((h) => {
    const s = engine.hosts.get(h)!;
    return !s.ended && (includeFailed || !s.failed);
  });
}
