/** Environment vault sets: file order, folders, overrides, encrypted files (ansible-vault encrypts them). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { loadVaultSet, planVaultSet } from '../../src/vars/vaultsets.js';
import { secret } from '../../src/vault/index.js';
import { resolve } from '../../src/py/values.js';
import path from 'node:path';
import { tempDir, writeIn as write } from '../helpers/tmp.js';

test('order, folders and first-folder-wins', async () => {
  const dir = tempDir();
  write(dir, '.ansible/vaults/default.yml', 'a: default\nb: default\nc: default\n');
  write(dir, '.ansible/vaults/prod.yml', 'b: prod\n');
  write(dir, 'local/prod.yml', 'b: shadowed\n');
  write(dir, 'local/local.yml', 'c: local\n');
  write(dir, 'local/extra.yml', 'd: extra\n');
  const vars = await loadVaultSet({ env: 'prod', cwd: dir, environ: { A_EXTRA_VAULTS: 'extra' } });
  assert.deepEqual(Object.fromEntries(vars), { a: 'default', b: 'prod', c: 'local', d: 'extra' });
  const plan = planVaultSet({
    cwd: dir,
    environ: { APP_ENV_NAME: 'prod', NO_DEFAULT_VAULTS: '1' },
  });
  assert.deepEqual(plan.files, []);
  assert.equal(plan.env, 'prod');
  const folders = planVaultSet({ cwd: dir, env: 'prod', environ: { A_VAULTS_FOLDERS: 'local' } });
  assert.deepEqual(
    folders.files.map((f) => path.relative(dir, f)),
    ['local/prod.yml', 'local/local.yml'],
  );
});

test('encrypted files decrypt with the secrets; a wrong password names the file', async () => {
  const dir = tempDir();
  const file = write(dir, '.ansible/vaults/dev.yml', 'token: s3cret\n');
  const pw = write(dir, 'pw', 'pass1\n');
  const r = spawnSync('ansible-vault', ['encrypt', '--vault-password-file', pw, file], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const vars = await loadVaultSet({
    env: 'dev',
    cwd: dir,
    secrets: [secret('default', 'pass1')],
    environ: {},
  });
  assert.equal(resolve(vars.get('token')!), 's3cret');
  await assert.rejects(
    loadVaultSet({ env: 'dev', cwd: dir, secrets: [secret('default', 'wrong')], environ: {} }),
    (err: Error) => /dev\.yml/.test(String((err as { file?: string }).file ?? err.message)),
  );
  await assert.rejects(loadVaultSet({ env: 'dev', cwd: dir, environ: {} }), /vault/);
});

test('files load concurrently but merge in order, and the first failing file in load order is the error', async () => {
  const dir = tempDir();
  const pw = write(dir, 'pw', 'pass1\n');
  for (const [name, body] of [
    ['default.yml', 'a: default\nb: default\n'],
    ['prod.yml', 'b: prod\n'],
  ] as const) {
    const file = write(dir, `.ansible/vaults/${name}`, body);
    const r = spawnSync('ansible-vault', ['encrypt', '--vault-password-file', pw, file], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
  }
  const vars = await loadVaultSet({
    env: 'prod',
    cwd: dir,
    secrets: [secret('default', 'pass1')],
    environ: {},
  });
  assert.deepEqual(Object.fromEntries([...vars].map(([k, v]) => [k, resolve(v)])), {
    a: 'default',
    b: 'prod',
  });
  // Both broken: the error names default.yml (loaded first) although the clear file fails
  // sooner (the encrypted one waits for its keys).
  const broken = write(dir, '.ansible/vaults/default.yml', 'a: [unclosed\n');
  assert.equal(
    spawnSync('ansible-vault', ['encrypt', '--vault-password-file', pw, broken]).status,
    0,
  );
  write(dir, '.ansible/vaults/prod.clear.yml', 'b: {unclosed\n');
  await assert.rejects(
    loadVaultSet({ env: 'prod', cwd: dir, secrets: [secret('default', 'pass1')], environ: {} }),
    (err: Error) => /default\.yml/.test(String((err as { file?: string }).file ?? err.message)),
  );
});
