/**
 * The boot sequence of a container: vault password in (then scrubbed from the environment),
 * /setup overlay, the environment's vault set plus A_RECONFIGURE, the reconfigure playbook
 * (a failed task stops the boot before anything starts), then PID 1 work: supervise the enabled
 * units, or run one command tini-style.
 */
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { PyValue } from '../py/values.js';
import { secret, type VaultSecrets } from '../vault/index.js';
import { loadVaultSet } from '../vars/vaultsets.js';
import { combineVars } from '../vars/merge.js';
import { parseYaml } from '../vars/parse.js';
import { BootError } from './errors.js';
import { findPassword, passwordVariables, placesLooked } from './password.js';
import { passwordNeededBy } from './needs-password.js';
import { scrubEnvironment } from './scrub.js';
import { applyOverlay } from './overlay.js';
import { loadSeaAddon } from './sea-addon.js';
import { execSystemd } from './reexec.js';
import { readReexecState, reexecWithoutPasswordVariables } from './early-reexec.js';

export interface BootOptions {
  env?: string;
  playbook?: string;
  onlySteps?: string;
  /** `-i` sources; default $ANSIBLE_INVENTORY, else `localhost,` (the container itself). */
  inventory?: string[];
  passwordFile?: string;
  secretsDir: string;
  secretName: string;
  passwordFd?: number;
  /** --init systemd: the systemd binary to execute as PID 1 (default /lib/systemd/systemd). */
  systemd?: string;
  setupDir: string;
  project: string;
  init: 'supervise' | 'exec' | 'systemd' | 'none';
  command: string[];
  critical: string[];
  unitsRoot?: string;
  stdout: Writable;
  log: (message: string) => void;
  warn: (message: string) => void;
}

/** The process environment with the /setup vault files appended to A_EXTRA_VAULTS. */
function withExtraVaults(extraVaults: string[]): NodeJS.ProcessEnv {
  const environ = { ...process.env };
  if (extraVaults.length)
    environ.A_EXTRA_VAULTS = [environ.A_EXTRA_VAULTS ?? '', ...extraVaults]
      .filter(Boolean)
      .join(' ');
  return environ;
}

/** Variables from the vault set, the /setup vault files and A_RECONFIGURE (later wins). */
async function bootVars(
  o: BootOptions,
  secrets: VaultSecrets | undefined,
  extraVaults: string[],
): Promise<Map<string, PyValue>> {
  const environ = withExtraVaults(extraVaults);
  let vars = await loadVaultSet({ env: o.env, cwd: o.project, secrets, environ });
  const reconfigure = process.env.A_RECONFIGURE;
  if (reconfigure && reconfigure.trim()) {
    const { value } = parseYaml(reconfigure, { file: '$A_RECONFIGURE', decrypt: secrets });
    if (value instanceof Map) vars = combineVars(vars, value);
    else if (value !== null)
      throw new BootError('reconfigure-var', '$A_RECONFIGURE must be a YAML mapping of variables');
  }
  return vars;
}

type Reconfigure = (vars: Map<string, PyValue>, secrets: VaultSecrets | undefined) => Promise<void>;

/**
 * Load the play engine and its Templar for the reconfigure playbook (none: nothing to run). Done
 * while the vault set's keys are derived in the thread pool, so the two overlap.
 */
async function prepareReconfigure(o: BootOptions): Promise<Reconfigure> {
  if (!o.playbook) return () => Promise.resolve();
  const { runPlaybook } = await import('../play/index.js');
  const { loadTemplar } = await import('../play/templar-source.js');
  const { onlyStepsVars } = await import('../play/extravars.js');
  const { splitInventoryList } = await import('../play/inventory-sources.js');
  const playbook = path.resolve(o.project, o.playbook);
  // The seed ran `ansible-playbook -i localhost, -c local`: the plays (`hosts: all`) configure
  // the container itself, whatever the inventory names.
  const inventory = o.inventory?.length
    ? o.inventory
    : process.env.ANSIBLE_INVENTORY
      ? splitInventoryList(process.env.ANSIBLE_INVENTORY, o.project)
      : ['localhost,'];
  // Lookups resolve from the playbook's directory, as with `bosun play`.
  const templar = await loadTemplar(path.dirname(playbook));
  return async (vars, secrets) => {
    if (o.onlySteps !== undefined) for (const [k, v] of onlyStepsVars(o.onlySteps)) vars.set(k, v);
    const result = await runPlaybook({
      playbooks: [playbook],
      templar,
      inventory,
      connectionLocal: true,
      extraVars: vars,
      decrypt: secrets,
      cwd: o.project,
      env: process.env,
      write: (s) => o.stdout.write(s),
    });
    if (!result.ok) {
      const t = result.failedTask;
      const readOnly =
        t && /EROFS|read-only file system/i.test(t.msg)
          ? ' (a rendered file is on a read-only path: write under /run or a volume)'
          : '';
      throw new BootError(
        'reconfigure-failed',
        t
          ? `reconfigure failed at task '${t.name}' (${playbook}): ${t.msg}${readOnly}; no service started`
          : `reconfigure playbook ${playbook} failed (exit ${result.exitCode}); no service started`,
        { exitCode: result.exitCode || 1 },
      );
    }
    // A reconfigure that configured nothing would start the services with the image's defaults.
    if (Object.keys(result.stats).length === 0)
      throw new BootError(
        'reconfigure-no-hosts',
        `reconfigure playbook ${playbook}: no play matched a host of the inventory (${inventory.join(' ')}); no service started`,
        { exitCode: 2 },
      );
  };
}

