// systemctl jobs on a running supervisor and their propagation along dependencies (PartOf=,
// ReloadPropagatedFrom=, Requires=, Conflicts=, OnFailure=, BindsTo=, Requisite=), as
// systemd.unit(5) describes them; checked against real systemd in jobs-oracle.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ServiceUnit } from '../../src/supervise/service.js';
import { linkWants, unitRoot, supervise, waitFor } from './helpers.js';
import { tempDir } from '../helpers/tmp.js';

type Sup = ReturnType<typeof supervise>;

function state(sup: Sup, name: string): string {
  return sup.manager.units.get(name)?.state ?? 'unloaded';
}

function pidOf(sup: Sup, name: string): number | null {
  const u = sup.manager.units.get(name);
  return u instanceof ServiceUnit ? u.mainPid : null;
}

const lines = (file: string): string[] =>
  existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];

test('PartOf= and ReloadPropagatedFrom=: restart, stop, start and reload of the parent reach its instances', async () => {
  const work = tempDir();
  // The shape of Debian's postgresql.service and postgresql@.service.
  const root = unitRoot(
    {
      'pg.service':
        '[Unit]\nDescription=parent\n[Service]\nType=oneshot\nExecStart=/bin/true\nExecReload=/bin/true\nRemainAfterExit=yes\n',
      'pg@.service': `[Unit]\nPartOf=pg.service\nReloadPropagatedFrom=pg.service\nBefore=pg.service\n[Service]\nExecStart=/bin/sleep 60\nExecReload=/bin/sh -c "echo reload-%i >> ${work}/log"\n`,
    },
    ['pg.service'],
  );
  linkWants(root, 'pg.service', 'pg@main.service');
  const sup = supervise(root);
  try {
    await sup.ready;
    assert.equal(state(sup, 'pg@main.service'), 'active');
    const before = pidOf(sup, 'pg@main.service');
    await sup.manager.jobs.restart('pg.service');
    assert.equal(state(sup, 'pg@main.service'), 'active');
    assert.notEqual(
      pidOf(sup, 'pg@main.service'),
      before,
      'the instance was restarted with its parent',
    );
    assert.equal(await sup.manager.jobs.reload('pg.service'), true);
    assert.deepEqual(lines(path.join(work, 'log')), ['reload-main']);
    await sup.manager.jobs.stop('pg.service');
    assert.equal(state(sup, 'pg@main.service'), 'inactive');
    assert.equal(state(sup, 'pg.service'), 'inactive');
    await sup.manager.jobs.start('pg.service');
    assert.equal(
      state(sup, 'pg@main.service'),
      'active',
      'pulled in again through pg.service.wants',
    );
    // Stopping the instance alone leaves the parent up (PartOf= is one-way).
    await sup.manager.jobs.stop('pg@main.service');
    assert.equal(state(sup, 'pg.service'), 'active');
  } finally {
    await sup.stop();
  }
});

test('Requires=: stopping or restarting a unit does the same to the units requiring it, in order', async () => {
  const work = tempDir();
  const log = (what: string): string => `/bin/sh -c "echo ${what} >> ${work}/order"`;
  const root = unitRoot(
    {
      'db.service': `[Service]\nExecStartPre=${log('db-start')}\nExecStart=/bin/sleep 60\nExecStopPost=${log('db-stop')}\n`,
      'app.service': `[Unit]\nRequires=db.service\nAfter=db.service\n[Service]\nExecStartPre=${log('app-start')}\nExecStart=/bin/sleep 60\nExecStopPost=${log('app-stop')}\n`,
      'idle.service': `[Unit]\nRequires=db.service\n[Service]\nExecStart=/bin/sleep 60\n`,
    },
    ['db.service', 'app.service'],
  );
  const sup = supervise(root);
  try {
    await sup.ready;
    await sup.manager.jobs.restart('db.service');
    assert.deepEqual(lines(path.join(work, 'order')), [
      'db-start',
      'app-start',
      'app-stop',
      'db-stop',
      'db-start',
      'app-start',
    ]);
    assert.equal(
      state(sup, 'idle.service'),
      'unloaded',
      'a propagated restart does not start what was down',
    );
    await sup.manager.jobs.stop('db.service');
    assert.equal(state(sup, 'app.service'), 'inactive');
    assert.deepEqual(lines(path.join(work, 'order')).slice(-2), ['app-stop', 'db-stop']);
    // Starting app pulls db in first (Requires= + After=).
    await sup.manager.jobs.start('app.service');
    assert.equal(state(sup, 'db.service'), 'active');
    assert.deepEqual(lines(path.join(work, 'order')).slice(-2), ['db-start', 'app-start']);
  } finally {
    await sup.stop();
  }
});

test('Conflicts= (both directions), Requisite=, OnFailure= and BindsTo=', async () => {
  const work = tempDir();
  const root = unitRoot(
    {
      'blue.service': '[Unit]\nConflicts=green.service\n[Service]\nExecStart=/bin/sleep 60\n',
      'green.service': '[Service]\nExecStart=/bin/sleep 60\n',
      'needs-green.service':
        '[Unit]\nRequisite=green.service\n[Service]\nExecStart=/bin/sleep 60\n',
      'broken.service':
        '[Unit]\nOnFailure=alert.service\n[Service]\nType=oneshot\nExecStart=/bin/false\n',
      'alert.service': `[Service]\nType=oneshot\nExecStart=/bin/sh -c "echo alert >> ${work}/alerts"\n`,
      'anchor.service': '[Service]\nExecStart=/bin/sleep 60\n',
      'bound.service':
        '[Unit]\nBindsTo=anchor.service\nAfter=anchor.service\n[Service]\nExecStart=/bin/sleep 60\n',
    },
    ['green.service', 'anchor.service', 'bound.service'],
  );
  const sup = supervise(root);
  try {
    await sup.ready;
    await sup.manager.jobs.start('blue.service');
    assert.equal(state(sup, 'green.service'), 'inactive', 'blue conflicts with green');
    await sup.manager.jobs.start('needs-green.service');
    assert.equal(
      state(sup, 'needs-green.service'),
      'inactive',
      'Requisite= unit down: not started (as systemd: inactive)',
    );
    assert.equal(
      (sup.manager.units.get('needs-green.service') as ServiceUnit).result,
      'dependency',
    );
    await sup.manager.jobs.start('green.service');
    assert.equal(
      state(sup, 'blue.service'),
      'inactive',
      'the conflict works from the other side too',
    );
    await sup.manager.jobs.start('needs-green.service');
    assert.equal(state(sup, 'needs-green.service'), 'active');

    await sup.manager.jobs.start('broken.service');
    await waitFor(() => lines(path.join(work, 'alerts')).length === 1, 5000, 'OnFailure= unit ran');

    // The bound unit follows its anchor down even when the anchor just dies.
    process.kill(pidOf(sup, 'anchor.service')!, 'SIGKILL');
    await waitFor(() => state(sup, 'bound.service') === 'inactive', 5000, 'bound.service stopped');
  } finally {
    await sup.stop();
  }
});
