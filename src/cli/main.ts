/**
 * bosun's entry point: picks the command group (from argv[0] for multi-call names such as
 * `ansible-vault` or `systemctl`, else from the first argument), imports it lazily so start-up
 * stays cheap, and turns errors into messages and exit codes. The only place that sets
 * process.exitCode.
 */
import path from 'node:path';
import { describeError, isBosunError } from '../errors.js';
import { maskSecrets } from '../log/secrets.js';
import { processContext, type CliContext, type CommandMain } from './context.js';
import { MULTI_CALL } from './multi-call.js';

type Loader = () => Promise<{ main: CommandMain }>;

/** Command groups; each module is loaded only when its command runs. */
export const COMMANDS: Record<string, { summary: string; load: Loader }> = {
  vault: { summary: 'ansible-vault compatible secrets', load: () => import('./vault.js') },
  render: {
    summary: "render one template as Ansible's template module does",
    load: () => import('./render.js'),
  },
  play: {
    summary: 'run Ansible playbooks locally (ansible-playbook)',
    load: () => import('./play.js'),
  },
  adhoc: {
    summary: 'run one module (ansible HOST -m MODULE -a ARGS)',
    load: () => import('./adhoc.js'),
  },
  boot: {
    summary: 'container entrypoint: secrets in, configs out, then PID 1',
    load: () => import('./boot.js'),
  },
  status: {
    summary: 'health of the running supervisor (HEALTHCHECK, probes)',
    load: () => import('./status.js'),
  },
  systemctl: {
    summary: 'control units of the running supervisor',
    load: () => import('./systemctl.js'),
  },
  tmpfiles: {
    summary: 'apply tmpfiles.d (systemd-tmpfiles --create)',
    load: () => import('./tmpfiles.js'),
  },
  shims: {
    summary: 'install ansible-playbook/ansible/ansible-vault/systemctl links',
    load: () => import('./shims.js'),
  },
};

export { MULTI_CALL } from './multi-call.js';

function usage(): string {
  const lines = ['Usage: bosun <command> [options]', '', 'Commands:'];
  for (const [name, { summary }] of Object.entries(COMMANDS))
    lines.push(`  ${name.padEnd(12)} ${summary}`);
  lines.push('', "Run 'bosun <command> --help' for a command's options.");
  return lines.join('\n') + '\n';
}

export async function dispatch(args: string[], ctx: CliContext): Promise<number> {
  const asTool = MULTI_CALL[path.basename(ctx.argv0)];
  let name: string | undefined = asTool;
  let rest = args;
  if (!name) {
    name = args[0];
    rest = args.slice(1);
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      ctx.stdout.write(usage());
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-V') {
      ctx.stdout.write(`bosun ${VERSION}\n`);
      return 0;
    }
  }
  const command = COMMANDS[name];
  if (!command) {
    ctx.stderr.write(`bosun: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const mod = await command.load();
  return mod.main(rest, ctx);
}

declare const BOSUN_VERSION: string | undefined;
const VERSION = typeof BOSUN_VERSION === 'string' ? BOSUN_VERSION : 'dev';

/** Print an error the way users should see it: one line for user errors, a stack otherwise. */
export function reportError(err: unknown, ctx: CliContext): number {
  if (isBosunError(err)) {
    ctx.stderr.write(maskSecrets(`ERROR: ${describeError(err)}`) + '\n');
    return err.exitCode;
  }
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  ctx.stderr.write(maskSecrets(`bosun: internal error: ${text}`) + '\n');
  return 70;
}

export async function cli(argv: string[] = process.argv): Promise<void> {
  const argv0 = process.env.BOSUN_ARGV0 ?? argv[1] ?? 'bosun';
  const ctx = processContext(argv0);
  try {
    process.exitCode = await dispatch(argv.slice(2), ctx);
  } catch (err) {
    process.exitCode = reportError(err, ctx);
  }
}
