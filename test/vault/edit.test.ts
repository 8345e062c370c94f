// edit/create with a scripted $EDITOR, private tmpfs directory, check and git-setup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/tmp.js';
import { ansibleVault, bosunVault, cleanEnv, writePassword, writeScript } from './helpers.js';

const dir = tempDir('bosun-vault-edit-');
const pw = writePassword(dir, 'pw', 'edit pass');
const log = path.join(dir, 'editor.log');
// The editor records where and how the plaintext lives, then applies $EDIT_TO (if set).
const editor = writeScript(
  dir,
  'editor.sh',
  [
    `stat -c '%a %n' "$(dirname "$1")" "$1" > ${log}`,
    'if [ -n "$EDIT_TO" ]; then printf "%s" "$EDIT_TO" > "$1"; fi',
  ].join('\n'),
);

test('edit: plaintext in a 0700 dir on tmpfs (0600 file), removed after; no change → byte-identical', () => {
  const f = path.join(dir, 'e.yml');
  writeFileSync(f, 'a: 1\n', { mode: 0o640 });
  assert.equal(ansibleVault(['encrypt', '--vault-password-file', pw, f]).status, 0);
  chmodSync(f, 0o640);
  const before = readFileSync(f, 'utf8');
  const r = bosunVault(['edit', '--vault-password-file', pw, f], { env: { EDITOR: editor } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(f, 'utf8'), before);
  const [dirLine, fileLine] = readFileSync(log, 'utf8').trim().split('\n');
  assert.match(dirLine!, /^700 \/dev\/shm\/bosun-vault-/);
  assert.match(fileLine!, /^600 /);
  assert.equal(existsSync(dirLine!.split(' ')[1]!), false, 'private dir removed');
  const changed = bosunVault(['edit', '--vault-password-file', pw, f], {
    env: { EDITOR: editor, EDIT_TO: 'a: 2\n' },
  });
  assert.equal(changed.status, 0, changed.stderr);
  assert.notEqual(readFileSync(f, 'utf8'), before);
  assert.equal(statSync(f).mode & 0o777, 0o640, 'mode kept');
  assert.equal(ansibleVault(['view', '--vault-password-file', pw, f]).stdout.toString(), 'a: 2\n');
});

test('create: new file encrypted, 0600, readable by ansible-vault', () => {
  const f = path.join(dir, 'sub', 'new.yml');
  mkdirSync(path.dirname(f), { recursive: true });
  const r = bosunVault(['create', '--vault-id', `lab@${pw}`, f], {
    env: { EDITOR: editor, EDIT_TO: 'created: yes\n' },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(statSync(f).mode & 0o777, 0o600);
  assert.equal(
    ansibleVault(['view', '--vault-password-file', pw, f]).stdout.toString(),
    'created: yes\n',
  );
});

test('check: states, vault-ids, opens; non-zero on a clear file the policy requires encrypted; --json', () => {
  const root = path.join(dir, 'proj');
  const vaults = path.join(root, '.ansible/vaults');
  mkdirSync(vaults, { recursive: true });
  writeFileSync(path.join(vaults, 'dev.clear.yml'), 'a: 1\n');
  writeFileSync(path.join(vaults, 'prod.yml'), 'b: 2\n');
  assert.equal(
    bosunVault(['encrypt', '--vault-id', `prod@${pw}`, path.join(vaults, 'prod.yml')]).status,
    0,
  );
  const ok = bosunVault(['check', '--json', '--vault-password-file', pw], { cwd: root });
  assert.equal(ok.status, 0, ok.stderr + ok.stdout.toString());
  const report = JSON.parse(ok.stdout.toString()) as {
    ok: boolean;
    files: { file: string; state: string; vaultId?: string; opens: boolean | null }[];
  };
  assert.deepEqual(
    report.files.map((x) => [path.basename(x.file), x.state, x.vaultId ?? null, x.opens]),
    [
      ['dev.clear.yml', 'clear', null, null],
      ['prod.yml', 'encrypted', 'prod', true],
    ],
  );
  writeFileSync(path.join(vaults, 'staging.yml'), 'c: 3\n');
  // Issue 12: clear files are allowed unless a policy requires them encrypted.
  const bad = bosunVault(['check', '--require-encrypted', 'staging.yml'], { cwd: root });
  assert.equal(bad.status, 1);
  assert.match(bad.stdout.toString(), /FAIL .*staging\.yml: clear — SHOULD BE ENCRYPTED/);
});

test('git-setup: git diff shows decrypted changes', () => {
  const repo = path.join(dir, 'repo');
  const vaults = path.join(repo, '.ansible/vaults');
  mkdirSync(vaults, { recursive: true });
  const git = (...args: string[]): string => {
    const r = spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: cleanEnv({ ANSIBLE_VAULT_PASSWORD_FILE: pw }),
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  git('init', '-q');
  const f = path.join(vaults, 'prod.yml');
  writeFileSync(f, 'password: old\n');
  assert.equal(bosunVault(['encrypt', '--vault-password-file', pw, f]).status, 0);
  assert.equal(bosunVault(['git-setup'], { cwd: repo }).status, 0);
  git('add', '-A');
  git('commit', '-qm', 'one');
  writeFileSync(f, 'password: new\n');
  assert.equal(bosunVault(['encrypt', '--vault-password-file', pw, f]).status, 0);
  const diff = git('diff');
  assert.match(diff, /^-password: old$/m);
  assert.match(diff, /^\+password: new$/m);
});

test('SIGTERM during edit removes the private directory and leaves the file unchanged', async () => {
  const { spawn } = await import('node:child_process');
  const { BOSUN_BIN } = await import('../helpers/cli.js');
  const f = path.join(dir, 'sig.yml');
  writeFileSync(f, 'x: 1\n');
  assert.equal(bosunVault(['encrypt', '--vault-password-file', pw, f]).status, 0);
  const before = readFileSync(f, 'utf8');
  const marker = path.join(dir, 'sig.path');
  const slow = writeScript(dir, 'slow-editor.sh', `echo "$1" > ${marker}; exec sleep 5`);
  const child = spawn(
    process.execPath,
    [BOSUN_BIN, 'vault', 'edit', '--vault-password-file', pw, f],
    { env: cleanEnv({ EDITOR: slow }), stdio: 'ignore' },
  );
  for (let i = 0; i < 100 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 50));
  const plainFile = readFileSync(marker, 'utf8').trim();
  assert.ok(existsSync(plainFile));
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, s) => r(s)));
  child.kill('SIGTERM');
  assert.equal(await exited, 'SIGTERM');
  assert.equal(existsSync(path.dirname(plainFile)), false, 'private dir removed');
  assert.equal(readFileSync(f, 'utf8'), before);
});
