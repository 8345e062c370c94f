// `bosun boot`: the container entrypoint (see src/boot/boot.ts).
import { UsageError } from '../errors.js';
import type { CommandMain } from './context.js';
import { parseCommandArgs } from './args.js';
import { boot } from '../boot/boot.js';

const USAGE = `Usage: bosun boot [options] [-- CMD ARGS…]

Container entrypoint: reads the vault password, renders the configuration with the reconfigure
playbook, then supervises the enabled systemd units (default) or runs CMD as the single child.

  --env NAME                  environment of the vault set (default $APP_ENV_NAME, $A_ENV_NAME)
  --playbook FILE             reconfigure playbook (default $BOSUN_RECONFIGURE_PLAYBOOK; none: skip)
  --only-steps LIST           run only these steps of the reconfigure playbook
  -i, --inventory SRC         inventory of the reconfigure (repeatable; default $ANSIBLE_INVENTORY,
                              else 'localhost,' with a local connection: the container itself)
  --project DIR               directory holding .ansible/vaults (default: current directory)
  --vault-password-file FILE  password file (first source tried)
  --secret-name NAME          secret file name under --secrets-dir (default vault_password)
  --secrets-dir DIR           Docker/Kubernetes secrets directory (default /run/secrets)
  --vault-password-fd N       read the password from an inherited file descriptor
                              (also $BOSUN_VAULT_PASSWORD_FD); then env CORPUSOPS_VAULT_PASSWORD_<ENV>,
                              CORPUSOPS_VAULT_PASSWORD, BOSUN_VAULT_PASSWORD (PID 1 re-executes itself without them)
  --setup DIR                 overlay directory: DIR/rootfs copied over /, DIR/*.yml extra vaults (default /setup)
  --init MODE                 supervise (default), exec (with -- CMD), none (reconfigure only), systemd
  --systemd PATH              with --init systemd: the binary that becomes PID 1 (default /lib/systemd/systemd)
  --critical UNIT             unit whose end stops the container (repeatable)
  --units-root DIR            find unit files under DIR instead of / (tests)
`;

const OPTIONS = {
  env: { type: 'string' },
  playbook: { type: 'string' },
  'only-steps': { type: 'string' },
  inventory: { type: 'string', short: 'i', multiple: true },
  project: { type: 'string' },
  'vault-password-file': { type: 'string' },
  'secret-name': { type: 'string' },
  'secrets-dir': { type: 'string' },
  'vault-password-fd': { type: 'string' },
  setup: { type: 'string' },
  init: { type: 'string' },
  systemd: { type: 'string' },
  critical: { type: 'string', multiple: true },
  'units-root': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function fdNumber(text: string | undefined, what: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text))
    throw new UsageError(`bosun boot: ${what} must be a file descriptor number, got '${text}'`);
  return Number(text);
}

export const main: CommandMain = async (args, ctx) => {
  const dash = args.indexOf('--');
  const command = dash >= 0 ? args.slice(dash + 1) : [];
  const { values: v, positionals } = parseCommandArgs(
    'bosun boot',
    dash >= 0 ? args.slice(0, dash) : args,
    OPTIONS,
    false,
  );
  if (v.help) {
    ctx.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length)
    throw new UsageError(
      `bosun boot: unexpected argument '${positionals[0]}' (a command goes after --)`,
    );
  const init = v.init ?? (command.length ? 'exec' : 'supervise');
  if (init !== 'supervise' && init !== 'exec' && init !== 'systemd' && init !== 'none')
    throw new UsageError(
      `bosun boot: --init must be supervise, exec, systemd or none, not '${init}'`,
    );
  if (init === 'exec' && !command.length)
    throw new UsageError('bosun boot: --init exec needs a command after --');
  return boot({
    env: v.env,
    playbook: v.playbook ?? (ctx.env.BOSUN_RECONFIGURE_PLAYBOOK || undefined),
    onlySteps: v['only-steps'],
    inventory: v.inventory,
    passwordFile: v['vault-password-file'],
    secretsDir: v['secrets-dir'] ?? '/run/secrets',
    secretName: v['secret-name'] ?? ctx.env.BOSUN_VAULT_SECRET_NAME ?? 'vault_password',
    passwordFd: fdNumber(
      v['vault-password-fd'] ?? ctx.env.BOSUN_VAULT_PASSWORD_FD,
      '--vault-password-fd',
    ),
    setupDir: v.setup ?? '/setup',
    project: v.project ?? ctx.cwd,
    init,
    command,
    critical: v.critical ?? [],
    systemd: v.systemd,
    unitsRoot: v['units-root'],
    stdout: ctx.stdout,
    log: (m) => ctx.log.info(m),
    warn: (m) => ctx.log.warn(m),
  });
};
