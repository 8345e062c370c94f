// Ansible's own systemd module (Debian's ansible-core) against the bosun systemctl shim during an
// image build (no supervisor): the first run enables and (deferred-)starts, the second run
// reports changed=false, and the links equal what `systemctl --root` makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BOSUN_BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

test('ansible.builtin.systemd through the shim converges: changed, then changed=false', () => {
  const work = tempDir('bosun-ansible-sd-');
  const root = path.join(work, 'root');
  mkdirSync(path.join(root, 'lib/systemd/system'), { recursive: true });
  writeFileSync(
    path.join(root, 'lib/systemd/system/web.service'),
    '[Service]\nExecStart=/bin/sleep 60\n[Install]\nWantedBy=multi-user.target\n',
  );
  const bin = path.join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(
    path.join(bin, 'systemctl'),
    `#!/bin/sh\nexec "${process.execPath}" "${BOSUN_BIN}" systemctl --root="${root}" "$@"\n`,
  );
  chmodSync(path.join(bin, 'systemctl'), 0o755);
  writeFileSync(
    path.join(work, 'play.yml'),
    [
      '- hosts: localhost',
      '  connection: local',
      '  gather_facts: false',
      '  tasks:',
      '    - ansible.builtin.systemd: { name: web, enabled: true, state: started }',
      '',
    ].join('\n'),
  );
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    BOSUN_CONTROL_SOCKET: path.join(work, 'none.sock'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_LOCALHOST_WARNING: 'false',
    ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false',
  };
  const play = (): string => {
    const r = spawnSync('ansible-playbook', ['-i', 'localhost,', path.join(work, 'play.yml')], {
      env,
      encoding: 'utf8',
      cwd: work,
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    return r.stdout;
  };
  assert.match(play(), /ok=1\s+changed=1/);
  assert.equal(
    readlinkSync(path.join(root, 'etc/systemd/system/multi-user.target.wants/web.service')),
    '/lib/systemd/system/web.service',
  );
  assert.ok(existsSync(path.join(root, 'var/lib/bosun/deferred-start')));
  assert.match(play(), /ok=1\s+changed=0/);
});
