// bosun vault vs Debian's ansible-vault, both directions, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { tempDir } from '../helpers/tmp.js';
import { ansibleVault, bosunVault, writePassword, writeScript } from './helpers.js';

const dir = tempDir('bosun-vault-diff-');
const pwA = writePassword(dir, 'pw-a', 'pässwörd with spaces ✓');
const pwB = writePassword(dir, 'pw-b', 'second password');

const CONTENTS: [string, Buffer][] = [
  ['empty', Buffer.alloc(0)],
  ['unicode', Buffer.from('clé: «valeur» ✓ 日本語\n')],
  ['crlf', Buffer.from('a: 1\r\nb: 2\r\n')],
  ['binary', randomBytes(4099)],
  ['1MiB', Buffer.from(randomBytes(512 * 1024).toString('hex'))],
  ['block-aligned', Buffer.from('0123456789abcdef')],
];

for (const [label, content] of CONTENTS) {
  test(`bosun encrypt → ansible-vault decrypt: ${label}`, () => {
    const f = path.join(dir, `b-${label}`);
    writeFileSync(f, content);
    const enc = bosunVault(['encrypt', '--vault-id', `lab@${pwA}`, f]);
    assert.equal(enc.status, 0, enc.stderr);
    assert.match(readFileSync(f, 'utf8').split('\n')[0]!, /^\$ANSIBLE_VAULT;1\.2;AES256;lab$/);
    const dec = ansibleVault(['decrypt', '--vault-password-file', pwA, '--output', '-', f]);
    assert.equal(dec.status, 0, dec.stderr);
    assert.ok(dec.stdout.equals(content), 'plaintext differs');
  });
  test(`ansible-vault encrypt → bosun decrypt/view: ${label}`, () => {
    const f = path.join(dir, `a-${label}`);
    writeFileSync(f, content);
    const enc = ansibleVault(['encrypt', '--vault-password-file', pwB, f]);
    assert.equal(enc.status, 0, enc.stderr);
    const view = bosunVault(['view', '--vault-id', `x@${pwA}`, '--vault-password-file', pwB, f]);
    assert.equal(view.status, 0, view.stderr);
    assert.ok(view.stdout.equals(content), 'view plaintext differs');
    const dec = bosunVault(['decrypt', '--vault-password-file', pwB, f]);
    assert.equal(dec.status, 0, dec.stderr);
    assert.ok(readFileSync(f).equals(content), 'decrypted file differs');
  });
}

test('multiple vault-ids: label tried first, then all; ansible reads bosun 1.2 with several ids', () => {
  const f = path.join(dir, 'multi');
  writeFileSync(f, 'secret: 42\n');
  assert.equal(ansibleVault(['encrypt', '--vault-id', `dev@${pwA}`, f]).status, 0);
  // Wrong label for the right password still opens it (Ansible tries every secret).
  const r = bosunVault(['view', '--vault-id', `prod@${pwB}`, '--vault-id', `other@${pwA}`, f]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.toString(), 'secret: 42\n');
  const g = path.join(dir, 'multi2');
  writeFileSync(g, 'x\n');
  const enc = bosunVault([
    'encrypt',
    '--vault-id',
    `dev@${pwA}`,
    '--vault-id',
    `prod@${pwB}`,
    '--encrypt-vault-id',
    'prod',
    g,
  ]);
  assert.equal(enc.status, 0, enc.stderr);
  assert.match(readFileSync(g, 'utf8'), /^\$ANSIBLE_VAULT;1\.2;AES256;prod\n/);
  const a = ansibleVault(['view', '--vault-id', `dev@${pwA}`, '--vault-id', `prod@${pwB}`, g]);
  assert.equal(a.stdout.toString(), 'x\n', a.stderr);
  const ambiguous = bosunVault([
    'encrypt',
    '--vault-id',
    `dev@${pwA}`,
    '--vault-id',
    `prod@${pwB}`,
    g + '.none',
  ]);
  assert.equal(ambiguous.status, 1);
  assert.match(ambiguous.stderr, /Specify the vault-id to encrypt with --encrypt-vault-id/);
});

