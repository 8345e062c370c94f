/**
 * Differential fuzzing: seeded random templates (test/jinja/fuzz-gen.ts) rendered by Python's
 * Jinja2 and by bosun must agree byte for byte, errors included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fuzzCases, scopeCases, whitespaceCases } from './fuzz-gen.js';
import { decode, renderBosun, runOracle } from './corpus-harness.js';
import { tempDir } from '../helpers/tmp.js';

const SEEDS = [1, 5, 11, 77, 1234];
const dir = tempDir('bosun-jinja-fuzz-');
const files = SEEDS.map((seed) => {
  const file = path.join(dir, `seed-${seed}.yaml`);
  // JSON (a YAML subset) so Python reads exactly the strings bosun renders.
  writeFileSync(file, JSON.stringify(fuzzCases(seed, 300)));
  return { seed, file };
});
const WS_SEEDS = [1, 2, 3, 4];
const wsFiles = WS_SEEDS.map((seed) => {
  const file = path.join(dir, `ws-${seed}.yaml`);
  writeFileSync(file, JSON.stringify(whitespaceCases(seed, 300)));
  return { seed, file };
});
const SCOPE_SEEDS = [1, 2, 3];
const scopeFiles = SCOPE_SEEDS.map((seed) => {
  const file = path.join(dir, `scope-${seed}.yaml`);
  writeFileSync(file, JSON.stringify(scopeCases(seed, 300)));
  return { seed, file };
});
const oracle = await runOracle([...files, ...wsFiles, ...scopeFiles].map((f) => f.file));

for (const { seed, file } of files) {
  test(`fuzz seed ${seed}: 300 random templates match Jinja2`, () => {
    const cases = fuzzCases(seed, 300);
    const failures: string[] = [];
    cases.forEach((c, i) => {
      const o = oracle[file]![i]!;
      const b = renderBosun(c, decode(o.vars));
      const same = o.ok ? b.ok && b.out === o.out : !b.ok;
      if (!same)
        failures.push(
          `${c.template}\n  jinja2: ${o.ok ? JSON.stringify(o.out) : o.error}\n  bosun:  ${b.ok ? JSON.stringify(b.out) : b.error}`,
        );
    });
    assert.deepEqual(failures.slice(0, 5), []);
  });
}

for (const { seed, file } of wsFiles) {
  test(`whitespace fuzz seed ${seed}: 300 templates of -/+ markers, trim/lstrip options match Jinja2`, () => {
    const cases = whitespaceCases(seed, 300);
    const failures: string[] = [];
    cases.forEach((c, i) => {
      const o = oracle[file]![i]!;
      const b = renderBosun(c, decode(o.vars));
      const same = o.ok ? b.ok && b.out === o.out : !b.ok;
      if (!same)
        failures.push(
          `${JSON.stringify(c.template)} ${JSON.stringify(c.options)}\n  jinja2: ${o.ok ? JSON.stringify(o.out) : o.error}\n  bosun:  ${b.ok ? JSON.stringify(b.out) : b.error}`,
        );
    });
    assert.deepEqual(failures.slice(0, 5), []);
  });
}

for (const { seed, file } of scopeFiles) {
  test(`scoping fuzz seed ${seed}: 300 nestings of set/for/if/macro/with/include match Jinja2`, () => {
    const cases = scopeCases(seed, 300);
    const failures: string[] = [];
    cases.forEach((c, i) => {
      const o = oracle[file]![i]!;
      const b = renderBosun(c, decode(o.vars));
      const same = o.ok ? b.ok && b.out === o.out : !b.ok;
      if (!same)
        failures.push(
          `${c.template} vars=${JSON.stringify(c.vars)}\n  jinja2: ${o.ok ? JSON.stringify(o.out) : o.error}\n  bosun:  ${b.ok ? JSON.stringify(b.out) : b.error}`,
        );
    });
    assert.deepEqual(failures.slice(0, 5), []);
  });
}
