/**
 * `bosun render SRC [-e …]… [--env NAME] [-o DEST] [--mode 0640]`: render one template exactly
 * as Ansible's `template` module would (trim_blocks, ansible_managed, template_* variables,
 * `#jinja2:` overrides), with extra vars as ansible-playbook's `-e`. Vars files may be vaulted.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode, UsageError } from '../errors.js';
import { TemplateRuntimeError } from '../jinja/errors.js';
import { aboutPath } from './errno.js';
import type { CommandMain, CliContext } from './context.js';
import { parseCommandArgs } from './args.js';
import { VAULT_PASSWORD_OPTIONS, vaultPasswordGiven, vaultSecretOptions } from './vault-options.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { createTemplar } from '../ansible/templar-impl.js';
import { mergeHash } from '../ansible/filters/data.js';
import { loadYaml } from '../yaml/load.js';
import { parseYaml } from '../vars/parse.js';
import { loadVaultSet } from '../vars/vaultsets.js';
import { loadSecrets, type VaultSecrets } from '../vault/index.js';
import type { PyValue } from '../py/values.js';

const OPTIONS = {
  'extra-vars': { type: 'string', short: 'e', multiple: true },
  env: { type: 'string' },
  output: { type: 'string', short: 'o' },
  mode: { type: 'string' },
  ...VAULT_PASSWORD_OPTIONS,
  'lstrip-blocks': { type: 'boolean' },
  'no-trim-blocks': { type: 'boolean' },
  'newline-sequence': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `usage: bosun render SRC [-e @vars.yml|@vars.json|k=v|JSON]... [--env NAME] [-o DEST] [--mode 0640]

Render one Jinja2 template exactly as Ansible's template module does (trim_blocks on,
ansible_managed, template_* variables, '#jinja2:' first-line overrides). Output goes to
stdout, or atomically to DEST with -o. A DEST ending in '/' or naming an existing directory
gets the template's file name inside it, as the template module's dest does.

options: -e/--extra-vars VARS   repeatable; later ones win (as ansible-playbook -e)
         --env NAME             load the vault set of environment NAME first (lowest precedence)
         -o/--output DEST       write DEST atomically (no partial file on error)
         --mode MODE            octal mode of DEST (e.g. 0640)
         --vault-id [LABEL@]SOURCE, --vault-password-file FILE, -J/--ask-vault-pass
         --lstrip-blocks, --no-trim-blocks, --newline-sequence '\\n'|'\\r\\n'|'\\r'

examples:
  bosun render nginx.conf.j2 -e @vars.yml -o /etc/nginx/nginx.conf --mode 0644
  bosun render app.env.j2 --env prod --vault-password-file ~/.vault_pass -e port=8080`;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

export const main: CommandMain = async (args, ctx) => {
  const { values: v, positionals } = parseCommandArgs('bosun render', args, OPTIONS);
  if (v.help) {
    ctx.stdout.write(USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError(`bosun render: expected exactly one template (see 'bosun render --help')`);
  const mode = v.mode === undefined ? undefined : parseMode(v.mode);
  const newline = parseNewline(v['newline-sequence']);
  const src = path.resolve(ctx.cwd, positionals[0]!);

  let secrets: VaultSecrets | undefined;
  const getSecrets = async (): Promise<VaultSecrets> => {
    secrets ??= await loadSecrets(vaultSecretOptions(v, ctx));
    return secrets;
  };

  let vars = new Map<PyValue, PyValue>();
  if (v.env !== undefined) {
    vars = await loadVaultSet({
      env: v.env,
      cwd: ctx.cwd,
      secrets: await getSecrets(),
      environ: ctx.env,
    });
  }
  for (const e of v['extra-vars'] ?? [])
    vars = mergeHash(vars, await extraVars(e, ctx, getSecrets), false, 'replace');

  if (vaultPasswordGiven(v)) await getSecrets();
  const templar = createTemplar({
    lookup: { basedir: path.dirname(src), searchPath: [path.dirname(src)] },
    ...(secrets ? { secrets } : {}),
  });
  const scope = new Map([...vars].filter(([k]) => typeof k === 'string')) as Map<string, PyValue>;
  const dest = v.output === undefined ? undefined : outputPath(ctx.cwd, v.output, src);
  let out: string;
  try {
    out = templar.renderFile(src, scope, {
      trimBlocks: !v['no-trim-blocks'],
      lstripBlocks: Boolean(v['lstrip-blocks']),
      newlineSequence: newline,
      ...(dest ? { destPath: dest.path } : {}),
    });
  } catch (err) {
    if (err instanceof RangeError && /call stack/.test(err.message))
      // Jinja2 fails the same input with RecursionError.
      throw new TemplateRuntimeError(
        'maximum recursion depth exceeded (template nested too deeply)',
        {
          file: positionals[0],
        },
      );
    // Reading SRC: ENOENT names it; EISDIR (read of a directory) names nothing.
    const about = (err as { path?: unknown }).path;
    throw errnoCode(err) && (about === src || about === undefined)
      ? aboutPath(err, positionals[0]!)
      : err;
  }
  if (dest) {
    try {
      await writeFileAtomic(dest.path, out, mode === undefined ? {} : { mode });
    } catch (err) {
      // The system call saw a temporary file next to DEST; the user named DEST.
      throw aboutPath(err, dest.shown);
    }
  } else ctx.stdout.write(out);
  return 0;
};

/**
 * The file `-o DEST` names: DEST itself, or DEST/<template file name> when DEST ends in '/' or is
 * an existing directory (Ansible's template module: `dest: dir/` writes dir/<basename of src>).
 */
