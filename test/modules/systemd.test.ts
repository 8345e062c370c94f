// bosun's systemd/service modules vs Debian's ansible-playbook running its own ansible.builtin.systemd
// against bosun's systemctl shim (as test/supervise/ansible-systemd.test.ts does), each on its own
// temp root with no supervisor (image build): same output, same links and deferred starts, a second
// run changes nothing, check mode writes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { BOSUN_BIN, runBosun } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { supervise, unitRoot } from '../supervise/helpers.js';

const UNIT = (extra = ''): string =>
  `[Unit]\nDescription=test\n[Service]\nExecStart=/bin/sleep 60\n${extra}[Install]\nWantedBy=multi-user.target\n`;

const PLAY = `- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: enable and start
      ansible.builtin.systemd: { name: bosuntest-web, enabled: true, state: started }
      register: web
    - name: stop and disable
      ansible.builtin.systemd_service: { name: bosuntest-worker.service, enabled: false, state: stopped }
      register: worker
    - name: mask
      systemd: { name: bosuntest-legacy, masked: true }
    - name: service module
      ansible.builtin.service: { name: bosuntest-api, enabled: yes, state: started, use: systemd }
      register: api
    - name: daemon reload
      ansible.builtin.systemd: { daemon_reload: true }
    - name: missing unit fails
      ansible.builtin.systemd: { name: bosuntest-nope, state: started }
      ignore_errors: true
    - name: results
      debug:
        msg: "{{ [web, worker, api] | map('dict2items') | map('selectattr', 'key', 'in', ['name', 'state', 'enabled', 'changed', 'status']) | map('items2dict') | list }}"
`;

function makeRoot(dir: string): string {
  const root = path.join(dir, 'root');
  const lib = path.join(root, 'lib/systemd/system');
  mkdirSync(lib, { recursive: true });
  for (const n of ['web', 'worker', 'legacy', 'api'])
    writeFileSync(path.join(lib, `bosuntest-${n}.service`), UNIT());
  const wants = path.join(root, 'etc/systemd/system/multi-user.target.wants');
  mkdirSync(wants, { recursive: true });
  symlinkSync(
    '/lib/systemd/system/bosuntest-worker.service',
    path.join(wants, 'bosuntest-worker.service'),
  );
  writeFileSync(path.join(dir, 'play.yml'), PLAY);
  return root;
}

/** Links and files under the root, one line each. */
function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const rel = path.relative(root, p);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.push(`${rel} -> ${readlinkSync(p)}`);
      else if (st.isDirectory()) {
        out.push(`${rel}/`);
        walk(p);
      } else out.push(`${rel} ${JSON.stringify(readFileSync(p, 'utf8'))}`);
    }
  };
  walk(root);
  return out;
}

const ENV = {
  ANSIBLE_NOCOLOR: '1',
  ANSIBLE_FORCE_COLOR: '0',
  ANSIBLE_LOCALHOST_WARNING: 'false',
  ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false',
  ANSIBLE_RETRY_FILES_ENABLED: '0',
};

