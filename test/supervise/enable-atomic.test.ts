// `systemctl enable a bad b` (no supervisor, an image root) enables none, as `systemctl --root`
// does: every unit is checked before any link is made. Debian's systemctl is the oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { systemctl } from '../../src/supervise/systemctl.js';
import { tempDir } from '../helpers/tmp.js';

const UNIT = '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n';

function makeRoot(): string {
  const root = tempDir('bosun-enable-');
  const lib = path.join(root, 'lib/systemd/system');
  mkdirSync(lib, { recursive: true });
  for (const n of ['a', 'b']) writeFileSync(path.join(lib, `${n}.service`), UNIT);
  writeFileSync(path.join(lib, 'also.service'), `${UNIT}Also=gone.service\n`);
  writeFileSync(path.join(lib, 'multi-user.target'), '[Unit]\nDescription=M\n');
  return root;
}

function links(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
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

for (const units of [
  ['a.service', 'bad.service', 'b.service'],
  ['a.service', 'also.service'],
  ['a.service', 'in/valid', 'b.service'],
]) {
  test(`enable ${units.join(' ')}: as systemctl --root`, async () => {
    const mine = makeRoot();
    const theirs = makeRoot();
    let code: number;
    try {
      code = await systemctl('enable', units, {
        root: mine,
        socketPath: path.join(mine, 'no.sock'),
        quiet: false,
        noBlock: false,
        now: false,
        stdout: new PassThrough(),
        stderr: new PassThrough(),
      });
    } catch {
      code = 1;
    }
    const r = spawnSync('systemctl', [`--root=${theirs}`, 'enable', ...units], {
      env: { ...process.env, SYSTEMD_LOG_LEVEL: 'err' },
    });
    assert.equal(code !== 0, r.status !== 0, 'both fail');
    assert.deepEqual(links(mine), links(theirs));
  });
}
