import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, ProcessError } from '../../src/process/run.js';

test('captures stdout and stderr, passes stdin', async () => {
  const r = await run('sh', ['-c', 'cat; echo err >&2'], { input: 'in-data' });
  assert.equal(r.stdout.toString(), 'in-data');
  assert.equal(r.stderr.toString(), 'err\n');
  assert.equal(r.exitCode, 0);
});

test('a non-zero exit names the command, the code and stderr', async () => {
  const err = await run('sh', ['-c', 'echo boom >&2; exit 3']).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof ProcessError);
  assert.deepEqual(err.failure, { kind: 'exit', exitCode: 3 });
  assert.match(err.message, /^sh -c 'echo boom >&2; exit 3' exited with code 3: boom$/);
});

test('reject: false returns the result of a failing command', async () => {
  const r = await run('sh', ['-c', 'exit 4'], { reject: false });
  assert.equal(r.exitCode, 4);
});

test('a missing command is reported as not found', async () => {
  const err = await run('/nonexistent/cmd').then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof ProcessError);
  assert.match(err.message, /\/nonexistent\/cmd command not found/);
});

test('timeouts kill the whole process group, SIGKILL when SIGTERM is ignored', async () => {
  const started = Date.now();
  const err = await run('sh', ['-c', 'trap "" TERM; sleep 30 & wait'], {
    timeoutMs: 200,
    forceKillAfterMs: 200,
  }).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof ProcessError);
  assert.equal(err.failure.kind, 'timeout');
  assert.match(err.message, /timed out after 200 ms/);
  assert.ok(Date.now() - started < 10_000);
});
