/**
 * `bosun play` (also invoked as `ansible-playbook`): ansible-playbook's options, plus `--env NAME`
 * (environment vault set as extra vars), `--only-steps a,b`, `--json` events and `--profile`.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { PyValue } from '../py/values.js';
import { pyStr } from '../py/repr.js';
import { parseExtraVars, onlyStepsVars } from '../play/extravars.js';
import { loadPlaybooks, runPlaybook, type Play, type RunEvent } from '../play/index.js';
import { listPlaybook } from '../play/listing.js';
import { loadConfig } from '../play/config.js';
import { loadTemplar } from '../play/templar-source.js';
import { tagList } from '../play/scope.js';
import { loadVaultSet, toDecrypt } from '../vars/vaultsets.js';
import { loadSecrets } from '../vault/index.js';
import { addSecret } from '../log/secrets.js';
import { countFlag, expandVerbosity, parseCommandArgs } from './args.js';
import type { CommandMain } from './context.js';

const OPTIONS = {
  inventory: { type: 'string', short: 'i', multiple: true },
  'extra-vars': { type: 'string', short: 'e', multiple: true },
  limit: { type: 'string', short: 'l' },
  tags: { type: 'string', short: 't', multiple: true },
  'skip-tags': { type: 'string', multiple: true },
  check: { type: 'boolean', short: 'C' },
  diff: { type: 'boolean', short: 'D' },
  verbose: { type: 'boolean', short: 'v', multiple: true },
  'list-tasks': { type: 'boolean' },
  'list-tags': { type: 'boolean' },
  'list-hosts': { type: 'boolean' },
  'syntax-check': { type: 'boolean' },
  'start-at-task': { type: 'string' },
  'force-handlers': { type: 'boolean' },
  'flush-cache': { type: 'boolean' },
  connection: { type: 'string', short: 'c' },
  forks: { type: 'string', short: 'f' },
  timeout: { type: 'string', short: 'T' },
  become: { type: 'boolean', short: 'b' },
  'become-user': { type: 'string' },
  'vault-id': { type: 'string', multiple: true },
  'vault-password-file': { type: 'string', multiple: true },
  'ask-vault-pass': { type: 'boolean', short: 'J' },
  env: { type: 'string' },
  'only-steps': { type: 'string' },
  json: { type: 'boolean' },
  profile: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' }, // answered by main.ts, as for every Ansible tool name
} as const;

const USAGE = `Usage: bosun play [options] playbook.yml [playbook2 ...]   (also: ansible-playbook)

Runs Ansible playbooks on the local host, in-process (no Python).

  -i, --inventory SRC        inventory file (INI/YAML) or host list 'a,b,' (repeatable)
  -e, --extra-vars VARS      key=value, YAML/JSON mapping, or @file (repeatable)
  -l, --limit PATTERN        further limit the selected hosts
  -t, --tags TAGS            only run tasks tagged so;  --skip-tags TAGS  skip them
  -C, --check                change nothing, report what would change;  -D, --diff  show diffs
  -v                         more output (repeatable)
      --list-tasks, --list-tags, --syntax-check, --start-at-task NAME, --force-handlers
      --vault-id ID, --vault-password-file FILE
      --env NAME             load the environment vault set NAME as extra vars
      --only-steps a,b       shorthand for -e '{only_steps: true, a: true, b: true}'
      --json                 one JSON event per line instead of Ansible's output
      --profile              per-task timing summary at the end

Examples:
  bosun play -i localhost, site.yml -e version=1.2
  bosun play --env prod --only-steps config,nginx reconfigure.yml
`;

function csv(list: string[] | undefined): string[] {
  return (list ?? [])
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
}

export const main: CommandMain = async (args, ctx) => {
  const { values: v, positionals } = parseCommandArgs('bosun play', expandVerbosity(args), OPTIONS);
  if (v.help) {
    ctx.stdout.write(USAGE);
    return 0;
  }
  if (!positionals.length) throw new UsageError('bosun play: no playbook given (see --help)');
  if (v.connection && v.connection !== 'local')
    throw new UsageError(
      `bosun play: connection '${v.connection}' is not supported: bosun runs on the local host`,
    );
  const secrets = await loadSecrets({
    vaultIds: v['vault-id'],
    passwordFiles: v['vault-password-file'],
    askVaultPass: v['ask-vault-pass'],
    env: ctx.env,
    envName: v.env,
    cwd: ctx.cwd,
  });
  for (const s of secrets) addSecret(s.password);
  const decrypt = toDecrypt(secrets);
  let extraVars = new Map<string, PyValue>();
  if (v.env !== undefined || ctx.env.APP_ENV_NAME || ctx.env.A_ENV_NAME) {
    extraVars = await loadVaultSet({
      env: v.env,
      cwd: ctx.cwd,
      secrets: decrypt,
      environ: ctx.env,
    });
  }
  for (const [k, val] of await parseExtraVars(v['extra-vars'] ?? [], ctx.cwd, decrypt))
    extraVars.set(k, val);
  if (v['only-steps'] !== undefined)
    for (const [k, val] of onlyStepsVars(v['only-steps'])) extraVars.set(k, val);
  const templar = await loadTemplar(path.dirname(path.resolve(ctx.cwd, positionals[0]!)));
  const common = {
    playbooks: positionals,
    templar,
    inventory: v.inventory,
    extraVars,
    decrypt,
    cwd: ctx.cwd,
    env: ctx.env,
  };
  if (v['list-tasks'] || v['list-tags'] || v['list-hosts'] || v['syntax-check']) {
    for (const pb of positionals) {
      const { plays, inventory } = await loadPlaybooks({ ...common, playbooks: [pb] });
      const mode = v['list-tasks']
        ? 'tasks'
        : v['list-tags']
          ? 'tags'
          : v['list-hosts']
            ? 'hosts'
            : 'syntax';
      const match = (pattern: string): string[] => {
        const hosts = inventory.match(pattern);
        if (!v.limit) return hosts;
        const allowed = new Set(inventory.match(v.limit));
        return hosts.filter((h) => allowed.has(h));
      };
      // Templated tags render with the play's vars and the extra vars, as ansible-playbook lists them.
      const render = (tag: string, play: Play): string[] => {
        if (!templar.isTemplate(tag)) return [tag];
        const pv = play.kw.get('vars');
        const vars = new Map<string, PyValue>(
          pv instanceof Map ? [...pv].map(([k, x]) => [pyStr(k), x] as [string, PyValue]) : [],
        );
        for (const [k, x] of extraVars) vars.set(k, x);
        try {
          return tagList(templar.template(tag, vars));
        } catch {
          return [tag];
        }
      };
      ctx.stdout.write(
        listPlaybook(
          pb,
          plays,
          mode,
          { tags: csv(v.tags), skipTags: csv(v['skip-tags']), render },
          match,
        ),
      );
    }
    return 0;
  }
  if (countFlag(v.verbose) > 0 && !v.json) {
    const cfg = loadConfig(ctx.cwd, ctx.env).file;
    ctx.stdout.write(
      cfg ? `Using ${cfg} as config file\n` : 'No config file found; using defaults\n',
    );
  }
  const timings: { name: string; ms: number }[] = [];
  let started = 0;
  const onEvent = v.profile
    ? (e: RunEvent): void => {
        const now = performance.now();
        if (e.event === 'task_start' || e.event === 'recap') {
          if (started && timings.length) timings[timings.length - 1]!.ms = now - started;
          if (e.event === 'task_start') {
            timings.push({ name: e.name, ms: 0 });
            started = now;
          }
        }
      }
    : undefined;
  const result = await runPlaybook({
    ...common,
    limit: v.limit,
    connectionLocal: v.connection === 'local',
    check: v.check,
    diff: v.diff,
    verbosity: countFlag(v.verbose),
    tags: csv(v.tags),
    skipTags: csv(v['skip-tags']),
    startAtTask: v['start-at-task'],
    forceHandlers: v['force-handlers'],
    inventoryWarnings: true,
    write: (s) => ctx.stdout.write(s),
    writeErr: (s) => ctx.stderr.write(s),
    format: v.json ? 'json' : 'default',
    onEvent,
  });
  if (v.profile) {
    const total = timings.reduce((a, t) => a + t.ms, 0);
    ctx.stdout.write(`${'='.repeat(79)}\n`);
    for (const t of [...timings].sort((a, b) => b.ms - a.ms))
      ctx.stdout.write(`${(t.name + ' ').padEnd(70, '-')} ${(t.ms / 1000).toFixed(2)}s\n`);
    ctx.stdout.write(`total ${(total / 1000).toFixed(2)}s\n`);
  }
  return result.exitCode;
};
