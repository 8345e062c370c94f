// Makes the V8 code caches dist/bosun-cli.cjs starts the bundle with (src/cli/launcher.ts):
// dist/bosun.cjs.cache (start-up only, from `--version`) and one per command group
// (dist/bosun.cjs.<group>.cache) from typical commands of that group run in a scratch directory,
// each adding the functions it compiled. Only bosun's own code runs; secrets are throwaway values.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { clearTimeout, setTimeout } from 'node:timers';
import path from 'node:path';

export async function makeCodeCache(dist) {
  const cli = path.join(dist, 'bosun-cli.cjs');
  const cacheOf = (group) =>
    path.join(dist, group ? `bosun.cjs.${group}.cache` : 'bosun.cjs.cache');
  for (const f of readdirSync(dist))
    if (/^bosun\.cjs\.([a-z]+\.)?cache$/.test(f)) rmSync(path.join(dist, f));
  const work = mkdtempSync(path.join(tmpdir(), 'bosun-code-cache-'));
  try {
    const files = {
      pw: 'warm-up only\n',
      '.ansible/vaults/prod.yml':
        'db_password: s3cret\nports: [80, 443]\nusers: {alice: {uid: 1001}}\n',
      'vars.yml': 'name: app\nitems: [a, b, c]\n',
      'app.conf.j2':
        '# {{ ansible_managed }}\n[{{ name | default("app") }}]\n{% for i in items | sort %}{{ loop.index }}={{ i | upper }}\n{% endfor %}{{ ports | join(",") }} {{ db_password | default("x") | length }}\n',
      'site.yml':
        [
          '- hosts: localhost',
          '  gather_facts: false',
          '  vars: {out: out}',
          '  tasks:',
          '    - {name: dir, file: {path: "{{ out }}", state: directory, mode: "0755"}}',
          '    - {name: conf, template: {src: app.conf.j2, dest: "{{ out }}/app.conf", mode: "0600"}}',
          '    - {name: copy, copy: {content: "{{ users | to_nice_yaml }}", dest: "{{ out }}/users.yml"}}',
          '    - {name: line, lineinfile: {path: "{{ out }}/users.yml", line: "# end"}}',
          '    - {name: fact, set_fact: {n: "{{ items | length + 1 }}"}}',
          '    - {name: loop, debug: {msg: "{{ item }}"}, loop: "{{ items }}", when: item != "b"}',
          '    - {name: cmd, command: "true", changed_when: false}',
        ].join('\n') + '\n',
      'etc/systemd/system/app.service':
        '[Unit]\nDescription=app\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n',
      'units/etc/systemd/system/web.service':
        '[Unit]\nDescription=web\n[Service]\nExecStart=/bin/sleep 30\nRestart=always\n',
      'units/etc/systemd/system/init.service':
        '[Unit]\nBefore=web.service\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n',
      'units/etc/systemd/system/multi-user.target.wants/.keep': '',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
      writeFileSync(path.join(work, name), text);
    }
    // [cache group (null: start-up only), argv]; a group's later runs extend its cache.
    const runs = [
      [null, ['--version']],
      ['vault', ['vault', 'encrypt', '--vault-password-file', 'pw', '.ansible/vaults/prod.yml']],
      ['vault', ['vault', 'view', '--vault-password-file', 'pw', '.ansible/vaults/prod.yml']],
      ['vault', ['vault', 'encrypt_string', '--vault-password-file', 'pw', 'value', '-n', 'key']],
      [
        'render',
        [
          'render',
          'app.conf.j2',
          '-e',
          '@vars.yml',
          '-e',
          '{"ports": [1], "db_password": "x"}',
          '-o',
          'rendered.conf',
        ],
      ],
      [
        'play',
        [
          'play',
          '-i',
          'localhost,',
          'site.yml',
          '--vault-password-file',
          'pw',
          '-e',
          '@.ansible/vaults/prod.yml',
          '-e',
          '@vars.yml',
        ],
      ],
      [
        'boot',
        [
          'boot',
          '--env',
          'prod',
          '--playbook',
          'site.yml',
          '--vault-password-file',
          'pw',
          '--init',
          'none',
        ],
      ],
      ['systemctl', ['systemctl', `--root=${work}`, 'enable', 'app.service']],
      ['systemctl', ['systemctl', `--root=${work}`, 'is-enabled', 'app.service']],
    ];
    for (const [group, args] of runs) {
      const r = spawnSync(process.execPath, [cli, ...args], {
        cwd: work,
        env: warmUpEnv(cacheOf(group)),
        encoding: 'utf8',
        input: '',
      });
      if (r.status !== 0)
        throw new Error(
          `code cache warm-up: bosun ${args.join(' ')} failed (${r.status}): ${r.stderr}`,
        );
    }
    // The boot cache also gets the supervisor: boot, start two units, stop on SIGTERM.
    const wants = path.join(work, 'units/etc/systemd/system/multi-user.target.wants');
    for (const u of ['web.service', 'init.service'])
      symlinkSync(`/etc/systemd/system/${u}`, path.join(wants, u));
    await superviseOnce(cli, work, warmUpEnv(cacheOf('boot')));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The environment of a warm-up run: the cache to extend, the boot's A_RECONFIGURE, and none of
 * the caller's variables that would change what runs (a password, another multi-call name).
 */
function warmUpEnv(cache) {
  const env = { ...process.env, BOSUN_WRITE_CODE_CACHE: cache, A_RECONFIGURE: '{items: [x, y]}' };
  for (const k of Object.keys(env))
    if (k.startsWith('CORPUSOPS_VAULT_PASSWORD') || k === 'BOSUN_ARGV0') delete env[k];
  return env;
}

/** Run `bosun boot` supervising the scratch units until they are up, then stop it with SIGTERM. */
function superviseOnce(cli, work, env) {
  const args = [
    'boot',
    '--env',
    'prod',
    '--playbook',
    'site.yml',
    '--vault-password-file',
    'pw',
    '--units-root',
    path.join(work, 'units'),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: work,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`code cache warm-up: supervised boot never finished starting: ${stderr}`));
    }, 30_000);
    child.stderr.on('data', (c) => {
      stderr += c;
      if (stderr.includes('startup finished')) child.kill('SIGTERM');
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`code cache warm-up: supervised boot exited ${code}: ${stderr}`));
    });
  });
}
