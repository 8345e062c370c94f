/**
 * bench/boot: `docker run` → every service ready, with a reconfigure of 20 templates from an
 * encrypted vault set — bosun (single executable as PID 1) vs the seed's way: ansible-playbook
 * renders the same 20 templates (Debian's, run on the host: the minbase image has no Python),
 * then real systemd as PID 1 in a container with cgroups mounted starts the same units.
 * Readiness is seen the same way for both: a last unit ordered after the others touches
 * /ready/all-ready, a directory bind-mounted from the host where the bench polls for it every
 * 2 ms (a stat: polling with `docker exec` would itself load the 2 cores the boot runs on).
 * Also: bosun's idle CPU (PID 1 ticks over 5 s).
 * Run: node --import tsx bench/boot/run.ts [rounds]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BASE_IMAGE,
  buildImage,
  docker,
  exec,
  rmAll,
  startContainer,
  until,
} from '../../test/helpers/docker.js';
import { ensureSea, SEA } from '../../test/boot/fixture.js';

const ROUNDS = Number(process.argv[2] ?? 3);
const PW = 'bench-pw';
const N = 20;
const UNITS: Record<string, string> = {};
for (const name of ['web', 'worker', 'cron']) {
  UNITS[`${name}.service`] =
    `[Unit]\nDescription=${name}\n[Service]\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=multi-user.target\n`;
}
UNITS['all-ready.service'] =
  '[Unit]\nAfter=web.service worker.service cron.service\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/touch /ready/all-ready\n[Install]\nWantedBy=multi-user.target\n';

function project(): Record<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bosun-bench-'));
  const vars =
    Array.from({ length: N }, (_, i) => `secret_${i}: value-${i}\nport_${i}: ${8000 + i}`).join(
      '\n',
    ) + '\n';
  writeFileSync(path.join(dir, 'pw'), PW);
  writeFileSync(path.join(dir, 'clear.yml'), vars);
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
  const tasks = Array.from(
    { length: N },
    (_, i) =>
      `    - name: render conf ${i}\n      template: {src: t${i}.j2, dest: "{{ conf_dir }}/app${i}.conf", mode: "0600"}`,
  ).join('\n');
  const files: Record<string, string> = {
    'prod.yml': execFileSync('cat', [path.join(dir, 'prod.yml')], { encoding: 'utf8' }),
    'reconfigure.yml': `- hosts: localhost\n  gather_facts: false\n  vars: {conf_dir: /etc/app}\n  tasks:\n    - name: conf dir\n      file: {path: "{{ conf_dir }}", state: directory}\n${tasks}\n`,
  };
  for (let i = 0; i < N; i++)
    files[`t${i}.j2`] =
      `[app${i}]\nport={{ port_${i} }}\nsecret={{ secret_${i} }}\n{% for k in range(5) %}w{{ k }}={{ k * ${i} }}\n{% endfor %}`;
  return files;
}

/** bosun's own part, as its supervisor logs it: process start → every unit started. */
async function ownPart(name: string): Promise<number> {
  const logs = await docker(['logs', name]);
  const m = /startup finished in (\d+) ms.*/.exec(logs.stdout + logs.stderr);
  if (process.env.BENCH_VERBOSE) process.stderr.write(`${m?.[0]}\n`);
  if (!m) throw new Error(`${name}: no "startup finished" line in its log`);
  return Number(m[1]);
}

/** Start a container whose /ready is a fresh host directory; resolves once all-ready is there. */
async function startUntilReady(args: string[]): Promise<{ name: string; ok: boolean }> {
  const ready = mkdtempSync(path.join(tmpdir(), 'bosun-bench-ready-'));
  const name = await startContainer(['-v', `${ready}:/ready`, ...args]);
  return {
    name,
    ok: await until(() => existsSync(path.join(ready, 'all-ready')), 60_000, 2),
  };
}

