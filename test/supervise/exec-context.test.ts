// Execution context of a service: User=/Group= (setpriv), WorkingDirectory=, UMask=, Limit*=,
// RuntimeDirectory=, StandardOutput=file:/append:/null, ExecStartPre '-' prefix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ServiceUnit } from '../../src/supervise/service.js';
import { unitRoot, supervise } from './helpers.js';
import { tempDir } from '../helpers/tmp.js';

test('User, WorkingDirectory, UMask, LimitNOFILE, RuntimeDirectory, StandardOutput targets', async () => {
  const work = tempDir();
  chmodSync(work, 0o777); // written by the service as nobody
  writeFileSync(path.join(work, 'log'), 'previous\n');
  const rt = `bosun-test-${process.pid}`;
  const root = unitRoot(
    {
      'ctx.service': [
        '[Service]',
        'Type=oneshot',
        'RemainAfterExit=yes',
        'User=nobody',
        `WorkingDirectory=${work}`,
        'UMask=0077',
        'LimitNOFILE=123:456',
        `RuntimeDirectory=${rt}`,
        'ExecStartPre=-/bin/false',
        `ExecStart=/bin/sh -c 'echo "$(id -u) $(id -g) $(pwd) $(umask) $(ulimit -n) $(ulimit -Hn) $RUNTIME_DIRECTORY" > ${work}/ctx; touch ${work}/made; stat -c %%U /run/${rt} >> ${work}/ctx'`,
        '',
      ].join('\n'),
      'out.service': `[Service]\nType=oneshot\nStandardOutput=append:${work}/log\nStandardError=file:${work}/err\nExecStart=/bin/sh -c "echo appended; echo oops >&2"\n`,
      'quiet.service':
        '[Service]\nType=oneshot\nStandardOutput=null\nExecStart=/bin/echo should-not-appear\n',
    },
    ['ctx.service', 'out.service', 'quiet.service'],
  );
  const sup = supervise(root);
  await sup.ready;
  const ctx = sup.manager.units.get('ctx.service');
  assert.ok(ctx instanceof ServiceUnit);
  assert.equal(ctx.state, 'active', sup.logs());
  const text = readFileSync(path.join(work, 'ctx'), 'utf8');
  const [uid, gid, cwd, umask, soft, hard, runtimeDir, owner] = text.trim().split(/\s+/);
  assert.equal(uid, '65534');
  assert.equal(gid, '65534');
  assert.equal(cwd, work);
  assert.equal(umask, '0077');
  assert.deepEqual([soft, hard], ['123', '456']);
  assert.equal(runtimeDir, `/run/${rt}`);
  assert.equal(owner, 'nobody', text);
  assert.equal(readFileSync(path.join(work, 'log'), 'utf8'), 'previous\nappended\n');
  assert.equal(readFileSync(path.join(work, 'err'), 'utf8'), 'oops\n');
  assert.ok(!sup.output().includes('should-not-appear'));
  await sup.stop();
  assert.ok(!existsSync(`/run/${rt}`), 'RuntimeDirectory removed at stop');
});

test('Limit*= above what the kernel allows is lowered to the hard limit, as systemd does', async () => {
  const work = tempDir();
  const nrOpen = Number(readFileSync('/proc/sys/fs/nr_open', 'utf8'));
  const hard = /^Max open files\s+\S+\s+(\S+)/m.exec(
    readFileSync('/proc/self/limits', 'utf8'),
  )![1]!;
  const root = unitRoot(
    {
      'big.service': [
        '[Service]',
        'Type=oneshot',
        'RemainAfterExit=yes',
        `LimitNOFILE=${nrOpen + 1000}`,
        `ExecStart=/bin/sh -c 'echo "$(ulimit -n) $(ulimit -Hn)" > ${work}/limits'`,
        '',
      ].join('\n'),
    },
    ['big.service'],
  );
  const sup = supervise(root);
  await sup.ready;
  const unit = sup.manager.units.get('big.service');
  assert.ok(unit instanceof ServiceUnit);
  assert.equal(unit.state, 'active', sup.logs());
  assert.equal(readFileSync(path.join(work, 'limits'), 'utf8'), `${hard} ${hard}\n`);
  assert.match(
    sup.logs(),
    /big\.service: failed at setting rlimit \d+:\d+ for resource RLIMIT_NOFILE/,
  );
  await sup.stop();
});