test('encrypt_string: same shape as ansible-vault, readable by it; --stdin-name; several names', () => {
  for (const args of [
    ['abc', '-n', 'myvar'],
    ['abc'],
    ['--stdin-name', 'foo'],
    ['one', 'two', '-n', 'a', '-n', 'b'],
  ]) {
    const opts = { input: 'from stdin' };
    const ours = bosunVault(['encrypt_string', '--vault-password-file', pwA, ...args], opts);
    const theirs = ansibleVault(['encrypt_string', '--vault-password-file', pwA, ...args], opts);
    assert.equal(ours.status, 0, ours.stderr);
    const shape = (s: string): string => s.replace(/^( {10})[0-9a-f]+$/gm, '$1HEX');
    assert.equal(
      shape(ours.stdout.toString()),
      shape(theirs.stdout.toString()),
      `args ${args.join(' ')}`,
    );
    assert.equal(ours.stderr, theirs.stderr);
  }
});

test('password sources: executable, -client script with --vault-id, vaulted password file, env', () => {
  const f = path.join(dir, 'src');
  writeFileSync(f, 'src: ok\n');
  assert.equal(ansibleVault(['encrypt', '--vault-id', `lab@${pwA}`, f]).status, 0);
  const script = writeScript(
    dir,
    'pass.sh',
    `printf '%s\\n' '${readFileSync(pwA, 'utf8').trim()}'`,
  );
  assert.equal(
    bosunVault(['view', '--vault-password-file', script, f]).stdout.toString(),
    'src: ok\n',
  );
  const client = writeScript(
    dir,
    'vault-client.sh',
    `[ "$1" = --vault-id ] && [ "$2" = lab ] && { printf '%s' '${readFileSync(pwA, 'utf8').trim()}'; exit 0; }; echo "unknown id $2" >&2; exit 2`,
  );
  assert.equal(
    bosunVault(['view', '--vault-id', `lab@${client}`, f]).stdout.toString(),
    'src: ok\n',
  );
  const unknown = bosunVault(['view', '--vault-id', `nope@${client}`, f]);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /did not find a secret for vault-id=nope: unknown id nope/);
  // A password file that is itself vaulted with a password given before it.
  const inner = path.join(dir, 'inner-pw');
  writeFileSync(inner, readFileSync(pwA, 'utf8'));
  assert.equal(ansibleVault(['encrypt', '--vault-password-file', pwB, inner]).status, 0);
  const both = bosunVault(['view', '--vault-id', pwB, '--vault-id', `lab@${inner}`, f]);
  assert.equal(both.stdout.toString(), 'src: ok\n', both.stderr);
  const theirs = ansibleVault(['view', '--vault-id', pwB, '--vault-id', `lab@${inner}`, f]);
  assert.equal(theirs.stdout.toString(), 'src: ok\n', theirs.stderr);
  // Ansible's environment variables, and the seed's CORPUSOPS_* ones.
  assert.equal(
    bosunVault(['view', f], { env: { ANSIBLE_VAULT_PASSWORD_FILE: pwA } }).stdout.toString(),
    'src: ok\n',
  );
  assert.equal(
    bosunVault(['view', f], {
      env: { ANSIBLE_VAULT_IDENTITY_LIST: `zz@${pwB},lab@${pwA}` },
    }).stdout.toString(),
    'src: ok\n',
  );
  const pw = readFileSync(pwA, 'utf8').trim();
  const prod = path.join(dir, 'prod.yml');
  writeFileSync(prod, readFileSync(f));
  assert.equal(
    bosunVault(['view', prod], { env: { CORPUSOPS_VAULT_PASSWORD_PROD: pw } }).stdout.toString(),
    'src: ok\n',
  );
  assert.equal(
    bosunVault(['view', '--env', 'prod', f], {
      env: { CORPUSOPS_VAULT_PASSWORD_PROD: pw },
    }).stdout.toString(),
    'src: ok\n',
  );
  assert.equal(
    bosunVault(['view', f], { env: { CORPUSOPS_VAULT_PASSWORD: pw } }).stdout.toString(),
    'src: ok\n',
  );
  // A prompt fed on stdin (no terminal), with confirmation for encrypt.
  const g = path.join(dir, 'prompted');
  writeFileSync(g, 'p\n');
  assert.equal(
    bosunVault(['encrypt', '--ask-vault-pass', g], { input: `${pw}\n${pw}\n` }).status,
    0,
  );
  assert.equal(ansibleVault(['view', '--vault-password-file', pwA, g]).stdout.toString(), 'p\n');
  const mismatch = bosunVault(['encrypt', '-J', f + '.x'], { input: 'a\nb\n' });
  assert.match(mismatch.stderr, /Passwords do not match/);
});