async function timeToReady(args: string[], own?: number[]): Promise<number> {
  const t0 = performance.now();
  const { name, ok } = await startUntilReady(args);
  const ms = performance.now() - t0;
  if (!ok) throw new Error(`${name} never became ready`);
  if (own) own.push(await ownPart(name));
  await docker(['rm', '-f', name]);
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

ensureSea();
const files = project();
const unitCopies = Object.keys(UNITS).map((u) => `COPY ${u} /etc/systemd/system/${u}`);
await buildImage(
  'bosun-bench/boot:bosun',
  [
    `FROM ${BASE_IMAGE}`,
    'COPY bosun /usr/local/bin/bosun',
    'RUN bosun shims install /usr/local/bin',
    ...unitCopies,
    `RUN systemctl enable ${Object.keys(UNITS).join(' ')}`,
    'COPY prod.yml /srv/app/.ansible/vaults/prod.yml',
    `COPY reconfigure.yml ${Object.keys(files)
      .filter((f) => f.endsWith('.j2'))
      .join(' ')} /srv/app/`,
    'WORKDIR /srv/app',
    'ENTRYPOINT ["bosun", "boot", "--env", "prod", "--playbook", "reconfigure.yml"]',
  ].join('\n'),
  { ...UNITS, ...files },
  { bosun: SEA },
);
await buildImage(
  'bosun-bench/boot:systemd',
  [
    `FROM ${BASE_IMAGE}`,
    'RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd >/dev/null && rm -rf /var/lib/apt/lists/*',
    ...unitCopies,
    `RUN systemctl enable ${Object.keys(UNITS).join(' ')}`,
    'ENTRYPOINT ["/lib/systemd/systemd"]',
  ].join('\n'),
  UNITS,
);

// The seed's reconfigure: ansible-playbook over the same playbook and vault (on the host).
const work = mkdtempSync(path.join(tmpdir(), 'bosun-bench-ansible-'));
for (const [f, text] of Object.entries(files)) writeFileSync(path.join(work, f), text);
writeFileSync(path.join(work, 'pw'), PW);
mkdirSync(path.join(work, 'out'));
const ansibleMs: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const t0 = performance.now();
  execFileSync(
    'ansible-playbook',
    [
      '-i',
      'localhost,',
      '-c',
      'local',
      '--vault-password-file',
      'pw',
      '-e',
      '@prod.yml',
      '-e',
      `conf_dir=${path.join(work, 'out')}`,
      'reconfigure.yml',
    ],
    { cwd: work, stdio: 'ignore' },
  );
  ansibleMs.push(performance.now() - t0);
}
// bosun with the password in a variable (PID 1 re-executes itself without it) and in a secret file.
const secretFile = path.join(work, 'pw');
const bosunModes = {
  'env var': ['-e', `CORPUSOPS_VAULT_PASSWORD=${PW}`],
  'secret file': ['-v', `${secretFile}:/run/secrets/vault_password:ro`],
};
const bosunMs: Record<string, number[]> = {};
const bosunOwnMs: Record<string, number[]> = {};
const systemdMs: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const [mode, args] of Object.entries(bosunModes)) {
    (bosunMs[mode] ??= []).push(
      await timeToReady([...args, 'bosun-bench/boot:bosun'], (bosunOwnMs[mode] ??= [])),
    );
  }
  systemdMs.push(
    await timeToReady([
      '--cap-add',
      'SYS_ADMIN',
      '--security-opt',
      'seccomp=unconfined',
      '--tmpfs',
      '/run',
      '--tmpfs',
      '/run/lock',
      '-v',
      '/sys/fs/cgroup:/sys/fs/cgroup:ro',
      'bosun-bench/boot:systemd',
    ]),
  );
}
// Idle CPU of bosun as PID 1 once ready.
const { name: idle } = await startUntilReady([
  '-e',
  `CORPUSOPS_VAULT_PASSWORD=${PW}`,
  'bosun-bench/boot:bosun',
]);
await new Promise((r) => setTimeout(r, 1000));
const ticks = async (): Promise<number> => {
  const f = (await exec(idle, ['cat', '/proc/1/stat'])).stdout.split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]);
};
const before = await ticks();
await new Promise((r) => setTimeout(r, 5000));
const idleTicks = (await ticks()) - before;
await rmAll();

const s = median(systemdMs),
  a = median(ansibleMs);
process.stdout.write(
  [
    `rounds: ${ROUNDS} (medians)`,
    `seed:    ansible-playbook 20 templates ${a.toFixed(0)} ms + systemd container → ready ${s.toFixed(0)} ms = ${(a + s).toFixed(0)} ms`,
    ...Object.keys(bosunModes).map((mode) => {
      const b = median(bosunMs[mode]!);
      return `bosun, password in a ${mode}: docker run → ready incl. 20 templates ${b.toFixed(0)} ms (${((a + s) / b).toFixed(1)}× faster); own part (PID 1 start → all ready) ${median(bosunOwnMs[mode]!).toFixed(0)} ms`;
    }),
    `bosun PID 1 idle: ${idleTicks} clock ticks of CPU in 5 s`,
  ].join('\n') + '\n',
);
