// Inline !vault values: bosun's encrypt_string used by a real ansible-playbook run, Ansible's
// encrypt_string read by bosun's YAML loader, and --values files loadable by Ansible.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/tmp.js';
import { ansibleVault, bosunVault, cleanEnv, writePassword } from './helpers.js';
import { loadYaml } from '../../src/yaml/load.js';
import { loadVaultedYaml } from '../../src/vars/parse.js';
import { resolve, type PyValue } from '../../src/py/values.js';

const dir = tempDir('bosun-vault-inline-');
const PW = 'inline pass ✓';
const pw = writePassword(dir, 'pw', PW);

test('encrypt_string output works in a real ansible-playbook run', () => {
  const a = bosunVault([
    'encrypt_string',
    '--vault-password-file',
    pw,
    'top sécret',
    '-n',
    'secret_a',
  ]);
  const b = bosunVault(['encrypt_string', '--vault-id', `lab@${pw}`, '--stdin-name', 'secret_b'], {
    input: 'multi\nline\n',
  });
  assert.equal(a.status, 0, a.stderr);
  assert.equal(b.status, 0, b.stderr);
  writeFileSync(path.join(dir, 'vars.yml'), `${a.stdout.toString()}\n${b.stdout.toString()}\n`);
  writeFileSync(
    path.join(dir, 'play.yml'),
    [
      '- hosts: localhost',
      '  gather_facts: false',
      '  vars_files: [vars.yml]',
      '  tasks:',
      '    - copy: {content: "{{ secret_a }}|{{ secret_b }}", dest: "' +
        path.join(dir, 'out.txt') +
        '"}',
      '',
    ].join('\n'),
  );
  const r = spawnSync(
    '/usr/bin/ansible-playbook',
    ['-i', 'localhost,', '-c', 'local', '--vault-password-file', pw, 'play.yml'],
    { cwd: dir, env: cleanEnv(), encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(readFileSync(path.join(dir, 'out.txt'), 'utf8'), 'top sécret|multi\nline\n');
});

test("Ansible's encrypt_string values are read lazily by bosun's loader", () => {
  const r = ansibleVault(['encrypt_string', '--vault-id', `prod@${pw}`, 'from ansible', '-n', 'v']);
  assert.equal(r.status, 0, r.stderr);
  const text = `plain: 1\n${r.stdout.toString()}\n`;
  const m = loadVaultedYaml(text, 'x.yml', [{ id: 'prod', password: PW }]).value as Map<
    PyValue,
    PyValue
  >;
  assert.equal(resolve(m.get('v') as PyValue), 'from ansible');
  const noPw = loadVaultedYaml(text, 'x.yml', undefined).value as Map<PyValue, PyValue>;
  assert.equal(noPw.get('plain'), 1);
});

test('--values: encrypt keeps keys/comments, Ansible loads it, decrypt restores, re-encrypt is byte-identical', () => {
  const clear =
    '# settings\ndb:\n  user: admin # who\n  password: "p@ss: word"\n  port: 5432\nlist:\n  - a\n  - multi\n    line\nempty:\n';
  const f = path.join(dir, 'values.yml');
  writeFileSync(f, clear);
  const enc = bosunVault(['encrypt', '--values', '--vault-password-file', pw, f]);
  assert.equal(enc.status, 0, enc.stderr);
  const vaulted = readFileSync(f, 'utf8');
  assert.match(vaulted, /# settings/);
  assert.match(vaulted, /# who/);
  assert.match(vaulted, /user: !vault \|/);
  // Ansible reads it: every leaf is the original text.
  const py = spawnSync(
    '/usr/bin/python3',
    [
      '-c',
      [
        'import json,sys',
        'from ansible.parsing.yaml.loader import AnsibleLoader',
        'from ansible.parsing.vault import VaultSecret',
        `d = AnsibleLoader(open(sys.argv[1]).read(), vault_secrets=[("default", VaultSecret(${JSON.stringify(PW)}.encode()))]).get_single_data()`,
        'print(json.dumps({"user": str(d["db"]["user"]), "password": str(d["db"]["password"]), "port": str(d["db"]["port"]), "l1": str(d["list"][1]), "empty": d["empty"]}))',
      ].join('\n'),
      f,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(py.status, 0, py.stderr);
  assert.deepEqual(JSON.parse(py.stdout), {
    user: 'admin',
    password: 'p@ss: word',
    port: '5432',
    l1: 'multi line',
    empty: null,
  });
  const out = path.join(dir, 'values.clear.yml');
  const dec = bosunVault(['decrypt', '--values', '--vault-password-file', pw, '--output', out, f]);
  assert.equal(dec.status, 0, dec.stderr);
  const roundTrip = loadYaml(readFileSync(out, 'utf8')).value as Map<PyValue, PyValue>;
  assert.equal((roundTrip.get('db') as Map<PyValue, PyValue>).get('port'), '5432');
  assert.equal((roundTrip.get('db') as Map<PyValue, PyValue>).get('password'), 'p@ss: word');
  // Encrypting the unchanged clear file over the vaulted one keeps every cipher text.
  const again = bosunVault([
    'encrypt',
    '--values',
    '--vault-password-file',
    pw,
    '--output',
    f,
    out,
  ]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(readFileSync(f, 'utf8'), vaulted);
  // rekey also rekeys inline values.
  const pw2 = writePassword(dir, 'pw2', 'other');
  assert.equal(
    bosunVault(['rekey', '--vault-password-file', pw, '--new-vault-password-file', pw2, f]).status,
    0,
  );
  const m = loadVaultedYaml(readFileSync(f, 'utf8'), undefined, [
    { id: 'default', password: 'other' },
  ]).value as Map<PyValue, PyValue>;
  assert.equal(resolve((m.get('db') as Map<PyValue, PyValue>).get('user') as PyValue), 'admin');
});

test('whole-file encrypt --output over an unchanged vault leaves it byte-identical', () => {
  const vaulted = path.join(dir, 'whole.yml');
  const clear = path.join(dir, 'whole.clear.yml');
  writeFileSync(vaulted, 'k: v\n');
  assert.equal(bosunVault(['encrypt', '--vault-password-file', pw, vaulted]).status, 0);
  const before = readFileSync(vaulted, 'utf8');
  assert.equal(
    bosunVault(['decrypt', '--vault-password-file', pw, '--output', clear, vaulted]).status,
    0,
  );
  assert.equal(
    bosunVault(['encrypt', '--vault-password-file', pw, '--output', vaulted, clear]).status,
    0,
  );
  assert.equal(readFileSync(vaulted, 'utf8'), before);
  writeFileSync(clear, 'k: changed\n');
  assert.equal(
    bosunVault(['encrypt', '--vault-password-file', pw, '--output', vaulted, clear]).status,
    0,
  );
  assert.equal(
    ansibleVault(['view', '--vault-password-file', pw, vaulted]).stdout.toString(),
    'k: changed\n',
  );
});
