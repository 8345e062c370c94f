// The container differential harness: its comparison sees every kind of difference (synthetic
// snapshots), and a real run of file-editing modules in both containers agrees.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRuns, parseSnapshot } from '../helpers/provision-compare.js';
import { assertSameChanges, provisionBoth } from '../helpers/provision-diff.js';
import { rmAll } from '../helpers/docker.js';

after(rmAll);

const H = (c: string): string => c.repeat(64);
const snap = (lines: string[], hashes: string[] = [], packages: string[] = []): string =>
  [...lines, '@@hash', ...hashes, '@@packages', ...packages].join('\n');
const run = (before: string, after: string, changed = 0) => ({
  first: { rc: 0, output: '', changed: 1, failed: 0 },
  second: { rc: 0, output: '', changed, failed: 0 },
  before: parseSnapshot(before),
  after: parseSnapshot(after),
  contents: new Map<string, { before?: string; after?: string }>(),
});
const BEFORE = snap(['d\t0755\troot\troot\t4096\t\t/etc'], [], ['a:amd64=1 ii ']);

test('the comparison reports content, mode, owner, link, package and idempotence differences', () => {
  const after = (mode: string, owner: string, hash: string, link: string, pkg: string): string =>
    snap(
      [
        'd\t0755\troot\troot\t4096\t\t/etc',
        `f\t${mode}\t${owner}\troot\t3\t\t/etc/x`,
        `l\t0777\troot\troot\t3\t${link}\t/etc/l`,
      ],
      [`${hash}  /etc/x`],
      ['a:amd64=1 ii ', pkg],
    );
  const same = after('0644', 'root', H('a'), '/x', 'b:amd64=2 ii ');
  assert.deepEqual(
    compareRuns({ ansible: run(BEFORE, same), bosun: run(BEFORE, same), ignores: [] }),
    [],
  );
  const cases: [string, RegExp][] = [
    [after('0600', 'root', H('a'), '/x', 'b:amd64=2 ii '), /\/etc\/x:/],
    [after('0644', 'daemon', H('a'), '/x', 'b:amd64=2 ii '), /\/etc\/x:/],
    [after('0644', 'root', H('b'), '/x', 'b:amd64=2 ii '), /\/etc\/x:/],
    [after('0644', 'root', H('a'), '/y', 'b:amd64=2 ii '), /\/etc\/l:/],
    [after('0644', 'root', H('a'), '/x', 'b:amd64=3 ii '), /installed packages differ/],
  ];
  for (const [other, expected] of cases) {
    const diffs = compareRuns({
      ansible: run(BEFORE, same),
      bosun: run(BEFORE, other),
      ignores: [],
    });
    assert.match(diffs.join('\n'), expected);
  }
  const notIdempotent = compareRuns({
    ansible: run(BEFORE, same),
    bosun: run(BEFORE, same, 1),
    ignores: [],
  });
  assert.match(notIdempotent.join('\n'), /bosun: second run not idempotent/);
  const ignored = compareRuns({
    ansible: run(BEFORE, same),
    bosun: run(BEFORE, after('0600', 'root', H('b'), '/x', 'b:amd64=2 ii ')),
    ignores: [{ path: /^\/etc\/x$/, why: 'test' }],
  });
  assert.deepEqual(ignored, []);
});

test('files that differ before the run are compared by the lines each run changed', () => {
  const file = (hash: string): string =>
    snap(['f\t0644\troot\troot\t3\t\t/var/lib/s'], [`${hash}  /var/lib/s`]);
  const side = (before: string, after: string, hb: string, ha: string) => {
    const r = run(file(hb), file(ha));
    r.contents.set('/var/lib/s', { before, after });
    return r;
  };
  const ansible = side('python\nbase\n', 'python\nbase\nnew\n', H('1'), H('2'));
  assert.deepEqual(
    compareRuns({ ansible, bosun: side('base\n', 'base\nnew\n', H('3'), H('4')), ignores: [] }),
    [],
  );
  assert.match(
    compareRuns({
      ansible,
      bosun: side('base\n', 'base\nother\n', H('3'), H('5')),
      ignores: [],
    }).join('\n'),
    /changed different lines/,
  );
});

test(
  'file modules provision the same in the ansible and the bosun container',
  { timeout: 900_000 },
  async () => {
    const r = await provisionBoth({
      name: 'harness',
      files: {
        'site.yml': `- hosts: all
  gather_facts: false
  tasks:
    - file: { path: /srv/app, state: directory, owner: daemon, group: daemon, mode: "0750" }
    - copy: { src: app.conf, dest: /srv/app/app.conf, mode: "0640", owner: daemon }
    - lineinfile: { path: /etc/environment, line: "APP_HOME=/srv/app" }
    - file: { src: /srv/app/app.conf, dest: /etc/app.conf, state: link }
    - file: { path: /etc/motd, state: absent }
`,
        'app.conf': 'listen = 8080\n',
      },
    });
    assertSameChanges(r);
    // The harness saw the changes (an empty comparison would pass trivially).
    assert.match(r.bosun.first.output, /changed=5/);
  },
);
