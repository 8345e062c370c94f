// The password-source API used by the play and boot layers (in-process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { tempDir } from '../helpers/tmp.js';
import { writePassword, writeScript } from './helpers.js';
import {
  encrypt,
  envNameOfFile,
  loadSecrets,
  parseVaultId,
  VaultError,
} from '../../src/vault/index.js';
import { writeFileSync } from 'node:fs';

const dir = tempDir('bosun-vault-src-');

test('parseVaultId and envNameOfFile', () => {
  assert.deepEqual(parseVaultId('prod@/x/pw'), { id: 'prod', source: '/x/pw' });
  assert.deepEqual(parseVaultId('/x/pw'), { id: 'default', source: '/x/pw' });
  assert.deepEqual(parseVaultId('a@b@c'), { id: 'a', source: 'b@c' });
  assert.equal(envNameOfFile('.ansible/vaults/prod.yml'), 'prod');
  assert.equal(envNameOfFile('.ansible/vaults/prod.clear.yml'), 'prod');
  assert.equal(envNameOfFile('notes.txt'), undefined);
});

test('order: identity list env, --vault-id, password files, ANSIBLE_VAULT_PASSWORD_FILE, CORPUSOPS env', async () => {
  const a = writePassword(dir, 'a', 'pa');
  const b = writePassword(dir, 'b', 'pb');
  const c = writeScript(dir, 'c.sh', "echo ' pc '");
  const d = writePassword(dir, 'd', 'pd');
  const got = await loadSecrets({
    vaultIds: [`lab@${b}`],
    passwordFiles: [c],
    files: ['.ansible/vaults/staging.yml'],
    env: {
      ANSIBLE_VAULT_IDENTITY_LIST: `first@${a}`,
      ANSIBLE_VAULT_PASSWORD_FILE: d,
      CORPUSOPS_VAULT_PASSWORD_STAGING: 'pe',
      CORPUSOPS_VAULT_PASSWORD: 'pf',
    },
  });
  // A script's output keeps inner spaces (only CR/LF stripped), as Ansible's ScriptVaultSecret.
  assert.deepEqual(
    got.map((s) => `${s.id}:${s.password}`),
    ['first:pa', 'lab:pb', 'default: pc ', 'default:pd', 'default:pe', 'default:pf'],
  );
});

test('a failing source is a warning when another works, an error when none does', async () => {
  const a = writePassword(dir, 'ok', 'fine');
  const warnings: string[] = [];
  const got = await loadSecrets({
    vaultIds: [path.join(dir, 'missing'), a],
    env: {},
    warn: (m) => warnings.push(m),
  });
  assert.deepEqual(
    got.map((s) => s.password),
    ['fine'],
  );
  assert.match(warnings[0]!, /missing was not found/);
  await assert.rejects(
    loadSecrets({ vaultIds: [path.join(dir, 'missing')], env: {} }),
    (e: unknown) => e instanceof VaultError && /was not found/.test(e.message),
  );
});

test('vaulted password file opened with an earlier secret; prompt used only when asked or nothing else', async () => {
  const inner = path.join(dir, 'inner');
  writeFileSync(inner, encrypt('the real one\n', { id: 'default', password: 'outer' }));
  const outer = writePassword(dir, 'outer', 'outer');
  const got = await loadSecrets({ vaultIds: [outer, `real@${inner}`], env: {} });
  assert.deepEqual(
    got.map((s) => `${s.id}:${s.password}`),
    ['default:outer', 'real:the real one'],
  );
  const asked: string[] = [];
  const prompt = (m: string): Promise<string> => {
    asked.push(m);
    return Promise.resolve('typed');
  };
  assert.deepEqual(
    (await loadSecrets({ env: {}, autoPrompt: true, prompt })).map((s) => s.password),
    ['typed'],
  );
  assert.deepEqual(
    (
      await loadSecrets({ env: { CORPUSOPS_VAULT_PASSWORD: 'envpw' }, autoPrompt: true, prompt })
    ).map((s) => s.password),
    ['envpw'],
  );
  assert.deepEqual(asked, ['Vault password: ']);
});
