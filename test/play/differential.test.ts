/**
 * Differential tests: the same playbooks run by Debian's ansible-playbook (connection local) and
 * by bosun, each against its own temp dir. Compared: default-callback output (timestamps
 * normalised), the resulting file trees (content and modes), recap counts; modules run twice
 * (second run changed=0) and in check mode (nothing written).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { runPlaybook } from '../../src/play/index.js';
import type { PyValue } from '../../src/py/values.js';
import { tempDir } from '../helpers/tmp.js';
import { testTemplar } from './support/templar.js';

const FIX = path.join(import.meta.dirname, 'fixtures');

function ansible(dir: string, playbook: string, out: string, extra: string[] = []): string {
  const r = spawnSync('ansible-playbook', [playbook, '-e', `out=${out}`, ...extra], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_FORCE_COLOR: '0',
      ANSIBLE_LOCALHOST_WARNING: 'false',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
    },
  });
  return r.stdout;
}

async function bosun(dir: string, playbook: string, out: string, check = false): Promise<string> {
  let text = '';
  await runPlaybook({
    playbooks: [playbook],
    templar: testTemplar(),
    cwd: dir,
    check,
    extraVars: new Map<string, PyValue>([['out', out]]),
    write: (s) => {
      text += s;
    },
  });
  return text;
}

function normalise(text: string, out: string): string {
  return text
    .split(out)
    .join('OUT')
    .replace(/"(delta|start|end)": "[^"]*"/g, '"$1": "X"')
    .split('\n')
    .filter((l) => !l.startsWith('[WARNING]'))
    .join('\n');
}

function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const st = lstatSync(p);
      const rel = path.relative(root, p);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out.push(`${rel} -> ${readlinkSync(p)}`);
      else if (st.isDirectory()) {
        out.push(`${rel}/ ${mode}`);
        walk(p);
      } else out.push(`${rel} ${mode} ${JSON.stringify(readFileSync(p, 'utf8'))}`);
    }
  };
  walk(root);
  return out;
}

const recap = (text: string): string =>
  text
    .split('\n')
    .filter((l) => / : ok=/.test(l))
    .join('\n');

test('playbook with roles, loops, blocks, handlers, includes: same output and files as ansible-playbook', async () => {
  const dir = path.join(FIX, 'diff1');
  const a = tempDir();
  const b = tempDir();
  const expected = normalise(ansible(dir, 'site.yml', a), a);
  const actual = normalise(await bosun(dir, 'site.yml', b), b);
  assert.equal(actual, expected);
  assert.deepEqual(tree(b), tree(a));
});

test('modules: same results, idempotent second run, check mode writes nothing', async () => {
  const dir = path.join(FIX, 'modules');
  const a = tempDir();
  const b = tempDir();
  const a1 = normalise(ansible(dir, 'modules.yml', a), a);
  const b1 = normalise(await bosun(dir, 'modules.yml', b), b);
  assert.equal(b1, a1);
  assert.deepEqual(tree(b), tree(a));
  const a2 = ansible(dir, 'modules.yml', a);
  const b2 = await bosun(dir, 'modules.yml', b);
  assert.equal(recap(b2), recap(a2));
  assert.match(recap(b2), /changed=0 /);
  assert.deepEqual(tree(b), tree(a));
  const c = tempDir();
  const cOut = await bosun(dir, 'modules.yml', c, true);
  assert.deepEqual(readdirSync(c), []);
  const ac = tempDir();
  const acOut = ansible(dir, 'modules.yml', ac, ['--check']);
  assert.equal(recap(cOut), recap(acOut));
});

test('inventory/group_vars/host_vars/vars precedence, facts, tags, check mode, vaulted include_vars', async () => {
  const dir = path.join(FIX, 'diff2');
  const { secret } = await import('../../src/vault/index.js');
  const runs: {
    args: string[];
    tags?: string[];
    skip?: string[];
    check?: boolean;
    extra?: [string, PyValue][];
  }[] = [
    { args: [] },
    { args: ['--tags', 'deploy'], tags: ['deploy'] },
    { args: ['--skip-tags', 'deploy', '--check'], skip: ['deploy'], check: true },
    { args: ['--tags', 'special', '-e', 'ev=cli'], tags: ['special'], extra: [['ev', 'cli']] },
  ];
  for (const run of runs) {
    const a = tempDir();
    const b = tempDir();
    const expected = normalise(
      ansible(dir, 'play.yml', a, [
        '-i',
        'inventory.ini',
        '--vault-password-file',
        'pw',
        ...run.args,
      ]),
      a,
    );
    let text = '';
    await runPlaybook({
      playbooks: ['play.yml'],
      inventory: ['inventory.ini'],
      templar: testTemplar(),
      cwd: dir,
      check: run.check,
      tags: run.tags,
      skipTags: run.skip,
      decrypt: [secret('default', 'pw-diff2')],
      extraVars: new Map<string, PyValue>([['out', b], ...(run.extra ?? [])]),
      write: (s) => {
        text += s;
      },
    });
    assert.equal(normalise(text, b), expected, `ansible-playbook ${run.args.join(' ')}`);
    assert.deepEqual(tree(b), tree(a));
  }
});

test('no_log, undefined debug var, nested rescue, loops with ignored failures, failing play, end_play', async () => {
  const dir = path.join(FIX, 'diff3');
  for (const playbook of ['play.yml', 'end.yml']) {
    const a = tempDir();
    const b = tempDir();
    const r = spawnSync('ansible-playbook', [playbook, '-e', `out=${a}`], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ANSIBLE_LOCALHOST_WARNING: 'false' },
    });
    let text = '';
    const result = await runPlaybook({
      playbooks: [playbook],
      templar: testTemplar(),
      cwd: dir,
      extraVars: new Map<string, PyValue>([['out', b]]),
      write: (s) => {
        text += s;
      },
    });
    assert.equal(normalise(text, b), normalise(r.stdout, a), playbook);
    assert.equal(result.exitCode, r.status, `${playbook} exit code`);
  }
});

test('--diff output matches ansible-playbook (temp-file headers aside)', async () => {
  const dir = path.join(FIX, 'modules');
  const a = tempDir();
  const b = tempDir();
  const headers = (t: string): string => t.replace(/^\+\+\+ after: .*$/gm, '+++ after: X');
  const expected = headers(normalise(ansible(dir, 'modules.yml', a, ['--diff']), a));
  let text = '';
  await runPlaybook({
    playbooks: ['modules.yml'],
    templar: testTemplar(),
    cwd: dir,
    diff: true,
    extraVars: new Map<string, PyValue>([['out', b]]),
    write: (s) => {
      text += s;
    },
  });
  assert.equal(headers(normalise(text, b)), expected);
});