function outputPath(cwd: string, output: string, src: string): { path: string; shown: string } {
  const dest = path.resolve(cwd, output);
  const isDir = output.endsWith('/') || isDirectory(dest);
  if (!isDir) return { path: dest, shown: output };
  const name = path.basename(src);
  const inside = { path: path.join(dest, name), shown: path.join(output, name) };
  // dir/<name> is itself a directory: refuse before a temporary file touches dir.
  if (isDirectory(inside.path))
    throw Object.assign(new Error(`EISDIR: ${inside.shown}`), {
      code: 'EISDIR',
      path: inside.shown,
    });
  return inside;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false; // a missing DEST is created; other errors surface at the write
  }
}

/** One `-e` argument: @file (YAML/JSON, maybe vaulted), a YAML/JSON mapping, or k=v pairs. */
async function extraVars(
  arg: string,
  ctx: CliContext,
  getSecrets: () => Promise<VaultSecrets>,
): Promise<Map<PyValue, PyValue>> {
  let value: PyValue;
  if (arg.startsWith('@')) {
    const file = path.resolve(ctx.cwd, arg.slice(1));
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(
        `bosun render: cannot read extra vars file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      );
    }
    const needsSecrets = text.startsWith('$ANSIBLE_VAULT') || text.includes('!vault');
    const s = needsSecrets ? await getSecrets() : undefined;
    value = parseYaml(text, { file, ...(s ? { decrypt: s } : {}) }).value;
  } else if (arg.startsWith('{') || arg.startsWith('[')) {
    value = loadYaml(arg, { file: '<extra vars>' }).value;
  } else {
    value = parseKv(arg);
  }
  if (value === null) return new Map();
  if (!(value instanceof Map))
    throw new UsageError(`bosun render: extra vars '${arg.slice(0, 40)}' must be a mapping`);
  return value;
}

/** ansible's parse_kv for `-e 'a=1 b="x y"'`: values stay strings. */
function parseKv(s: string): Map<PyValue, PyValue> {
  const out = new Map<PyValue, PyValue>();
  const re = /([^\s=]+)=("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\S*)/g;
  let m: RegExpExecArray | null;
  let seen = 0;
  while ((m = re.exec(s))) {
    let val = m[2]!;
    if ((val.startsWith('"') && val.endsWith('"')) || (val.startsWith("'") && val.endsWith("'")))
      val = val.slice(1, -1).replace(/\\(.)/g, '$1');
    out.set(m[1]!, val);
    seen++;
  }
  if (!seen && s.trim())
    throw new UsageError(
      `bosun render: cannot parse extra vars '${s}' (expected @file, JSON/YAML mapping or k=v)`,
    );
  return out;
}

function parseMode(m: string): number {
  if (!/^0?[0-7]{3,4}$/.test(m))
    throw new UsageError(`bosun render: --mode must be octal like 0640, not '${m}'`);
  return parseInt(m, 8);
}

function parseNewline(s: string | undefined): string {
  if (s === undefined) return '\n';
  const map: Record<string, string> = {
    '\\n': '\n',
    '\\r\\n': '\r\n',
    '\\r': '\r',
    '\n': '\n',
    '\r\n': '\r\n',
    '\r': '\r',
  };
  const nl = map[s];
  if (!nl)
    throw new UsageError(`bosun render: newline_sequence needs to be one of: \\n, \\r or \\r\\n`);
  return nl;
}

export type { Values };
