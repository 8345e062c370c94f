/**
 * The boot sequence of a container: vault password in (then scrubbed from the environment),
 * /setup overlay, the environment's vault set plus A_RECONFIGURE, the reconfigure playbook
 * (a failed task stops the boot before anything starts), then PID 1 work: supervise the enabled
 * units, or run one command tini-style.
 */
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { PyValue } from '../jinja/runtime/values.js';
import { secret, type VaultSecrets } from '../vault/index.js';
import { loadVaultSet } from '../vars/vaultsets.js';
import { combineVars } from '../vars/merge.js';
import { parseYaml } from '../vars/parse.js';
import { BootError } from './errors.js';
import { findPassword, passwordVariables } from './password.js';
import { scrubEnvironment } from './scrub.js';
import { applyOverlay } from './overlay.js';
import { execChild } from './exec.js';
import { loadSeaAddon } from './sea-addon.js';
import { execSystemd, reexecWithoutPassword } from './reexec.js';

export interface BootOptions {
  env?: string;
  playbook?: string;
  onlySteps?: string;
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

/** Variables from the vault set, the /setup vault files and A_RECONFIGURE (later wins). */
async function bootVars(o: BootOptions, secrets: VaultSecrets | undefined, extraVaults: string[]): Promise<Map<string, PyValue>> {
  const environ = { ...process.env };
  if (extraVaults.length) environ.A_EXTRA_VAULTS = [environ.A_EXTRA_VAULTS ?? '', ...extraVaults].filter(Boolean).join(' ');
  let vars = await loadVaultSet({ env: o.env, cwd: o.project, secrets, environ });
  const reconfigure = process.env.A_RECONFIGURE;
  if (reconfigure && reconfigure.trim()) {
    const { value } = parseYaml(reconfigure, { file: '$A_RECONFIGURE', decrypt: secrets });
    if (value instanceof Map) vars = combineVars(vars, value as Map<string, PyValue>);
    else if (value !== null) throw new BootError('reconfigure-var', '$A_RECONFIGURE must be a YAML mapping of variables');
  }
  return vars;
}

async function reconfigure(o: BootOptions, vars: Map<string, PyValue>, secrets: VaultSecrets | undefined): Promise<void> {
  if (!o.playbook) return;
  const { runPlaybook } = await import('../play/index.js');
  const { loadTemplar } = await import('../play/templar-source.js');
  const { onlyStepsVars } = await import('../play/extravars.js');
  if (o.onlySteps !== undefined) for (const [k, v] of onlyStepsVars(o.onlySteps)) vars.set(k, v);
  const playbook = path.resolve(o.project, o.playbook);
  // Until play wires the Templar into templar-source, boot uses the ansible engineer's directly.
  const templar = await loadTemplar().catch(async () => (await import('../ansible/templar-impl.js')).createTemplar());
  const result = await runPlaybook({
    playbooks: [playbook], templar, extraVars: vars, decrypt: secrets, cwd: o.project,
    env: process.env, write: (s) => o.stdout.write(s),
  });
  if (!result.ok) {
    const t = result.failedTask;
    const readOnly = t && /EROFS|read-only file system/i.test(t.msg) ? ' (a rendered file is on a read-only path: write under /run or a volume)' : '';
    throw new BootError('reconfigure-failed', t
      ? `reconfigure failed at task '${t.name}' (${playbook}): ${t.msg}${readOnly}; no service started`
      : `reconfigure playbook ${playbook} failed (exit ${result.exitCode}); no service started`, { exitCode: result.exitCode || 1 });
  }
}

export async function boot(o: BootOptions): Promise<number> {
  const found = findPassword({ passwordFile: o.passwordFile, secretsDir: o.secretsDir, secretName: o.secretName, fd: o.passwordFd, envName: o.env ?? process.env.APP_ENV_NAME ?? process.env.A_ENV_NAME, environ: process.env });
  // Whatever the source, no password variable survives into services or /proc/1/environ:
  // PID 1 re-executes itself without them (the password in a pipe), or, without the addon,
  // deletes them and zeroes their bytes in the environment block.
  const passwordVars = [...passwordVariables(o.env, process.env), 'BOSUN_VAULT_PASSWORD_FD', 'BOSUN_VAULT_PASSWORD_FROM'];
  // A password variable given alongside a file that won goes too (the file is read again); an
  // inherited fd cannot be read twice, so that combination only zeroes.
  const variableSet = passwordVariables(o.env, process.env).some((k) => process.env[k] !== undefined);
  if (found && variableSet && (found.fromEnvironment || found.fromFile)) {
    loadSeaAddon();
    const failed = reexecWithoutPassword(found.fromEnvironment ? found.password : null, found.source, passwordVars);
    if (failed) o.warn(`cannot re-execute PID 1 without the vault password (${failed}): zeroing it in /proc/1/environ instead`);
  }
  scrubEnvironment(passwordVars);
  const secrets: VaultSecrets | undefined = found ? [secret('default', found.password)] : undefined;
  if (found) o.log(`vault password from ${found.source}`);
  const extraVaults = applyOverlay(o.setupDir);
  const vars = await bootVars(o, secrets, extraVaults);
  await reconfigure(o, vars, secrets);
  if (o.init === 'none') return 0;
  const warning = loadSeaAddon();
  if (warning) o.warn(warning);
  if (o.init === 'exec') return execChild(o.command, process.env);
  if (o.init === 'systemd') {
    const systemd = o.systemd ?? '/lib/systemd/systemd';
    try {
      execSystemd(systemd, passwordVars);
    } catch (err) {
      throw new BootError('init-systemd', `--init systemd: cannot execute ${systemd}: ${(err as Error).message}`, { cause: err });
    }
    throw new BootError('init-systemd', `--init systemd: cannot hand PID 1 over to ${systemd} without the native addon (execve); use \`bosun boot --init none && exec ${systemd}\` in the entrypoint instead`);
  }
  const { startSupervisor } = await import('../supervise/index.js');
  const sup = startSupervisor({ root: o.unitsRoot, critical: o.critical, stdout: o.stdout, managerEnv: process.env });
  const code = await sup.exited;
  // PID 1 must end once the supervisor has: a leftover handle (control socket, signal or SIGCHLD
  // listeners) would otherwise keep the container up. The timer is unref'd, so it only fires
  // when something else still holds the loop; main.ts has set the exit code by then.
  setTimeout(() => process.exit(code), 200).unref();
  return code;
}
