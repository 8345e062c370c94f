/**
 * Programmatic entry point: run playbooks as `ansible-playbook` does, in this process.
 * Used by `bosun play` and by `bosun boot` for the reconfigure playbook.
 */
import { OMIT_TOKEN } from '../ansible/lookups/index.js';
import path from 'node:path';
import type { Templar } from '../ansible/templar.js';
import { resolve, type PyValue } from '../py/values.js';
import { combineVars, type HashBehaviour } from '../vars/merge.js';
import type { Decrypt } from '../vars/parse.js';
import { loadConfig } from './config.js';
import { PlayError } from './errors.js';
import { Executor } from './executor.js';
import { dirVars } from './hostvars-files.js';
import type { Inventory } from './inventory.js';
import { DEFAULT_INVENTORY, loadInventory } from './inventory-sources.js';
import { DefaultOutput, JsonOutput, type Output, type RunEvent, type Stats } from './output.js';
import { playVariables } from './play-vars.js';
import { loadPlaybook } from './playbook.js';
import { allRoles } from './roles.js';
import { newHostState, type Engine, type PlayState, type RunOptions } from './state.js';
import { flattenTasks } from './tasks.js';
import { resultText } from './text.js';
import type { Play } from './types.js';

export interface PlaybookOptions {
  playbooks: string[];
  templar: Templar;
  /** `-i` sources: files or `host1,host2,` lists. Default: ANSIBLE_INVENTORY, ansible.cfg's, else /etc/ansible/hosts. */
  inventory?: string[];
  limit?: string;
  extraVars?: Map<string, PyValue>;
  check?: boolean;
  diff?: boolean;
  verbosity?: number;
  tags?: string[];
  skipTags?: string[];
  startAtTask?: string;
  forceHandlers?: boolean;
  decrypt?: Decrypt;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where output goes (default: nowhere) and in which format. */
  write?: (text: string) => void;
  /** Where warnings go (default: `write`); ansible-playbook prints them on stderr. */
  writeErr?: (text: string) => void;
  format?: 'default' | 'json';
  /** Receives every event (for --profile and callers that want structure). */
  onEvent?: (e: RunEvent) => void;
  /** Replaces the built-in output formats (bosun adhoc's one-line results). */
  output?: Output;
  /** `-c local`: every host runs locally whatever its inventory says. */
  connectionLocal?: boolean;
  /**
   * Print ansible-playbook's inventory warnings (nothing parsed; no host, so the implicit
   * localhost only) before the first play, as its CLI does.
   */
  inventoryWarnings?: boolean;
  /** Plays built in code (bosun adhoc) instead of loaded from `playbooks`. */
  plays?: Play[];
}

export interface PlayResult {
  ok: boolean;
  /** ansible-playbook's exit code: 0, 2 (a host failed), 4 (unreachable). */
  exitCode: number;
  stats: Record<string, Stats>;
  /** The first failed task, for callers that report it (bosun boot). */
  failedTask?: { name: string; host: string; msg: string };
}

export { PlayError } from './errors.js';
export type { Stats, RunEvent, Output } from './output.js';
export type { Play } from './types.js';

export async function loadPlaybooks(options: PlaybookOptions): Promise<{
  plays: Play[];
  inventory: Inventory;
  /** Ansible's inventory warnings (nothing parsed, no host), printed before the first play. */
  inventoryWarnings: string[];
  hashBehaviour: HashBehaviour;
  rolesPath: string[];
  gathering: RunOptions['gathering'];
  forceHandlers: boolean;
}> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const config = loadConfig(cwd, env);
  const sources = options.inventory?.length
    ? options.inventory
    : config.inventory.length
      ? config.inventory
      : [DEFAULT_INVENTORY];
  const { inventory, warnings: inventoryWarnings } = loadInventory(sources, cwd, env);
  const plays: Play[] = [];
  if (options.plays) plays.push(...options.plays);
  for (const pb of options.playbooks) {
    plays.push(
      ...(await loadPlaybook(path.resolve(cwd, pb), {
        rolesPath: config.rolesPath,
        decrypt: options.decrypt,
        templateStatic: (v, vars) =>
          options.templar.template(v, new Map([...(vars ?? []), ...(options.extraVars ?? [])])),
      })),
    );
  }
  return {
    plays,
    inventory,
    inventoryWarnings,
    hashBehaviour: config.hashBehaviour,
    rolesPath: config.rolesPath,
    gathering: config.gathering,
    forceHandlers: config.forceHandlers,
  };
}

/** Ansible's C.LOCALHOST. */
const LOCALHOST_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '::1'];

