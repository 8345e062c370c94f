// Real processes under an in-process supervisor: restart, start limits, stop timeouts,
// environment isolation, Type=notify/forking, critical units, syntax errors and cycles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ServiceUnit } from '../../src/supervise/service.js';
import { allPids, readStat } from '../../src/supervise/proc.js';
import { unitRoot, supervise, waitFor } from './helpers.js';
import { tempDir } from '../helpers/tmp.js';

type Sup = ReturnType<typeof supervise>;
function svc(sup: Sup, name: string): ServiceUnit {
  const u = sup.manager.units.get(name);
  assert.ok(u instanceof ServiceUnit, `${name} loaded`);
  return u;
}

test('Restart=always restarts a SIGKILLed service after RestartSec', async () => {
  const root = unitRoot(
    { 'app.service': '[Service]\nExecStart=/bin/sleep 30\nRestart=always\nRestartSec=100ms\n' },
    ['app.service'],
  );
  const sup = supervise(root);
  await sup.ready;
  const unit = svc(sup, 'app.service');
  const first = unit.mainPid!;
  assert.ok(first > 0);
  process.kill(first, 'SIGKILL');
  await waitFor(
    () =>
      unit.restarts === 1 &&
      unit.state === 'active' &&
      unit.mainPid !== null &&
      unit.mainPid !== first,
    3000,
    'restart',
  );
  await sup.stop();
});

test('Restart=on-failure does not restart a clean exit; a crash loop hits StartLimitBurst', async () => {
  const root = unitRoot(
    {
      'ok.service': '[Service]\nExecStart=/bin/true\nRestart=on-failure\nRestartSec=50ms\n',
      'loop.service':
        '[Unit]\nStartLimitBurst=3\nStartLimitIntervalSec=30\n[Service]\nExecStart=/bin/false\nRestart=always\nRestartSec=50ms\n',
    },
    ['ok.service', 'loop.service'],
  );
  const sup = supervise(root);
  await sup.ready;
  const loop = svc(sup, 'loop.service');
  await waitFor(
    () => loop.state === 'failed' && loop.result === 'start-limit-hit',
    5000,
    'start limit',
  );
  assert.equal(loop.restarts, 3);
  const ok = svc(sup, 'ok.service');
  await waitFor(() => ok.state === 'inactive', 2000, 'ok done');
  assert.equal(ok.restarts, 0);
  await sup.stop();
});

test('TimeoutStopSec: a service ignoring SIGTERM is SIGKILLed at the timeout', async () => {
  const root = unitRoot(
    {
      'stubborn.service': `[Service]\nExecStart=/bin/sh -c "trap '' TERM; echo armed; while :; do sleep 0.05; done"\nTimeoutStopSec=600ms\n`,
    },
    ['stubborn.service'],
  );
  const sup = supervise(root);
  await sup.ready;
  await waitFor(() => sup.output().includes('armed'), 3000, 'trap armed');
  const pid = svc(sup, 'stubborn.service').mainPid!;
  const t0 = Date.now();
  await sup.stop();
  const took = Date.now() - t0;
  assert.ok(took >= 550 && took < 3000, `stop took ${took} ms`);
  await waitFor(() => readStat(pid) === null, 2000, 'main process gone (and reaped)');
});

