// The `password` lookup with `encrypt=` against Ansible's own lookup (Debian's ansible-core,
// passlib): the returned hash and what is left in the password file, byte for byte, for stored
// salts; for a fresh salt (random on both sides), the file's shape and the hash recomputed by
// passlib from the salt bosun stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTemplar } from '../../src/ansible/templar-impl.js';
import { pyStr } from '../../src/py/repr.js';
import { tempDir } from '../helpers/tmp.js';

const ANSIBLE = [
  'import sys, json, warnings',
  'warnings.simplefilter("ignore")',
  'from ansible.parsing.dataloader import DataLoader',
  'from ansible.template import Templar',
  'try:\n    print(json.dumps({"ok": Templar(loader=DataLoader(), variables={}).template(sys.argv[1])}))',
  'except Exception as e:\n    print(json.dumps({"error": str(e)}))',
].join('\n');

function ansible(src: string): { ok?: string; error?: string } {
  return JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', ANSIBLE, src], {
      encoding: 'utf8',
      env: { ...process.env, ANSIBLE_LOCAL_TEMP: '/tmp/bosun-ansible-tmp' },
    }),
  ) as { ok?: string; error?: string };
}

function bosun(src: string): { ok?: string; error?: string } {
  try {
    return { ok: pyStr(createTemplar().template(src, new Map())) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

test('encrypt= with a stored salt: the same hash and the same file as Ansible', () => {
  const cases: [string, string][] = [
    ['s3cret-pw salt=abcdefgh', 'md5_crypt'],
    ['s3cret-pw salt=abcdefghijklmnop', 'sha512_crypt'],
    ['pw with spaces salt=ABCDEFGH12345678', 'sha256_crypt'],
    ['s3cret-pw salt=abcdefghijklmnop ident=6', 'sha512_crypt'],
    // bcrypt: the salt's unused bits repaired in the hash (…s9 → …su), ident stored and given.
    ['O,9ElbjsD6iAZChfe.xx salt=5TbdiSjlX/beVxljopXZs9', 'bcrypt'],
    ['pw é salt=abcdefghijklmnopqrstuv ident=2b', 'bcrypt ident=2a'],
    ['p salt=ABCDEFGHIJKLMNOPQRSTUV', 'bcrypt ident=2y'],
  ];
  for (const [content, scheme] of cases) {
    const dir = tempDir();
    const [a, b] = [path.join(dir, 'a'), path.join(dir, 'b')];
    writeFileSync(a, content + '\n');
    writeFileSync(b, content + '\n');
    const theirs = ansible(`{{ lookup('password', '${a} encrypt=${scheme}') }}`);
    const ours = bosun(`{{ lookup('password', '${b} encrypt=${scheme}') }}`);
    assert.ok(theirs.ok, theirs.error);
    assert.equal(ours.ok, theirs.ok, `${scheme} of ${content}`);
    assert.equal(readFileSync(b, 'utf8'), readFileSync(a, 'utf8'), `file after ${scheme}`);
  }
});

test('encrypt= with no salt yet: one is generated, stored with the password (0600), and reused', () => {
  const dir = tempDir();
  const file = path.join(dir, 'creds/new');
  const first = bosun(`{{ lookup('password', '${file} encrypt=sha512_crypt length=24') }}`).ok!;
  const [pw, salt] = readFileSync(file, 'utf8').trim().split(' salt=') as [string, string];
  assert.equal(pw.length, 24);
  assert.match(salt, /^[./0-9A-Za-z]{16}$/);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const passlib = execFileSync(
    '/usr/bin/python3',
    [
      '-c',
      'import sys; from passlib.hash import sha512_crypt; print(sha512_crypt.using(salt=sys.argv[2], rounds=656000).hash(sys.argv[1]))',
      pw,
      salt,
    ],
    { encoding: 'utf8' },
  ).trim();
  assert.equal(first, passlib);
  assert.equal(
    bosun(`{{ lookup('password', '${file} encrypt=sha512_crypt') }}`).ok,
    first,
    'idempotent',
  );
  // Ansible reads the file bosun wrote and returns the same hash.
  assert.equal(ansible(`{{ lookup('password', '${file} encrypt=sha512_crypt') }}`).ok, first);
});

test('encrypt=bcrypt with no salt yet: salt and ident stored, and Ansible reads the same hash back', () => {
  const file = path.join(tempDir(), 'bc');
  const first = bosun(`{{ lookup('password', '${file} encrypt=bcrypt') }}`).ok!;
  assert.match(readFileSync(file, 'utf8'), /^\S{20} salt=[./0-9A-Za-z]{22} ident=2b\n$/);
  assert.match(first, /^\$2b\$12\$/);
  assert.equal(ansible(`{{ lookup('password', '${file} encrypt=bcrypt') }}`).ok, first);
});

test('schemes bosun does not implement (passlib has them) are a clear error', () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'p'), 'pw salt=abcdefghijklmnop\n');
  assert.match(
    bosun(`{{ lookup('password', '${path.join(dir, 'p')} encrypt=sun_md5_crypt') }}`).error ?? '',
    /hash scheme 'sun_md5_crypt' is not supported by bosun/,
  );
});
