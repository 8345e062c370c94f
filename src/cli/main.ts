/**
 * bosun's entry point: picks the command group (from argv[0] for multi-call names such as
 * `ansible-vault` or `systemctl`, else from the first argument), imports it lazily so start-up
 * stays cheap, and turns errors into messages and exit codes. The only place that sets
 * process.exitCode.
 */
import path from 'node:path';
import { describeError, errnoCode, isBosunError } from '../errors.js';
import { maskSecrets } from '../log/secrets.js';
import { processContext, type CliContext, type CommandMain } from './context.js';
import { MULTI_CALL } from './multi-call.js';
import { errnoMessage } from './errno.js';

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
  const tool = ANSIBLE_TOOLS[name];
  if (tool && wantsVersion(rest)) {
    ctx.stdout.write(`${tool} [core ${ANSIBLE_CORE}] (bosun ${VERSION})\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    ctx.stderr.write(`bosun: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const mod = await command.load();
  return mod.main(rest, ctx);
}

/**
 * `ansible-vault --version` and friends: the first line of Ansible's (`ansible-vault [core
 * 2.14.18]`, the release whose behaviour bosun reproduces and tests against), then bosun's own
 * version, so scripts matching `[core X.Y.Z]` keep working and a human sees what runs.
 */
const ANSIBLE_CORE = '2.14.18';
const ANSIBLE_TOOLS: Record<string, string> = {
  vault: 'ansible-vault',
  play: 'ansible-playbook',
  adhoc: 'ansible',
};

/** `--version` among the options (before a `--`), as Ansible's tools accept it anywhere. */
function wantsVersion(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).includes('--version');
}

declare const BOSUN_VERSION: string | undefined;
const VERSION = typeof BOSUN_VERSION === 'string' ? BOSUN_VERSION : 'dev';

/**
 * Exit status after a broken pipe (`bosun vault view f | head -1`): what a shell reports for a
 * tool killed by SIGPIPE (128 + 13), which Node ignores; nothing is printed, as `cat` prints nothing.
 */
const EPIPE_EXIT = 141;

/** V8's stack overflow: input nested deeper than bosun recurses (Python's RecursionError). */
function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && /Maximum call stack size exceeded/.test(err.message);
}

/**
 * Print an error the way users should see it: one line for user errors — BosunErrors, errno
 * errors about a path the user named (ENOENT, EACCES, EISDIR, ENOSPC…), input nested too
 * deeply — and a stack for anything else (a bug in bosun).
 */
export function reportError(err: unknown, ctx: CliContext): number {
  if (isBosunError(err)) {
    ctx.stderr.write(maskSecrets(`ERROR: ${describeError(err)}`) + '\n');
    return err.exitCode;
  }
  if (errnoCode(err) === 'EPIPE') return EPIPE_EXIT;
  const errno = errnoMessage(err);
  if (errno !== undefined) {
    ctx.stderr.write(maskSecrets(`ERROR: ${errno}`) + '\n');
    return 1;
  }
  if (isStackOverflow(err)) {
    ctx.stderr.write('ERROR: maximum recursion depth exceeded (input nested too deeply)\n');
    return 1;
  }
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  ctx.stderr.write(maskSecrets(`bosun: internal error: ${text}`) + '\n');
  return 70;
}

/**
 * stdout/stderr write errors arrive as stream 'error' events, not as exceptions of the command:
 * a closed pipe ends bosun quietly, a full disk (`> /dev/full`) with one line and exit 1.
 */
function guardStreams(): void {
  const onError =
    (name: string) =>
    (err: Error): void => {
      const code = errnoCode(err);
      if (code === 'EPIPE') process.exit(EPIPE_EXIT);
      if (name === 'stdout') {
        const text = errnoMessage(err, 'cannot write to standard output') ?? err.message;
        process.stderr.write(`ERROR: ${text}\n`);
      }
      process.exit(1);
    };
  process.stdout.on('error', onError('stdout'));
  process.stderr.on('error', onError('stderr'));
}

export async function cli(argv: string[] = process.argv): Promise<void> {
  const argv0 = process.env.BOSUN_ARGV0 ?? argv[1] ?? 'bosun';
  guardStreams();
  const ctx = processContext(argv0);
  try {
    process.exitCode = await dispatch(argv.slice(2), ctx);
  } catch (err) {
    process.exitCode = reportError(err, ctx);
  }
}