test('invoked as ansible-vault (argv0), rekey both ways', () => {
  const f = path.join(dir, 'rk');
  writeFileSync(f, 'rekey me\n');
  assert.equal(
    bosunVault(['encrypt', '--vault-password-file', pwA, f], { argv0: 'ansible-vault' }).status,
    0,
  );
  const r = bosunVault(['rekey', '--vault-password-file', pwA, '--new-vault-id', `new@${pwB}`, f]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, 'Rekey successful\n');
  assert.match(readFileSync(f, 'utf8'), /^\$ANSIBLE_VAULT;1\.2;AES256;new\n/);
  assert.equal(
    ansibleVault(['view', '--vault-password-file', pwB, f]).stdout.toString(),
    'rekey me\n',
  );
  assert.equal(
    ansibleVault(['rekey', '--vault-password-file', pwB, '--new-vault-password-file', pwA, f])
      .status,
    0,
  );
  assert.equal(
    bosunVault(['view', '--vault-password-file', pwA, f]).stdout.toString(),
    'rekey me\n',
  );
});

test('children (password scripts, editor) never see CORPUSOPS_VAULT_PASSWORD* in their environment', () => {
  const f = path.join(dir, 'envleak');
  writeFileSync(f, 'e\n');
  assert.equal(ansibleVault(['encrypt', '--vault-password-file', pwA, f]).status, 0);
  const dump = path.join(dir, 'child-env');
  const script = writeScript(
    dir,
    'env-pass.sh',
    `env > ${dump}; printf '%s' '${readFileSync(pwA, 'utf8').trim()}'`,
  );
  const r = bosunVault(['edit', '--vault-password-file', script, f], {
    env: {
      CORPUSOPS_VAULT_PASSWORD: 'leaked-global',
      CORPUSOPS_VAULT_PASSWORD_PROD: 'leaked-prod',
      EDITOR: `sh -c "env >> ${dump}" x`,
    },
  });
  assert.equal(r.status, 0, r.stderr);
  const seen = readFileSync(dump, 'utf8');
  assert.ok(seen.includes('PATH='), 'env was dumped');
  assert.doesNotMatch(seen, /leaked/);
});

test('ANSIBLE_VAULT_ENCRYPT_IDENTITY picks the encrypt secret; --output - and stdin as ansible-vault', () => {
  const env = {
    ANSIBLE_VAULT_IDENTITY_LIST: `dev@${pwA},prod@${pwB}`,
    ANSIBLE_VAULT_ENCRYPT_IDENTITY: 'prod',
  };
  const ours = bosunVault(['encrypt', '--output', '-'], { input: 'piped\n', env });
  assert.equal(ours.status, 0, ours.stderr);
  assert.match(ours.stdout.toString(), /^\$ANSIBLE_VAULT;1\.2;AES256;prod\n/);
  const back = ansibleVault(['decrypt', '--output', '-'], { input: ours.stdout, env });
  assert.equal(back.stdout.toString(), 'piped\n', back.stderr);
  const theirs = ansibleVault(['encrypt', '--output', '-'], { input: 'piped\n', env });
  const dec = bosunVault(['decrypt'], { input: theirs.stdout, env });
  assert.equal(dec.stdout.toString(), 'piped\n', dec.stderr);
});
