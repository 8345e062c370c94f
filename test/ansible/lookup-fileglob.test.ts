// The fileglob lookup against Ansible's on a real directory: the same files in the same order
// (directory order, which is not sorted on ext4/overlayfs), directories left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bosun, oracle, type Case } from './harness.js';
import { tempDir } from '../helpers/tmp.js';

test('fileglob: files in directory order, as Ansible returns them', async () => {
  const dir = tempDir();
  // Created in a scrambled order, with names whose sorted order differs from the hash order.
  for (const n of [
    'zeta.conf',
    'alpha.conf',
    'm.conf',
    'beta.txt',
    '10.conf',
    '9.conf',
    'Upper.conf',
    '.hidden.conf',
    'c.conf',
    'aa.conf',
  ])
    writeFileSync(path.join(dir, n), n);
  mkdirSync(path.join(dir, 'sub.conf'));
  writeFileSync(path.join(dir, 'sub.conf', 'inner.conf'), 'x');
  const cases: Case[] = [
    `{{ lookup('fileglob', '${dir}/*.conf') }}`,
    `{{ query('fileglob', '${dir}/*') }}`,
    `{{ query('fileglob', '${dir}/[a-m]*') }}`,
    `{{ query('fileglob', '${dir}/?.conf') }}`,
    `{{ query('fileglob', '${dir}/*/*.conf') }}`,
    `{{ query('fileglob', '${dir}/.*') }}`,
    `{{ query('fileglob', '${dir}/nothing*') }}`,
  ].map((src) => ({ kind: 'template', src }));
  const expected = await oracle(cases);
  const actual = bosun(cases);
  cases.forEach((c, i) => assert.deepEqual(actual[i], expected[i], c.src));
  // The order is the directory's, not sorted (else this test would not tell them apart).
  const all = expected[1]!;
  assert.ok(
    all.ok && all.repr !== `[${[...all.repr.slice(1, -1).split(', ')].sort().join(', ')}]`,
    'directory order differs from sorted order here',
  );
});
