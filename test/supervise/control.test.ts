// systemctl and `bosun status` (the built bundle) against a running supervisor's control socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { BOSUN_BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { unitRoot, supervise } from './helpers.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Async on purpose: the supervisor answering lives in this process's event loop. */
function bosun(
  args: string[],
  socket: string,
  argv0?: string,
  extra: { env?: NodeJS.ProcessEnv; uid?: number } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const env = {
      ...process.env,
      BOSUN_CONTROL_SOCKET: socket,
      ...(argv0 ? { BOSUN_ARGV0: argv0 } : {}),
      ...extra.env,
    };
    execFile(
      process.execPath,
      [BOSUN_BIN, ...args],
      { env, encoding: 'utf8', ...(extra.uid ? { uid: extra.uid, gid: extra.uid } : {}) },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

test('systemctl verbs and bosun status over the root-only control socket', async () => {
  const socket = path.join(tempDir(), 'control.sock');
  const root = unitRoot(
    {
      'app.service':
        '[Unit]\nDescription=The app\n[Service]\nExecStart=/bin/sleep 30\nExecReload=/bin/true\n',
      'off.service': '[Service]\nExecStart=/bin/sleep 30\n',
      'slow.service': '[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/sleep 0.5\n',
    },
    ['app.service'],
  );
  const sup = supervise(root, { controlSocket: socket });
  await sup.ready;
  assert.equal(statSync(socket).mode & 0o777, 0o600, 'socket is owner-only');

  let r = await bosun(['systemctl', 'is-active', 'app.service'], socket);
  assert.deepEqual([r.code, r.stdout], [0, 'active\n']);
  r = await bosun(['is-active', 'off'], socket, 'systemctl'); // multi-call name, implicit .service
  assert.deepEqual([r.code, r.stdout], [3, 'inactive\n']);
  r = await bosun(['systemctl', 'start', 'off.service'], socket);
  assert.equal(r.code, 0, r.stderr);
  r = await bosun(['systemctl', '-q', 'is-active', 'off.service'], socket);
  assert.deepEqual([r.code, r.stdout], [0, '']);
  r = await bosun(['systemctl', 'show', 'app.service'], socket);
  assert.match(r.stdout, /^ActiveState=active$/m);
  assert.match(r.stdout, /^Description=The app$/m);
  assert.match(
    r.stdout,
    new RegExp(
      `^MainPID=${sup.manager.units.get('app.service') && (sup.manager.units.get('app.service') as { mainPid: number }).mainPid}$`,
      'm',
    ),
  );
  r = await bosun(
    ['systemctl', 'show', '-p', 'ActiveState,SubState', '--value', 'app.service'],
    socket,
  );
  assert.equal(r.stdout, 'active\nrunning\n');
  r = await bosun(['systemctl', 'reload', 'app.service'], socket);
  assert.equal(r.code, 0, r.stderr);
  r = await bosun(['systemctl', 'status', 'app.service'], socket);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /● app\.service - The app\n\s+Loaded: loaded/);
  r = await bosun(['systemctl', 'stop', 'off.service'], socket);
  assert.equal(r.code, 0);
  r = await bosun(['systemctl', 'status', 'off.service'], socket);
  assert.equal(r.code, 3);
  r = await bosun(['systemctl', 'status', 'missing.service'], socket);
  assert.equal(r.code, 4);
  r = await bosun(['systemctl', 'start', 'missing.service'], socket);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /missing\.service not found/);
  r = await bosun(['systemctl', 'list-units'], socket);
  assert.match(r.stdout, /^app\.service\s+loaded\s+active\s+running\s+The app$/m);

  r = await bosun(['status', '--ready'], socket);
  assert.equal(r.code, 0, r.stderr);
  r = await bosun(['systemctl', '--no-block', 'start', 'slow.service'], socket);
  assert.equal(r.code, 0);
  await sup.stop();
  r = await bosun(['status'], socket);
  assert.equal(r.code, 1, 'no supervisor → unhealthy');
  assert.match(r.stderr, /no supervisor/);
});

test('bosun status says degraded and fails with a failed unit; --json; systemctl status without a unit; non-root; BOSUN_SYSTEMD_ROOT', async () => {
  const socket = path.join(tempDir(), 'control.sock');
  const root = unitRoot(
    {
      'app.service': '[Service]\nExecStart=/bin/sleep 30\n',
      'bad.service': '[Service]\nType=oneshot\nExecStart=/bin/false\n',
    },
    ['app.service', 'bad.service'],
  );
  const sup = supervise(root, { controlSocket: socket });
  await sup.ready;

  let r = await bosun(['status'], socket);
  assert.equal(r.code, 1, 'a failed unit: unhealthy, as systemctl is-system-running');
  assert.match(r.stdout, /^degraded\n/);
  assert.match(r.stdout, /^bad\.service failed \(failed\)$/m);
  assert.match(r.stderr, /degraded: failed: bad\.service/);
  r = await bosun(['status', '--json'], socket);
  assert.equal(r.code, 1);
  const json = JSON.parse(r.stdout) as {
    state: string;
    units: { name: string; activeState: string }[];
  };
  assert.equal(json.state, 'degraded');
  assert.deepEqual(
    json.units.filter((u) => u.name === 'bad.service').map((u) => u.activeState),
    ['failed'],
  );
  r = await bosun(['status', '--help'], socket);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^usage: bosun status/);

  r = await bosun(['status'], socket, 'systemctl');
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /^\S+ \S+\n {4}State: degraded\n {4}Units: \d+ loaded\n {3}Failed: 1 units\n/,
  );

  r = await bosun(['systemctl', 'reset-failed', 'bad.service'], socket);
  assert.equal(r.code, 0, r.stderr);
  r = await bosun(['status'], socket);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^running\n/);

  // The socket's directory is root's (0700): a non-root user gets systemctl's one line.
  r = await bosun(['stop', 'app'], socket, 'systemctl', { uid: 65534 });
  assert.equal(r.code, 4);
  assert.match(r.stderr, /^ERROR: Failed to stop app\.service: Access denied/);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|dist\/|\.cjs/);
  r = await bosun(['status'], socket, undefined, { uid: 65534 });
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stderr, /internal error|\.cjs/);

  // systemctl reads the unit tree under BOSUN_SYSTEMD_ROOT, as the systemd module does.
  r = await bosun(['is-enabled', 'app.service'], socket, 'systemctl', {
    env: { BOSUN_SYSTEMD_ROOT: root },
  });
  assert.deepEqual([r.code, r.stdout], [0, 'enabled\n'], r.stderr);
  r = await bosun(['is-enabled', 'app.service'], socket, 'systemctl');
  assert.notEqual(r.stdout, 'enabled\n', 'without it, the host root (/)');
  await sup.stop();
});
