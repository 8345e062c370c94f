// Issue 12, items 3 and 6: user mistakes are one-line errors naming the file or option, with the
// documented exit code, no stack trace, and nothing written. Each row is a command and its input;
// ansible-playbook rows also compare the exit code with Debian's ansible-playbook (the oracle).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BOSUN_BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const NOBODY = 65534;

interface Row {
  /** Shell command line; `bosun` is the built CLI. Run with bash in a fresh directory. */
  cmd: string;
  /** The (first) line of stderr. */
  message: RegExp;
  /** Exit code of bosun itself (the first command of a pipeline). */
  code: number;
  /** Run as nobody (for permission errors; root may write anywhere). */
  nobody?: boolean;
  /** ansible-playbook's command for the same input: its exit code must equal `code`. */
  oracle?: string;
  /** stderr may carry an excerpt after the first line (YAML syntax errors show the line). */
  excerpt?: boolean;
}

const DEEP = '{% if 1 %}'.repeat(10000) + '{% endif %}'.repeat(10000) + '\n';
const PLAY = (tasks: string): string =>
  `- hosts: localhost\n  gather_facts: false\n  tasks:\n${tasks}`;

/** The input files every row starts from. */
const FILES: Record<string, string> = {
  't.j2': 'x={{ a }}\n',
  'deep.j2': DEEP,
  'empty.yml': '',
  'args5.yml': PLAY('    - debug: {msg: hi}\n      args: 5\n'),
  'badyaml.yml': '- hosts: [\n',
  'notlist.yml': 'a: 1\n',
  'keyword.yml': PLAY('    - debug: {msg: hi}\n      loopp: [1]\n'),
  'many.yml': PLAY('    - debug: {msg: "{{ item }}"}\n      loop: "{{ range(300) | list }}"\n'),
};

const ROWS: Row[] = [
  {
    cmd: 'bosun render missing.j2',
    message: /^ERROR: missing\.j2: No such file or directory$/,
    code: 1,
  },
  { cmd: 'bosun render sub', message: /^ERROR: sub: Is a directory$/, code: 1 },
  {
    cmd: 'bosun render t.j2 -e a=1 -o /nonexistent/x',
    message: /^ERROR: \/nonexistent\/x: No such file or directory$/,
    code: 1,
  },
  {
    cmd: 'bosun render t.j2 -e a=1 -o t.j2/x',
    message: /^ERROR: t\.j2\/x: Not a directory$/,
    code: 1,
  },
  {
    cmd: 'bosun render t.j2 -e a=1 -o ro/x',
    message: /^ERROR: ro\/x: Permission denied$/,
    code: 1,
    nobody: true,
  },
  {
    cmd: 'bosun render t.j2 -e a=1 -o ro/',
    message: /^ERROR: ro\/t\.j2: Permission denied$/,
    code: 1,
    nobody: true,
  },
  // dest ending in '/' is the directory to write <template name> into; here that is a directory.
  {
    cmd: 'bosun render t.j2 -e a=1 -o taken/',
    message: /^ERROR: taken\/t\.j2: Is a directory$/,
    code: 1,
  },
  {
    cmd: 'bosun render deep.j2',
    message: /^ERROR: deep\.j2: maximum recursion depth exceeded/,
    code: 1,
  },
  {
    cmd: 'bosun render t.j2 --bogus',
    message: /^ERROR: bosun render: Unknown option '--bogus'/,
    code: 2,
  },
  { cmd: 'bosun render t.j2 --mode 999', message: /--mode must be octal/, code: 2 },
  // A closed pipe ends bosun quietly (128 + SIGPIPE, what a shell reports for cat).
  {
    cmd: 'bosun vault view --vault-password-file pw big.yml | head -c1 >/dev/null',
    message: /^$/,
    code: 141,
  },
  { cmd: 'bosun play -i localhost, many.yml | head -1 >/dev/null', message: /^$/, code: 141 },
  {
    cmd: 'bosun vault view --vault-password-file pw big.yml > /dev/full',
    message: /^ERROR: cannot write to standard output: No space left on device$/,
    code: 1,
  },
  {
    cmd: 'bosun play -i localhost, empty.yml',
    message: /^ERROR: Empty playbook, nothing to do: .*empty\.yml$/,
    code: 4,
    oracle: 'ansible-playbook -i localhost, empty.yml',
  },
  {
    cmd: 'bosun play -i localhost, args5.yml',
    message: /^ERROR: .*args5\.yml:4: Complex args must be a dictionary or variable string/,
    code: 4,
    oracle: 'ansible-playbook -i localhost, args5.yml',
  },
  {
    cmd: 'bosun play -i localhost, badyaml.yml',
    message: /^ERROR: .*badyaml\.yml:2:1: YAML syntax error/,
    code: 4,
    oracle: 'ansible-playbook -i localhost, badyaml.yml',
    excerpt: true,
  },
  {
    cmd: 'bosun play -i localhost, notlist.yml',
    message: /^ERROR: .*notlist\.yml:1: a playbook must be a list of plays$/,
    code: 4,
    oracle: 'ansible-playbook -i localhost, notlist.yml',
  },
  {
    cmd: 'bosun play -i localhost, keyword.yml',
    message: /^ERROR: .*keyword\.yml:4: 'loopp' is not a valid attribute/,
    code: 4,
    oracle: 'ansible-playbook -i localhost, keyword.yml',
  },
  {
    cmd: 'bosun play -i localhost, nosuch.yml',
    message: /nosuch\.yml/,
    code: 1,
    oracle: 'ansible-playbook -i localhost, nosuch.yml',
  },
  {
    cmd: 'bosun status --bogus',
    message: /^ERROR: bosun status: Unknown option '--bogus'/,
    code: 2,
  },
];

