/**
 * `bosun render` against a real `ansible-playbook` template task (file-level equivalence:
 * trailing newlines, trim_blocks, ansible_managed, #jinja2 overrides, includes), plus CLI errors;
 * the command runs in-process (test/helpers/cli-inprocess.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/process/run.js';
import { runCli } from '../helpers/cli-inprocess.js';
import { tempDir } from '../helpers/tmp.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const TEMPLATES = [
  'nginx.conf.j2',
  'app.env.j2',
  'overrides.j2',
  'notrail.j2',
  'include.j2',
  'unit.j2',
  'settings.py.j2',
  'haproxy.cfg.j2',
];

const dir = tempDir('bosun-render-');
cpSync(path.join(here, '../ansible/fixtures/render'), dir, { recursive: true });
writeFileSync(
  path.join(dir, 'site.yml'),
  `- hosts: localhost
  connection: local
  gather_facts: false
  vars_files: [vars.yml]
  tasks:
    - template: {src: "${dir}/{{ item }}", dest: "${dir}/ansible-{{ item }}"}
      loop: ${JSON.stringify(TEMPLATES)}
`,
);
await run('ansible-playbook', ['-i', 'localhost,', path.join(dir, 'site.yml')], {
  cwd: dir,
  timeoutMs: 180_000,
  env: {
    ...process.env,
    ANSIBLE_LOCAL_TEMP: path.join(dir, '.tmp'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
  },
});

for (const t of TEMPLATES) {
  test(`render ${t} byte-identical to ansible-playbook's template task`, async () => {
    const r = await runCli(['render', path.join(dir, t), '-e', '@' + path.join(dir, 'vars.yml')], {
      cwd: dir,
    });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.equal(r.stdout, readFileSync(path.join(dir, `ansible-${t}`), 'utf8'));
  });
}

test('-o writes atomically with --mode; -e k=v and JSON override files', async () => {
  const dest = path.join(dir, 'out.conf');
  const r = await runCli(
    [
      'render',
      path.join(dir, 'notrail.j2'),
      '-e',
      '@' + path.join(dir, 'vars.yml'),
      '-e',
      '{"server_name": "json.org"}',
      '-e',
      'server_name=kv.org',
      '-o',
      dest,
      '--mode',
      '0640',
    ],
    { cwd: dir },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(dest, 'utf8'), 'no trailing newline kv.org');
  assert.equal(statSync(dest).mode & 0o777, 0o640);
});

test('undefined variable: non-zero exit naming the file and line, no output file', async () => {
  writeFileSync(path.join(dir, 'bad.j2'), 'line1\n{{ missing_var }}\n');
  const dest = path.join(dir, 'bad.out');
  const r = await runCli(['render', path.join(dir, 'bad.j2'), '-o', dest], { cwd: dir });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /missing_var/);
  assert.match(r.stderr, /bad\.j2/);
  assert.equal(existsSync(dest), false);
});

test('syntax error names file:line', async () => {
  writeFileSync(path.join(dir, 'syntax.j2'), 'a\nb\n{% if %}\n');
  const r = await runCli(['render', path.join(dir, 'syntax.j2')], { cwd: dir });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /syntax\.j2:3/);
});

test('vaulted vars file with --vault-password-file', async () => {
  const pw = path.join(dir, 'pw');
  writeFileSync(pw, 'sekrit\n');
  const vf = path.join(dir, 'secret.yml');
  writeFileSync(vf, 'server_name: vaulted.example\n');
  await run('ansible-vault', ['encrypt', '--vault-password-file', pw, vf], {
    cwd: dir,
    timeoutMs: 60_000,
  });
  const r = await runCli(
    ['render', path.join(dir, 'notrail.j2'), '-e', '@' + vf, '--vault-password-file', pw],
    { cwd: dir },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'no trailing newline vaulted.example');
});

test('usage errors exit 2', async () => {
  assert.equal((await runCli(['render'], { cwd: dir })).status, 2);
  assert.equal((await runCli(['render', 'x.j2', '--mode', 'rw'], { cwd: dir })).status, 2);
});

test("lookup('unvault') decrypts a vaulted file next to the template", async () => {
  const pw = path.join(dir, 'pw2');
  writeFileSync(pw, 'other\n');
  const sf = path.join(dir, 'files', 'cert.pem');
  (await import('node:fs')).mkdirSync(path.join(dir, 'files'), { recursive: true });
  writeFileSync(sf, 'BEGIN CERT\nxyz\n');
  await run('ansible-vault', ['encrypt', '--vault-password-file', pw, sf], {
    cwd: dir,
    timeoutMs: 60_000,
  });
  writeFileSync(
    path.join(dir, 'uv.j2'),
    "{{ lookup('unvault', 'cert.pem') }}|{{ lookup('file', 'cert.pem') }}\n",
  );
  const r = await runCli(['render', path.join(dir, 'uv.j2'), '--vault-password-file', pw], {
    cwd: dir,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'BEGIN CERT\nxyz\n|BEGIN CERT\nxyz\n');
  const noPw = await runCli(['render', path.join(dir, 'uv.j2')], { cwd: dir });
  assert.notEqual(noPw.status, 0);
  assert.doesNotMatch(noPw.stderr, /xyz/);
});
