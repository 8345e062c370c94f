// Vault commands against symlinks, read-only files, a SIGKILLed edit and a failing final write:
// ansible-vault is the reference where it has one (the same commands run on its own copy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { BOSUN_BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { ansibleVault, bosunVault, cleanEnv, writePassword, writeScript } from './helpers.js';
import type { Run } from './helpers.js';

const dir = tempDir('bosun-vault-hard-');
chmodSync(dir, 0o755);
const pw = writePassword(dir, 'pw', 'hard pass');
const pw2 = writePassword(dir, 'pw2', 'next pass');
const editor = writeScript(dir, 'editor.sh', 'printf "%s" "$EDIT_TO" > "$1"');

type Tool = (args: string[], options?: { env?: Record<string, string> }) => Run;

/** real/s.yml holding `content` (encrypted with pw when `vaulted`) and l.yml → real/s.yml. */
function linked(root: string, content: string, vaulted: boolean): { link: string; real: string } {
  mkdirSync(path.join(root, 'real'), { recursive: true });
  const real = path.join(root, 'real/s.yml');
  writeFileSync(real, content);
  if (vaulted) assert.equal(ansibleVault(['encrypt', '--vault-password-file', pw, real]).status, 0);
  const link = path.join(root, 'l.yml');
  symlinkSync('real/s.yml', link);
  return { link, real };
}

const view = (f: string, p = pw): string =>
  ansibleVault(['view', '--vault-password-file', p, f]).stdout.toString();

const COMMANDS: [string, boolean, (link: string) => string[], (real: string) => void][] = [
  [
    'encrypt',
    false,
    (l) => ['encrypt', '--vault-password-file', pw, l],
    (r) => assert.equal(view(r), 'a: 1\n'),
  ],
  [
    'decrypt',
    true,
    (l) => ['decrypt', '--vault-password-file', pw, l],
    (r) => assert.equal(readFileSync(r, 'utf8'), 'a: 1\n'),
  ],
  [
    'rekey',
    true,
    (l) => ['rekey', '--vault-password-file', pw, '--new-vault-password-file', pw2, l],
    (r) => assert.equal(view(r, pw2), 'a: 1\n'),
  ],
  [
    'edit',
    true,
    (l) => ['edit', '--vault-password-file', pw, l],
    (r) => assert.equal(view(r), 'a: 2\n'),
  ],
];

for (const [name, vaulted, args, check] of COMMANDS) {
  test(`${name} on a symlink rewrites the target and keeps the link, as ansible-vault`, () => {
    for (const [tool, run] of [
      ['ansible-vault', ansibleVault],
      ['bosun', bosunVault],
    ] as [string, Tool][]) {
      const { link, real } = linked(path.join(dir, `${name}-${tool}`), 'a: 1\n', vaulted);
      const r = run(args(link), { env: { EDITOR: editor, EDIT_TO: 'a: 2\n' } });
      assert.equal(r.status, 0, `${tool}: ${r.stderr}`);
      assert.ok(lstatSync(link).isSymbolicLink(), `${tool}: the link is still a link`);
      assert.equal(readlinkSync(link), 'real/s.yml');
      check(real);
    }
  });
}

