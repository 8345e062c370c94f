// `vault check` in the seed's layout (issue 12, item 5): any member clear or encrypted by default,
// a policy (--require-encrypted globs or bosun.yml) for those that must be encrypted, the
// password sources of every vault command (CORPUSOPS_VAULT_PASSWORD_<ENV> too), and encrypted
// files that no password was given for reported as not checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/tmp.js';
import { bosunVault, writePassword } from './helpers.js';

const dir = tempDir('bosun-vault-check-');
const pw = writePassword(dir, 'pw', 'check pass');
const root = path.join(dir, 'proj');
const vaults = path.join(root, '.ansible/vaults');
mkdirSync(vaults, { recursive: true });
writeFileSync(path.join(vaults, 'default.yml'), 'a: 1\n');
writeFileSync(path.join(vaults, 'app.yml'), 'b: 2\n');
writeFileSync(path.join(vaults, 'prod.yml'), 'c: 3\n');
assert.equal(
  bosunVault(['encrypt', '--vault-password-file', pw, path.join(vaults, 'prod.yml')]).status,
  0,
);

const out = (r: { stdout: string | Buffer }): string => r.stdout.toString();

test('seed layout: clear default.yml/app.yml and an encrypted prod.yml pass by default', () => {
  const r = bosunVault(['check', '--vault-password-file', pw], { cwd: root });
  assert.equal(r.status, 0, out(r) + r.stderr.toString());
  assert.match(out(r), /^ok {3}.*default\.yml: clear$/m);
  assert.match(out(r), /^ok {3}.*prod\.yml: encrypted \(vault-id default\), opens$/m);
});

test('policy: --require-encrypted globs, else bosun.yml vault.require_encrypted', () => {
  const r = bosunVault(
    ['check', '--vault-password-file', pw, '--require-encrypted', 'prod.yml,app.*'],
    {
      cwd: root,
    },
  );
  assert.equal(r.status, 1);
  assert.match(out(r), /^FAIL .*app\.yml: clear — SHOULD BE ENCRYPTED/m);
  assert.doesNotMatch(out(r), /default\.yml.*SHOULD/);
  writeFileSync(path.join(root, 'bosun.yml'), 'vault:\n  require_encrypted: ["*.yml"]\n');
  const p = bosunVault(['check', '--vault-password-file', pw, '--json'], { cwd: root });
  assert.equal(p.status, 1);
  const report = JSON.parse(out(p)) as { files: { file: string; status: string }[] };
  assert.deepEqual(
    report.files.map((f) => [path.basename(f.file), f.status]),
    [
      ['app.yml', 'fail'],
      ['default.yml', 'fail'],
      ['prod.yml', 'ok'],
    ],
  );
  writeFileSync(path.join(root, 'bosun.yml'), 'vault:\n  require_encrypted: prod.yml\n');
  assert.equal(bosunVault(['check', '--vault-password-file', pw], { cwd: root }).status, 0);
  writeFileSync(path.join(root, 'bosun.yml'), 'vault:\n  require_encrypted: {a: 1}\n');
  const bad = bosunVault(['check', '--vault-password-file', pw], { cwd: root });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr.toString(), /bosun\.yml: vault\.require_encrypted must be a list/);
  writeFileSync(path.join(root, 'bosun.yml'), '{}\n');
});

test('passwords from CORPUSOPS_VAULT_PASSWORD_<ENV> (the file name gives ENV) and CORPUSOPS_VAULT_PASSWORD', () => {
  const envs: Record<string, string>[] = [
    { CORPUSOPS_VAULT_PASSWORD_PROD: 'check pass' },
    { CORPUSOPS_VAULT_PASSWORD: 'check pass' },
  ];
  for (const env of envs) {
    const r = bosunVault(['check'], { cwd: root, env });
    assert.equal(r.status, 0, out(r));
    assert.match(out(r), /prod\.yml: encrypted \(vault-id default\), opens$/m);
  }
  const wrong = bosunVault(['check'], {
    cwd: root,
    env: { CORPUSOPS_VAULT_PASSWORD_PROD: 'nope' },
  });
  assert.equal(wrong.status, 1);
  assert.match(out(wrong), /^FAIL .*prod\.yml: encrypted .*does NOT open/m);
});

test('no password to try: said so (SKIP and a summary line), not a silent ok', () => {
  const r = bosunVault(['check'], { cwd: root });
  assert.equal(r.status, 0);
  assert.match(out(r), /^SKIP .*prod\.yml: encrypted \(vault-id default\), no password to try$/m);
  assert.match(out(r), /^1 encrypted file\(s\) not checked: no password to try/m);
  const j = JSON.parse(out(bosunVault(['check', '--json'], { cwd: root }))) as {
    unchecked: string[];
  };
  assert.deepEqual(
    j.unchecked.map((f) => path.basename(f)),
    ['prod.yml'],
  );
});
