// `vault git-setup` writes a textconv command that starts this bosun however it was started:
// through an `npm link`-style symlink (no .js suffix on the name) and through `./bosun` in a
// checkout; then `git diff` shows the decrypted change (issue 12, item 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BOSUN_BIN, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { bosunVault, cleanEnv, writePassword } from './helpers.js';

const dir = tempDir('bosun-git-setup-');
const pw = writePassword(dir, 'pw', 'git pass');

function diffThrough(launcher: string, name: string): void {
  const repo = path.join(dir, name);
  const vaults = path.join(repo, '.ansible/vaults');
  mkdirSync(vaults, { recursive: true });
  const env = cleanEnv({ ANSIBLE_VAULT_PASSWORD_FILE: pw });
  const git = (...args: string[]): string => {
    const r = spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {
      cwd: repo,
      encoding: 'utf8',
      env,
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  git('init', '-q');
  const f = path.join(vaults, 'prod.yml');
  writeFileSync(f, 'password: old\n');
  assert.equal(bosunVault(['encrypt', '--vault-password-file', pw, f]).status, 0);
  const setup = spawnSync(launcher, ['vault', 'git-setup'], { cwd: repo, encoding: 'utf8', env });
  assert.equal(setup.status, 0, setup.stderr);
  const textconv = git('config', 'diff.ansible-vault.textconv').trim();
  assert.equal(textconv, `${process.execPath} ${BOSUN_BIN} vault textconv`);
  git('add', '-A');
  git('commit', '-qm', 'one');
  writeFileSync(f, 'password: new\n');
  assert.equal(bosunVault(['encrypt', '--vault-password-file', pw, f]).status, 0);
  const diff = git('diff');
  assert.match(diff, /^-password: old$/m);
  assert.match(diff, /^\+password: new$/m);
}

test('git-setup through an npm-link style symlink: textconv names node and the script', () => {
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(BOSUN_BIN, path.join(bin, 'bosun'));
  diffThrough(path.join(bin, 'bosun'), 'linked');
});

test('git-setup through ./bosun in the checkout', () => {
  diffThrough(path.join(ROOT, 'bosun'), 'checkout');
});