test('encrypt --values on a symlink rewrites the target and keeps the link', () => {
  const { link, real } = linked(path.join(dir, 'values'), 'a: one\n', false);
  const r = bosunVault(['encrypt', '--values', '--vault-password-file', pw, link]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.match(readFileSync(real, 'utf8'), /^a: !vault \|/);
});

test('encrypt of a 0444 file its user may not write fails as ansible-vault does', () => {
  // Run as nobody when we are root: root may write a 0444 file (ansible-vault then succeeds).
  const asNobody = process.getuid?.() === 0;
  const outcomes: boolean[] = [];
  for (const tool of ['ansible-vault', 'bosun']) {
    const sub = path.join(dir, `ro-${tool}`);
    mkdirSync(sub, { mode: 0o777 });
    chmodSync(sub, 0o777); // the directory is writable: only the file's mode forbids the write
    const f = path.join(sub, 'ro.yml');
    writeFileSync(f, 'a: 1\n');
    chmodSync(f, 0o444);
    if (asNobody) chownSync(f, 65534, 65534);
    const argv =
      tool === 'bosun'
        ? [BOSUN_BIN, 'vault', 'encrypt', '--vault-password-file', pw, f]
        : ['/usr/bin/ansible-vault', 'encrypt', '--vault-password-file', pw, f];
    const r = spawnAs(argv, asNobody, sub);
    outcomes.push(r === 0);
    assert.equal(readFileSync(f, 'utf8'), 'a: 1\n', `${tool} left the file untouched`);
  }
  assert.deepEqual(outcomes, [false, false]);
});

function spawnAs(argv: string[], asNobody: boolean, home: string): number | null {
  const [cmd, ...rest] = argv;
  const r = spawnSync(
    cmd === BOSUN_BIN ? process.execPath : cmd!,
    cmd === BOSUN_BIN ? argv : rest,
    {
      env: cleanEnv({ HOME: home, ANSIBLE_LOCAL_TEMP: path.join(home, 'tmp') }),
      ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
    },
  );
  return r.status;
}

test('a SIGKILLed edit leaves a private dir that the next edit removes', async () => {
  const f = path.join(dir, 'kill.yml');
  writeFileSync(f, 'x: 1\n');
  assert.equal(bosunVault(['encrypt', '--vault-password-file', pw, f]).status, 0);
  const marker = path.join(dir, 'kill.path');
  const slow = writeScript(dir, 'slow.sh', `echo "$1" > ${marker}; exec sleep 30`);
  const child = spawn(
    process.execPath,
    [BOSUN_BIN, 'vault', 'edit', '--vault-password-file', pw, f],
    {
      env: cleanEnv({ EDITOR: slow }),
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 200 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 50));
  const plain = readFileSync(marker, 'utf8').trim();
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGKILL');
  await exited;
  assert.equal(readFileSync(plain, 'utf8'), 'x: 1\n', 'SIGKILL cannot be caught: plaintext left');
  const r = bosunVault(['edit', '--vault-password-file', pw, f], {
    env: { EDITOR: editor, EDIT_TO: 'x: 2\n' },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(existsSync(path.dirname(plain)), false, 'the stale private dir is swept');
});

test('edit keeps the edits (encrypted, 0600) when the final write fails, and says where', () => {
  const sub = path.join(dir, 'ro-dir');
  mkdirSync(sub);
  const f = path.join(sub, 'e.yml');
  writeFileSync(f, 'x: 1\n');
  assert.equal(bosunVault(['encrypt', '--vault-password-file', pw, f]).status, 0);
  const before = readFileSync(f, 'utf8');
  // The final write fails: the target became a directory's worth of trouble (read-only file).
  chmodSync(f, 0o444);
  const asNobody = process.getuid?.() === 0;
  if (asNobody) {
    chownSync(f, 65534, 65534);
    chmodSync(sub, 0o777);
  }
  const r = spawnSync(
    process.execPath,
    [BOSUN_BIN, 'vault', 'edit', '--vault-password-file', pw, f],
    {
      env: cleanEnv({ EDITOR: editor, EDIT_TO: 'x: edited\n', HOME: sub }),
      encoding: 'utf8',
      ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
    },
  );
  assert.notEqual(r.status, 0);
  assert.equal(readFileSync(f, 'utf8'), before);
  const m = /your edits are kept, encrypted, in (\S+) \(mode 0600\)/.exec(r.stderr);
  assert.ok(m, r.stderr);
  assert.equal(lstatSync(m[1]!).mode & 0o777, 0o600);
  assert.equal(lstatSync(path.dirname(m[1]!)).mode & 0o777, 0o700);
  assert.equal(view(m[1]!), 'x: edited\n');
});