/** Every file under `dir` with its size and mtime: "nothing written" means this is unchanged. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = statSync(p);
      out.push(`${path.relative(dir, p)} ${st.isDirectory() ? 'dir' : st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

function setUp(): string {
  const dir = tempDir();
  chmodSync(dir, 0o755); // nobody's rows read the inputs
  for (const [name, text] of Object.entries(FILES)) writeFileSync(path.join(dir, name), text);
  mkdirSync(path.join(dir, 'sub'));
  mkdirSync(path.join(dir, 'ro'), { mode: 0o555 });
  chmodSync(path.join(dir, 'ro'), 0o555);
  mkdirSync(path.join(dir, 'taken/t.j2'), { recursive: true });
  writeFileSync(path.join(dir, 'pw'), 'secret\n');
  const big = Array.from({ length: 20000 }, (_, i) => `k${i}: ${'x'.repeat(100)}`).join('\n');
  writeFileSync(path.join(dir, 'big.yml'), big + '\n');
  const enc = sh('bosun vault encrypt --vault-password-file pw big.yml', dir);
  assert.equal(enc.status, 0, enc.stderr);
  return dir;
}

function sh(cmd: string, cwd: string, nobody = false): { status: number | null; stderr: string } {
  const bosun = `${JSON.stringify(process.execPath)} ${JSON.stringify(BOSUN_BIN)}`;
  const line = cmd.replace(/^bosun /, `${bosun} `) + '; exit ${PIPESTATUS[0]}';
  const r = spawnSync('bash', ['-c', line], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ANSIBLE_NOCOLOR: '1' },
    ...(nobody ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { status: r.status, stderr: r.stderr };
}

for (const row of ROWS) {
  test(`bad input: ${row.cmd}`, () => {
    const dir = setUp();
    const before = snapshot(dir);
    const r = sh(row.cmd, dir, row.nobody);
    const lines = r.stderr.split('\n').filter(Boolean);
    assert.match(lines[0] ?? '', row.message, r.stderr);
    if (!row.excerpt) assert.ok(lines.length <= 1, `one line only:\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /internal error|^\s+at /m, 'no stack trace');
    assert.equal(r.status, row.code, r.stderr);
    assert.deepEqual(snapshot(dir), before, 'nothing written');
    if (row.oracle) {
      const o = spawnSync('bash', ['-c', row.oracle], { cwd: dir, encoding: 'utf8' });
      assert.equal(row.code, o.status, `ansible-playbook exits ${o.status}: ${o.stderr}`);
    }
  });
}
