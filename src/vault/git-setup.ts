/**
 * `bosun vault git-setup`: a git textconv diff driver so `git diff` / `git log -p` show vault
 * files decrypted (passwords from the environment: ANSIBLE_VAULT_PASSWORD_FILE,
 * CORPUSOPS_VAULT_PASSWORD*), and `.gitattributes` in the vaults folder pointing at it.
 * `textconv` is the driver itself: plaintext when a password opens the file, else the file as is.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { run } from '../process/run.js';
import { VaultError } from './errors.js';
import { isEncrypted } from './format.js';
import { decryptWith, type VaultSecrets } from './secrets.js';
import { childEnv, readInput, writeOutput, type VaultIo } from './io.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { selfShellCommand } from '../process/self.js';

const DRIVER = 'ansible-vault';

export async function gitSetup(io: VaultIo, dir = '.ansible/vaults'): Promise<number> {
  const git = async (args: string[]): Promise<void> => {
    const r = await run('git', args, { cwd: io.cwd, reject: false, env: childEnv(io.env) });
    if (r.exitCode !== 0)
      throw new VaultError(
        'vault-io',
        `git ${args.join(' ')} failed: ${r.stderr.toString().trim().split('\n')[0] ?? ''}`,
      );
  };
  await git(['config', `diff.${DRIVER}.textconv`, selfShellCommand(['vault', 'textconv'])]);
  await git(['config', `diff.${DRIVER}.cachetextconv`, 'false']);
  const attrDir = path.resolve(io.cwd, dir);
  await fs.mkdir(attrDir, { recursive: true });
  const attrs = path.join(attrDir, '.gitattributes');
  let current = '';
  try {
    current = await fs.readFile(attrs, 'utf8');
  } catch {
    /* new file */
  }
  const wanted = [`*.yml diff=${DRIVER}`, `*.yaml diff=${DRIVER}`].filter(
    (l) => !current.split('\n').includes(l),
  );
  if (wanted.length > 0)
    await writeFileAtomic(
      attrs,
      current + (current && !current.endsWith('\n') ? '\n' : '') + wanted.join('\n') + '\n',
    );
  io.stdout.write(
    `git diff driver '${DRIVER}' configured; ${path.relative(io.cwd, attrs)} maps vault files to it\n`,
  );
  return 0;
}

export async function textconv(io: VaultIo, file: string, secrets: VaultSecrets): Promise<void> {
  const data = await readInput(io, file);
  if (isEncrypted(data) && secrets.length > 0) {
    try {
      await writeOutput(io, '-', decryptWith(data, secrets, { file }).plaintext);
      return;
    } catch {
      /* show the cipher text rather than failing git diff */
    }
  }
  await writeOutput(io, '-', data);
}