test('Type=notify with User=nobody: the service reaches its NOTIFY_SOCKET and becomes active', async () => {
  const work = tempDir();
  chmodSync(work, 0o755); // the notify directory's parents, as /run
  const root = unitRoot(
    {
      'dropped.service': [
        '[Service]',
        'Type=notify',
        'User=nobody',
        'TimeoutStartSec=5',
        'ExecStart=/bin/sh -c "systemd-notify --ready; exec sleep 30"',
        '',
      ].join('\n'),
    },
    ['dropped.service'],
  );
  const sup = supervise(root, { notifyDir: path.join(work, 'notify') });
  const t0 = Date.now();
  await sup.ready;
  const unit = sup.manager.units.get('dropped.service');
  assert.ok(unit instanceof ServiceUnit);
  assert.equal(unit.state, 'active', sup.logs());
  assert.ok(Date.now() - t0 < 4000, 'ready before the start timeout');
  await sup.stop();
});

test('RuntimeDirectoryMode=/StateDirectoryMode= applied; Group= alone owns the directory (root:GROUP)', async () => {
  const id = `bosun-test-${process.pid}`;
  const root = unitRoot(
    {
      // As Debian's redis-server.service and squid.service.
      'redis.service': `[Service]\nType=oneshot\nRemainAfterExit=yes\nUser=nobody\nRuntimeDirectory=${id}-redis\nRuntimeDirectoryMode=2755\nStateDirectory=${id}-redis\nStateDirectoryMode=0750\nExecStart=/bin/true\n`,
      'squid.service': `[Service]\nType=oneshot\nRemainAfterExit=yes\nGroup=proxy\nRuntimeDirectory=${id}-squid\nRuntimeDirectoryMode=0775\nExecStart=/bin/true\n`,
    },
    ['redis.service', 'squid.service'],
  );
  const sup = supervise(root);
  await sup.ready;
  const stat = (p: string): string => {
    const st = statSync(p);
    return `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
  };
  const proxy = Number(/^proxy:[^:]*:(\d+):/m.exec(readFileSync('/etc/group', 'utf8'))![1]);
  try {
    assert.equal(stat(`/run/${id}-redis`), '2755 65534:65534');
    assert.equal(stat(`/var/lib/${id}-redis`), '750 65534:65534');
    assert.equal(stat(`/run/${id}-squid`), `775 0:${proxy}`);
  } finally {
    await sup.stop();
    rmSync(`/var/lib/${id}-redis`, { recursive: true, force: true });
  }
});

test('ConditionCapability= is checked against the bounding set: a failing one skips the unit', async () => {
  const capBnd = BigInt(
    `0x${/^CapBnd:\s*([0-9a-f]+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]!}`,
  );
  const hasSysTime = ((capBnd >> 25n) & 1n) === 1n;
  const hasChown = (capBnd & 1n) === 1n;
  const unit = (condition: string): string =>
    `[Unit]\nConditionCapability=${condition}\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n`;
  const root = unitRoot(
    {
      'time.service': unit('CAP_SYS_TIME'),
      'notchown.service': unit('!CAP_CHOWN'),
      'bogus.service': unit('CAP_NO_SUCH_THING'),
    },
    ['time.service', 'notchown.service', 'bogus.service'],
  );
  const sup = supervise(root);
  await sup.ready;
  const state = (name: string): string | undefined => sup.manager.units.get(name)?.state;
  assert.equal(state('time.service'), hasSysTime ? 'active' : 'inactive', sup.logs());
  assert.equal(state('notchown.service'), hasChown ? 'inactive' : 'active');
  assert.equal(state('bogus.service'), 'inactive');
  assert.doesNotMatch(sup.logs(), /unsupported directive/);
  await sup.stop();
});
