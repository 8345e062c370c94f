// Job propagation against real systemd: the same unit files, the same systemctl steps, run by
// systemd as PID 1 in a container and by bosun's supervisor; after every step the active state
// of every unit (and what ExecReload= logged) must be the same.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildImage,
  buildSystemdImage,
  exec,
  rmAll,
  startContainer,
  SYSTEMD_IMAGE,
  SYSTEMD_RUN_OPTIONS,
  until,
} from '../helpers/docker.js';
import { tempDir } from '../helpers/tmp.js';
import { linkWants, supervise, unitRoot } from './helpers.js';

after(rmAll);

/** Unit files; LOG is replaced by the reload log's path on each side. */
const UNITS: Record<string, string> = {
  'pg.service':
    '[Unit]\nDescription=parent\n[Service]\nType=oneshot\nExecStart=/bin/true\nExecReload=/bin/true\nRemainAfterExit=yes\n[Install]\nWantedBy=multi-user.target\n',
  'pg@.service':
    '[Unit]\nPartOf=pg.service\nReloadPropagatedFrom=pg.service\nBefore=pg.service\n[Service]\nExecStart=/bin/sleep 600\nExecReload=/bin/sh -c "echo reload-%i >> LOG"\n',
  'db.service': '[Service]\nExecStart=/bin/sleep 600\n[Install]\nWantedBy=multi-user.target\n',
  'app.service':
    '[Unit]\nRequires=db.service\nAfter=db.service\n[Service]\nExecStart=/bin/sleep 600\n[Install]\nWantedBy=multi-user.target\n',
  'side.service': '[Unit]\nWants=db.service\n[Service]\nExecStart=/bin/sleep 600\n',
  'blue.service': '[Unit]\nConflicts=green.service\n[Service]\nExecStart=/bin/sleep 600\n',
  'green.service': '[Service]\nExecStart=/bin/sleep 600\n[Install]\nWantedBy=multi-user.target\n',
  'anchor.service': '[Service]\nExecStart=/bin/sleep 600\n[Install]\nWantedBy=multi-user.target\n',
  'bound.service':
    '[Unit]\nBindsTo=anchor.service\nAfter=anchor.service\n[Service]\nExecStart=/bin/sleep 600\n[Install]\nWantedBy=multi-user.target\n',
  'web.target': '[Unit]\nWants=blue.service side.service\n',
  'needs-green.service': '[Unit]\nRequisite=green.service\n[Service]\nExecStart=/bin/sleep 600\n',
  'broken.service':
    '[Unit]\nOnFailure=alert.service\n[Service]\nType=oneshot\nExecStart=/bin/false\n',
  'alert.service': '[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n',
  'base-fail.service': '[Service]\nType=oneshot\nExecStart=/bin/false\n',
  'needs-base.service':
    '[Unit]\nRequires=base-fail.service\nAfter=base-fail.service\n[Service]\nExecStart=/bin/sleep 600\n',
};
const ENABLED = [
  'pg.service',
  'db.service',
  'app.service',
  'green.service',
  'anchor.service',
  'bound.service',
  'base-fail.service',
  'needs-base.service',
];
const WATCHED = [
  'pg.service',
  'pg@main.service',
  'db.service',
  'app.service',
  'side.service',
  'blue.service',
  'green.service',
  'anchor.service',
  'bound.service',
  'web.target',
  'needs-green.service',
  'broken.service',
  'alert.service',
  'base-fail.service',
  'needs-base.service',
];
type Step = [verb: 'start' | 'stop' | 'restart' | 'try-restart' | 'reload', unit: string];
const STEPS: Step[] = [
  ['restart', 'pg.service'],
  ['reload', 'pg.service'],
  ['stop', 'pg.service'],
  ['start', 'pg.service'],
  ['stop', 'pg@main.service'],
  ['try-restart', 'pg.service'],
  ['start', 'pg@main.service'],
  ['restart', 'db.service'],
  ['stop', 'db.service'],
  ['start', 'app.service'],
  ['try-restart', 'side.service'],
  ['start', 'web.target'],
  ['start', 'green.service'],
  ['restart', 'blue.service'],
  ['stop', 'anchor.service'],
  ['start', 'bound.service'],
  ['restart', 'anchor.service'],
  ['start', 'needs-green.service'],
  ['stop', 'green.service'],
  ['stop', 'needs-green.service'],
  ['start', 'needs-green.service'],
  ['start', 'broken.service'],
];

