// Units' processes started by posix_spawn through the addon: the ChildProcess behaviour the
// supervisor relies on (pid, output, exit code and signal, errors as events) and a clean start
// (default signal dispositions, empty mask, own session, the service's PATH, /dev/null stdin).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { loadNative } from '../../src/native/addon.js';
import { spawnNative, type NativeChild } from '../../src/supervise/native-child.js';
import { isOwnChild } from '../../src/process/children.js';
import { tempDir } from '../helpers/tmp.js';

const native = loadNative();

function text(stream: Readable | null): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    stream!.setEncoding('utf8');
    stream!.on('data', (d: string) => {
      s += d;
    });
    stream!.on('end', () => resolve(s));
  });
}
function exited(child: NativeChild): Promise<[number | null, string | null]> {
  return new Promise((resolve) =>
    child.once('exit', (code: number | null, signal: string | null) => resolve([code, signal])),
  );
}
const ENV = { PATH: '/usr/bin:/bin' };

test('the addon has posix_spawn (the build compiles native/addon/spawn.c)', () => {
  assert.equal(typeof native?.spawn, 'function');
});

test('clean start: default signals, empty mask, own session, stdin /dev/null; output and exit code', async () => {
  const child = spawnNative(
    native,
    'sh',
    [
      '-c',
      'grep -E "^Sig(Ign|Blk):" /proc/self/status; echo sid=$(cut -d" " -f6 /proc/self/stat) pid=$$; readlink /proc/self/fd/0; pwd; echo err >&2; exit 7',
    ],
    { env: ENV, cwd: '/tmp', stdout: 'pipe', stderr: 'pipe' },
  )!;
  assert.ok(child.pid! > 0);
  assert.ok(isOwnChild(child.pid!), 'the orphan reaper leaves it alone');
  const [out, err, status] = await Promise.all([
    text(child.stdout),
    text(child.stderr),
    exited(child),
  ]);
  assert.deepEqual(status, [7, null]);
  const lines = out.trim().split('\n');
  const [ids, stdin, cwd] = lines.slice(2);
  assert.ok(
    lines.includes('SigIgn:\t0000000000000000'),
    `Node ignores SIGPIPE; the unit must not: ${out}`,
  );
  assert.ok(lines.includes('SigBlk:\t0000000000000000'), out);
  const m = /sid=(\d+) pid=(\d+)/.exec(ids!);
  assert.equal(m?.[1], m?.[2], 'session leader');
  assert.equal(stdin, '/dev/null');
  assert.equal(cwd, '/tmp');
  assert.equal(err, 'err\n');
  assert.deepEqual([child.exitCode, child.signalCode], [7, null]);
  assert.ok(!isOwnChild(child.pid!));
});

test('a signal is reported as such; kill() after the end does nothing', async () => {
  const child = spawnNative(native, '/bin/sleep', ['30'], {
    env: ENV,
    cwd: '/',
    stdout: 'ignore',
    stderr: 'ignore',
  })!;
  const done = exited(child);
  await new Promise((r) => child.once('spawn', r));
  assert.equal(child.kill('SIGTERM'), true);
  assert.deepEqual(await done, [null, 'SIGTERM']);
  assert.equal(child.kill('SIGTERM'), false);
});

test('bare names use the service PATH; a missing, non-executable or unrunnable command is an error event', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'data'), 'not a program\n', { mode: 0o644 });
  // Executable but no #! line: systemd fails it (ENOEXEC, status 203); execvp would run it with sh.
  writeFileSync(path.join(dir, 'no-shebang'), 'echo hi\n', { mode: 0o755 });
  writeFileSync(path.join(dir, 'hello'), '#!/bin/sh\necho "hi $0"\n');
  chmodSync(path.join(dir, 'hello'), 0o755);
  const ok = spawnNative(native, 'hello', [], {
    argv0: 'greeter',
    env: { PATH: dir },
    cwd: '/',
    stdout: 'pipe',
    stderr: 'ignore',
  })!;
  assert.equal(
    (await Promise.all([text(ok.stdout), exited(ok)]))[0],
    `hi ${path.join(dir, 'hello')}\n`,
  );
  for (const [file, code] of [
    ['no-such-command', 'ENOENT'],
    [path.join(dir, 'missing'), 'ENOENT'],
    [path.join(dir, 'data'), 'EACCES'],
    [path.join(dir, 'no-shebang'), 'ENOEXEC'],
  ] as const) {
    const bad = spawnNative(native, file, [], {
      env: { PATH: dir },
      cwd: '/',
      stdout: 'ignore',
      stderr: 'ignore',
    })!;
    const err = await new Promise<NodeJS.ErrnoException>((resolve) => bad.once('error', resolve));
    assert.equal(err.code, code, file);
    assert.equal(bad.pid, undefined);
  }
});

test('children that end at once are all noticed (SIGCHLD is listened for before the spawn)', async () => {
  // Each runs /bin/true-like and exits before spawnNative returns, often: a listener installed
  // after the spawn would miss the signal and wait forever.
  for (let i = 0; i < 25; i++) {
    const child = spawnNative(native, '/bin/sh', ['-c', `exit ${i}`], {
      env: ENV,
      cwd: '/',
      stdout: 'ignore',
      stderr: 'ignore',
    })!;
    const status = await Promise.race([
      exited(child),
      new Promise<'lost'>((r) => setTimeout(() => r('lost'), 5000).unref()),
    ]);
    assert.deepEqual(status, [i, null], `child ${i}`);
  }
});
