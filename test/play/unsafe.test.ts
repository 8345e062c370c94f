/**
 * Data from the system is never a template (issue 11, item 1): registered results, facts, lookup
 * contents and file names holding `{{ … }}` come out literally, as with ansible-playbook 2.14
 * (which marks them AnsibleUnsafeText). Each playbook runs through the real ansible-playbook and
 * through `bosun play`; the debug messages must be the same and no sentinel command may run.
 * Also: a variable holding a malformed template is an error (item 7), and an error in a lazily
 * templated variable names it without printing its value (item 6).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runBosun } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

interface Run {
  status: number | null;
  out: string;
}

const QUIET = {
  ANSIBLE_NOCOLOR: '1',
  ANSIBLE_FORCE_COLOR: '0',
  ANSIBLE_LOCALHOST_WARNING: 'false',
  ANSIBLE_RETRY_FILES_ENABLED: '0',
};

function ansible(dir: string, playbook: string, env: Record<string, string> = {}): Run {
  const r = spawnSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', playbook], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...QUIET, ...env },
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

function bosun(dir: string, playbook: string, env: Record<string, string> = {}): Run {
  const r = runBosun(['play', '-i', 'localhost,', '-c', 'local', playbook], {
    cwd: dir,
    env: { ...QUIET, ...env },
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** The `msg` lines of the default callback's debug output, in order. */
const msgs = (out: string): string[] =>
  out
    .split('\n')
    .filter((l) => /^\s+"msg": /.test(l))
    .map((l) => l.trim());

/** A directory the sentinel commands would write to; it must stay empty. */
function sentinels(): string {
  const d = tempDir();
  mkdirSync(path.join(d, 's'));
  return path.join(d, 's');
}

const ran = (sent: string): string[] => readdirSync(sent);

/** A Jinja expression that, if ever evaluated, leaves a file named `name` in `sent`. */
const pwn = (sent: string, name: string): string => `{{ lookup("pipe", "touch ${sent}/${name}") }}`;

test('issue repro: a file name holding a template, found and looped over, is printed literally', () => {
  const dir = tempDir();
  const sent = sentinels();
  // The repro has another user create the file in a world-writable directory; the name is
  // what matters (a name cannot hold '/', so the sentinel is relative to the playbook's cwd).
  mkdirSync(path.join(dir, 'upl'), { mode: 0o1777 });
  writeFileSync(path.join(dir, 'upl', `{{ lookup("pipe","id>pwned") }}`), '');
  writeFileSync(
    path.join(dir, 'p.yml'),
    `- hosts: localhost\n  gather_facts: false\n  tasks:\n    - find: {paths: ${dir}/upl}\n      register: u\n    - debug: msg="{{ item.path }}"\n      loop: "{{ u.files }}"\n`,
  );
  const a = ansible(dir, 'p.yml');
  assert.equal(a.status, 0, a.out);
  assert.ok(!existsSync(path.join(dir, 'pwned')), 'ansible-playbook evaluated the name');
  const b = bosun(dir, 'p.yml');
  assert.equal(b.status, 0, b.out);
  assert.ok(!existsSync(path.join(dir, 'pwned')), 'bosun ran the command in the file name');
  assert.deepEqual(msgs(b.out), msgs(a.out));
  assert.deepEqual(msgs(b.out), [`"msg": "${dir}/upl/{{ lookup(\\"pipe\\",\\"id>pwned\\") }}"`]);
  assert.deepEqual(ran(sent), []);
});

test('registered stdout, loops, set_fact, facts, file/pipe lookups, slurp, find: literal as in ansible-playbook', () => {
  const dir = tempDir();
  const sent = sentinels();
  writeFileSync(
    path.join(dir, 'data.txt'),
    `file ${pwn(sent, 'file')} {% if true %}x{% endif %}\n`,
  );
  mkdirSync(path.join(dir, 'upl'));
  writeFileSync(path.join(dir, 'upl', `{{ lookup('pipe','touch find') }}`), '');
  // The command prints a template: the playbook writes it with {{ '{{' }} so that Jinja makes it.
  const open = `{{ '{{' }}`;
  const close = `{{ '}}' }}`;
  const playbook = `- hosts: localhost
  gather_facts: true
  tasks:
    - command: printf '%s\\n%s' "${open} lookup('pipe','touch ${sent}/stdout') ${close}" "{{ '{#' }} c {{ '#}' }} {{ '{%' }} if 1 {{ '%}' }}"
      register: r
    - debug: msg="{{ r.stdout }}"
    - debug: msg="{{ item }}"
      loop: "{{ r.stdout_lines }}"
    - set_fact:
        copied: "{{ r.stdout_lines[0] }}"
        shouted: "{{ r.stdout_lines[0] | upper }}"
        joined: "x{{ r.stdout_lines | join('-') }}"
    - debug: msg="{{ copied }} | {{ shouted }} | {{ joined }}"
    - debug: msg="{{ ansible_env.BOSUN_UNSAFE_T }}"
    - debug: msg="{{ ansible_facts.env.BOSUN_UNSAFE_T }}"
    - set_fact: {envcopy: "{{ ansible_env.BOSUN_UNSAFE_T }}"}
    - debug: msg="{{ envcopy }}"
    - debug: msg="{{ lookup('file', 'data.txt') }}"
    - debug: msg="{{ lookup('pipe', 'cat data.txt') }}"
    - debug: msg="{{ item }}"
      loop: "{{ query('lines', 'cat data.txt') }}"
    - set_fact: {fromfile: "{{ lookup('file', 'data.txt') }}"}
    - debug: msg="{{ fromfile }}"
    - slurp: {src: "${dir}/data.txt"}
      register: s
    - debug: msg="{{ s.content | b64decode }}"
    - set_fact: {decoded: "{{ s.content | b64decode }}"}
    - debug: msg="{{ decoded }}"
    - find: {paths: "${dir}/upl"}
      register: u
    - debug: msg="{{ item.path | basename }}"
      loop: "{{ u.files }}"
    - set_fact: {names: "{{ u.files | map(attribute='path') | map('basename') | list }}"}
    - debug: msg="{{ item }}"
      loop: "{{ names }}"
    - debug: msg="{{ r.stdout }}"
      when: r.stdout is string and r.stdout == r.stdout_lines | join('\\n')
    - debug: msg="{{ r.stdout | type_debug }} {{ copied | type_debug }} {{ 'x' | type_debug }}"
`;
  writeFileSync(path.join(dir, 'p.yml'), playbook);
  const env = { BOSUN_UNSAFE_T: `env ${pwn(sent, 'env')}` };
  const a = ansible(dir, 'p.yml', env);
  assert.equal(a.status, 0, a.out + '\n' + playbook);
  assert.deepEqual(ran(sent), [], 'ansible-playbook evaluated system data');
  assert.ok(!existsSync(path.join(dir, 'find')));
  const b = bosun(dir, 'p.yml', env);
  assert.equal(b.status, 0, b.out);
  assert.deepEqual(ran(sent), [], 'bosun evaluated system data');
  assert.ok(!existsSync(path.join(dir, 'find')), 'bosun evaluated a file name');
  assert.deepEqual(msgs(b.out), msgs(a.out));
  assert.equal(msgs(a.out).length, 17);
});

