// bosun boot / shims outside containers: password source order, environment scrubbing, shims.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { BOSUN_BIN, runBosun } from '../helpers/cli.js';
import { tempDir, writeIn } from '../helpers/tmp.js';
import { readReexecState, REEXEC_FD } from '../../src/boot/early-reexec.js';
import { processStartedAt } from '../../src/process/start-time.js';
import { findPassword, passwordVariables } from '../../src/boot/password.js';
import { installShims, SHIM_NAMES } from '../../src/boot/shims.js';

describe('vault password sources', () => {
  const dir = tempDir();
  const file = path.join(dir, 'pwfile');
  writeFileSync(file, 'from-file\n');
  mkdirSync(path.join(dir, 'secrets'));
  writeFileSync(path.join(dir, 'secrets', 'vault_password'), 'from-secret\n');
  const base = { secretsDir: path.join(dir, 'secrets'), secretName: 'vault_password' };
  const environ = {
    CORPUSOPS_VAULT_PASSWORD_PROD: 'from-env-prod',
    CORPUSOPS_VAULT_PASSWORD: 'from-env',
    BOSUN_VAULT_PASSWORD: 'from-bosun-env',
  };

  it('order: file, secret file, environment (most specific first)', () => {
    assert.equal(
      findPassword({ ...base, passwordFile: file, envName: 'prod', environ })?.password,
      'from-file',
    );
    assert.equal(findPassword({ ...base, envName: 'prod', environ })?.password, 'from-secret');
    const noSecret = { secretsDir: dir, secretName: 'absent' };
    assert.equal(
      findPassword({ ...noSecret, envName: 'prod', environ })?.password,
      'from-env-prod',
    );
    assert.equal(findPassword({ ...noSecret, envName: 'dev', environ })?.password, 'from-env');
    assert.equal(
      findPassword({ ...noSecret, environ: { BOSUN_VAULT_PASSWORD: 'b' } })?.password,
      'b',
    );
    assert.equal(findPassword({ ...noSecret, environ: {} }), null);
  });

  it('every password variable is listed for scrubbing, other environments included', () => {
    assert.deepEqual(passwordVariables('prod', { CORPUSOPS_VAULT_PASSWORD_DEV: 'x' }), [
      'CORPUSOPS_VAULT_PASSWORD_PROD',
      'CORPUSOPS_VAULT_PASSWORD',
      'BOSUN_VAULT_PASSWORD',
      'CORPUSOPS_VAULT_PASSWORD_DEV',
    ]);
  });

  it('an empty or unreadable file is a one-line error naming it', () => {
    writeFileSync(path.join(dir, 'empty'), '\n');
    assert.throws(
      () => findPassword({ ...base, passwordFile: path.join(dir, 'empty'), environ: {} }),
      /vault password file .*empty is empty/,
    );
    assert.throws(
      () => findPassword({ ...base, passwordFile: path.join(dir, 'nope'), environ: {} }),
      /cannot read vault password file .*nope: ENOENT/,
    );
  });
});

