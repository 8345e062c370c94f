/** `bosun adhoc` (also invoked as `ansible`): run one module on the local hosts of a pattern. */
import { UsageError } from '../errors.js';
import type { PyValue } from '../py/values.js';
import { addSecret } from '../log/secrets.js';
import { AdhocOutput, adhocPlay } from '../play/adhoc.js';
import { parseExtraVars } from '../play/extravars.js';
import { runPlaybook } from '../play/index.js';
import { loadTemplar } from '../play/templar-source.js';
import { loadSecrets } from '../vault/index.js';
import { toDecrypt } from '../vars/vaultsets.js';
import { countFlag, expandVerbosity, parseCommandArgs } from './args.js';
import type { CommandMain } from './context.js';

const OPTIONS = {
  'module-name': { type: 'string', short: 'm' },
  args: { type: 'string', short: 'a' },
  inventory: { type: 'string', short: 'i', multiple: true },
  'extra-vars': { type: 'string', short: 'e', multiple: true },
  limit: { type: 'string', short: 'l' },
  check: { type: 'boolean', short: 'C' },
  diff: { type: 'boolean', short: 'D' },
  verbose: { type: 'boolean', short: 'v', multiple: true },
  connection: { type: 'string', short: 'c' },
  become: { type: 'boolean', short: 'b' },
  forks: { type: 'string', short: 'f' },
  'vault-id': { type: 'string', multiple: true },
  'vault-password-file': { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `Usage: bosun adhoc PATTERN [-m MODULE] [-a ARGS] [options]   (also: ansible)

Runs one module on the local hosts matching PATTERN (default module: command).

  -m, --module-name NAME   module to run (copy, file, shell, setup…)
  -a, --args ARGS          module arguments (k=v string or free-form command)
  -i, --inventory SRC      inventory file or 'a,b,' list;  -l PATTERN  limit
  -e, --extra-vars VARS    extra variables;  -C check mode;  -D diff;  -v verbose
  --vault-id, --vault-password-file, --json

Example:
  bosun adhoc localhost -m file -a 'path=/tmp/x state=directory'
`;

export const main: CommandMain = async (args, ctx) => {
  const { values: v, positionals } = parseCommandArgs(
    'bosun adhoc',
    expandVerbosity(args),
    OPTIONS,
  );
  if (v.help) {
    ctx.stdout.write(USAGE);
    return 0;
  }
  const pattern = positionals[0];
  if (!pattern || positionals.length > 1)
    throw new UsageError('bosun adhoc: expected exactly one host pattern (see --help)');
  if (v.connection && v.connection !== 'local')
    throw new UsageError(`bosun adhoc: connection '${v.connection}' is not supported`);
  const secrets = await loadSecrets({
    vaultIds: v['vault-id'],
    passwordFiles: v['vault-password-file'],
    env: ctx.env,
    cwd: ctx.cwd,
  });
  for (const s of secrets) addSecret(s.password);
  const decrypt = toDecrypt(secrets);
  const module = (v['module-name'] ?? 'command').replace(/^ansible\.(builtin|legacy)\./, '');
  const extraVars: Map<string, PyValue> = await parseExtraVars(
    v['extra-vars'] ?? [],
    ctx.cwd,
    decrypt,
  );
  const play = adhocPlay(pattern, module, v.args ?? '', ctx.cwd);
  const write = (s: string): void => {
    ctx.stdout.write(s);
  };
  const result = await runPlaybook({
    playbooks: [],
    plays: [play],
    templar: await loadTemplar(ctx.cwd),
    inventory: v.inventory,
    limit: v.limit,
    extraVars,
    decrypt,
    check: v.check,
    diff: v.diff,
    connectionLocal: v.connection === 'local',
    verbosity: countFlag(v.verbose),
    cwd: ctx.cwd,
    env: ctx.env,
    write,
    format: v.json ? 'json' : 'default',
    output: v.json ? undefined : new AdhocOutput(write, module),
  });
  return result.exitCode;
};
