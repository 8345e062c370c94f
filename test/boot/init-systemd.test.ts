// `bosun boot --init systemd`: the secrets-in, configs-out part by bosun, then real systemd as
// PID 1 (execve through the native addon) starting the units the image enabled — for those who
// need systemd itself. Run where systemd runs in a container here (cgroup v1 host).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildImage,
  buildSystemdImage,
  exec,
  logs,
  rmAll,
  startContainer,
  SYSTEMD_IMAGE,
  SYSTEMD_RUN_OPTIONS,
  until,
} from '../helpers/docker.js';
import {
  encryptedVaultSet,
  ensureSea,
  PASSWORD,
  RECONFIGURE,
  SEA,
  SECRET_VALUE,
  TEMPLATE,
} from './fixture.js';

const IMAGE = 'bosun-test/boot-systemd:latest';
const APP =
  '[Unit]\nDescription=app\n[Service]\nExecStart=/bin/sh -c "cat /etc/app/app.conf; exec sleep infinity"\n[Install]\nWantedBy=multi-user.target\n';

before(async () => {
  ensureSea();
  await buildSystemdImage();
  await buildImage(
    IMAGE,
    [
      `FROM ${SYSTEMD_IMAGE}`,
      'COPY bosun /usr/local/bin/bosun',
      'COPY app.service /etc/systemd/system/app.service',
      'RUN systemctl enable app.service && mkdir -p /var/www/html',
      'COPY prod.yml /srv/app/.ansible/vaults/prod.yml',
      'COPY reconfigure.yml app.conf.j2 index.html.j2 /srv/app/',
      'WORKDIR /srv/app',
      'ENTRYPOINT ["bosun", "boot", "--env", "prod", "--playbook", "reconfigure.yml", "--init", "systemd"]',
    ].join('\n'),
    {
      'app.service': APP,
      'prod.yml': encryptedVaultSet(),
      'reconfigure.yml': RECONFIGURE,
      'app.conf.j2': TEMPLATE,
      'index.html.j2': 'ok\n',
    },
    { bosun: SEA },
  );
});
after(rmAll);

test(
  '--init systemd: configs rendered by bosun, then systemd is PID 1 and starts the enabled unit',
  { timeout: 180_000 },
  async () => {
    const name = await startContainer([
      ...SYSTEMD_RUN_OPTIONS,
      '-e',
      `CORPUSOPS_VAULT_PASSWORD=${PASSWORD}`,
      IMAGE,
    ]);
    const active = await until(
      async () =>
        (await exec(name, ['systemctl', 'is-active', 'app.service'])).stdout.trim() === 'active',
      60_000,
      200,
    );
    assert.ok(active, `app.service active under systemd; container log:\n${await logs(name)}`);
    assert.equal((await exec(name, ['cat', '/proc/1/comm'])).stdout.trim(), 'systemd');
    assert.match(
      (await exec(name, ['cat', '/etc/app/app.conf'])).stdout,
      new RegExp(`token=${SECRET_VALUE}`),
    );
    const environ = (await exec(name, ['/bin/sh', '-c', "tr '\\0' '\\n' < /proc/1/environ"]))
      .stdout;
    assert.ok(
      !environ.includes(PASSWORD) && !environ.includes('CORPUSOPS_VAULT_PASSWORD'),
      'systemd was started without the password',
    );
  },
);