interface Pid1Parts {
  /** Why the native addon could not be loaded (null: loaded, or not needed). */
  addonWarning: string | null;
  startSupervisor?: typeof import('../supervise/index.js').startSupervisor;
  execChild?: typeof import('./exec.js').execChild;
}

/**
 * What PID 1 needs once the configuration is rendered — the native addon (dlopen, ~3 ms), the
 * supervisor's or the exec mode's modules (with child_process) — loaded while the vault keys are
 * derived in the thread pool.
 */
async function preparePid1(o: BootOptions): Promise<Pid1Parts> {
  if (o.init === 'none') return { addonWarning: null };
  const addonWarning = loadSeaAddon();
  if (o.init === 'exec') return { addonWarning, execChild: (await import('./exec.js')).execChild };
  if (o.init !== 'supervise') return { addonWarning };
  return { addonWarning, startSupervisor: (await import('../supervise/index.js')).startSupervisor };
}

export async function boot(o: BootOptions): Promise<number> {
  // Whatever the source, no password variable survives into services or /proc/1/environ: the
  // launcher re-executed PID 1 without them; if it could not, that is tried here (before any
  // password source is read: the new image reads them), and without the addon they are
  // deleted and their bytes zeroed in the environment block.
  const failed = reexecWithoutPasswordVariables();
  if (failed)
    o.warn(
      `cannot re-execute PID 1 without the vault password (${failed}): zeroing it in /proc/1/environ instead`,
    );
  // Password variables a previous image of this PID 1 passed on, else still in process.env
  // (read before they are scrubbed from it).
  const { variables: piped, startedAt } = readReexecState();
  const environ = { ...process.env, ...piped };
  scrubEnvironment(passwordVariables(o.env, process.env));
  const passwordOptions = {
    passwordFile: o.passwordFile,
    secretsDir: o.secretsDir,
    secretName: o.secretName,
    fd: o.passwordFd,
    envName: o.env ?? process.env.APP_ENV_NAME ?? process.env.A_ENV_NAME,
    environ,
  };
  const found = findPassword(passwordOptions);
  if (found?.fromEnvironment && found.source.slice(1) in piped)
    found.source += ' (passed on in a pipe)';
  const secrets: VaultSecrets | undefined = found ? [secret('default', found.password)] : undefined;
  if (found) o.log(`vault password from ${found.source}`);
  // Where the boot's time goes, as the "startup finished" line reports it.
  const phases: Array<[string, number]> = [];
  let mark = startedAt;
  const phase = (name: string): void => {
    const now = Date.now();
    phases.push([name, now - mark]);
    mark = now;
  };
  phase('bosun start');
  const extraVaults = applyOverlay(o.setupDir);
  if (!found) {
    // Fail now, naming every place looked at, rather than at the first secret mid-playbook.
    const needed = passwordNeededBy({
      env: o.env,
      project: o.project,
      playbook: o.playbook && path.resolve(o.project, o.playbook),
      environ: withExtraVaults(extraVaults),
    });
    if (needed)
      throw new BootError(
        'password-missing',
        `no vault password found, and the reconfigure needs one (${needed}); looked at: ${placesLooked(passwordOptions)}; nothing started`,
      );
  }
  const [vars, reconfigure, pid1] = await Promise.all([
    bootVars(o, secrets, extraVaults),
    prepareReconfigure(o),
    preparePid1(o),
  ]);
  phase('vault');
  await reconfigure(vars, secrets);
  phase('reconfigure');
  if (o.init === 'none') return 0;
  if (pid1.addonWarning) o.warn(pid1.addonWarning);
  if (o.init === 'exec') return pid1.execChild!(o.command, process.env);
  if (o.init === 'systemd') {
    const systemd = o.systemd ?? '/lib/systemd/systemd';
    try {
      execSystemd(systemd);
    } catch (err) {
      throw new BootError(
        'init-systemd',
        `--init systemd: cannot execute ${systemd}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    throw new BootError(
      'init-systemd',
      `--init systemd: cannot hand PID 1 over to ${systemd} without the native addon (execve); use \`bosun boot --init none && exec ${systemd}\` in the entrypoint instead`,
    );
  }
  const sup = pid1.startSupervisor!({
    startedAt,
    phases,
    root: o.unitsRoot,
    critical: o.critical,
    stdout: o.stdout,
    managerEnv: process.env,
  });
  const code = await sup.exited;
  // PID 1 must end once the supervisor has: a leftover handle (control socket, signal or SIGCHLD
  // listeners) would otherwise keep the container up. The timer is unref'd, so it only fires
  // when something else still holds the loop; main.ts has set the exit code by then.
  setTimeout(() => process.exit(code), 200).unref();
  return code;
}
