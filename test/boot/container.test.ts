// Container tests of `bosun boot` with the single executable in the debootstrap base image.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  BASE_IMAGE,
  buildImage,
  docker,
  exec,
  logs,
  rm,
  rmAll,
  runContainer,
  startContainer,
  until,
  waitExit,
} from '../helpers/docker.js';
import { buildAppImage, ensureSea, IMAGE, PASSWORD, SEA, SECRET_VALUE } from './fixture.js';

const NONROOT_IMAGE = 'bosun-test/boot:nonroot';

const ENV_PW = ['-e', `CORPUSOPS_VAULT_PASSWORD=${PASSWORD}`];

async function show(name: string, unit: string, property: string): Promise<string> {
  const r = await exec(name, ['systemctl', 'show', unit]);
  return (r.stdout.split('\n').find((l) => l.startsWith(`${property}=`)) ?? '').slice(
    property.length + 1,
  );
}

async function mainPid(name: string, unit: string): Promise<number> {
  return Number(await show(name, unit, 'MainPID'));
}

describe('bosun boot in containers', { timeout: 300_000 }, () => {
  before(async () => {
    ensureSea();
    await buildAppImage();
  });
  after(rmAll);

  it('the single executable runs in the minbase image, which has no node or python', async () => {
    const r = await runContainer([
      '-v',
      `${SEA}:/bosun:ro`,
      BASE_IMAGE,
      '/bin/sh',
      '-c',
      'command -v node python3 perl; /bosun --version',
    ]);
    assert.equal(r.stdout.trim(), 'bosun 0.1.0', r.stderr);
  });

  it("exec mode: the command is the only child, gets signals, its exit code is the container's", async () => {
    const r = await runContainer([...ENV_PW, IMAGE, '--', '/bin/sh', '-c', 'exit 7']);
    assert.equal(r.code, 7, r.stderr);
    const name = await startContainer([
      ...ENV_PW,
      IMAGE,
      '--',
      '/bin/sh',
      '-c',
      'trap "exit 42" TERM; while :; do sleep 0.1; done',
    ]);
    await until(async () => (await exec(name, ['cat', '/proc/1/cmdline'])).code === 0);
    await new Promise((r) => setTimeout(r, 500));
    const t0 = Date.now();
    await docker(['stop', '-t', '10', name]);
    assert.ok(Date.now() - t0 < 5000, 'docker stop returned quickly');
    assert.equal(await waitExit(name), 42);
    await rm(name);
  });

  describe('supervising the enabled units', () => {
    let name = '';
    before(async () => {
      name = await startContainer([...ENV_PW, '-e', 'KEEP_ME=still here', IMAGE]);
      assert.ok(
        await until(
          async () =>
            (await exec(name, ['systemctl', 'is-active', 'app.service'])).stdout.trim() ===
            'active',
        ),
        await logs(name),
      );
    });

    it('the reconfigure playbook rendered the config from the vault set, owner-only', async () => {
      const r = await exec(name, [
        '/bin/sh',
        '-c',
        'stat -c "%a %U" /etc/app/app.conf; cat /etc/app/app.conf',
      ]);
      assert.equal(r.stdout, `600 root\nport=8080\ntoken=${SECRET_VALUE}\nenv=PROD\n`);
    });

    it("nginx (Debian's unit, Type=forking) serves the page rendered at boot", async () => {
      assert.ok(
        await until(
          async () =>
            (await exec(name, ['systemctl', 'is-active', 'nginx.service'])).stdout.trim() ===
            'active',
          10_000,
        ),
      );
      const r = await exec(name, [
        'bash',
        '-c',
        'exec 3<>/dev/tcp/127.0.0.1/80; printf "GET / HTTP/1.0\\r\\n\\r\\n" >&3; cat <&3',
      ]);
      assert.match(r.stdout, /^HTTP\/1\.1 200 OK/);
      assert.match(r.stdout, /\r\n\r\napp on port 8080 \(PROD\)\n$/);
    });

    it('kill -9 of a service: restarted after RestartSec', async () => {
      const pid = await mainPid(name, 'app.service');
      assert.ok(pid > 1);
      await exec(name, ['/bin/sh', '-c', `kill -9 ${pid}`]); // minbase has no kill binary: the shell's builtin
      const t0 = Date.now();
      assert.ok(
        await until(async () => {
          const p = await mainPid(name, 'app.service');
          return p > 1 && p !== pid;
        }, 10_000),
      );
      assert.ok(Date.now() - t0 >= 700, `restarted after ${Date.now() - t0} ms, RestartSec=1`);
    });

    it('a crash-looping unit hits StartLimitBurst and stays failed', async () => {
      assert.ok(
        await until(
          async () =>
            (await exec(name, ['systemctl', 'is-active', 'crashloop.service'])).stdout.trim() ===
            'failed',
          10_000,
        ),
      );
      assert.equal(await show(name, 'crashloop.service', 'Result'), 'start-limit-hit');
    });

    it('1000 double-forked children leave no zombie', async () => {
      // A wait, not a timing claim: on a loaded 2-core machine forking 1000 children took > 30 s.
      assert.ok(
        await until(async () => (await logs(name)).includes('forked'), 90_000),
        'the forking unit did not report',
      );
      const noZombie = await until(
        async () => {
          const r = await exec(name, [
            '/bin/sh',
            '-c',
            'cat /proc/[0-9]*/stat 2>/dev/null | grep -c ") Z " || true',
          ]);
          return r.stdout.trim() === '0';
        },
        15_000,
        250,
      );
      assert.ok(noZombie, 'zombies remain');
    });

    it('the password is nowhere: /proc/*/environ, /proc/*/cmdline, logs, /tmp, /run', async () => {
      // The needle comes on stdin into /dev/shm (not searched), so no grep argv holds it.
      // `docker exec` processes (this script) inherit the container's -e variables: skip our own shell.
      const script =
        'cat >/dev/shm/needle; for f in /proc/[0-9]*/environ /proc/[0-9]*/cmdline; do case $f in /proc/$$/*) continue;; esac; grep -l -a -F -f /dev/shm/needle "$f" 2>/dev/null; done; grep -r -l -a -F -f /dev/shm/needle /tmp /run 2>/dev/null; rm /dev/shm/needle; true';
      for (const needle of [PASSWORD, SECRET_VALUE]) {
        const r = await exec(name, ['/bin/sh', '-c', script], { input: needle + '\n' });
        assert.equal(r.stdout.trim(), '', `${needle} found in:\n${r.stdout}`);
        assert.ok(!(await logs(name)).includes(needle), 'found in the logs');
      }
      // PID 1 re-executed itself without the variable (not merely zeroed it in place), the
      // rest of its environment kept, the password handed over in a pipe.
      const environ = (
        await exec(name, ['/bin/sh', '-c', "tr '\\0' '\\n' < /proc/1/environ"])
      ).stdout.split('\n');
      assert.ok(
        !environ.some(
          (e) => e.startsWith('CORPUSOPS_VAULT_PASSWORD') || e.startsWith('BOSUN_VAULT_PASSWORD'),
        ),
        environ.join(' '),
      );
      assert.ok(
        environ.includes('KEEP_ME=still here') && environ.some((e) => e.startsWith('PATH=')),
        'the rest of the environment is kept',
      );
      assert.match(
        await logs(name),
        /vault password from \$CORPUSOPS_VAULT_PASSWORD \(passed on in a pipe\)/,
      );
    });

    it('docker stop is quick, a SIGTERM-ignoring service is killed at TimeoutStopSec', async () => {
      const t0 = Date.now();
      await docker(['stop', '-t', '20', name], { timeoutMs: 30_000 });
      const ms = Date.now() - t0;
      assert.ok(ms < 6000, `docker stop took ${ms} ms`);
      assert.ok(ms >= 1500, `stubborn.service (TimeoutStopSec=2) was not waited for: ${ms} ms`);
    });
  });

  it('a critical Restart=no unit that dies stops the container with its exit code', async () => {
    const name = await startContainer([...ENV_PW, IMAGE, '--critical', 'critical.service']);
    await until(
      async () =>
        (await exec(name, ['systemctl', 'is-active', 'critical.service'])).stdout.trim() ===
        'active',
    );
    await exec(name, ['touch', '/run/die']);
    assert.equal(await waitExit(name, 30_000), 3, await logs(name));
  });

  it('a wrong password stops the boot before anything starts', async () => {
    const r = await runContainer(['-e', 'CORPUSOPS_VAULT_PASSWORD=wrong', IMAGE]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /prod\.yml: decryption failed/);
    assert.ok(!r.stdout.includes('app started'));
  });

  it('a failed reconfigure task: non-zero exit naming the task, nothing started', async () => {
    const r = await runContainer([...ENV_PW, '-e', 'A_RECONFIGURE=fail_reconfigure: true', IMAGE]);
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /reconfigure failed at task 'refuse to configure'.*asked to fail; no service started/,
    );
    assert.ok(!r.stdout.includes('app started'));
  });

  it('a rendered file on the read-only root filesystem: clear error naming it', async () => {
    const r = await runContainer(['--read-only', '--tmpfs', '/run', ...ENV_PW, IMAGE]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /reconfigure failed at task '[^']+'.*\/etc\/app.*read-only/i);
  });

  it('password from a Docker secret file', async () => {
    const r = await runContainer([
      '-v',
      `${await secretFile()}:/run/secrets/vault_password:ro`,
      IMAGE,
      '--',
      '/bin/sh',
      '-c',
      'echo ok',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /vault password from \/run\/secrets\/vault_password/);
  });

  it('docker run --user 1000 --read-only --tmpfs /run boots a suitably built image', async () => {
    // Docker's plain --tmpfs /run is root-owned 0755 and noexec: a non-root bosun can write nothing
    // there. "Suitably built" (docs/boot.md): the addon ships next to the executable, and a
    // declared volume owned by the user takes what must be written (configs, control socket).
    await buildImage(
      NONROOT_IMAGE,
      [
        `FROM ${IMAGE}`,
        'COPY bosun_native.node /usr/local/bin/bosun_native.node',
        'RUN mkdir -p /srv/state && chown 1000 /srv/state',
        'VOLUME /srv/state',
        'ENV BOSUN_CONTROL_SOCKET=/srv/state/bosun/control.sock',
      ].join('\n'),
      {},
      { 'bosun_native.node': path.join(path.dirname(SEA), 'bosun_native.node') },
    );
    const name = await startContainer([
      '--user',
      '1000',
      '--read-only',
      '--tmpfs',
      '/run',
      ...ENV_PW,
      '-e',
      'A_RECONFIGURE={conf_dir: /srv/state/app, www_dir: /srv/state/app}',
      NONROOT_IMAGE,
    ]);
    const ok = await until(
      async () =>
        (
          await exec(name, ['systemctl', 'is-active', 'app.service'], { user: '1000' })
        ).stdout.trim() === 'active',
      20_000,
    );
    assert.ok(ok, await logs(name));
    const log = await logs(name);
    assert.doesNotMatch(
      log,
      /cannot load the native helper/,
      'the addon beside the executable is used',
    );
    assert.match(
      log,
      /passed on in a pipe/,
      'PID 1 re-executed itself without the password (needs the addon)',
    );
    assert.match(
      (await exec(name, ['cat', '/srv/state/app/app.conf'], { user: '1000' })).stdout,
      new RegExp(`token=${SECRET_VALUE}`),
    );
    assert.equal(
      (await exec(name, ['bosun', 'status'], { user: '1000' })).code,
      0,
      'bosun status answers through the socket on the volume',
    );
  });
});

async function secretFile(): Promise<string> {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(`${tmpdir()}/bosun-secret-`);
  writeFileSync(`${dir}/pw`, PASSWORD + '\n', { mode: 0o644 });
  return `${dir}/pw`;
}
