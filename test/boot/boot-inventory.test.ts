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