test('text a template produced is not templated again (ansible-playbook parity, set_fact included)', () => {
  const dir = tempDir();
  const sent = sentinels();
  const open = `{{ '{{' }}`;
  const close = `{{ '}}' }}`;
  // `made` renders to a template; reading it (directly or through `ref`) gives that text. As in
  // Ansible, a set_fact of it is a plain playbook value again (templated when read): harmless here.
  const playbook = `- hosts: localhost
  gather_facts: false
  vars:
    made: "${open} lookup('pipe', 'touch ${sent}/made') ${close}"
    ref: "{{ made }}"
    harmless: "${open} 'evaluated' | upper ${close}"
  tasks:
    - debug: msg="{{ made }}"
    - debug: msg="{{ ref }}"
    - debug: msg="{{ [made, ref] }}"
    - set_fact: {again: "{{ harmless }}"}
    - debug: msg="{{ again }}"
    - debug: msg="{{ made }}"
      loop: [1, 2]
`;
  writeFileSync(path.join(dir, 'p.yml'), playbook);
  const a = ansible(dir, 'p.yml');
  assert.equal(a.status, 0, a.out);
  assert.deepEqual(ran(sent), []);
  const b = bosun(dir, 'p.yml');
  assert.equal(b.status, 0, b.out);
  assert.deepEqual(ran(sent), [], 'bosun templated the result of a template');
  assert.deepEqual(msgs(b.out), msgs(a.out));
  assert.ok(msgs(b.out).includes('"msg": "EVALUATED"'));
});

test('a variable holding a malformed template is an error (rc 2, nothing written), as in ansible-playbook', () => {
  const dir = tempDir();
  const playbook = (out: string): string => `- hosts: localhost
  gather_facts: false
  vars:
    url: "port={{ foo }"
  tasks:
    - copy: {content: "{{ url }}\\n", dest: "${out}"}
`;
  const aOut = path.join(dir, 'a.out');
  const bOut = path.join(dir, 'b.out');
  writeFileSync(path.join(dir, 'a.yml'), playbook(aOut));
  writeFileSync(path.join(dir, 'b.yml'), playbook(bOut));
  const a = ansible(dir, 'a.yml');
  const b = bosun(dir, 'b.yml');
  assert.equal(a.status, 2);
  assert.equal(b.status, a.status, b.out);
  assert.ok(!existsSync(aOut));
  assert.ok(!existsSync(bOut), 'bosun wrote the malformed template');
  assert.match(b.out, /error while templating variable 'url': unexpected '\}'/);
});

test('an error in a lazily templated variable names it and never prints its value', () => {
  const dir = tempDir();
  writeFileSync(
    path.join(dir, 'vars.yml'),
    'db_url: "postgres://u:PW-s3cret@{{ hostt }}"\nbad: "PW-s3cret={{ x }"\nloopy: "PW-s3cret{{ loopy }}"\n',
  );
  const cases: [string, RegExp][] = [
    ['{{ db_url }}', /variable 'db_url': 'hostt' is undefined/],
    ['x {{ db_url | upper }}', /variable 'db_url': 'hostt' is undefined/],
    ['{{ bad }}', /variable 'bad': unexpected '\}'/],
    ['{{ loopy }}', /variable 'loopy'.*refers to itself/],
  ];
  for (const [src, want] of cases) {
    writeFileSync(path.join(dir, 't.j2'), src + '\n');
    const r = runBosun(['render', 't.j2', '-e', '@vars.yml'], { cwd: dir });
    assert.equal(r.status, 1, src);
    assert.match(r.stderr, want, src);
    assert.doesNotMatch(r.stderr + r.stdout, /s3cret/, `${src}: the value leaked`);
  }
  writeFileSync(
    path.join(dir, 'p.yml'),
    `- hosts: localhost\n  gather_facts: false\n  vars_files: [vars.yml]\n  tasks:\n    - debug: msg="at {{ db_url }}"\n`,
  );
  const p = bosun(dir, 'p.yml');
  assert.equal(p.status, 2, p.out);
  assert.match(p.out, /variable 'db_url'/);
  assert.doesNotMatch(p.out, /s3cret/);
});
