// System generators run before units are loaded, as systemd does: a generator linking an
// instance into a unit's .wants (Debian's postgresql-generator shape) makes it start with it;
// systemd's own generators are skipped; a failing one is reported; daemon-reload re-runs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unitRoot, supervise } from './helpers.js';
import { tempDir } from '../helpers/tmp.js';

function generator(root: string, name: string, script: string): void {
  const dir = path.join(root, 'lib/systemd/system-generators');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), `#!/bin/sh\n${script}\n`);
  chmodSync(path.join(dir, name), 0o755);
}

test('generators add .wants links before the boot transaction; systemd-* ones are skipped', async () => {
  const work = tempDir();
  const root = unitRoot(
    {
      'pg.service': '[Service]\nType=oneshot\nExecStart=/bin/true\nRemainAfterExit=yes\n',
      'pg@.service': '[Unit]\nPartOf=pg.service\n[Service]\nExecStart=/bin/sleep 60\n',
    },
    ['pg.service'],
  );
  // What postgresql-generator does for each cluster whose start.conf says "auto".
  generator(
    root,
    'pg-generator',
    `mkdir -p "$1/pg.service.wants" && ln -sf /lib/systemd/system/pg@.service "$1/pg.service.wants/pg@main.service" && echo "$@" >> ${work}/args`,
  );
  generator(root, 'systemd-fake-generator', `touch ${work}/host-generator-ran`);
  generator(root, 'broken-generator', 'echo cannot read config >&2; exit 3');
  const sup = supervise(root);
  try {
    await sup.ready;
    assert.equal(sup.manager.units.get('pg@main.service')?.state, 'active');
    assert.ok(
      !existsSync(path.join(work, 'host-generator-ran')),
      "systemd's own generators configure the host: not run",
    );
    assert.match(
      sup.logs(),
      /generator broken-generator failed \(exit status 3: cannot read config\)/,
    );
    const out = path.join(root, 'run/systemd');
    assert.equal(
      readFileSync(path.join(work, 'args'), 'utf8').trim(),
      `${out}/generator ${out}/generator.early ${out}/generator.late`,
    );
    sup.manager.reloadUnitFiles();
    assert.equal(
      readFileSync(path.join(work, 'args'), 'utf8').trim().split('\n').length,
      2,
      'daemon-reload re-runs them',
    );
  } finally {
    await sup.stop();
  }
});
