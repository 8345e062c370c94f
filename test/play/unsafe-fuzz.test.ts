/**
 * Property: random `{{ }}` / `{% %}` / `{# #}` text that comes from the system — command output,
 * file names (find), facts (ansible_env) — goes through register, set_fact, map/basename and a
 * later task's arguments literally, and is never evaluated: a sentinel `lookup('pipe', 'touch …')`
 * hidden in it never runs. In-process through runPlaybook (the play engine's API) to stay fast.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { runPlaybook } from '../../src/play/index.js';
import { tempDir } from '../helpers/tmp.js';
import { testTemplar } from './support/templar.js';

const SENTINEL = 'pwned';
const PWN = `lookup('pipe', 'touch ${SENTINEL}')`;

/** Pieces of Jinja syntax, the sentinel in several shapes, and filler. */
const piece = fc.oneof(
  fc.constantFrom(
    '{{',
    '}}',
    '{%',
    '%}',
    '{#',
    '#}',
    '{{-',
    '-}}',
    `{{ ${PWN} }}`,
    `{{ q('pipe', 'touch ${SENTINEL}') }}`,
    `{% set x = ${PWN} %}{{ x }}`,
    `{% if ${PWN} %}y{% endif %}`,
    `{{ '{{' }} ${PWN} {{ '}}' }}`,
    '{% raw %}',
    '{% endraw %}',
    '{{ undefined_var }}',
    '{{ 1 + 1 }}',
    '|',
    "'",
    '"',
    '\\',
    ' ',
    'x',
  ),
  fc.string({ maxLength: 4 }).map((s) => s.replace(/[\n\r\0/]/g, '_')),
);

/** Template-like text of a few pieces that surely holds the sentinel. */
const hostile = fc
  .tuple(fc.array(piece, { maxLength: 6 }), fc.array(piece, { maxLength: 6 }))
  .map(([a, b]) => [...a, `{{ ${PWN} }}`, ...b].join(''));

const PLAYBOOK = `- hosts: localhost
  gather_facts: true
  tasks:
    - command: cat data.txt
      register: r
    - find: {paths: "{{ playbook_dir }}/names", hidden: true}
      register: u
    - set_fact:
        out_a: "{{ r.stdout }}"
        out_e: "{{ ansible_env.BOSUN_FUZZ }}"
        out_n: "{{ u.files | map(attribute='path') | map('basename') | list }}"
    - copy:
        content: "{{ out_a }}\\n{{ out_e }}\\n{{ out_n[0] }}\\n{{ r.stdout_lines | join('') }}\\n"
        dest: "{{ playbook_dir }}/out"
`;

async function play(dir: string, playbook = 'p.yml'): Promise<number> {
  const r = await runPlaybook({
    playbooks: [playbook],
    templar: testTemplar(dir),
    cwd: dir,
    write: () => {},
    writeErr: () => {},
  });
  return r.exitCode;
}

test('control: the sentinel runs when a playbook itself holds it', async () => {
  const dir = tempDir();
  writeFileSync(
    path.join(dir, 'c.yml'),
    `- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug: msg="{{ ${PWN} }}"\n`,
  );
  assert.equal(await play(dir, 'c.yml'), 0);
  assert.ok(existsSync(path.join(dir, SENTINEL)));
});

test('random templates in command output, file names and facts are never evaluated', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'p.yml'), PLAYBOOK);
  const saved = process.env.BOSUN_FUZZ;
  try {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, async (stdout, name, env) => {
        const fileName = name.slice(0, 200);
        fc.pre(fileName !== '.' && fileName !== '..' && Buffer.byteLength(fileName) <= 255);
        rmSync(path.join(dir, 'names'), { recursive: true, force: true });
        mkdirSync(path.join(dir, 'names'));
        writeFileSync(path.join(dir, 'names', fileName), '');
        writeFileSync(path.join(dir, 'data.txt'), stdout);
        process.env.BOSUN_FUZZ = env;
        rmSync(path.join(dir, 'out'), { force: true });
        assert.equal(await play(dir), 0);
        assert.ok(!existsSync(path.join(dir, SENTINEL)), 'a sentinel ran');
        const lines = stdout.split('\n').filter((l) => l !== '');
        assert.equal(
          readFileSync(path.join(dir, 'out'), 'utf8'),
          `${stdout.replace(/\n+$/, '')}\n${env}\n${fileName}\n${lines.join('')}\n`,
        );
      }),
      { numRuns: 40 },
    );
  } finally {
    if (saved === undefined) delete process.env.BOSUN_FUZZ;
    else process.env.BOSUN_FUZZ = saved;
  }
});
