/**
 * bosun play vs ansible-playbook, same run, identical results:
 *  1. 20 templates rendered from an ansible-vault encrypted vars file;
 *  2. a 200-task playbook of file/lineinfile/template tasks.
 * Run: npm run build && node --import tsx bench/play/bench.ts  (prints times and the ratio).
 * BOSUN_BENCH_INPROCESS=1 measures bosun in-process (runPlaybook) instead of the built CLI.
 */
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BOSUN = path.join(ROOT, 'dist/bosun-cli.cjs');

function setup(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bosun-bench-play-'));
  mkdirSync(path.join(dir, 'templates'));
  const vars: string[] = [];
  for (let i = 1; i <= 20; i++) {
    vars.push(`secret_${i}: "value-${i}-${'x'.repeat(i)}"`, `port_${i}: ${8000 + i}`);
    writeFileSync(
      path.join(dir, 'templates', `t${i}.j2`),
      `# generated {{ app }}\n[service_${i}]\nport = {{ port_${i} }}\nsecret = {{ secret_${i} }}\n{% for u in users %}\nuser = {{ u | upper }}\n{% endfor %}\n`,
    );
  }
  writeFileSync(
    path.join(dir, 'vault.yml'),
    `app: bench\nusers: [alice, bob, carol]\n${vars.join('\n')}\n`,
  );
  writeFileSync(path.join(dir, 'pw'), 'bench-password\n');
  const enc = spawnSync('ansible-vault', ['encrypt', '--vault-password-file', 'pw', 'vault.yml'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (enc.status !== 0) throw new Error(enc.stderr);
  const t20 = Array.from(
    { length: 20 },
    (_, k) => `    - template: {src: t${k + 1}.j2, dest: "{{ out }}/t${k + 1}.conf", mode: "0600"}`,
  ).join('\n');
  writeFileSync(
    path.join(dir, 'templates.yml'),
    `- hosts: localhost\n  gather_facts: false\n  vars_files: [vault.yml]\n  tasks:\n${t20}\n`,
  );
  const tasks: string[] = [];
  for (let i = 0; i < 200; i++) {
    const n = Math.floor(i / 4);
    switch (i % 4) {
      case 0:
        tasks.push(`    - file: {path: "{{ out }}/d${n}", state: directory, mode: "0755"}`);
        break;
      case 1:
        tasks.push(
          `    - lineinfile: {path: "{{ out }}/d${n}/conf", line: "key${n}=value", create: true}`,
        );
        break;
      case 2:
        tasks.push(
          `    - lineinfile: {path: "{{ out }}/d${n}/conf", regexp: "^key${n}=", line: "key${n}={{ users[0] }}"}`,
        );
        break;
      default:
        tasks.push(`    - template: {src: t${(n % 20) + 1}.j2, dest: "{{ out }}/d${n}/t.conf"}`);
        break;
    }
  }
  writeFileSync(
    path.join(dir, 'many.yml'),
    `- hosts: localhost\n  gather_facts: false\n  vars_files: [vault.yml]\n  tasks:\n${tasks.join('\n')}\n`,
  );
  return dir;
}

function tree(root: string): string {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = path.join(d, n);
      const st = statSync(p);
      if (st.isDirectory()) {
        out.push(`${path.relative(root, p)}/ ${(st.mode & 0o7777).toString(8)}`);
        walk(p);
      } else
        out.push(
          `${path.relative(root, p)} ${(st.mode & 0o7777).toString(8)} ${readFileSync(p, 'utf8')}`,
        );
    }
  };
  walk(root);
  return out.join('\n');
}

async function bosunRun(dir: string, playbook: string, out: string): Promise<void> {
  if (process.env.BOSUN_BENCH_INPROCESS) {
    const { runPlaybook } = await import('../../src/play/index.js');
    const { testTemplar } = await import('../../test/play/support/templar.js');
    const { secret } = await import('../../src/vault/index.js');
    const r = await runPlaybook({
      playbooks: [playbook],
      cwd: dir,
      templar: testTemplar(),
      decrypt: [secret('default', 'bench-password')],
      extraVars: new Map([['out', out]]),
    });
    if (r.exitCode !== 0) throw new Error(`bosun failed: ${JSON.stringify(r.failedTask)}`);
    return;
  }
  const r = spawnSync(
    process.execPath,
    [BOSUN, 'play', playbook, '--vault-password-file', 'pw', '-e', `out=${out}`],
    { cwd: dir, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`bosun failed: ${r.stdout}\n${r.stderr}`);
}

function ansibleRun(dir: string, playbook: string, out: string): void {
  const r = spawnSync(
    'ansible-playbook',
    [playbook, '--vault-password-file', 'pw', '-e', `out=${out}`],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, ANSIBLE_LOCALHOST_WARNING: 'false' } },
  );
  if (r.status !== 0) throw new Error(`ansible-playbook failed: ${r.stdout}\n${r.stderr}`);
}

async function time(fn: () => Promise<void> | void): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

const dir = setup();
if (process.env.BOSUN_BENCH_SETUP_ONLY) {
  console.log(dir);
  process.exit(0);
}
try {
  for (const playbook of ['templates.yml', 'many.yml']) {
    const a = path.join(dir, `out-ansible-${playbook}`);
    const b = path.join(dir, `out-bosun-${playbook}`);
    mkdirSync(a);
    mkdirSync(b);
    const ta = await time(() => ansibleRun(dir, playbook, a));
    const tb = await time(() => bosunRun(dir, playbook, b));
    const same = tree(a) === tree(b);
    console.log(
      `${playbook.padEnd(15)} ansible-playbook ${ta.toFixed(2)} s   bosun ${tb.toFixed(3)} s   ratio ${(ta / tb).toFixed(1)}x   identical files: ${same ? 'yes' : 'NO'}`,
    );
    if (!same) process.exitCode = 1;
  }
} finally {
  if (!process.env.BOSUN_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  else console.log(dir);
}
