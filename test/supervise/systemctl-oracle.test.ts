// Offline enable/disable/mask/unmask/is-enabled: bosun's symlink edits against Debian's
// `systemctl --root=DIR` on an identical tree, step by step (oracle computed at test time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readlinkSync, lstatSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { systemctl } from '../../src/supervise/systemctl.js';
import { tempDir } from '../helpers/tmp.js';

const UNITS: Record<string, string> = {
  'lib/systemd/system/web.service':
    '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\nAlias=www.service\nAlso=helper.service\n',
  'lib/systemd/system/helper.service':
    '[Service]\nExecStart=/bin/true\n[Install]\nRequiredBy=multi-user.target\n',
  'lib/systemd/system/static.service': '[Service]\nExecStart=/bin/true\n',
  'lib/systemd/system/ind.service':
    '[Service]\nExecStart=/bin/true\n[Install]\nAlso=static.service\n',
  'lib/systemd/system/worker@.service':
    '[Service]\nExecStart=/bin/echo %i\n[Install]\nWantedBy=multi-user.target\nDefaultInstance=one\n',
  'etc/systemd/system/local.service':
    '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target default.target\n',
  'lib/systemd/system/multi-user.target': '[Unit]\nDescription=Multi-User\n',
  'lib/systemd/system/default.target': '[Unit]\nDescription=Default\n',
};
const NAMES = [
  'web.service',
  'www.service',
  'helper.service',
  'static.service',
  'ind.service',
  'worker@.service',
  'worker@two.service',
  'local.service',
  'nope.service',
];

const STEPS: [string, string[]][] = [
  ['enable', ['web.service']],
  ['enable', ['worker@.service', 'worker@two.service', 'local.service']],
  ['disable', ['web.service']],
  ['mask', ['static.service', 'ghost.service']],
  ['disable', ['worker@.service']],
  ['unmask', ['static.service']],
  ['enable', ['ind.service']],
  ['disable', ['local.service', 'worker@two.service']],
];

function makeRoot(): string {
  const root = tempDir('bosun-sysctl-');
  for (const [p, text] of Object.entries(UNITS)) {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), text);
  }
  return root;
}

function links(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir)) {
      const p = path.join(dir, e);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.push(`${path.relative(root, p)} -> ${readlinkSync(p)}`);
      else if (st.isDirectory()) walk(p);
    }
  };
  walk(path.join(root, 'etc'));
  return out.sort();
}

async function ours(
  root: string,
  verb: string,
  units: string[],
): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const code = await systemctl(verb, units, {
    root,
    socketPath: path.join(root, 'no-supervisor.sock'),
    quiet: false,
    noBlock: false,
    now: false,
    stdout,
    stderr: new PassThrough(),
  });
  return { code, out };
}

function theirs(root: string, verb: string, units: string[]): { code: number; out: string } {
  const r = spawnSync('systemctl', [`--root=${root}`, verb, ...units], {
    encoding: 'utf8',
    env: { ...process.env, SYSTEMD_LOG_LEVEL: 'err' },
  });
  return { code: r.status ?? -1, out: r.stdout };
}

test('enable/disable/mask/unmask leave the same links as systemctl --root, is-enabled agrees', async () => {
  const a = makeRoot();
  const b = makeRoot();
  for (const [verb, units] of STEPS) {
    theirs(a, verb, units);
    await ours(b, verb, units);
    const step = `${verb} ${units.join(' ')}`;
    assert.deepEqual(links(b), links(a), `links after ${step}`);
    for (const n of NAMES) {
      const want = theirs(a, 'is-enabled', [n]);
      const got = await ours(b, 'is-enabled', [n]);
      assert.equal(got.out.trim(), want.out.trim() || 'not-found', `is-enabled ${n} after ${step}`);
      assert.equal(got.code === 0, want.code === 0, `is-enabled ${n} exit status after ${step}`);
    }
  }
});

test('offline start is deferred and show reports it so Ansible converges; stop cancels it', async () => {
  const root = makeRoot();
  assert.equal((await ours(root, 'start', ['web'])).code, 0);
  const show = (await ours(root, 'show', ['web.service'])).out;
  assert.match(show, /^ActiveState=active$/m);
  assert.match(show, /^LoadState=loaded$/m);
  assert.equal((await ours(root, 'is-active', ['web.service'])).code, 0);
  await ours(root, 'stop', ['web.service']);
  assert.equal((await ours(root, 'is-active', ['web.service'])).code, 3);
  await assert.rejects(ours(root, 'start', ['nope.service']), /not found/);
});
