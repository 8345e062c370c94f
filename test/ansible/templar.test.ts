/** Differential test: bosun's Templar against Ansible 2.14's Templar (Debian's ansible-core). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CASES } from './corpus.js';
import { bosun, oracle } from './harness.js';

const expected = await oracle(CASES);
const actual = bosun(CASES);

test(`corpus size >= 250 (${CASES.length})`, () => {
  assert.ok(CASES.length >= 250);
});

CASES.forEach((c, i) => {
  test(`${c.kind}${c.bare ? ' (bare)' : ''} ${JSON.stringify(c.src)}`, () => {
    const want = expected[i]!;
    const got = actual[i]!;
    if (!want.ok) {
      assert.equal(
        got.ok,
        false,
        `oracle failed (${want.error}) but bosun returned ${got.ok ? got.repr : ''}`,
      );
      return;
    }
    assert.deepEqual(got, want);
  });
});