interface Observation {
  step: string;
  states: string[];
  reloads: string[];
}

async function underSystemd(): Promise<Observation[]> {
  await buildSystemdImage();
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(UNITS))
    files[name] = text.replace(/LOG/g, '/tmp/reloads');
  const links = ENABLED.map(
    (u) => `ln -s /etc/systemd/system/${u} /etc/systemd/system/multi-user.target.wants/${u}`,
  );
  await buildImage(
    'bosun-test/systemd-jobs:latest',
    [
      `FROM ${SYSTEMD_IMAGE}`,
      ...Object.keys(UNITS).map((u) => `COPY ${u} /etc/systemd/system/${u}`),
      `RUN mkdir -p /etc/systemd/system/pg.service.wants && ln -s /etc/systemd/system/pg@.service /etc/systemd/system/pg.service.wants/pg@main.service && ${links.join(' && ')}`,
      'ENTRYPOINT ["/lib/systemd/systemd"]',
    ].join('\n'),
    files,
  );
  const name = await startContainer([...SYSTEMD_RUN_OPTIONS, 'bosun-test/systemd-jobs:latest']);
  const booted = await until(
    async () =>
      (await exec(name, ['systemctl', 'is-active', 'bound.service'])).stdout.trim() === 'active',
    60_000,
    200,
  );
  assert.ok(booted, 'systemd container booted');
  const observe = async (step: string): Promise<Observation> => ({
    step,
    states: (await exec(name, ['systemctl', 'is-active', ...WATCHED])).stdout.trim().split('\n'),
    reloads: (await exec(name, ['sh', '-c', 'cat /tmp/reloads 2>/dev/null || true'])).stdout
      .trim()
      .split('\n')
      .filter(Boolean),
  });
  const seen = [await observe('boot')];
  for (const [verb, unit] of STEPS) {
    await exec(name, ['systemctl', verb, unit]);
    // Jobs set off by the step (OnFailure=, BindsTo=) are queued: wait until none is left.
    await until(
      async () =>
        (await exec(name, ['systemctl', 'list-jobs', '--no-legend'])).stdout.trim() === '',
      10_000,
      50,
    );
    seen.push(await observe(`${verb} ${unit}`));
  }
  return seen;
}

async function underBosun(): Promise<Observation[]> {
  const work = tempDir();
  const log = path.join(work, 'reloads');
  const units: Record<string, string> = {};
  for (const [name, text] of Object.entries(UNITS)) units[name] = text.replace(/LOG/g, log);
  const root = unitRoot(units, ENABLED);
  linkWants(root, 'pg.service', 'pg@main.service');
  const sup = supervise(root);
  try {
    await sup.ready;
    const observe = (step: string): Observation => ({
      step,
      states: WATCHED.map((u) => sup.manager.units.get(u)?.state ?? 'inactive'),
      reloads: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [],
    });
    const seen = [observe('boot')];
    const jobs = sup.manager.jobs;
    const busy = new Set(['activating', 'deactivating', 'reloading']);
    const settle = async (): Promise<void> => {
      for (
        let i = 0;
        i < 100 && [...sup.manager.units.values()].some((u) => busy.has(u.state));
        i++
      )
        await new Promise((r) => setTimeout(r, 20));
    };
    for (const [verb, unit] of STEPS) {
      if (verb === 'start') await jobs.start(unit);
      else if (verb === 'stop') await jobs.stop(unit);
      else if (verb === 'restart') await jobs.restart(unit);
      else if (verb === 'try-restart') await jobs.restart(unit, true);
      else await jobs.reload(unit);
      await settle();
      seen.push(observe(`${verb} ${unit}`));
    }
    return seen;
  } finally {
    await sup.stop();
  }
}

test(
  'start/stop/restart/try-restart/reload propagate as under systemd',
  { timeout: 600_000 },
  async () => {
    const [real, ours] = await Promise.all([underSystemd(), underBosun()]);
    for (let i = 0; i < real.length; i++) {
      const expected = Object.fromEntries(WATCHED.map((u, k) => [u, real[i]!.states[k]]));
      const actual = Object.fromEntries(WATCHED.map((u, k) => [u, ours[i]!.states[k]]));
      assert.deepEqual(actual, expected, `states after "${real[i]!.step}"`);
      assert.deepEqual(ours[i]!.reloads, real[i]!.reloads, `reloads after "${real[i]!.step}"`);
    }
  },
);
