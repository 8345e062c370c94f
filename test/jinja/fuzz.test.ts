/**
 * Differential fuzzing: seeded random templates (test/jinja/fuzz-gen.ts) rendered by Python's
 * Jinja2 and by bosun must agree byte for byte, errors included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { fuzzCases } from './fuzz-gen.js';
import { decode, renderBosun, runOracle } from './corpus-harness.js';
import { tempDir } from '../helpers/tmp.js';

const SEEDS = [1, 5, 11, 77, 1234];
const dir = tempDir('bosun-jinja-fuzz-');
const files = SEEDS.map((seed) => {
  const file = path.join(dir, `seed-${seed}.yaml`);
  writeFileSync(file, stringify(fuzzCases(seed, 300)));
  return { seed, file };
});
const oracle = await runOracle(files.map((f) => f.file));

for (const { seed, file } of files) {
  test(`fuzz seed ${seed}: 300 random templates match Jinja2`, () => {
    const cases = fuzzCases(seed, 300);
    const failures: string[] = [];
    cases.forEach((c, i) => {
      const o = oracle[file]![i]!;
      const b = renderBosun(c, decode(o.vars));
      const same = o.ok ? b.ok && b.out === o.out : !b.ok;
      if (!same) failures.push(`${c.template}\n  jinja2: ${o.ok ? JSON.stringify(o.out) : o.error}\n  bosun:  ${b.ok ? JSON.stringify(b.out) : b.error}`);
    });
    assert.deepEqual(failures.slice(0, 5), []);
  });
}