test('services see only the unit environment plus the allowlist, never the manager environment', async () => {
  const work = tempDir();
  writeFileSync(
    path.join(work, 'env'),
    '# comment\nFROM_FILE="quoted value"\nexport EXPORTED=yes\n',
  );
  const root = unitRoot(
    {
      'env.service': `[Service]\nType=oneshot\nEnvironment=A=1 "B=two words"\nEnvironment=C=\${A}x\nEnvironmentFile=${work}/env\nEnvironmentFile=-${work}/missing\nPassEnvironment=TZ NOT_SET\nExecStart=/bin/sh -c "env > ${work}/out"\n`,
    },
    ['env.service'],
  );
  const sup = supervise(root);
  await sup.ready;
  const env = Object.fromEntries(
    readFileSync(path.join(work, 'out'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  assert.equal(env.A, '1');
  assert.equal(env.B, 'two words');
  assert.equal(env.C, '${A}x', 'Environment= values are not expanded');
  assert.equal(env.FROM_FILE, 'quoted value');
  assert.equal(env.EXPORTED, 'yes');
  assert.equal(env.TZ, 'UTC');
  assert.equal(env.SECRET_TOKEN, undefined, 'manager environment not leaked');
  assert.equal(env.NOT_SET, undefined);
  assert.ok(env.PATH, 'default PATH');
  await sup.stop();
});

test('Type=notify is active only after READY=1; Type=forking adopts the PIDFile daemon; stale PIDFile fails', async () => {
  const work = tempDir();
  const root = unitRoot(
    {
      'n.service':
        '[Service]\nType=notify\nExecStart=/bin/sh -c "sleep 0.3; systemd-notify --ready; exec sleep 30"\n',
      'f.service': `[Service]\nType=forking\nPIDFile=${work}/f.pid\nExecStart=/bin/sh -c "sleep 30 > /dev/null 2>&1 & echo $$! > ${work}/f.pid"\n`,
      'stale.service': `[Service]\nType=forking\nPIDFile=${work}/stale.pid\nExecStart=/bin/sh -c "echo 999999 > ${work}/stale.pid"\n`,
    },
    ['n.service', 'f.service', 'stale.service'],
  );
  const sup = supervise(root, { notifyDir: path.join(work, 'notify') });
  const t0 = Date.now();
  await sup.ready;
  const n = svc(sup, 'n.service');
  assert.equal(n.state, 'active');
  assert.ok(Date.now() - t0 >= 280, 'waited for READY=1');
  const f = svc(sup, 'f.service');
  assert.equal(f.state, 'active');
  assert.equal(f.mainPid, Number(readFileSync(path.join(work, 'f.pid'), 'utf8')));
  assert.equal(svc(sup, 'stale.service').state, 'failed');
  await sup.stop();
  const daemon = Number(readFileSync(path.join(work, 'f.pid'), 'utf8'));
  await waitFor(() => readStat(daemon) === null, 2000, 'forked daemon stopped and reaped');
});

test('a critical unit ending stops the container with its exit code', async () => {
  const root = unitRoot(
    {
      'crit.service': '[Service]\nExecStart=/bin/sh -c "sleep 0.2; exit 7"\n',
      'other.service': '[Service]\nExecStart=/bin/sleep 30\n',
    },
    ['crit.service', 'other.service'],
  );
  const sup = supervise(root, { critical: ['crit.service'] });
  assert.equal(await sup.exited, 7);
  assert.notEqual(svc(sup, 'other.service').state, 'active');
});

test('syntax errors name file:line and the other units still start; ordering cycles are reported by name', async () => {
  const root = unitRoot(
    {
      'bad.service':
        '[Service]\nExecStart=/bin/true\nthis line is not an assignment\nRestart=sometimes\n',
      'good.service': '[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n',
      'c1.service':
        '[Unit]\nAfter=c2.service\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n',
      'c2.service':
        '[Unit]\nAfter=c1.service\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n',
    },
    ['bad.service', 'good.service', 'c1.service', 'c2.service'],
  );
  const sup = supervise(root);
  await sup.ready;
  assert.match(sup.logs(), /etc\/systemd\/system\/bad\.service:3: /);
  assert.match(sup.logs(), /bad\.service:4: Restart/);
  assert.match(sup.logs(), /cycle: .*c[12]\.service.*c[12]\.service/);
  assert.equal(svc(sup, 'good.service').state, 'active');
  assert.equal(svc(sup, 'c1.service').state, 'active');
  assert.equal(svc(sup, 'c2.service').state, 'active');
  await sup.stop();
});

test('orphans of a double-forking service are reaped (no zombies left)', async () => {
  const root = unitRoot(
    {
      'forker.service':
        '[Service]\nExecStart=/bin/sh -c "for i in $(seq 200); do (true &) ; done; echo spawned; exec sleep 30"\n',
    },
    ['forker.service'],
  );
  const sup = supervise(root);
  await sup.ready;
  await waitFor(() => sup.output().includes('spawned'), 5000, 'children spawned');
  const zombies = (): number =>
    allPids().filter((p) => {
      const s = readStat(p);
      return s?.ppid === process.pid && s.state === 'Z';
    }).length;
  await waitFor(() => zombies() === 0, 3000, 'no zombies');
  await sup.stop();
  assert.ok(existsSync('/proc/self/stat'));
});

test('WatchdogSec: a notify service that stops pinging is aborted and restarted (Restart=on-watchdog)', async () => {
  const work = tempDir();
  const root = unitRoot(
    {
      'dog.service':
        '[Service]\nType=notify\nWatchdogSec=300ms\nRestart=on-watchdog\nRestartSec=50ms\nExecStart=/bin/sh -c "systemd-notify --ready; exec sleep 30"\n',
      'pinger.service':
        '[Service]\nType=notify\nWatchdogSec=300ms\nRestart=on-watchdog\nExecStart=/bin/sh -c "systemd-notify --ready; while :; do systemd-notify WATCHDOG=1; sleep 0.05; done"\n',
    },
    ['dog.service', 'pinger.service'],
  );
  const sup = supervise(root, { notifyDir: path.join(work, 'notify') });
  await sup.ready;
  const dog = svc(sup, 'dog.service');
  await waitFor(() => dog.restarts >= 1 && dog.state === 'active', 5000, 'watchdog restart');
  assert.equal(svc(sup, 'pinger.service').restarts, 0, 'a pinging service is left alone');
  await sup.stop();
});

test('host-only units are skipped and reported, the rest starts', async () => {
  const root = unitRoot(
    {
      'systemd-resolved.service': '[Service]\nExecStart=/bin/false\n',
      'getty@tty1.service': '[Service]\nExecStart=/bin/false\n',
      'app.service': '[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n',
    },
    ['systemd-resolved.service', 'getty@tty1.service', 'app.service'],
  );
  const sup = supervise(root);
  await sup.ready;
  assert.match(sup.logs(), /skipping systemd-resolved\.service \(host-only\)/);
  assert.match(sup.logs(), /skipping getty@tty1\.service \(host-only\)/);
  assert.equal(sup.manager.units.has('systemd-resolved.service'), false);
  assert.equal(svc(sup, 'app.service').state, 'active');
  await sup.stop();
});

test('Requires+After on a failed unit fails the dependent; Wants does not; independent units start in parallel', async () => {
  const work = tempDir();
  const root = unitRoot(
    {
      'base.service': '[Service]\nType=oneshot\nExecStart=/bin/false\n',
      'needs.service':
        '[Unit]\nRequires=base.service\nAfter=base.service\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n',
      'likes.service':
        '[Unit]\nWants=base.service\nAfter=base.service\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n',
      'p1.service': `[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/sh -c "date +%%s%%N > ${work}/p1; sleep 0.4"\n`,
      'p2.service': `[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/sh -c "date +%%s%%N > ${work}/p2; sleep 0.4"\n`,
    },
    ['needs.service', 'likes.service', 'p1.service', 'p2.service'],
  );
  const sup = supervise(root);
  const t0 = Date.now();
  await sup.ready;
  assert.ok(Date.now() - t0 < 790, 'p1 and p2 ran in parallel');
  assert.equal(svc(sup, 'base.service').state, 'failed');
  assert.equal(
    svc(sup, 'needs.service').state,
    'inactive',
    'never ran (as systemd, checked in jobs-oracle.test.ts)',
  );
  assert.equal(svc(sup, 'needs.service').result, 'dependency');
  assert.equal(svc(sup, 'likes.service').state, 'active');
  const [a, b] = ['p1', 'p2'].map((f) => Number(readFileSync(path.join(work, f), 'utf8')) / 1e6);
  assert.ok(Math.abs(a! - b!) < 300, 'started together');
  await sup.stop();
});
