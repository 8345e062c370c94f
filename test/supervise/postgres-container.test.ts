// Debian's PostgreSQL under bosun as PID 1, unchanged: its generator links the cluster into
// postgresql.service.wants, postgresql@15-main (Type=forking, PartOf=postgresql.service) starts,
// `systemctl restart postgresql` restarts the cluster through PartOf=, and `docker stop` stops it
// cleanly. The image is built once (apt from the Debian mirror) and cached by content.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_IMAGE,
  buildImage,
  docker,
  exec,
  rmAll,
  startContainer,
  until,
} from '../helpers/docker.js';
import { ensureSea, SEA } from '../boot/fixture.js';

const PG_BASE = 'bosun-test/postgres:bookworm';
const IMAGE = 'bosun-test/postgres-boot:latest';

before(async () => {
  ensureSea();
  await buildImage(
    PG_BASE,
    [
      `FROM ${BASE_IMAGE}`,
      'RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null && rm -rf /var/lib/apt/lists/*',
    ].join('\n'),
  );
  await buildImage(
    IMAGE,
    [
      `FROM ${PG_BASE}`,
      'COPY bosun /usr/local/bin/bosun',
      'RUN bosun shims install /usr/local/bin',
      'ENTRYPOINT ["bosun", "boot"]',
    ].join('\n'),
    {},
    { bosun: SEA },
  );
});
after(rmAll);

const psql = async (name: string, sql: string): Promise<string> =>
  (await exec(name, ['su', 'postgres', '-c', `psql -tAc "${sql}"`])).stdout.trim();
const pid = async (name: string): Promise<string> =>
  (await exec(name, ['head', '-1', '/run/postgresql/15-main.pid'])).stdout.trim();

test(
  "Debian's postgresql: generator, forking cluster, restart through PartOf=, clean stop",
  { timeout: 300_000 },
  async () => {
    const name = await startContainer([IMAGE]);
    assert.ok(
      await until(async () => (await psql(name, 'select 1+1')) === '2', 60_000, 200),
      'the cluster answers',
    );
    const bothActive = async (): Promise<boolean> =>
      (
        await exec(name, [
          'systemctl',
          'is-active',
          'postgresql.service',
          'postgresql@15-main.service',
        ])
      ).stdout.trim() === 'active\nactive';
    assert.ok(
      await until(bothActive, 30_000, 100),
      'postgresql.service and its cluster are active',
    );
    const before = await pid(name);
    const restart = await exec(name, ['systemctl', 'restart', 'postgresql']);
    assert.equal(restart.code, 0, restart.stderr);
    const after = await pid(name);
    assert.ok(
      after && after !== before,
      `the cluster was restarted with postgresql.service (${before} → ${after})`,
    );
    assert.equal(await psql(name, 'select 2+2'), '4');
    const logs = await docker(['logs', name]);
    assert.match(logs.stdout + logs.stderr, /generator postgresql-generator: done/);
    const stop = await docker(['stop', '-t', '20', name]);
    assert.equal(stop.code, 0);
    const exit = (await docker(['inspect', '-f', '{{.State.ExitCode}}', name])).stdout.trim();
    assert.equal(exit, '0', 'stopped by bosun on SIGTERM, not killed by docker');
  },
);