describe('bosun boot (exec mode, no container)', () => {
  it('env password: gone from the child env and from /proc/<bosun>/environ; exit code passes through', () => {
    const dir = tempDir();
    const r = spawnSync(
      process.execPath,
      [
        BOSUN_BIN,
        'boot',
        '--setup',
        path.join(dir, 'none'),
        '--',
        '/bin/sh',
        '-c',
        'env | grep -c VAULT_PASSWORD; tr "\\0" "\\n" < /proc/$PPID/environ | grep -c -e hunter-secret -e BOSUN_VAULT; tr "\\0" "\\n" < /proc/$PPID/environ | grep ^KEEP_ME=; exit 5',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          KEEP_ME: 'still here',
          CORPUSOPS_VAULT_PASSWORD: 'hunter-secret-1',
          CORPUSOPS_VAULT_PASSWORD_OTHER: 'hunter-secret-2',
        },
      },
    );
    assert.equal(r.status, 5, `${r.stdout}\n${r.stderr}`);
    // Only the password variables left bosun's environ (it gained BOSUN_REEXEC_FD, an fd number).
    assert.equal(r.stdout, '0\n0\nKEEP_ME=still here\n');
    // node dist/bosun-cli.cjs re-executed itself (the addon is beside it in dist/).
    assert.match(
      r.stderr,
      /vault password from \$CORPUSOPS_VAULT_PASSWORD \(passed on in a pipe\)/,
    );
  });

  it('a password file wins over a password variable: bosun still re-executes without the variable', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'pw'), 'from-file\n');
    // Zeroing in place would leave empty entries in the block; a re-exec leaves none.
    const r = spawnSync(
      process.execPath,
      [
        BOSUN_BIN,
        'boot',
        '--vault-password-file',
        path.join(dir, 'pw'),
        '--setup',
        path.join(dir, 'none'),
        '--',
        '/bin/sh',
        '-c',
        'tr "\\0" "\\n" < /proc/$PPID/environ | grep -c -e hunter-secret -e "^$"; tr "\\0" "\\n" < /proc/$PPID/environ | grep ^KEEP_ME=',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, KEEP_ME: 'k', CORPUSOPS_VAULT_PASSWORD: 'hunter-secret-1' },
      },
    );
    assert.equal(r.stdout, '0\nKEEP_ME=k\n', r.stderr);
    assert.match(r.stderr, new RegExp(`vault password from ${path.join(dir, 'pw')}\\n`));
  });

  it('--init systemd: the given binary replaces bosun (same pid), systemd-style argv, no password, no BOSUN_*', () => {
    const dir = tempDir();
    const fake = path.join(dir, 'fake-systemd');
    writeFileSync(
      fake,
      '#!/bin/sh\necho "pid=$$ argv=$0 $#"; env | grep -c -e VAULT_PASSWORD -e BOSUN_ -e hunter; echo "keep=$KEEP_ME"\n',
      { mode: 0o755 },
    );
    const script = `echo "bosun=$$"; exec "${process.execPath}" "${BOSUN_BIN}" boot --setup "${path.join(dir, 'none')}" --init systemd --systemd "${fake}"`;
    const r = spawnSync('/bin/sh', ['-c', script], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        KEEP_ME: 'k',
        BOSUN_CONTROL_SOCKET: '/x',
        CORPUSOPS_VAULT_PASSWORD: 'hunter-secret-1',
      },
    });
    assert.equal(r.status, 0, r.stderr);
    const pid = /bosun=(\d+)/.exec(r.stdout)?.[1];
    assert.equal(r.stdout, `bosun=${pid}\npid=${pid} argv=${fake} 0\n0\nkeep=k\n`);
    const missing = spawnSync(
      process.execPath,
      [
        BOSUN_BIN,
        'boot',
        '--setup',
        path.join(dir, 'none'),
        '--init',
        'systemd',
        '--systemd',
        path.join(dir, 'nope'),
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.equal(missing.status, 1);
    assert.match(
      missing.stderr,
      /--init systemd: cannot execute .*nope: execve: No such file or directory/,
    );
  });

  it('password from an inherited file descriptor (a wrong one is a clear error)', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, '.ansible/vaults'), { recursive: true });
    writeFileSync(path.join(dir, 'pw'), 'fd-password\n');
    writeFileSync(path.join(dir, 'clear.yml'), 'x: 1\n');
    spawnSync('ansible-vault', [
      'encrypt',
      '--vault-password-file',
      path.join(dir, 'pw'),
      '--output',
      path.join(dir, '.ansible/vaults/default.yml'),
      path.join(dir, 'clear.yml'),
    ]);
    const boot = (password: string): ReturnType<typeof spawnSync> => {
      writeFileSync(path.join(dir, 'fdfile'), password);
      const fd = openSync(path.join(dir, 'fdfile'), 'r');
      try {
        return spawnSync(
          process.execPath,
          [
            BOSUN_BIN,
            'boot',
            '--vault-password-fd',
            '3',
            '--setup',
            path.join(dir, 'none'),
            '--',
            'true',
          ],
          { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', fd] },
        );
      } finally {
        closeSync(fd);
      }
    };
    const ok = boot('fd-password\n');
    assert.equal(ok.status, 0, String(ok.stderr));
    assert.match(String(ok.stderr), /vault password from fd 3/);
    const bad = boot('wrong\n');
    assert.equal(bad.status, 1);
    assert.match(String(bad.stderr), /default\.yml: decryption failed/);
  });

  it('supervised: the password re-exec, the units started, and where the time went from the first image on', async () => {
    const dir = tempDir();
    writeIn(dir, 'clear.yml', 'greeting: hello\n');
    writeIn(dir, 'pw', 'boot-pw-1\n');
    mkdirSync(path.join(dir, '.ansible/vaults'), { recursive: true });
    const enc = spawnSync(
      'ansible-vault',
      [
        'encrypt',
        '--vault-password-file',
        path.join(dir, 'pw'),
        '--output',
        path.join(dir, '.ansible/vaults/prod.yml'),
        path.join(dir, 'clear.yml'),
      ],
      { encoding: 'utf8' },
    );
    assert.equal(enc.status, 0, enc.stderr);
    writeIn(
      dir,
      'pb.yml',
      `- hosts: localhost\n  gather_facts: false\n  tasks:\n    - copy: {content: "{{ greeting }}\\n", dest: "${dir}/out.txt"}\n`,
    );
    const units = path.join(dir, 'root/etc/systemd/system');
    writeIn(
      units,
      'app.service',
      `[Service]\nExecStart=/bin/sh -c 'env > ${dir}/app.env; exec sleep 30'\n[Install]\nWantedBy=multi-user.target\n`,
    );
    mkdirSync(path.join(units, 'multi-user.target.wants'));
    symlinkSync('../app.service', path.join(units, 'multi-user.target.wants/app.service'));
    const child = spawn(
      process.execPath,
      [
        BOSUN_BIN,
        'boot',
        '--env',
        'prod',
        '--playbook',
        'pb.yml',
        '--setup',
        path.join(dir, 'none'),
        '--units-root',
        path.join(dir, 'root'),
      ],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          CORPUSOPS_VAULT_PASSWORD: 'boot-pw-1',
          BOSUN_CONTROL_SOCKET: path.join(dir, 'ctl.sock'),
        },
      },
    );
    let log = '';
    child.stdout.on('data', (b: Buffer) => {
      log += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      log += b.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 20_000;
    while (!/startup finished/.test(log) && Date.now() < deadline && child.exitCode === null)
      await new Promise((r) => setTimeout(r, 20));
    while (!existsSync(path.join(dir, 'app.env')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, log);
    assert.match(log, /vault password from \$CORPUSOPS_VAULT_PASSWORD \(passed on in a pipe\)/);
    assert.equal(readFileSync(path.join(dir, 'out.txt'), 'utf8'), 'hello\n');
    const line =
      /startup finished in (\d+) ms \(bosun start (\d+) ms \+ vault (\d+) ms \+ reconfigure (\d+) ms \+ units (\d+) ms\)/.exec(
        log,
      );
    assert.ok(line, log);
    const [total, ...parts] = line.slice(1).map(Number);
    assert.ok(
      Math.abs(total! - parts.reduce((a, b) => a + b, 0)) <= 3,
      `the phases add up to the total: ${line[0]}`,
    );
    // Nothing of the re-exec reaches a service: no password, no state variable.
    assert.doesNotMatch(
      readFileSync(path.join(dir, 'app.env'), 'utf8'),
      /boot-pw-1|BOSUN_REEXEC_FD|VAULT_PASSWORD/,
    );
  });

  it('usage errors', () => {
    assert.equal(runBosun(['boot', '--init', 'bogus']).status, 2);
    assert.equal(runBosun(['boot', '--init', 'exec']).status, 2);
    assert.match(runBosun(['boot', '--help']).stdout, /--vault-password-file/);
  });
});

