// Every error path: one line naming the file, exit 1, no stack trace, file unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/tmp.js';
import { bosunVault, writePassword } from './helpers.js';
import { encrypt } from '../../src/vault/index.js';

const dir = tempDir('bosun-vault-err-');
const pw = writePassword(dir, 'pw', 'right pw 2');
const wrong = writePassword(dir, 'wrong', 'incorrect pw 1');
const good = encrypt('content\n', { id: 'lab', password: 'right pw 2' });

interface Case {
  name: string;
  content: string;
  args: (f: string) => string[];
  message: RegExp;
}
const body = good.split('\n');
const CASES: Case[] = [
  {
    name: 'wrong password',
    content: good,
    args: (f) => ['decrypt', '--vault-id', `other@${wrong}`, f],
    message: /decryption failed \(vault-id lab\): no password opens it \(vault-ids tried: other\)/,
  },
  {
    name: 'corrupt body (flipped byte)',
    content: good.replace(/\n(.)/, (_m, c: string) => `\n${c === 'a' ? 'b' : 'a'}`),
    args: (f) => ['decrypt', '--vault-password-file', pw, f],
    message: /decryption failed|format error/,
  },
  {
    name: 'truncated body',
    content: body.slice(0, 2).join('\n') + '\n',
    args: (f) => ['decrypt', '--vault-password-file', pw, f],
    message: /vault format error: (truncated|odd-length)/,
  },
  {
    name: 'bad header',
    content: good.replace('AES256', 'AES128'),
    args: (f) => ['view', '--vault-password-file', pw, f],
    message: /unsupported vault cipher "AES128"/,
  },
  {
    name: 'odd-length hex',
    content: good.replace(/\n$/, '') + 'a\n',
    args: (f) => ['decrypt', '--vault-password-file', pw, f],
    message: /odd-length hex/,
  },
  {
    name: 'clear file given to decrypt',
    content: 'plain: text\n',
    args: (f) => ['decrypt', '--vault-password-file', pw, f],
    message: /input is not vault encrypted data/,
  },
  {
    name: 'encrypted file given to encrypt',
    content: good,
    args: (f) => ['encrypt', '--vault-password-file', pw, f],
    message: /input is already encrypted/,
  },
  {
    name: 'missing password source',
    content: good,
    args: (f) => ['decrypt', '--vault-password-file', path.join(dir, 'nope'), f],
    message: /the vault password file .*nope was not found/,
  },
  {
    name: 'empty password file',
    content: 'x\n',
    args: (f) => ['encrypt', '--vault-password-file', writePassword(dir, 'empty', '  '), f],
    message: /Invalid vault password was provided from file .*empty password/,
  },
];

for (const c of CASES) {
  test(`error: ${c.name}`, () => {
    const f = path.join(dir, c.name.replace(/\W+/g, '-'));
    writeFileSync(f, c.content, { mode: 0o640 });
    const r = bosunVault(c.args(f));
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, c.message);
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('[WARNING]'));
    assert.equal(lines.length, 1, `one line expected: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    if (!/missing|empty/.test(c.name))
      assert.ok(r.stderr.includes(path.basename(f)), 'message names the file');
    assert.equal(readFileSync(f, 'utf8'), c.content, 'file unchanged');
    assert.equal(r.stdout.length, 0);
  });
}

test('error: missing input file', () => {
  const r = bosunVault(['view', '--vault-password-file', pw, path.join(dir, 'absent.yml')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /absent\.yml does not exist/);
});

test('create refuses an existing file; invalid vault id character', () => {
  const f = path.join(dir, 'exists');
  writeFileSync(f, 'keep');
  const r = bosunVault(['create', '--vault-password-file', pw, f], { env: { EDITOR: 'true' } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /exists, please use 'edit' instead/);
  assert.equal(readFileSync(f, 'utf8'), 'keep');
  assert.match(bosunVault(['view', '--vault-id', 'a;b@x', f]).stderr, /not a valid vault id/);
});

test('a failing editor writes nothing', () => {
  const f = path.join(dir, 'ed');
  writeFileSync(f, good);
  const r = bosunVault(['edit', '--vault-password-file', pw, f], { env: { EDITOR: 'false' } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /editor false exited with 1; nothing written/);
  assert.equal(readFileSync(f, 'utf8'), good);
});
