// Issue 12, item 6: every command answers --help; the Ansible names answer --version with the
// first line of Ansible's (`ansible-vault [core 2.14.18]`) plus bosun's version; `render -o dir/`
// writes dir/<template name> as the template module does (compared with ansible-playbook).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runBosun } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { COMMANDS } from '../../src/cli/main.js';

test('every command answers --help with exit 0 and a usage on stdout', () => {
  for (const name of Object.keys(COMMANDS)) {
    const r = runBosun([name, '--help'], { env: { BOSUN_CONTROL_SOCKET: '/nonexistent' } });
    assert.equal(r.status, 0, `${name} --help: ${r.stderr}`);
    assert.match(r.stdout, /usage/i, name);
    assert.equal(r.stderr, '', name);
  }
});

test('ansible-vault, ansible, ansible-playbook --version: Ansible first line, then bosun', () => {
  for (const tool of ['ansible-vault', 'ansible', 'ansible-playbook']) {
    const r = runBosun(['--version'], { argv0: tool });
    assert.equal(r.status, 0, r.stderr);
    const oracle = spawnSync(tool, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]!;
    assert.equal(r.stdout, `${oracle} (bosun ${version()})\n`);
  }
  assert.match(
    runBosun(['play', '--version']).stdout,
    /^ansible-playbook \[core [\d.]+\] \(bosun /,
  );
});

test("render -o dir/ writes dir/<template name>, as the template module's dest", () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'app.conf.j2'), 'port={{ port }}\n');
  mkdirSync(path.join(dir, 'ours'));
  mkdirSync(path.join(dir, 'theirs'));
  let r = runBosun(['render', 'app.conf.j2', '-e', 'port=80', '-o', 'ours/'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  r = runBosun(['render', 'app.conf.j2', '-e', 'port=80', '-o', 'new/'], { cwd: dir });
  assert.match(r.stderr, /^ERROR: new\/app\.conf\.j2: No such file or directory\n$/);
  writeFileSync(
    path.join(dir, 'pb.yml'),
    `- hosts: localhost\n  gather_facts: false\n  tasks:\n    - template: {src: app.conf.j2, dest: ${dir}/theirs/}\n      vars: {port: 80}\n`,
  );
  const o = spawnSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', 'pb.yml'], {
    cwd: dir,
    encoding: 'utf8',
  });
  assert.equal(o.status, 0, o.stdout);
  assert.equal(
    readFileSync(path.join(dir, 'ours/app.conf.j2'), 'utf8'),
    readFileSync(path.join(dir, 'theirs/app.conf.j2'), 'utf8'),
  );
});

function version(): string {
  return (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;
}
