/**
 * Ansible's boolean() table, differential: every spelling of it through boolean keywords
 * (no_log, ignore_errors, gather_facts, any_errors_fatal, run_once, check_mode), `changed_when`
 * literals, a module's bool argument and the `bool` filter, run by Debian's ansible-playbook and
 * by bosun; the default-callback output must be the same. And no_log never prints the value,
 * whatever the spelling.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runPlaybook } from '../../src/play/index.js';
import { boolean, NotABooleanError } from '../../src/ansible/boolean.js';
import { PyFloat } from '../../src/py/values.js';
import { tempDir } from '../helpers/tmp.js';
import { testTemplar } from '../play/support/templar.js';

const TRUE_SPELLINGS = ['y', 'yes', 'on', '1', 'true', 't', 'Y', 'YES', 'On', 'True', 'T', ' yes '];
const FALSE_SPELLINGS = [
  'n',
  'no',
  'off',
  '0',
  'false',
  'f',
  'N',
  'No',
  'OFF',
  'False',
  'F',
  ' f ',
];
const SPELLINGS = [...TRUE_SPELLINGS, ...FALSE_SPELLINGS];
/** Written as YAML scalars: quoted strings, and the non-string members of the table. */
const YAML_VALUES = [
  ...SPELLINGS.map((s) => JSON.stringify(s)),
  '1',
  '0',
  '1.0',
  '0.0',
  'true',
  'false',
];

function playbook(): string {
  const tasks: string[] = [];
  YAML_VALUES.forEach((v, i) => {
    tasks.push(
      `    - name: no_log ${i}`,
      `      debug: {msg: "secret-${i}"}`,
      `      no_log: ${v}`,
      `    - name: ignore_errors ${i}`,
      `      block:`,
      `        - fail: {msg: "failed-${i}"}`,
      `          ignore_errors: ${v}`,
      `      rescue:`,
      `        - debug: {msg: "rescued-${i}"}`,
      `    - name: stat get_checksum ${i}`,
      `      stat: {path: "{{ playbook_dir }}/site.yml", get_checksum: ${v}}`,
      `      register: st${i}`,
      `    - name: checksum present ${i}`,
      `      debug: {msg: "{{ st${i}.stat.checksum is defined }}"}`,
      `    - name: bool filter ${i}`,
      `      debug: {msg: "{{ v${i} | bool }}"}`,
      `      vars: {v${i}: ${v}}`,
      `    - name: check_mode ${i}`,
      `      copy: {content: "x", dest: "{{ out }}/cm-${i}"}`,
      `      check_mode: ${v}`,
    );
  });
  const plays = [
    `- hosts: localhost\n  gather_facts: false\n  tasks:\n${tasks.join('\n')}\n`,
    ...['"t"', '"off"', '"1"', '"F"'].map(
      (v) =>
        `- hosts: localhost\n  gather_facts: ${v}\n  tasks:\n    - debug: {msg: "{{ ansible_facts.keys() | length > 0 }}"}\n`,
    ),
    `- hosts: localhost\n  gather_facts: false\n  tasks:\n` +
      ['true', 'false', '"True"', '"False"']
        .map((v) => `    - command: "true"\n      changed_when: ${v}\n`)
        .join(''),
    // Last: a fatal error ends the whole run, as it ends ansible-playbook's.
    ...['"no"', '"t"'].map(
      (v) =>
        `- hosts: a,b\n  gather_facts: false\n  any_errors_fatal: ${v}\n  tasks:\n` +
        `    - fail: {msg: boom}\n      when: inventory_hostname == 'a'\n` +
        `    - debug: {msg: "after {{ inventory_hostname }}"}\n` +
        `    - debug: {msg: "once"}\n      run_once: ${v}\n`,
    ),
  ];
  return plays.join('');
}

const INVENTORY =
  'a ansible_connection=local\nb ansible_connection=local\nlocalhost ansible_connection=local\n';

function normalise(text: string, out: string): string {
  return text
    .split(out)
    .join('OUT')
    .replace(/"(delta|start|end)": "[^"]*"/g, '"$1": "X"')
    .split('\n')
    .filter((l) => !l.startsWith('[WARNING]'))
    .join('\n');
}

test("Ansible's boolean() table spelled every way: same output as ansible-playbook", async () => {
  const dir = tempDir('bool-');
  writeFileSync(path.join(dir, 'site.yml'), playbook());
  writeFileSync(path.join(dir, 'hosts'), INVENTORY);
  const outA = path.join(dir, 'out-ansible');
  const outB = path.join(dir, 'out-bosun');
  mkdirSync(outA);
  mkdirSync(outB);
  const r = spawnSync('ansible-playbook', ['-i', 'hosts', 'site.yml', '-e', `out=${outA}`], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
      // One host at a time: the order of host lines within a task is then fixed, as bosun's.
      ANSIBLE_FORKS: '1',
    },
  });
  let ours = '';
  await runPlaybook({
    playbooks: [path.join(dir, 'site.yml')],
    inventory: [path.join(dir, 'hosts')],
    templar: testTemplar(dir),
    cwd: dir,
    extraVars: new Map([['out', outB]]),
    write: (s) => {
      ours += s;
    },
  });
  assert.equal(normalise(ours, outB), normalise(r.stdout, outA));
  assert.match(ours, /PLAY RECAP/);
  assert.match(ours, /localhost +: ok=\d+ +changed=\d+ +unreachable=0 +failed=0/);
  for (let i = 0; i < YAML_VALUES.length; i++) {
    const hidden = !FALSE_SPELLINGS.map((s) => JSON.stringify(s)).includes(YAML_VALUES[i] ?? '');
    const isFalse = ['0', '0.0', 'false'].includes(YAML_VALUES[i] ?? '') || !hidden;
    assert.equal(ours.includes(`secret-${i}"`), isFalse, `no_log: ${YAML_VALUES[i]}`);
  }
});

test('boolean(): the table, case and whitespace, numbers, strictness', () => {
  for (const s of TRUE_SPELLINGS) assert.equal(boolean(s), true, s);
  for (const s of FALSE_SPELLINGS) assert.equal(boolean(s), false, s);
  assert.equal(boolean(1), true);
  assert.equal(boolean(new PyFloat(1)), true);
  assert.equal(boolean(0n), false);
  assert.throws(() => boolean('maybe'), NotABooleanError);
  assert.throws(() => boolean(2), NotABooleanError);
  assert.equal(boolean('maybe', false), false);
});