export async function runPlaybook(options: PlaybookOptions): Promise<PlayResult> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const loaded = await loadPlaybooks(options);
  const { inventory } = loaded;
  const write = options.write ?? (() => undefined);
  const base: Output =
    options.output ??
    (options.format === 'json'
      ? new JsonOutput(write)
      : new DefaultOutput(write, options.verbosity ?? 0, true, options.writeErr));
  let failedTask: PlayResult['failedTask'];
  let currentTask = '';
  const out: Output = {
    emit(e) {
      if (e.event === 'task_start') currentTask = e.name;
      if (e.event === 'result' && e.status === 'failed' && !e.ignored && !failedTask)
        failedTask = { name: currentTask, host: e.host, msg: resultText(e.result.msg ?? '') };
      options.onEvent?.(e);
      base.emit(e);
    },
  };
  const opts: RunOptions = {
    check: options.check ?? false,
    diff: options.diff ?? false,
    verbosity: options.verbosity ?? 0,
    tags: options.tags ?? [],
    skipTags: options.skipTags ?? [],
    startAtTask: options.startAtTask,
    forceHandlers: options.forceHandlers ?? loaded.forceHandlers,
    hashBehaviour: loaded.hashBehaviour,
    rolesPath: loaded.rolesPath,
    decrypt: options.decrypt,
    extraVars: options.extraVars ?? new Map<string, PyValue>(),
    gathering: loaded.gathering,
    cwd,
    env,
  };
  const varCache = new Map<string, { group: Map<string, PyValue>; host: Map<string, PyValue> }>();
  const engine: Engine = {
    opts,
    templar: options.templar,
    inventory,
    out,
    hosts: new Map(),
    // The same placeholder the Templar gives template files, so `omit` means one thing everywhere.
    omit: OMIT_TOKEN,
    playbookDir: loaded.plays[0]?.dir ?? cwd,
    inventoryVars: (host) => varCache.get(host) ?? { group: new Map(), host: new Map() },
  };
  const executor = new Executor(engine);
  // As `ansible localhost …`: a pattern naming localhost does not get the empty-list warning.
  const localOnly =
    options.plays?.length && options.plays.every((p) => LOCALHOST_NAMES.includes(p.hosts));
  for (const msg of options.inventoryWarnings ? loaded.inventoryWarnings : [])
    if (!(localOnly && msg.startsWith('provided hosts list is empty')))
      out.emit({ event: 'warning', msg });
  for (const play of loaded.plays) {
    let hosts = inventory.match(play.hosts);
    if (options.limit) {
      const allowed = new Set(inventory.match(options.limit));
      hosts = hosts.filter((h) => allowed.has(h));
    }
    if (!hosts.length) {
      if (!inventory.groups.has(play.hosts) && !inventory.hosts.has(play.hosts))
        out.emit({
          event: 'warning',
          msg: `Could not match supplied host pattern, ignoring: ${play.hosts}`,
        });
      out.emit({ event: 'play_start', name: play.name });
      out.emit({ event: 'no_hosts' });
      continue;
    }
    out.emit({ event: 'play_start', name: play.name });
    for (const h of hosts) {
      if (!engine.hosts.has(h)) engine.hosts.set(h, newHostState(h));
      engine.hosts.get(h)!.ended = false;
      // Ansible 2.14's order: inventory-file group vars (all groups) < inventory group_vars/all <
      // playbook group_vars/all < inventory group_vars/* < playbook group_vars/* (each by depth).
      const chain = inventory.groupChain(h);
      const how = opts.hashBehaviour;
      let group = new Map<string, PyValue>();
      for (const g of chain)
        group = combineVars(
          group,
          inventory.groups.get(g)?.vars ?? new Map<string, PyValue>(),
          how,
        );
      for (const scope of [['all'], chain.filter((g) => g !== 'all')]) {
        for (const d of [inventory.dirs, [play.dir]]) {
          for (const g of scope)
            group = combineVars(group, await dirVars(d, 'group_vars', g, opts.decrypt, how), how);
        }
      }
      let hostVars = new Map(inventory.hosts.get(h)?.vars ?? []);
      for (const d of [inventory.dirs, [play.dir]])
        hostVars = combineVars(hostVars, await dirVars(d, 'host_vars', h, opts.decrypt, how), how);
      varCache.set(h, { group, host: hostVars });
      const conn = resolve(
        hostVars.get('ansible_connection') ?? group.get('ansible_connection') ?? null,
      );
      if (!options.connectionLocal && !inventory.isLocal(h) && conn !== 'local') {
        throw new PlayError(
          'play-host',
          `host '${h}' is not local: bosun runs plays on the local host only (set ansible_connection=local)`,
          play.origin,
        );
      }
    }
    const { playVars, varsFilesVars } = await playVariables(engine, play);
    const roles = allRoles(play.roles);
    const state: PlayState = {
      play,
      playVars,
      varsFilesVars,
      roles,
      handlers: [...roles.flatMap((r) => flattenTasks(r.handlers)), ...flattenTasks(play.handlers)],
      notified: new Map(),
      rolesRun: new Set(),
      startAt: opts.startAtTask,
      ended: false,
    };
    await executor.runPlay(play, state, hosts);
    // As ansible-playbook: when every host of the play failed, later plays do not run.
    if (hosts.every((h) => engine.hosts.get(h)?.failed)) break;
  }
  const stats: Record<string, Stats> = {};
  for (const [name, h] of [...engine.hosts].sort(([a], [b]) => a.localeCompare(b)))
    stats[name] = h.stats;
  out.emit({ event: 'recap', stats });
  const failed = Object.values(stats).some((s) => s.failed > 0);
  const unreachable = Object.values(stats).some((s) => s.unreachable > 0);
  return {
    ok: !failed && !unreachable,
    exitCode: failed ? 2 : unreachable ? 4 : 0,
    stats,
    failedTask,
  };
}
