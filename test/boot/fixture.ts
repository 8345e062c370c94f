/**
 * The test image: the debootstrap base + the single executable (no Node, no Python), shims,
 * a few unit files enabled offline through the systemctl shim, and an encrypted vault set.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { BASE_IMAGE, buildImage } from '../helpers/docker.js';

export const IMAGE = 'bosun-test/boot:app';
export const PASSWORD = 'bosun-test-pw-Zq7x';
export const SECRET_VALUE = 'topsecret-app-token-42';
export const SEA = path.join(ROOT, 'dist/bosun-linux-x64');

/** Build dist/bosun-linux-x64 when missing or older than the bundle. */
export function ensureSea(): void {
  const bundle = path.join(ROOT, 'dist/bosun.cjs');
  if (existsSync(SEA) && statSync(SEA).mtimeMs >= statSync(bundle).mtimeMs) return;
  const r = spawnSync(process.execPath, ['scripts/build-sea.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build-sea failed: ${r.stderr}`);
}

const UNITS: Record<string, string> = {
  'app.service': `[Unit]
Description=app
[Service]
ExecStart=/bin/sh -c 'echo app started; exec sleep infinity'
Restart=always
RestartSec=1
[Install]
WantedBy=multi-user.target
`,
  'stubborn.service': `[Unit]
Description=ignores SIGTERM
[Service]
ExecStart=/bin/sh -c 'trap "" TERM; while :; do sleep 1; done'
TimeoutStopSec=2
[Install]
WantedBy=multi-user.target
`,
  'forker.service': `[Unit]
Description=double-forks 1000 children
[Service]
ExecStart=/bin/sh -c 'i=0; while [ $i -lt 1000 ]; do (sleep 0.5 &); i=$((i+1)); done; echo forked; exec sleep infinity'
[Install]
WantedBy=multi-user.target
`,
  'crashloop.service': `[Unit]
Description=crash loop
StartLimitBurst=3
StartLimitIntervalSec=30
[Service]
ExecStart=/bin/false
Restart=always
RestartSec=100ms
[Install]
WantedBy=multi-user.target
`,
  'critical.service': `[Unit]
Description=critical: exits 3 once /run/die exists
[Service]
ExecStart=/bin/sh -c 'while [ ! -e /run/die ]; do sleep 0.2; done; exit 3'
Restart=no
[Install]
WantedBy=multi-user.target
`,
};

/** The reconfigure playbook: renders the app's config (secret inside, owner-only) from the vault set. */
export const RECONFIGURE = `- hosts: localhost
  gather_facts: false
  vars:
    conf_dir: /etc/app
  tasks:
    - name: config directory
      file: {path: "{{ conf_dir }}", state: directory, mode: "0755"}
    - name: render app.conf
      template: {src: app.conf.j2, dest: "{{ conf_dir }}/app.conf", mode: "0600"}
    - name: render the web page
      template: {src: index.html.j2, dest: "{{ www_dir | default('/var/www/html') }}/index.html", mode: "0644"}
    - name: refuse to configure
      fail: {msg: "asked to fail"}
      when: fail_reconfigure | default(false) | bool
`;
export const TEMPLATE = `port={{ app_port }}\ntoken={{ app_token }}\nenv={{ env_label | default('prod') | upper }}\n`;

export function encryptedVaultSet(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bosun-vault-'));
  try {
    writeFileSync(path.join(dir, 'pw'), PASSWORD + '\n');
    writeFileSync(path.join(dir, 'clear.yml'), `app_token: ${SECRET_VALUE}\napp_port: 8080\n`);
    execFileSync(
      'ansible-vault',
      [
        'encrypt',
        '--vault-password-file',
        path.join(dir, 'pw'),
        '--output',
        path.join(dir, 'prod.yml'),
        path.join(dir, 'clear.yml'),
      ],
      { stdio: 'ignore' },
    );
    return readFileSync(path.join(dir, 'prod.yml'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The base plus Debian's nginx (apt from the mirror), cached by tag and content: built once. */
const NGINX_IMAGE = 'bosun-test/nginx:bookworm';

export async function buildAppImage(): Promise<void> {
  ensureSea();
  await buildImage(
    NGINX_IMAGE,
    [
      `FROM ${BASE_IMAGE}`,
      'RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null && rm -rf /var/lib/apt/lists/*',
    ].join('\n'),
  );
  const files: Record<string, string> = {
    ...UNITS,
    'prod.yml': encryptedVaultSet(),
    'reconfigure.yml': RECONFIGURE,
    'app.conf.j2': TEMPLATE,
    'index.html.j2': 'app on port {{ app_port }} ({{ env_label | default("prod") | upper }})\n',
  };
  // The vault file differs per run (random salt): keep it out of the cache key by baking it at run time? No:
  // the password is per process, so the image is rebuilt per run (a few seconds: COPY layers only).
  const dockerfile = [
    `FROM ${NGINX_IMAGE}`,
    'COPY bosun /usr/local/bin/bosun',
    'RUN bosun shims install /usr/local/bin',
    ...Object.keys(UNITS).map((u) => `COPY ${u} /etc/systemd/system/${u}`),
    `RUN systemctl enable nginx.service ${Object.keys(UNITS).join(' ')}`,
    'COPY prod.yml /srv/app/.ansible/vaults/prod.yml',
    'COPY reconfigure.yml app.conf.j2 index.html.j2 /srv/app/',
    'ENV BOSUN_RECONFIGURE_PLAYBOOK=reconfigure.yml',
    'WORKDIR /srv/app',
    'ENTRYPOINT ["bosun", "boot", "--env", "prod"]',
  ].join('\n');
  await buildImage(IMAGE, dockerfile, files, { bosun: SEA });
}