function ansibleRun(dir: string, root: string, extra: string[] = []): string {
  const bin = path.join(dir, 'bin');
  if (!existsSync(bin)) {
    mkdirSync(bin);
    writeFileSync(
      path.join(bin, 'systemctl'),
      `#!/bin/sh\nexec "${process.execPath}" "${BOSUN_BIN}" systemctl --root="${root}" "$@"\n`,
    );
    chmodSync(path.join(bin, 'systemctl'), 0o755);
  }
  const env = {
    ...process.env,
    ...ENV,
    PATH: `${bin}:${process.env.PATH}`,
    BOSUN_CONTROL_SOCKET: path.join(dir, 'none.sock'),
  };
  const r = spawnSync('ansible-playbook', ['-i', 'localhost,', 'play.yml', ...extra], {
    env,
    encoding: 'utf8',
    cwd: dir,
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return r.stdout;
}

function bosunRun(dir: string, root: string, extra: string[] = []): string {
  const env = {
    ...ENV,
    BOSUN_SYSTEMD_ROOT: root,
    BOSUN_CONTROL_SOCKET: path.join(dir, 'none.sock'),
  };
  const r = runBosun(['play', '-i', 'localhost,', 'play.yml', ...extra], { env, cwd: dir });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return r.stdout;
}

const normalise = (text: string, root: string): string =>
  text
    .split(root)
    .join('ROOT')
    .split('\n')
    .filter((l) => !l.startsWith('[WARNING]'))
    .join('\n');
const recap = (text: string): string =>
  text
    .split('\n')
    .filter((l) => / : ok=/.test(l))
    .join('\n');

test('systemd/service modules: same output and links as ansible.builtin.systemd over the shim; idempotent; check mode', () => {
  const aDir = tempDir('bosun-sdmod-a-');
  const bDir = tempDir('bosun-sdmod-b-');
  const aRoot = makeRoot(aDir);
  const bRoot = makeRoot(bDir);

  // Check mode first: reports the changes, writes nothing.
  const before = tree(bRoot);
  const aCheck = ansibleRun(aDir, aRoot, ['--check']);
  const bCheck = bosunRun(bDir, bRoot, ['--check']);
  assert.equal(normalise(bCheck, bRoot), normalise(aCheck, aRoot));
  assert.match(recap(bCheck), /changed=4 /);
  assert.deepEqual(tree(bRoot), before);
  assert.deepEqual(tree(aRoot), before);

  const a1 = ansibleRun(aDir, aRoot);
  const b1 = bosunRun(bDir, bRoot);
  assert.equal(normalise(b1, bRoot), normalise(a1, aRoot));
  assert.match(recap(b1), /ok=7\s+changed=4 .*ignored=1/);
  assert.deepEqual(tree(bRoot), tree(aRoot));
  const links = tree(bRoot).join('\n');
  assert.match(
    links,
    /multi-user\.target\.wants\/bosuntest-web\.service -> \/lib\/systemd\/system\/bosuntest-web\.service/,
  );
  assert.doesNotMatch(links, /bosuntest-worker\.service ->/);
  assert.match(links, /etc\/systemd\/system\/bosuntest-legacy\.service -> \/dev\/null/);
  assert.match(links, /deferred-start "bosuntest-web\.service\\nbosuntest-api\.service\\n"/);

  const a2 = ansibleRun(aDir, aRoot);
  const b2 = bosunRun(bDir, bRoot);
  assert.equal(normalise(b2, bRoot), normalise(a2, aRoot));
  assert.match(recap(b2), /ok=7\s+changed=0 /);
  assert.deepEqual(tree(bRoot), tree(aRoot));
});

test('systemd/service modules refuse unknown arguments by name and unsupported scope/use', () => {
  const dir = tempDir('bosun-sdmod-e-');
  const root = makeRoot(dir);
  writeFileSync(
    path.join(dir, 'bad.yml'),
    `- hosts: localhost
  gather_facts: false
  tasks:
    - systemd: { name: bosuntest-web, state: started, bogus: 1 }
      ignore_errors: true
    - service: { name: bosuntest-web, state: started, colour: red }
      ignore_errors: true
    - systemd: { name: bosuntest-web, state: started, scope: user }
      ignore_errors: true
    - service: { name: bosuntest-web, state: started, use: sysvinit }
      ignore_errors: true
    - systemd: { name: bosuntest-web }
      ignore_errors: true
`,
  );
  const r = runBosun(['play', '-i', 'localhost,', 'bad.yml'], {
    env: { BOSUN_SYSTEMD_ROOT: root, BOSUN_CONTROL_SOCKET: path.join(dir, 'none.sock') },
    cwd: dir,
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Unsupported parameters for \(systemd\) module: bogus/);
  assert.match(r.stdout, /Unsupported parameters for \(service\) module: colour/);
  assert.match(r.stdout, /only scope=system/);
  assert.match(r.stdout, /service manager 'sysvinit' is not available/);
  assert.match(
    r.stdout,
    /one of the following is required: state, enabled, masked, daemon_reload, daemon_reexec/,
  );
  assert.match(r.stdout, /ok=5\s+changed=0 .*ignored=5/);
  assert.ok(!existsSync(path.join(root, 'var/lib/bosun/deferred-start')));
});

test('with a running supervisor the modules act over its control socket: started, stopped, restarted', async () => {
  const dir = tempDir('bosun-sdmod-s-');
  const socket = path.join(dir, 'control.sock');
  const root = unitRoot(
    {
      'app.service': '[Service]\nExecStart=/bin/sleep 30\n[Install]\nWantedBy=multi-user.target\n',
      'idle.service': '[Service]\nExecStart=/bin/sleep 30\n',
    },
    ['app.service'],
  );
  const sup = supervise(root, { controlSocket: socket });
  try {
    await sup.ready;
    const pid = (): unknown =>
      (sup.manager.units.get('app.service') as { mainPid?: number }).mainPid;
    const pid0 = pid();
    assert.ok(pid0);
    writeFileSync(
      path.join(dir, 'p.yml'),
      `- hosts: localhost
  gather_facts: false
  tasks:
    - systemd: { name: idle, state: started }
      register: idle
    - service: { name: app, state: stopped }
    - assert: { that: [idle.status.LoadState == 'loaded', idle.status.UnitFileState == 'static', (idle is changed) == (idle.status.ActiveState == 'inactive'), (idle is changed) == (idle.status.SubState == 'dead')] }
`,
    );
    // Async on purpose: the supervisor answering lives in this process's event loop.
    const play = (file: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const env = {
          ...process.env,
          ...ENV,
          BOSUN_SYSTEMD_ROOT: root,
          BOSUN_CONTROL_SOCKET: socket,
        };
        execFile(
          process.execPath,
          [BOSUN_BIN, 'play', '-i', 'localhost,', file],
          { env, cwd: dir, encoding: 'utf8' },
          (err, stdout, stderr) => {
            if (err) reject(new Error(stdout + stderr));
            else resolve(stdout);
          },
        );
      });
    const first = await play('p.yml');
    assert.match(recap(first), /ok=3\s+changed=2 /, first);
    const active = (n: string): string =>
      String((sup.manager.units.get(n) as { state?: string } | undefined)?.state);
    assert.equal(active('idle.service'), 'active');
    assert.notEqual(active('app.service'), 'active');
    assert.match(recap(await play('p.yml')), /ok=3\s+changed=0 /);
    writeFileSync(
      path.join(dir, 'r.yml'),
      '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - systemd: { name: idle, state: restarted }\n',
    );
    const offPid = (sup.manager.units.get('idle.service') as { mainPid?: number }).mainPid;
    assert.match(recap(await play('r.yml')), /ok=1\s+changed=1 /);
    assert.equal(active('idle.service'), 'active');
    assert.notEqual(
      (sup.manager.units.get('idle.service') as { mainPid?: number }).mainPid,
      offPid,
    );
    assert.ok(
      !existsSync(path.join(root, 'var/lib/bosun/deferred-start')),
      'nothing deferred while a supervisor runs',
    );
  } finally {
    await sup.stop();
  }
});
