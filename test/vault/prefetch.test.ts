// Keys derived ahead in the thread pool (prefetchKeys): the decryption uses them, and the result
// is the same as without; nothing is left behind once the vault is opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decryptWith, encrypt, secret } from '../../src/vault/index.js';
import { prefetchKeys } from '../../src/vault/secrets.js';
import { keysDerivedAhead } from '../../src/vault/format.js';

test('a prefetched key is used by the decryption, then gone', async () => {
  const text = encrypt(Buffer.from('token: s3cret\n'), { id: 'default', password: 'pw-1' });
  await prefetchKeys(text, [secret('default', 'pw-1')]);
  assert.equal(keysDerivedAhead(), 1);
  assert.equal(
    decryptWith(text, [secret('default', 'pw-1')]).plaintext.toString(),
    'token: s3cret\n',
  );
  assert.equal(keysDerivedAhead(), 0);
});

test('the secret the label names is the one derived; a wrong one is wiped and the right one still opens it', async () => {
  const text = encrypt(Buffer.from('a: 1\n'), { id: 'prod', password: 'prod-pw' });
  const secrets = [secret('dev', 'dev-pw'), secret('prod', 'prod-pw')];
  await prefetchKeys(text, secrets);
  assert.equal(keysDerivedAhead(), 1);
  assert.equal(decryptWith(text, secrets).vaultId, 'prod');
  assert.equal(keysDerivedAhead(), 0);

  const other = encrypt(Buffer.from('b: 2\n'), { id: 'default', password: 'right' });
  await prefetchKeys(other, [secret('default', 'wrong')]);
  assert.equal(keysDerivedAhead(), 1);
  assert.equal(decryptWith(other, [secret('default', 'right')]).plaintext.toString(), 'b: 2\n');
  assert.equal(keysDerivedAhead(), 0, 'the key of the wrong password does not linger');
});

test('not a vault, a malformed one or no secrets: nothing derived, decryptWith reports as before', async () => {
  await prefetchKeys('plain: text\n', [secret('default', 'x')]);
  await prefetchKeys('$ANSIBLE_VAULT;1.1;AES256\nzz-not-hex\n', [secret('default', 'x')]);
  await prefetchKeys(encrypt(Buffer.from('c'), { id: 'default', password: 'x' }), []);
  assert.equal(keysDerivedAhead(), 0);
  assert.throws(
    () => decryptWith('$ANSIBLE_VAULT;1.1;AES256\nzz-not-hex\n', [secret('default', 'x')]),
    /hex|vault/i,
  );
});
