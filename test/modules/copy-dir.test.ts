// copy of a directory tree: owner/group, directory_mode and `mode: preserve` on the directories it
// creates and the files, compared with the real ansible-playbook (issue 12, item 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { runBosun } from '../helpers/cli.js';
import { tempDir, writeIn } from '../helpers/tmp.js';

const USER = 'bosuntest';

/** A system user and group for the ownership checks (the tests run as root). */
function ensureUser(): void {
  if (spawnSync('id', [USER]).status === 0) return;
  const r = spawnSync('useradd', ['--system', '--user-group', USER], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/** `rel owner:group mode` for every path under root, sorted. */
function tree(root: string): string[] {
  const names = (id: number, file: string): string =>
    spawnSync('getent', [file, String(id)], { encoding: 'utf8' }).stdout.split(':')[0] ?? '';
  const out: string[] = [];
  const walk = (p: string): void => {
    const st = lstatSync(p);
    out.push(
      `${path.relative(root, p) || '.'} ${names(st.uid, 'passwd')}:${names(st.gid, 'group')} ${(st.mode & 0o7777).toString(8)}`,
    );
    if (st.isDirectory()) for (const n of readdirSync(p).sort()) walk(path.join(p, n));
  };
  walk(root);
  return out.sort();
}

function playbook(out: string): string {
  const o = `owner: ${USER}, group: ${USER}`;
  return [
    '- hosts: localhost',
    '  gather_facts: false',
    '  tasks:',
    `    - copy: {src: www, dest: ${out}/a/, ${o}, mode: preserve}`,
    `    - copy: {src: www/, dest: ${out}/b/x, ${o}, directory_mode: '0710'}`,
    `    - copy: {src: www, dest: ${out}/c, owner: ${USER}}`,
    `    - copy: {src: www/, dest: ${out}/existing, ${o}}`,
    `    - copy: {src: www/, dest: ${out}/existing2/, owner: ${USER}, directory_mode: '0750'}`,
    '',
  ].join('\n');
}

function prepare(dir: string, out: string): void {
  writeIn(dir, 'www/a.txt', 'a\n');
  writeIn(dir, 'www/sub/b.txt', 'b\n');
  writeIn(dir, 'www/sub/deep/c.txt', 'c\n');
  mkdirSync(path.join(dir, 'www/empty'));
  chmodSync(path.join(dir, 'www/a.txt'), 0o600);
  chmodSync(path.join(dir, 'www/sub'), 0o700);
  chmodSync(path.join(dir, 'www'), 0o750);
  writeIn(dir, 'pb.yml', playbook(out));
  mkdirSync(path.join(out, 'existing'), { recursive: true });
  mkdirSync(path.join(out, 'existing2/sub'), { recursive: true });
  chmodSync(path.join(out, 'existing2/sub'), 0o700);
}

const recap = (text: string): string => /localhost\s+: .*/.exec(text)?.[0] ?? text;

test('copy of a directory: owners and modes of created directories and files as ansible-playbook', () => {
  ensureUser();
  const dir = tempDir();
  const a = path.join(dir, 'ansible');
  const b = path.join(dir, 'bosun');
  const env = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' };
  prepare(path.join(dir, 'pa'), a);
  prepare(path.join(dir, 'pb'), b);
  const args = ['-i', 'localhost,', '-c', 'local', 'pb.yml'];
  const ansible = (): string => {
    const r = spawnSync('ansible-playbook', args, {
      cwd: path.join(dir, 'pa'),
      encoding: 'utf8',
      env,
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    return r.stdout;
  };
  const bosun = (): string => {
    const r = runBosun(['play', ...args], { cwd: path.join(dir, 'pb') });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    return r.stdout;
  };
  const first = [ansible(), bosun()];
  assert.deepEqual(tree(b), tree(a));
  assert.ok(tree(b).includes(`a/www/sub ${USER}:${USER} 755`), tree(b).join('\n'));
  assert.equal(recap(first[1]!), recap(first[0]!));
  // Second run: nothing to change, for both.
  const second = [ansible(), bosun()];
  assert.equal(recap(second[1]!), recap(second[0]!));
  assert.match(recap(second[1]!), /changed=0 /);
});
