// `validate:` of every module that writes a file: bosun adhoc vs Debian's `ansible` (the same
// module and arguments, each in its own temp dir), output and resulting files compared byte for
// byte; the temp file the command sees is private (0700 dir, 0600 file, random name) and removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runBosun } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const FAIL = `validate="sh -c \\"echo out; echo err >&2; exit 3\\" %s"`;
const OK = `validate="grep -q . %s"`;

/** [label, module, args with DIR for the case directory] */
const CASES: [string, string, string][] = [
  ['lineinfile rejected', 'lineinfile', `path=DIR/f line=garbage( ${FAIL}`],
  ['lineinfile false', 'lineinfile', `path=DIR/f line=garbage( validate="false %s"`],
  ['lineinfile create rejected', 'lineinfile', `path=DIR/new line=x create=yes ${FAIL}`],
  ['lineinfile absent rejected', 'lineinfile', `path=DIR/f line=one state=absent ${FAIL}`],
  ['lineinfile accepted', 'lineinfile', `path=DIR/f line=added ${OK}`],
  ['lineinfile no %s', 'lineinfile', `path=DIR/f line=added validate=true`],
  ['lineinfile unchanged: no validation', 'lineinfile', `path=DIR/f line=one validate=false`],
  ['blockinfile rejected', 'blockinfile', `path=DIR/f block=garbage ${FAIL}`],
  ['blockinfile accepted', 'blockinfile', `path=DIR/f block=fine ${OK}`],
  ['blockinfile no %s', 'blockinfile', `path=DIR/f block=fine validate=true`],
  ['replace rejected', 'replace', `path=DIR/f regexp=one replace=two ${FAIL}`],
  ['replace accepted', 'replace', `path=DIR/f regexp=one replace=two ${OK}`],
  ['replace no %s', 'replace', `path=DIR/f regexp=one replace=two validate=true`],
  ['copy rejected', 'copy', `dest=DIR/f content=new ${FAIL}`],
  ['copy accepted', 'copy', `dest=DIR/f content=new mode=0640 ${OK}`],
  ['copy no %s', 'copy', `dest=DIR/f content=new validate=true`],
  ['copy missing command', 'copy', `dest=DIR/f content=new validate="/nonexistent/x %s"`],
  ['assemble rejected', 'assemble', `src=DIR/parts dest=DIR/f ${FAIL}`],
];

function setup(dir: string): void {
  mkdirSync(path.join(dir, 'parts'), { recursive: true });
  writeFileSync(path.join(dir, 'f'), 'one\n');
  writeFileSync(path.join(dir, 'parts/a'), 'part a\n');
}

function files(dir: string): string {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const p = path.join(d, n.name);
      if (n.isDirectory()) walk(p);
      else out.push(`${path.relative(dir, p)}: ${JSON.stringify(readFileSync(p, 'utf8'))}`);
    }
  };
  walk(dir);
  return out.join('\n');
}

/** Module result keys that differ by nature (timestamps, owner names of the temp dir). */
const normalise = (text: string, dir: string): string =>
  text
    .split(dir)
    .join('DIR')
    .replace(/^\s*"(gid|group|owner|uid|src|md5sum)": .*\n/gm, '')
    .replace(/^(\s*"cmd": "\S+) .*"/gm, '$1 TMP"');

const root = tempDir('bosun-validate-');

for (const [label, module, args] of CASES) {
  test(`validate, ${label}: as ansible`, () => {
    const a = path.join(root, `${label.replace(/\W+/g, '_')}-ansible`);
    const b = path.join(root, `${label.replace(/\W+/g, '_')}-bosun`);
    setup(a);
    setup(b);
    const ra = spawnSync('ansible', ['localhost', '-m', module, '-a', args.split('DIR').join(a)], {
      encoding: 'utf8',
      env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' },
    });
    const rb = runBosun(['adhoc', 'localhost', '-m', module, '-a', args.split('DIR').join(b)]);
    assert.equal(normalise(rb.stdout, b), normalise(ra.stdout, a), rb.stderr);
    assert.equal(rb.status, ra.status);
    assert.equal(files(b), files(a));
  });
}

test('the validate command sees a private random 0600 file in a 0700 directory', () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'f'), 'one\n');
  const probe = path.join(dir, 'probe');
  const r = runBosun([
    'adhoc',
    'localhost',
    '-m',
    'lineinfile',
    '-a',
    `path=${dir}/f line=two validate="sh -c 'stat -c \\"%%a %%n\\" \\"$0\\" \\"$(dirname \\"$0\\")\\" > ${probe}' %s"`,
  ]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const [file, parent] = readFileSync(probe, 'utf8').trim().split('\n');
  assert.match(file!, /^600 \S+\/bosun-validate-[0-9a-f]{32}\/tmp[0-9a-f]{32}$/);
  assert.match(parent!, /^700 /);
  const tmp = file!.split(' ')[1]!;
  assert.throws(() => readFileSync(tmp), /ENOENT/, 'the temp file is removed');
  assert.equal(readFileSync(path.join(dir, 'f'), 'utf8'), 'one\ntwo\n');
});
