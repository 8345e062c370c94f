/**
 * The one interface every task module implements. Modules get validated arguments and a context
 * (check/diff mode, templating, where to find files); they never see the play engine. Results use
 * Ansible's return-value names (`changed`, `rc`, `stdout`, `diff`…) so `register` + `assert`
 * behave the same.
 */
import type { Templar, VarScope } from '../ansible/templar.js';
import type { ArgSpec } from './spec.js';

export type Args = Record<string, unknown>;

/** A module's result as Ansible returns it (JSON-like data). */
export type ModuleResult = Record<string, unknown> & {
  changed?: boolean;
  failed?: boolean;
  skipped?: boolean;
  msg?: unknown;
};

export interface ModuleContext {
  check: boolean;
  diff: boolean;
  templar: Templar;
  vars: VarScope;
  /** Find a file the way Ansible's lookups do: role `files/` or `templates/`, then the playbook dir. */
  findFile(kind: 'files' | 'templates', name: string): string;
  /** Environment for child processes (the task's `environment` over bosun's own). */
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Directories searched by template includes. */
  templateSearchPath: string[];
  signal?: AbortSignal;
}

export interface ModuleDef {
  name: string;
  /**
   * Collections that also publish this module (`community.general`, `ansible.posix`): the module
   * resolves under `<collection>.<name>` as well as its short and `ansible.builtin.` names.
   */
  collections?: readonly string[];
  spec: ArgSpec;
  /** Free-form modules (command, shell…) accept a bare string kept as `_raw_params`. */
  freeForm?: boolean;
  /** `k=v` keys recognised inside a free-form string. */
  rawKeys?: readonly string[];
  /** Whether the module implements check mode (else a --check run skips it, as Ansible does). */
  supportsCheck: boolean;
  /** Modules with nothing to wait for (debug, assert…) return their result directly. */
  run(args: Args, ctx: ModuleContext): ModuleResult | Promise<ModuleResult>;
}
