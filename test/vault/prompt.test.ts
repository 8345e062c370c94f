// Password prompts on a real terminal (util-linux `script` gives the CLI a pty): nothing echoed,
// confirmation when encrypting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/tmp.js';
import { BOSUN_BIN } from '../helpers/cli.js';
import { ansibleVault, cleanEnv, writePassword } from './helpers.js';

const dir = tempDir('bosun-vault-tty-');
const PW = 'tty pässword';

/** Run bosun on a pty, typing each answer after a pause (as a user would, after the prompt). */
function onTty(
  args: string[],
  answers: string[],
  env: Record<string, string> = {},
): { status: number | null; out: string } {
  // Generous pauses: typed-ahead input would be echoed by the pty before bosun turns echo off.
  const typing =
    answers.map((a, i) => `sleep ${i === 0 ? 2.5 : 1.5}; printf '%s\\r' '${a}'`).join('; ') ||
    'true';
  const cmd = [process.execPath, BOSUN_BIN, 'vault', ...args].map((s) => `'${s}'`).join(' ');
  const r = spawnSync(
    'sh',
    ['-c', `(${typing}) | script -qec "${cmd.replace(/"/g, '\\"')}" /dev/null`],
    { encoding: 'utf8', env: cleanEnv(env) },
  );
  return { status: r.status, out: r.stdout };
}

test('prompt on a terminal: no echo; encrypt asks twice', () => {
  const f = path.join(dir, 'f.yml');
  writeFileSync(f, 'tty: ok\n');
  const enc = onTty(['encrypt', '--ask-vault-pass', f], [PW, PW]);
  assert.equal(enc.status, 0, enc.out);
  assert.match(enc.out, /New Vault password: [\s\S]*Confirm New Vault password: /);
  assert.ok(!enc.out.includes(PW), 'password echoed');
  const pw = writePassword(dir, 'pw', PW);
  assert.equal(
    ansibleVault(['view', '--vault-password-file', pw, f]).stdout.toString(),
    'tty: ok\n',
  );
  const view = onTty(['view', '--vault-id', 'lab@prompt', f], [PW]);
  assert.match(view.out, /Vault password \(lab\): /);
  assert.ok(view.out.includes('tty: ok'));
  assert.ok(!view.out.includes(PW), 'password echoed');
  assert.ok(readFileSync(f, 'utf8').startsWith('$ANSIBLE_VAULT;1.1;AES256\n'));
});

test('view on a terminal goes through $PAGER', () => {
  const f = path.join(dir, 'paged.yml');
  writeFileSync(f, 'paged: yes\n');
  const pw = writePassword(dir, 'pw2', PW);
  assert.equal(ansibleVault(['encrypt', '--vault-password-file', pw, f]).status, 0);
  const pager = path.join(dir, 'pager.sh');
  writeFileSync(pager, '#!/bin/sh\necho "PAGER SAW:"; cat "$1"\n', { mode: 0o755 });
  const r = onTty(['view', '--vault-password-file', pw, f], [], { PAGER: pager });
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /PAGER SAW:\r?\npaged: yes/);
});

test('encrypt_string -p: name echoed, string hidden, output opens with ansible-vault', () => {
  const pw = writePassword(dir, 'pw3', PW);
  const r = onTty(
    ['encrypt_string', '-p', '--vault-password-file', pw],
    ['my_var', 'hidden value'],
  );
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /Variable name \(enter for no name\): my_var/);
  assert.ok(!r.out.includes('hidden value'), 'string echoed');
  const block = r.out
    .slice(r.out.indexOf('my_var: !vault |'))
    .replace(/\r/g, '')
    .replace('Encryption successful', '')
    .split('\n')
    .filter((l) => /^my_var|^ {10}/.test(l))
    .join('\n');
  const f = path.join(dir, 'es.yml');
  writeFileSync(f, block + '\n');
  const py = spawnSync(
    '/usr/bin/python3',
    [
      '-c',
      [
        'import sys',
        'from ansible.parsing.yaml.loader import AnsibleLoader',
        'from ansible.parsing.vault import VaultSecret',
        `print(AnsibleLoader(open(sys.argv[1]).read(), vault_secrets=[("default", VaultSecret(${JSON.stringify(PW)}.encode()))]).get_single_data()["my_var"])`,
      ].join('\n'),
      f,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(py.stdout, 'hidden value\n', py.stderr);
});
