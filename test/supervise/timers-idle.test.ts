// .timer units firing their service (OnBootSec, OnUnitActiveSec), and the idle cost of a
// supervisor: no CPU while nothing happens (event-driven, no polling loops).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { unitRoot, supervise, waitFor } from './helpers.js';
import { tempDir } from '../helpers/tmp.js';

test('a timer starts its service at OnBootSec and again every OnUnitActiveSec', async () => {
  const work = tempDir();
  const root = unitRoot(
    {
      'tick.timer':
        '[Timer]\nOnBootSec=100ms\nOnUnitActiveSec=300ms\nAccuracySec=1ms\n[Install]\nWantedBy=timers.target\n',
      'tick.service': `[Service]\nType=oneshot\nExecStart=/bin/sh -c "echo x >> ${work}/ticks"\n`,
    },
    ['tick.timer'],
  );
  const sup = supervise(root);
  await sup.ready;
  const ticks = (): number =>
    existsSync(path.join(work, 'ticks'))
      ? readFileSync(path.join(work, 'ticks'), 'utf8').trim().split('\n').length
      : 0;
  await waitFor(() => ticks() >= 3, 5000, 'three ticks');
  await sup.stop();
  const after = ticks();
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(ticks(), after, 'no tick after stop');
});

test('an idle supervisor uses no CPU', async () => {
  const root = unitRoot(
    {
      'a.service': '[Service]\nExecStart=/bin/sleep 30\nRestart=always\nWatchdogSec=0\n',
      'b.service': '[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n',
    },
    ['a.service', 'b.service'],
  );
  const sup = supervise(root);
  await sup.ready;
  await new Promise((r) => setTimeout(r, 200));
  const before = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, 2000));
  const used = process.cpuUsage(before);
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpuMs = (used.user + used.system) / 1000;
  // The test runner itself wakes up now and then; an active poll loop would cost far more.
  assert.ok(cpuMs < 20, `idle CPU ${cpuMs.toFixed(1)} ms over ${wallMs.toFixed(0)} ms`);
  await sup.stop();
});
