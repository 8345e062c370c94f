// bosun boot's reconfigure inventory and the checks before it (issue 12), outside containers:
// the container itself by default, -i / ANSIBLE_INVENTORY, no matched host, no password at all.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BOSUN_BIN } from '../helpers/cli.js';
import { tempDir, writeIn } from '../helpers/tmp.js';

/** `bosun boot --init exec -- touch started` with this playbook; the command marks a start. */
function bootWith(
  dir: string,
  playbook: string,
  args: string[] = [],
  env: Record<string, string> = {},
): SpawnSyncReturns<string> {
  writeIn(dir, 'pb.yml', playbook);
  return spawnSync(
    process.execPath,
    [
      BOSUN_BIN,
      'boot',
      '--playbook',
      'pb.yml',
      '--setup',
      path.join(dir, 'none'),
      ...args,
      '--',
      '/bin/sh',
      '-c',
      `touch ${dir}/started`,
    ],
    { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } },
  );
}

describe('reconfigure inventory (issue 12)', () => {
  const touch = (dir: string, hosts: string): string =>
    `- hosts: ${hosts}\n  gather_facts: false\n  tasks:\n    - copy: {content: "{{ inventory_hostname }}\\n", dest: "${dir}/out-{{ inventory_hostname }}"}\n`;

  it('hosts: all runs against the container itself by default (localhost, connection local)', () => {
    const dir = tempDir();
    const r = bootWith(dir, touch(dir, 'all'));
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.equal(readFileSync(path.join(dir, 'out-localhost'), 'utf8'), 'localhost\n');
    assert.ok(existsSync(path.join(dir, 'started')));
  });

  it('-i and ANSIBLE_INVENTORY (a host list, or paths) replace the default', () => {
    const dir = tempDir();
    let r = bootWith(dir, touch(dir, 'all'), [], { ANSIBLE_INVENTORY: 'localhost,' });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    writeIn(dir, 'inv/hosts.ini', '[app]\nweb1\n');
    r = bootWith(dir, touch(dir, 'app'), ['-i', 'inv/hosts.ini']);
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.ok(existsSync(path.join(dir, 'out-web1')));
    r = bootWith(dir, touch(dir, 'all'), [], { ANSIBLE_INVENTORY: 'inv,web2' });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.ok(existsSync(path.join(dir, 'out-web2')));
  });

  it('no play matched a host: one-line error, non-zero exit, nothing started', () => {
    const dir = tempDir();
    const r = bootWith(dir, touch(dir, 'webservers'));
    assert.equal(r.status, 2, `${r.stdout}\n${r.stderr}`);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('ERROR'));
    assert.deepEqual(errors, [
      `ERROR: reconfigure playbook ${dir}/pb.yml: no play matched a host of the inventory (localhost,); no service started`,
    ]);
    assert.equal(existsSync(path.join(dir, 'started')), false);
  });
});

describe('no vault password at all (issue 12)', () => {
  const LOOKED =
    /looked at: no --vault-password-file; secret file \/run\/secrets\/vault_password \(absent\); no --vault-password-fd \/ \$BOSUN_VAULT_PASSWORD_FD; \$CORPUSOPS_VAULT_PASSWORD_PROD, \$CORPUSOPS_VAULT_PASSWORD, \$BOSUN_VAULT_PASSWORD \(unset\); no prompt \(boot has no terminal\); nothing started$/;
  const play = (dir: string): string =>
    `- hosts: all\n  gather_facts: false\n  tasks:\n    - copy: {content: "x\\n", dest: "${dir}/ran"}\n`;
  const errorLines = (stderr: string): string[] =>
    stderr.split('\n').filter((l) => l.startsWith('ERROR'));

  it('an encrypted vault set member: fails at once listing where it looked, nothing runs', () => {
    const dir = tempDir();
    writeIn(dir, 'pw', 'pw\n');
    writeIn(dir, '.ansible/vaults/prod.yml', 's: 1\n');
    const enc = spawnSync('ansible-vault', [
      'encrypt',
      '--vault-password-file',
      path.join(dir, 'pw'),
      path.join(dir, '.ansible/vaults/prod.yml'),
    ]);
    assert.equal(enc.status, 0);
    const r = bootWith(dir, play(dir), ['--env', 'prod']);
    assert.equal(r.status, 1, r.stderr);
    const errors = errorLines(r.stderr);
    assert.equal(errors.length, 1, r.stderr);
    assert.match(
      errors[0]!,
      /^ERROR: no vault password found, and the reconfigure needs one \(.*prod\.yml is encrypted\); /,
    );
    assert.match(errors[0]!, LOOKED);
    assert.equal(r.stdout, '', 'the playbook did not start');
    assert.equal(existsSync(path.join(dir, 'ran')), false);
    assert.equal(existsSync(path.join(dir, 'started')), false);
  });

  it('inline !vault values in $A_RECONFIGURE: the same', () => {
    const dir = tempDir();
    const r = bootWith(dir, play(dir), ['--env', 'prod'], {
      A_RECONFIGURE: 'x: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  3132\n',
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(errorLines(r.stderr)[0]!, /\(\$A_RECONFIGURE has inline !vault values\)/);
    assert.equal(existsSync(path.join(dir, 'started')), false);
  });

  it('nothing encrypted: no password needed, the boot goes on', () => {
    const dir = tempDir();
    writeIn(dir, '.ansible/vaults/prod.yml', 's: 1\n');
    const r = bootWith(dir, play(dir), ['--env', 'prod']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(path.join(dir, 'started')));
  });
});
