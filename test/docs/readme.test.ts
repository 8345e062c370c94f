// Issue 12, item 8: the README's shell blocks run as written, in order, in one empty directory
// (HOME there too, so `~/.vault-pass` is the test's), with `./bosun` and `bosun` the built CLI.
// A block preceded by `<!-- not-run: reason -->` is skipped (a build of the checkout, the test
// suite itself, a live container); the test also keeps those marks few and justified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BOSUN_BIN, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

export interface Block {
  line: number;
  code: string;
  /** The reason of a `<!-- not-run: … -->` mark just before the block. */
  notRun?: string;
}

/** The ```sh blocks of a Markdown text, with their not-run marks. */
export function shellBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```sh') continue;
    const end = lines.indexOf('```', i + 1);
    assert.ok(end > i, `unterminated block at line ${i + 1}`);
    let j = i - 1;
    while (j >= 0 && lines[j]!.trim() === '') j--;
    const mark = /^<!-- not-run: (.+) -->$/.exec(lines[j] ?? '');
    out.push({
      line: i + 1,
      code: lines.slice(i + 1, end).join('\n') + '\n',
      ...(mark ? { notRun: mark[1] } : {}),
    });
    i = end;
  }
  return out;
}

test("README's shell blocks run as written, in order, in an empty directory", () => {
  const blocks = shellBlocks(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  const skipped = blocks.filter((b) => b.notRun !== undefined);
  assert.ok(skipped.length <= 3, `few not-run marks: ${skipped.map((b) => b.line).join(', ')}`);
  for (const b of skipped) assert.ok(b.notRun!.length >= 20, `line ${b.line}: give the reason`);
  assert.ok(blocks.length - skipped.length >= 5, 'most blocks run');

  const dir = tempDir('bosun-readme-');
  const home = path.join(dir, 'home');
  const work = path.join(dir, 'work');
  const bin = path.join(dir, 'bin');
  for (const d of [home, work, bin]) mkdirSync(d);
  const launcher = `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BOSUN_BIN)} "$@"\n`;
  writeFileSync(path.join(work, 'bosun'), launcher, { mode: 0o755 });
  writeFileSync(path.join(bin, 'bosun'), launcher, { mode: 0o755 });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    ANSIBLE_NOCOLOR: '1',
  };
  for (const k of Object.keys(env))
    if (
      /^(CORPUSOPS_VAULT_PASSWORD|ANSIBLE_VAULT|BOSUN_VAULT_PASSWORD|APP_ENV_NAME|A_ENV_NAME)/.test(
        k,
      )
    )
      delete env[k];

  for (const b of blocks) {
    if (b.notRun !== undefined) continue;
    const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', b.code], {
      cwd: work,
      env,
      encoding: 'utf8',
    });
    assert.equal(
      r.status,
      0,
      `README line ${b.line}:\n${b.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
    );
    assert.doesNotMatch(r.stderr, /ERROR|internal error/, `README line ${b.line}: ${r.stderr}`);
  }
  // What the blocks promise: the appended encrypt_string did not glue lines; -o DIR/ wrote into DIR.
  assert.match(
    readFileSync(path.join(work, 'vars.yml'), 'utf8'),
    /^app_port: 8080\ndb_password: !vault \|/,
  );
  assert.equal(readFileSync(path.join(work, 'nginx.conf'), 'utf8'), 'listen 8080;\n');
  assert.match(
    readFileSync(path.join(work, 'conf/app.env.j2'), 'utf8'),
    /^DB_PASSWORD=hunter2\nPORT=1\n/,
  );
  assert.equal(readFileSync(path.join(work, 'version.txt'), 'utf8'), 'version=1.2\n');
});
