/** runPlaybook as bosun boot uses it: vault-set vars, only-steps, failed task named; JSON events. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { runPlaybook, type RunEvent } from '../../src/play/index.js';
import { onlyStepsVars } from '../../src/play/extravars.js';
import { loadVaultSet } from '../../src/vars/vaultsets.js';
import type { PyValue } from '../../src/py/values.js';
import { tempDir, writeIn as write } from '../helpers/tmp.js';
import { testTemplar } from './support/templar.js';

const PLAYBOOK = `- hosts: localhost
  gather_facts: false
  tasks:
    - name: config step
      copy: {content: "{{ db_host }}\\n", dest: "{{ out }}/config"}
      when: not (only_steps | default(false)) or (config | default(false))
    - name: nginx step
      copy: {content: "nginx\\n", dest: "{{ out }}/nginx"}
      when: not (only_steps | default(false)) or (nginx | default(false))
    - name: broken step
      command: /bin/false
      when: broken | default(false)
`;

test('vault set + only-steps select steps; a failure names the task', async () => {
  const dir = tempDir();
  write(dir, 'reconfigure.yml', PLAYBOOK);
  write(dir, '.ansible/vaults/default.yml', 'db_host: db.default\n');
  write(dir, 'local/prod.yml', 'db_host: db.prod\n');
  const vars = await loadVaultSet({ env: 'prod', cwd: dir, environ: {} });
  const extra = new Map<string, PyValue>([...vars, ...onlyStepsVars('config'), ['out', dir]]);
  const r = await runPlaybook({
    playbooks: ['reconfigure.yml'],
    cwd: dir,
    templar: testTemplar(),
    extraVars: extra,
  });
  assert.equal(r.exitCode, 0);
  assert.equal(readFileSync(path.join(dir, 'config'), 'utf8'), 'db.prod\n');
  assert.ok(!existsSync(path.join(dir, 'nginx')));
  assert.deepEqual(r.stats.localhost, {
    ok: 1,
    changed: 1,
    unreachable: 0,
    failed: 0,
    skipped: 2,
    rescued: 0,
    ignored: 0,
  });
  const failed = await runPlaybook({
    playbooks: ['reconfigure.yml'],
    cwd: dir,
    templar: testTemplar(),
    extraVars: new Map<string, PyValue>([
      ['out', dir],
      ['db_host', 'x'],
      ['broken', true],
    ]),
  });
  assert.equal(failed.exitCode, 2);
  assert.equal(failed.failedTask?.name, 'broken step');
  assert.equal(failed.failedTask.msg, 'non-zero return code');
});

test('--json emits one event per line', async () => {
  const dir = tempDir();
  write(dir, 'p.yml', '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n');
  let text = '';
  await runPlaybook({
    playbooks: ['p.yml'],
    cwd: dir,
    templar: testTemplar(),
    format: 'json',
    write: (s) => {
      text += s;
    },
  });
  const events = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as RunEvent);
  assert.deepEqual(
    events.map((e) => e.event),
    ['play_start', 'task_start', 'result', 'recap'],
  );
  const result = events[2] as Extract<RunEvent, { event: 'result' }>;
  assert.equal(result.result.msg, 'hi');
});
