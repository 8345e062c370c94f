// no_log holds on every output path: `--json` censors results as Ansible's TaskResult.clean_copy
// does (compared with the censored objects ansible-playbook -v prints: ansible-core 2.14 ships no
// json callback, both come from clean_copy), and no secret reaches the default callback at any
// verbosity, with --diff, on failure or in loop items.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runBosun } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('bosun-nolog-');
const PLAY = `- hosts: localhost
  gather_facts: false
  tasks:
    - command: echo TOPSECRET1
      no_log: true
    - debug: msg="TOPSECRET2 {{ item }}"
      loop: [a, b]
      no_log: true
    - shell: echo TOPSECRET3; exit 1
      no_log: true
      ignore_errors: true
    - copy: content="TOPSECRET4" dest={{ out }}/copied
      no_log: true
    - command: echo TOPSECRET5
      register: r
      until: r.rc == 7
      retries: 1
      delay: 0
      no_log: true
      ignore_errors: true
    - set_fact: { s: TOPSECRET6 }
      no_log: true
    - fail: msg="TOPSECRET7"
      no_log: true
      ignore_errors: true
`;
const playbook = path.join(dir, 'p.yml');
writeFileSync(playbook, PLAY);

function bosun(args: string[], out: string): string {
  const r = runBosun(
    ['play', '-i', 'localhost,', '-c', 'local', '-e', `out=${out}`, ...args, playbook],
    {
      cwd: dir,
    },
  );
  return r.stdout + r.stderr;
}

test('--json censors no_log results (items included) as Ansible does', () => {
  const a = spawnSync(
    'ansible-playbook',
    ['-i', 'localhost,', '-c', 'local', '-v', '-e', `out=${tempDir()}`, playbook],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' },
    },
  );
  // Per task: the censored bodies; a loop's final summary line (bosun prints none) is left out.
  const expected = a.stdout.split(/^TASK /m).flatMap((block) => {
    const lines = block.split('\n').filter((l) => l.includes('"censored"'));
    const looped = lines.some((l) => l.includes('(item='));
    return lines
      .filter((l) => !looped || l.includes('(item='))
      .map((l) => JSON.parse(l.slice(l.lastIndexOf('=> {') + 3)) as unknown);
  });
  assert.equal(expected.length, 8, a.stdout);
  const events = bosun(['--json'], tempDir())
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map(
      (l) =>
        JSON.parse(l) as {
          event: string;
          action?: string;
          result?: Record<string, unknown>;
          item?: unknown;
        },
    );
  // The default callback's _clean_results drops `changed` of debug results (the oracle's view).
  const results = events
    .filter((e) => e.event === 'result')
    .map((e) => {
      const r = { ...e.result };
      if (e.action === 'debug') delete r.changed;
      return r;
    });
  assert.deepEqual(results, expected);
  for (const e of events.filter((e) => 'item' in e))
    assert.equal(e.item, '(censored due to no_log)');
});

for (const flags of [
  [],
  ['-v'],
  ['-vvvv'],
  ['--diff', '-vvv'],
  ['--json'],
  ['--check', '--diff'],
]) {
  test(`no secret in the output of bosun play ${flags.join(' ')}`, () => {
    const out = tempDir();
    const text = bosun(flags, out);
    assert.doesNotMatch(text, /TOPSECRET/, text);
    assert.match(text, /PLAY RECAP|"recap"/);
  });
}
