// `k=v` argument strings decode escapes as Ansible's parse_kv does: bosun adhoc vs Debian's
// `ansible` (same module, same -a string), output and written bytes compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runBosun } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const ENV = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' };

const ansible = (module: string, args: string): string =>
  spawnSync('ansible', ['localhost', '-m', module, '-a', args], { encoding: 'utf8', env: ENV })
    .stdout;

test('copy content="a\\tb\\n" writes a tab and a newline, as ansible', () => {
  const dir = tempDir();
  const args = (dest: string): string => `content="a\\tb\\n\\x41\\u00e9\\\\z" dest=${dest}`;
  ansible('copy', args(path.join(dir, 'a')));
  const r = runBosun(['adhoc', 'localhost', '-m', 'copy', '-a', args(path.join(dir, 'b'))]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const want = readFileSync(path.join(dir, 'a'));
  assert.deepEqual(want, Buffer.from('a\tb\nAé\\z'));
  assert.deepEqual(readFileSync(path.join(dir, 'b')), want);
});

const DEBUG_CASES = [
  'msg="a\\tb\\nc"',
  "msg='it\\'s'",
  'msg="say \\"hi\\""',
  'msg=a\\=b',
  'msg=x\\ty',
  'msg="\\U0001F600 \\a\\b\\f\\v\\r"',
  'msg="\\q \\x4 \\u12"', // \N{name} (Python's Unicode names) is not decoded: see kv.ts
  'msg="  padded  "',
];

for (const args of DEBUG_CASES) {
  test(`debug -a ${args}: as ansible`, () => {
    // The msg only: bosun adhoc's debug result also carries "changed" (not this test's subject).
    const msg = (out: string): unknown =>
      (JSON.parse(out.slice(out.indexOf('{'))) as { msg?: unknown }).msg;
    const r = runBosun(['adhoc', 'localhost', '-m', 'debug', '-a', args]);
    assert.equal(msg(r.stdout), msg(ansible('debug', args)), r.stderr);
  });
}
