// The supervisor as a real PID 1 (a new PID namespace via util-linux unshare): orphans of a
// double-forking unit are reaped without stealing the exit status of Node's own children;
// SIGTERM stops the units and kills what escaped them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { unitRoot } from './helpers.js';

test('as PID 1: 1000 double-forked orphans reaped, own exit statuses kept, leftovers killed on SIGTERM', () => {
  const root = unitRoot(
    {
      'forker.service':
        '[Service]\nExecStart=/bin/sh -c "i=0; while [ $$i -lt 1000 ]; do (sleep 0.1 &); i=$$((i+1)); done; exec sleep 60"\n',
      'code.service':
        '[Service]\nType=oneshot\nExecStart=/bin/sh -c "sleep 0.5; exit 3"\nSuccessExitStatus=3\n',
      'escape.service':
        '[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/usr/bin/setsid -f /bin/sh -c "trap \'\' TERM; exec sleep 300"\n',
    },
    ['forker.service', 'code.service', 'escape.service'],
  );
  const t0 = Date.now();
  const r = spawnSync(
    'unshare',
    [
      '--pid',
      '--fork',
      '--mount-proc',
      process.execPath,
      '--import',
      'tsx',
      path.join(ROOT, 'test/supervise/fixtures/pid1-main.ts'),
      root,
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, number>);
  assert.equal(lines.length, 2, r.stderr);
  const [report, end] = lines as [Record<string, number>, Record<string, number>];
  assert.equal(report.pid, 1);
  assert.equal(report.zombies, 0, `no zombie left: ${JSON.stringify(report)}`);
  assert.equal(report.codeExit, 3, "the reaper did not steal the exit status of Node's child");
  assert.equal(
    end.left,
    0,
    'nothing left after shutdown (escaped TERM-ignoring process SIGKILLed)',
  );
  assert.equal(end.exit, 0);
  assert.equal(r.status, 0);
  assert.ok(Date.now() - t0 < 30_000);
});
