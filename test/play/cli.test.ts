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
