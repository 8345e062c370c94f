/**
 * `bosun vault` (also invoked as `ansible-vault`): ansible-vault's actions, options and
 * environment, plus `--values`, `check` and `git-setup`. Parsing, secrets set-up and messages
 * only; the file operations live in src/vault/commands.ts. Heavier parts (YAML for --values and
 * check) are imported lazily so `view` stays fast.
 */
import { UsageError } from '../errors.js';
import { parseCommandArgs } from './args.js';
import { VAULT_PASSWORD_OPTIONS, vaultSecretOptions } from './vault-options.js';
import { terminalPrompt } from '../vault/prompt.js';
import type { CliContext, CommandMain } from './context.js';
import {
  loadSecrets,
  VaultError,
  type LoadSecretsOptions,
  type VaultSecret,
} from '../vault/index.js';
import * as ops from '../vault/commands.js';

const ACTIONS = [
  'create',
  'decrypt',
  'edit',
  'view',
  'encrypt',
  'encrypt_string',
  'rekey',
  'check',
  'git-setup',
  'textconv',
] as const;
type Action = (typeof ACTIONS)[number];

const OPTIONS = {
  ...VAULT_PASSWORD_OPTIONS,
  'ask-vault-password': { type: 'boolean' },
  'encrypt-vault-id': { type: 'string' },
  'new-vault-id': { type: 'string' },
  'new-vault-password-file': { type: 'string' },
  output: { type: 'string' },
  'stdin-name': { type: 'string' },
  name: { type: 'string', short: 'n', multiple: true },
  prompt: { type: 'boolean', short: 'p' },
  'show-input': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v', multiple: true },
  env: { type: 'string' },
  values: { type: 'boolean' },
  json: { type: 'boolean' },
  'require-encrypted': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `usage: bosun vault ACTION [options] [FILE...]   (also as 'ansible-vault')

actions: create, decrypt, edit, view, encrypt, encrypt_string, rekey (as ansible-vault)
         check [DIR] [--json] [--require-encrypted GLOBS]   which files are encrypted / open; fails on a
                                file that does not open, or a clear one the policy requires encrypted
                                (GLOBS 'prod.yml,*.yml', default bosun.yml's vault.require_encrypted)
         git-setup              git textconv driver so 'git diff' shows decrypted vault changes

options: --vault-id [LABEL@]SOURCE (repeatable; SOURCE = file, executable or 'prompt')
         --vault-password-file/--vault-pass-file FILE, -J/--ask-vault-pass
         --encrypt-vault-id ID, --new-vault-id ID, --new-vault-password-file FILE
         --output FILE|-, --stdin-name NAME, -n/--name NAME, -p/--prompt, --show-input
         --values   encrypt/decrypt/rekey each YAML leaf as an inline !vault value (keys, comments kept)
         --env ENV  use CORPUSOPS_VAULT_PASSWORD_<ENV> (default: ENV from the vault file names)
environment: ANSIBLE_VAULT_PASSWORD_FILE, ANSIBLE_VAULT_IDENTITY_LIST, ANSIBLE_VAULT_ENCRYPT_IDENTITY,
         ANSIBLE_VAULT_IDENTITY, CORPUSOPS_VAULT_PASSWORD_<ENV>, CORPUSOPS_VAULT_PASSWORD, EDITOR
`;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

export const main: CommandMain = async (args, ctx) => {
  const { values: v, positionals } = parseCommandArgs('bosun vault', args, OPTIONS);
  if (v.help || positionals.length === 0) {
    (v.help ? ctx.stdout : ctx.stderr).write(USAGE);
    return v.help ? 0 : 2;
  }
  const action = positionals[0] as Action;
  if (!ACTIONS.includes(action))
    throw new UsageError(
      `bosun vault: unknown action '${positionals[0]}' (one of ${ACTIONS.join(', ')})`,
    );
  const files = positionals.slice(1);
  for (const id of v['vault-id'] ?? []) {
    if (id.includes(';'))
      throw new UsageError(
        `'${id}' is not a valid vault id. The character ';' is not allowed in vault ids`,
      );
  }
  if (v.output !== undefined && files.length > 1)
    throw new UsageError('At most one input file may be used with the --output option');
  return run(action, files, v, ctx);
};

function secretOptions(
  v: Values,
  ctx: CliContext,
  files: string[],
  confirm: boolean,
): LoadSecretsOptions {
  return vaultSecretOptions(v, ctx, {
    askVaultPass: Boolean(v['ask-vault-pass'] || v['ask-vault-password']),
    confirm,
    files: files.filter((f) => f !== '-'),
  });
}

async function openSecrets(v: Values, ctx: CliContext, files: string[]): Promise<VaultSecret[]> {
  const secrets = await loadSecrets(secretOptions(v, ctx, files, false));
  if (secrets.length === 0)
    throw new VaultError('vault-password', "A vault password is required to use Ansible's Vault");
  return secrets;
}

/** The one secret new vault text is encrypted with (Ansible's match_encrypt_secret). */
function pickEncryptSecret(secrets: VaultSecret[], wanted: string | undefined): VaultSecret {
  if (wanted) {
    const s = secrets.find((x) => x.id === wanted);
    if (!s)
      throw new VaultError(
        'vault-password',
        `Did not find a match for --encrypt-vault-id=${wanted} in the known vault-ids ${JSON.stringify(secrets.map((x) => x.id))}`,
      );
    return s;
  }
  const ids = new Set(secrets.map((s) => s.id));
  if (ids.size > 1) {
    throw new VaultError(
      'vault-password',
      `The vault-ids ${secrets.map((s) => s.id).join(',')} are available to encrypt. Specify the vault-id to encrypt with --encrypt-vault-id`,
    );
  }
  return secrets[0]!;
}

async function encryptSecret(v: Values, ctx: CliContext, files: string[]): Promise<VaultSecret> {
  const secrets = await loadSecrets(secretOptions(v, ctx, files, true));
  if (secrets.length === 0)
    throw new VaultError('vault-password', "A vault password is required to use Ansible's Vault");
  return pickEncryptSecret(
    secrets,
    v['encrypt-vault-id'] ?? ctx.env.ANSIBLE_VAULT_ENCRYPT_IDENTITY,
  );
}

async function newSecret(v: Values, ctx: CliContext): Promise<VaultSecret> {
  const prompt = terminalPrompt(ctx);
  const secrets = await loadSecrets({
    vaultIds: v['new-vault-id'] ? [v['new-vault-id']] : [],
    passwordFiles: v['new-vault-password-file'] ? [v['new-vault-password-file']] : [],
    ansibleEnv: false,
    env: {},
    cwd: ctx.cwd,
  });
  if (secrets.length > 0)
    return pickEncryptSecret(
      secrets,
      v['encrypt-vault-id'] ?? ctx.env.ANSIBLE_VAULT_ENCRYPT_IDENTITY,
    );
  const pw = await prompt('New Vault password: ', {
    confirm: true,
    confirmMessage: 'Confirm New Vault password: ',
  });
  if (!pw)
    throw new VaultError(
      'vault-password',
      'Invalid vault password was provided from prompt: empty password',
    );
  return { id: v['new-vault-id']?.split('@')[0] ?? 'default', password: pw };
}

function say(ctx: CliContext, message: string): void {
  if (ctx.stdout.isTTY) ctx.stderr.write(message + '\n');
}

async function run(action: Action, files: string[], v: Values, ctx: CliContext): Promise<number> {
  const inputs = files.length > 0 ? files : ['-'];
  switch (action) {
    case 'encrypt': {
      const secret = await encryptSecret(v, ctx, files);
      if (v.values) {
        const { encryptValuesFile } = await import('../vault/values.js');
        for (const f of inputs) await encryptValuesFile(ctx, f, secret, [], v.output);
      } else for (const f of inputs) await ops.encryptFile(ctx, f, secret, v.output);
      say(ctx, 'Encryption successful');
      return 0;
    }
    case 'decrypt': {
      const secrets = await openSecrets(v, ctx, files);
      if (v.values) {
        const { decryptValuesFile } = await import('../vault/values.js');
        for (const f of inputs) await decryptValuesFile(ctx, f, secrets, v.output);
      } else for (const f of inputs) await ops.decryptFile(ctx, f, secrets, v.output);
      say(ctx, 'Decryption successful');
      return 0;
    }
    case 'view': {
      const secrets = await openSecrets(v, ctx, files);
      for (const f of files) await ops.viewFile(ctx, f, secrets);
      return 0;
    }
    case 'edit': {
      const secrets = await openSecrets(v, ctx, files);
      for (const f of files) await ops.editFile(ctx, f, secrets);
      return 0;
    }
    case 'create': {
      if (files.length !== 1)
        throw new UsageError('ansible-vault create can take only one filename argument');
      await ops.createFile(ctx, files[0]!, await encryptSecret(v, ctx, files));
      return 0;
    }
    case 'rekey': {
      const secrets = await openSecrets(v, ctx, files);
      const next = await newSecret(v, ctx);
      const { rekeyAny } = await import('../vault/values.js');
      for (const f of files) await rekeyAny(ctx, f, secrets, next);
      ctx.stderr.write('Rekey successful\n');
      return 0;
    }
    case 'encrypt_string':
      return encryptString(files, v, ctx);
    case 'check': {
      const { checkVaults, projectPolicy, vaultFiles } = await import('../vault/check.js');
      const dir = files[0] ?? '.ansible/vaults';
      const found = await vaultFiles(ctx, dir);
      // The vault files' names give CORPUSOPS_VAULT_PASSWORD_<ENV> (unless --env), as elsewhere.
      const secrets = await loadSecrets({
        ...secretOptions(v, ctx, found, false),
        autoPrompt: false,
        prompt: undefined,
      });
      const globs = v['require-encrypted']
        ? v['require-encrypted'].flatMap((g) => g.split(',').map((x) => x.trim())).filter(Boolean)
        : ((await projectPolicy(ctx.cwd)) ?? []);
      return checkVaults(ctx, {
        dir,
        files: found,
        secrets,
        requireEncrypted: globs,
        json: Boolean(v.json),
      });
    }
    case 'git-setup': {
      const { gitSetup } = await import('../vault/git-setup.js');
      return gitSetup(ctx, files[0]);
    }
    case 'textconv': {
      // Used by the git diff driver git-setup installs: print plaintext, or the file as is.
      const secrets = await loadSecrets({
        ...secretOptions(v, ctx, files, false),
        autoPrompt: false,
        prompt: undefined,
      });
      const { textconv } = await import('../vault/git-setup.js');
      for (const f of files) await textconv(ctx, f, secrets);
      return 0;
    }
  }
}

async function encryptString(args: string[], v: Values, ctx: CliContext): Promise<number> {
  const readStdin = args.includes('-') || args.length === 0 || v['stdin-name'] !== undefined;
  const plain = args.filter((a) => a !== '-');
  if (
    v.prompt &&
    readStdin &&
    !(plain.length === 0 && !args.includes('-') && v['stdin-name'] === undefined)
  ) {
    throw new UsageError('The --prompt option is not supported if also reading input from stdin');
  }
  const secret = await encryptSecret(v, ctx, []);
  const items: ops.StringToEncrypt[] = [];
  if (v.prompt) {
    const ask = terminalPrompt(ctx);
    const name = await ask('Variable name (enter for no name): ', { confirm: false, echo: true });
    const text = v['show-input']
      ? await ask('String to encrypt:', { confirm: false, echo: true })
      : await ask('String to encrypt (hidden): ', { confirm: false });
    if (text === '')
      throw new UsageError('The plaintext provided from the prompt was empty, not encrypting');
    items.push({ text, name: name || undefined, from: 'the interactive prompt' });
  } else if (readStdin) {
    const { readStdin: read } = await import('../vault/io.js');
    const text = (await read(ctx)).toString('utf8');
    if (text === '') throw new UsageError('stdin was empty, not encrypting');
    items.push({ text, name: v['stdin-name'], from: 'stdin' });
  }
  const names = v.name ?? [];
  if (names.length > 0 && plain.length > names.length) {
    ctx.stderr.write(
      `The number of --name options do not match the number of args.\nThe last named variable will be "${names[names.length - 1]}". The rest will not have names.\n`,
    );
  }
  plain.forEach((text, i) => {
    if (text === '')
      throw new UsageError(
        'The plaintext provided from the command line args was empty, not encrypting',
      );
    items.push({ text, name: names[i], from: 'the command line args' });
  });
  const out = ops.encryptStrings(items, secret, ctx.stderr);
  const { writeOutput } = await import('../vault/io.js');
  await writeOutput(ctx, v.output ?? '-', out);
  say(ctx, 'Encryption successful');
  return 0;
}