describe('bosun shims install', () => {
  it('creates the links; idempotent; refuses to overwrite without --force', () => {
    const dir = tempDir();
    const r = runBosun(['shims', 'install', dir]);
    assert.equal(r.status, 0, r.stderr);
    for (const name of SHIM_NAMES) assert.equal(readlinkSync(path.join(dir, name)), BOSUN_BIN);
    assert.match(runBosun(['shims', 'install', dir]).stdout, /unchanged .*systemctl/);
    const other = tempDir();
    writeFileSync(path.join(other, 'ansible'), 'not a link');
    const refused = runBosun(['shims', 'install', other]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /ansible already exists; use --force/);
    assert.throws(
      () => readlinkSync(path.join(other, 'ansible-playbook')),
      /ENOENT/,
      'nothing installed on refusal',
    );
    assert.equal(runBosun(['shims', 'install', other, '--force']).status, 0);
    assert.equal(readlinkSync(path.join(other, 'ansible')), BOSUN_BIN);
  });

  it('a link makes bosun behave as the tool', () => {
    const dir = tempDir();
    installShims(dir, BOSUN_BIN);
    const r = spawnSync(path.join(dir, 'ansible-playbook'), ['--version'], { encoding: 'utf8' });
    assert.match(r.stdout, /^ansible-playbook \[core [\d.]+\] \(bosun [^)]+\)$/m);
    symlinkSync(BOSUN_BIN, path.join(dir, 'ansible-vault2'));
    assert.ok(readFileSync(path.join(dir, 'ansible-vault2')).length > 0);
  });
});

describe('re-exec state', () => {
  it("password variables and the first image's start come back from the fd; the variable is gone", () => {
    const dir = tempDir();
    const started = Date.now() - 60_000.5;
    writeFileSync(
      path.join(dir, 'state'),
      `started=${started}\0CORPUSOPS_VAULT_PASSWORD=a=b c\0BOSUN_VAULT_PASSWORD=x\0PATH=/evil\0`,
    );
    process.env[REEXEC_FD] = String(openSync(path.join(dir, 'state'), 'r'));
    const state = readReexecState();
    assert.deepEqual(state, {
      variables: { CORPUSOPS_VAULT_PASSWORD: 'a=b c', BOSUN_VAULT_PASSWORD: 'x' },
      startedAt: started,
    });
    assert.equal(process.env[REEXEC_FD], undefined);
  });

  it("no state, or a start time after this process's own: this process's start", () => {
    // This process's start, on the clock processStartedAt reads (wall clock minus uptime): compared
    // with performance.timeOrigin it drifted by 24 ms on a loaded CI machine, so it is not the yardstick.
    const near = (t: number): boolean => Math.abs(t - processStartedAt()) <= 2;
    const none = readReexecState();
    assert.deepEqual(none.variables, {});
    assert.ok(near(none.startedAt), `${none.startedAt} vs ${processStartedAt()}`);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'state'), `started=${Date.now() + 5000}\0`);
    process.env[REEXEC_FD] = String(openSync(path.join(dir, 'state'), 'r'));
    assert.ok(near(readReexecState().startedAt));
  });
});
