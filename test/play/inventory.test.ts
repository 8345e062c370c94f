// Inventory sources as ansible-playbook reads them: its default inventory, its two warnings when
// none is parsed (compared with the real ansible-playbook), ANSIBLE_INVENTORY's comma rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { runBosun } from '../helpers/cli.js';
import { tempDir, writeIn } from '../helpers/tmp.js';
import {
  DEFAULT_INVENTORY,
  loadInventory,
  splitInventoryList,
} from '../../src/play/inventory-sources.js';

/** The test's environment without ANSIBLE_* settings, colours off. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ANSIBLE_')) out[k] = v;
  return { ...out, ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0', ...extra };
}

function both(dir: string, args: string[], extra: Record<string, string> = {}) {
  const a = spawnSync('ansible-playbook', args, { cwd: dir, encoding: 'utf8', env: env(extra) });
  const b = runBosun(['play', ...args], { cwd: dir, env: env(extra) });
  return { a: { status: a.status, stdout: a.stdout, stderr: a.stderr }, b };
}

test('no inventory: /etc/ansible/hosts absent → the same two warnings, output and rc as ansible-playbook', () => {
  // The machine's default inventory is read when present; this comparison needs it absent.
  assert.equal(existsSync(DEFAULT_INVENTORY), false, `${DEFAULT_INVENTORY} exists on this machine`);
  const dir = tempDir();
  writeIn(dir, 'pb.yml', '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n');
  const { a, b } = both(dir, ['pb.yml']);
  assert.match(a.stderr, /No inventory was parsed/);
  assert.equal(b.stderr, a.stderr);
  assert.equal(b.stdout, a.stdout);
  assert.equal(b.status, a.status);
  // An empty host list is parsed: only the second warning.
  const empty = both(dir, ['-i', ',', 'pb.yml']);
  assert.equal(empty.b.stderr, empty.a.stderr);
  assert.equal(empty.b.stdout, empty.a.stdout);
  // A pattern naming localhost runs on the implicit localhost, with the same warnings.
  writeIn(dir, 'local.yml', '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - ping:\n');
  const local = both(dir, ['local.yml']);
  assert.equal(local.b.stderr, local.a.stderr);
  assert.equal(local.b.stdout, local.a.stdout);
});

test('ANSIBLE_INVENTORY naming an inventory file: no warning, as ansible-playbook', () => {
  const dir = tempDir();
  writeIn(dir, 'hosts.ini', '[web]\nlocalhost ansible_connection=local\n');
  writeIn(dir, 'pb.yml', '- hosts: web\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n');
  const { a, b } = both(dir, ['pb.yml'], { ANSIBLE_INVENTORY: `${dir}/hosts.ini` });
  assert.equal(a.stderr, '');
  assert.equal(b.stderr, a.stderr);
  assert.equal(b.stdout, a.stdout);
});

test('inventory lists: existing paths are sources, other items hosts (`localhost,` is a host list)', () => {
  const dir = tempDir();
  writeIn(dir, 'inv/a.ini', 'web1\n');
  assert.deepEqual(splitInventoryList('localhost,', dir), ['localhost,']);
  assert.deepEqual(splitInventoryList('inv,web2,web3', dir), ['inv', 'web2,web3,']);
  assert.deepEqual(splitInventoryList('inv', dir), ['inv']);
  const { inventory, warnings } = loadInventory(splitInventoryList('inv,web2', dir), dir, {});
  assert.deepEqual([...inventory.hosts.keys()], ['web1', 'web2']);
  assert.deepEqual(warnings, []);
  // The default source, when absent, is skipped silently and counts as nothing parsed.
  const none = loadInventory([DEFAULT_INVENTORY], dir, {});
  assert.equal(none.warnings.length, existsSync(DEFAULT_INVENTORY) ? 0 : 2);
});
