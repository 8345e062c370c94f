/** The built CLI: bosun play / ansible-playbook and bosun adhoc / ansible entry points. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBosun } from '../helpers/cli.js';

test('bosun play --help and the ansible-playbook name', () => {
  const r = runBosun(['play', '--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /Usage: bosun play/);
  const a = runBosun(['--help'], { argv0: 'ansible-playbook' });
  assert.equal(a.status, 0);
  assert.match(a.stdout, /--only-steps/);
});

test('usage errors exit 2 with one line', () => {
  const r = runBosun(['play']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no playbook given/);
  const c = runBosun(['play', '-c', 'ssh', 'x.yml']);
  assert.equal(c.status, 2);
  assert.match(c.stderr, /connection 'ssh' is not supported/);
  const u = runBosun(['play', '--no-such-option', 'x.yml']);
  assert.equal(u.status, 2);
});

test('bosun adhoc --help and the ansible name', () => {
  const r = runBosun(['--help'], { argv0: 'ansible' });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /bosun adhoc PATTERN/);
  const e = runBosun(['adhoc']);
  assert.equal(e.status, 2);
});

test('bosun play runs a playbook; failures exit 2; load errors exit 4 (as ansible-playbook) with file:line', async () => {
  const { tempDir } = await import('../helpers/tmp.js');
  const { writeFileSync, readFileSync } = await import('node:fs');
  const path = await import('node:path');
  const dir = tempDir();
  writeFileSync(
    path.join(dir, 'ok.yml'),
    '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - copy: {content: "{{ v }}\\n", dest: "{{ playbook_dir }}/out.txt"}\n',
  );
  const r = runBosun(['play', '-i', 'localhost,', 'ok.yml', '-e', 'v=42'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /localhost\s+: ok=1 {4}changed=1 /);
  assert.equal(readFileSync(path.join(dir, 'out.txt'), 'utf8'), '42\n');
  writeFileSync(
    path.join(dir, 'fail.yml'),
    '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - fail: msg=nope\n',
  );
  assert.equal(runBosun(['play', 'fail.yml'], { cwd: dir }).status, 2);
  writeFileSync(
    path.join(dir, 'bad.yml'),
    '- hosts: localhost\n  tasks:\n    - debug: msg=x\n      loopp: [1]\n',
  );
  const bad = runBosun(['play', 'bad.yml'], { cwd: dir });
  assert.equal(bad.status, 4); // ansible-playbook's rc for a parser error (was 1 before issue 12)
  assert.match(bad.stderr, /bad\.yml:3.*'loopp' is not a valid attribute/);
  const adhoc = runBosun(['adhoc', 'localhost', '-m', 'ping'], { cwd: dir });
  assert.equal(adhoc.status, 0, adhoc.stderr);
  assert.match(
    adhoc.stdout,
    /localhost \| SUCCESS => \{\n {4}"changed": false,\n {4}"ping": "pong"\n\}/,
  );
});
