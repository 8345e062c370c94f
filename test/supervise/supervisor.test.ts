import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ServiceUnit } from '../../src/supervise/service.js';
import { unitRoot, supervise, waitFor } from './helpers.js';
import { tempDir } from '../helpers/tmp.js';

function svc(name: string, sup: ReturnType<typeof supervise>): ServiceUnit {
  const u = sup.manager.units.get(name);
  assert.ok(u instanceof ServiceUnit, `${name} loaded`);
  return u;
}

test('starts enabled units in After= order, prefixes their output, stops in reverse order', async () => {
  const work = tempDir();
  const root = unitRoot(
    {
      'a.service': `[Unit]\nDescription=A\n[Service]\nExecStart=/bin/sh -c "echo a-start >> ${work}/order; echo hello from a; exec sleep 30"\nExecStopPost=/bin/sh -c "echo a-stop >> ${work}/order"\n`,
      'b.service': `[Unit]\nAfter=a.service\nRequires=a.service\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/sh -c "echo b-start >> ${work}/order"\nExecStop=/bin/sh -c "echo b-stop >> ${work}/order"\n`,
    },
    ['a.service', 'b.service'],
  );
  const sup = supervise(root);
  await sup.ready;
  assert.equal(svc('a.service', sup).state, 'active');
  assert.equal(svc('b.service', sup).subState, 'exited');
  await waitFor(() => sup.output().includes('a.service: hello from a'), 3000, 'prefixed output');
  await sup.stop();
  assert.equal(await sup.exited, 0);
  assert.deepEqual(readFileSync(path.join(work, 'order'), 'utf8').trim().split('\n'), [
    'a-start',
    'b-start',
    'b-stop',
    'a-stop',
  ]);
});
