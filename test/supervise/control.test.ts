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
function bosun(args: string[], socket: string, argv0?: string): Promise<Run> {
  return new Promise((resolve) => {
    const env = {
      ...process.env,
      BOSUN_CONTROL_SOCKET: socket,
      ...(argv0 ? { BOSUN_ARGV0: argv0 } : {}),
    };
    execFile(
      process.execPath,
      [BOSUN_BIN, ...args],
      { env, encoding: 'utf8' },
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
