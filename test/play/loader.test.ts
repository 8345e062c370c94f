/** The loader refuses what it does not support, by name and with file:line; roles and imports resolve. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPlaybook } from '../../src/play/playbook.js';
import { PlayError } from '../../src/play/errors.js';
import { Inventory, loadInventorySource } from '../../src/play/inventory.js';
import { parseExtraVars, onlyStepsVars } from '../../src/play/extravars.js';
import { parseKv } from '../../src/play/kv.js';
import path from 'node:path';
import { tempDir, writeIn as write } from '../helpers/tmp.js';

async function loadError(text: string): Promise<PlayError> {
  const dir = tempDir();
  const pb = write(dir, 'p.yml', text);
  try {
    await loadPlaybook(pb, { rolesPath: [] });
  } catch (err) {
    assert.ok(err instanceof PlayError, String(err));
    return err;
  }
  assert.fail('expected a PlayError');
}

test('unknown task keyword or module is refused with file:line', async () => {
  const e = await loadError(
    '- hosts: localhost\n  tasks:\n    - debug: msg=x\n    - name: bad\n      no_such_module: {a: 1}\n',
  );
  assert.match(e.message, /no_such_module/);
  assert.equal(e.line, 4);
  assert.match(e.file ?? '', /p\.yml$/);
});

test('misspelled keyword next to a module is named', async () => {
  const e = await loadError(
    '- hosts: localhost\n  tasks:\n    - debug: msg=x\n      whenn: true\n',
  );
  assert.match(e.message, /'whenn' is not a valid attribute for a Task/);
});

test('unsupported keywords are refused by name', async () => {
  const e = await loadError(
    '- hosts: localhost\n  tasks:\n    - command: sleep 1\n      async: 10\n',
  );
  assert.match(e.message, /async/);
  const p = await loadError('- hosts: localhost\n  vars_prompt: [{name: x}]\n  tasks: []\n');
  assert.match(p.message, /vars_prompt/);
  const b = await loadError('- hosts: localhost\n  tasks:\n    - block: []\n      loop: [1]\n');
  assert.match(b.message, /'loop' is not a valid attribute for a Block/);
  const pl = await loadError('- hosts: localhost\n  taskz: []\n');
  assert.match(pl.message, /'taskz' is not a valid attribute for a Play/);
});

test('roles: deps, params, role keywords; import_tasks expands statically', async () => {
  const dir = tempDir();
  write(dir, 'roles/a/tasks/main.yml', '- debug: msg=a\n- import_tasks: more.yml\n');
  write(dir, 'roles/a/tasks/more.yml', '- debug: msg=more\n');
  write(dir, 'roles/a/meta/main.yml', 'dependencies: [b]\n');
  write(dir, 'roles/a/defaults/main.yml', 'x: 1\n');
  write(dir, 'roles/b/tasks/main.yml', '- debug: msg=b\n');
  const pb = write(dir, 'p.yml', '- hosts: all\n  roles:\n    - {role: a, p: 2, tags: [t]}\n');
  const [play] = await loadPlaybook(pb, { rolesPath: [] });
  const role = play!.roles[0]!;
  assert.equal(role.name, 'a');
  assert.equal(role.params.get('p'), 2);
  assert.deepEqual(role.kw.get('tags'), ['t']);
  assert.equal(role.deps[0]!.name, 'b');
  assert.equal(role.defaults.get('x'), 1);
  assert.equal(role.tasks.length, 2);
  assert.equal(role.tasks[1]!.kind, 'block');
});

test('missing role names the search path', async () => {
  const e = await loadError('- hosts: all\n  roles: [nope]\n');
  assert.match(e.message, /the role 'nope' was not found/);
});

test('inventory: INI groups, children, vars, ranges; YAML; host lists', () => {
  const dir = tempDir();
  const ini = write(
    dir,
    'hosts',
    '[web]\nw[1:2] ansible_connection=local x=1\n[db]\nlocalhost\n[all:children]\nweb\n[web:vars]\ny=2\n',
  );
  const inv = new Inventory();
  loadInventorySource(inv, ini, dir);
  assert.deepEqual(inv.match('web'), ['w1', 'w2']);
  assert.deepEqual(inv.match('all:!db'), ['w1', 'w2']);
  assert.deepEqual(inv.match('web:&w2'), ['w2']);
  assert.equal(inv.groups.get('web')!.vars.get('y'), 2);
  assert.ok(inv.isLocal('w1'));
  const yml = write(
    dir,
    'inv.yml',
    'all:\n  hosts:\n    h1: {ansible_connection: local}\n  children:\n    g:\n      hosts: {h2: null}\n',
  );
  const inv2 = new Inventory();
  loadInventorySource(inv2, yml, dir);
  assert.deepEqual(inv2.match('all'), ['h1', 'h2']);
  assert.deepEqual(inv2.match('g'), ['h2']);
  assert.ok(!inv2.isLocal('h2'));
  const inv3 = new Inventory();
  loadInventorySource(inv3, 'localhost,', dir);
  assert.deepEqual(inv3.match('all'), ['localhost']);
});

test('extra vars: k=v, YAML, @file, --only-steps', async () => {
  const dir = tempDir();
  write(dir, 'e.yml', 'f: [1, 2]\n');
  const v = await parseExtraVars(['a=1 b="x y"', '{c: true}', '@e.yml'], dir, undefined);
  assert.equal(v.get('a'), '1');
  assert.equal(v.get('b'), 'x y');
  assert.equal(v.get('c'), true);
  assert.deepEqual(v.get('f'), [1, 2]);
  assert.deepEqual(
    [...onlyStepsVars('a, b')],
    [
      ['only_steps', true],
      ['a', true],
      ['b', true],
    ],
  );
});

test('free-form k=v splitting keeps quotes and templates together', () => {
  const a = parseKv('echo "{{ a }} b" > x chdir=/tmp', true, new Set(['chdir']));
  assert.equal(a.get('chdir'), '/tmp');
  assert.equal(a.get('_raw_params'), 'echo "{{ a }} b" > x');
});

test('--list-tasks and --list-tags print what ansible-playbook prints', async () => {
  const { spawnSync } = await import('node:child_process');
  const { loadPlaybooks } = await import('../../src/play/index.js');
  const { listPlaybook } = await import('../../src/play/listing.js');
  const { testTemplar } = await import('./support/templar.js');
  const dir = path.join(import.meta.dirname, 'fixtures', 'diff2');
  const { plays } = await loadPlaybooks({
    playbooks: ['play.yml'],
    templar: testTemplar(),
    cwd: dir,
    inventory: ['inventory.ini'],
  });
  for (const mode of ['tasks', 'tags'] as const) {
    const r = spawnSync('ansible-playbook', ['-i', 'inventory.ini', 'play.yml', `--list-${mode}`], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(listPlaybook('play.yml', plays, mode), r.stdout);
  }
});

test('--list-hosts prints what ansible-playbook prints', async () => {
  const { spawnSync } = await import('node:child_process');
  const { loadPlaybooks } = await import('../../src/play/index.js');
  const { listPlaybook } = await import('../../src/play/listing.js');
  const { testTemplar } = await import('./support/templar.js');
  const dir = tempDir();
  write(
    dir,
    'p.yml',
    '- hosts: webservers\n  tasks: []\n- hosts: localhost\n  tasks: []\n- hosts: app:!db\n  tasks: []\n',
  );
  write(dir, 'inv', '[app]\nh1 ansible_connection=local\nh2 ansible_connection=local\n[db]\nh2\n');
  const { plays, inventory } = await loadPlaybooks({
    playbooks: ['p.yml'],
    templar: testTemplar(),
    cwd: dir,
    inventory: ['inv'],
  });
  const r = spawnSync('ansible-playbook', ['-i', 'inv', 'p.yml', '--list-hosts'], {
    cwd: dir,
    encoding: 'utf8',
  });
  assert.equal(
    listPlaybook('p.yml', plays, 'hosts', undefined, (p) => inventory.match(p)),
    r.stdout,
  );
});
