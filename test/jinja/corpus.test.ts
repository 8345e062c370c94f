/** The differential corpus (test/jinja/corpus/*.yaml) against Debian's python3-jinja2. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, encodeValue, loadCorpus, renderBosun, runOracle } from './corpus-harness.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');
const corpus = loadCorpus(dir);
const oracle = await runOracle([...corpus.keys()]);

for (const [file, cases] of corpus) {
  const results = oracle[file]!;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    const o = results[i]!;
    test(`${path.basename(file)}: ${c.name}`, () => {
      const b = renderBosun(c, decode(o.vars));
      if (!o.ok) {
        assert.equal(
          b.ok,
          false,
          `oracle raised ${o.error} but bosun rendered ${JSON.stringify(b.ok ? b.out : '')}`,
        );
        return;
      }
      assert.ok(b.ok, `bosun raised ${b.ok ? '' : b.error}`);
      const expected = c.expr !== undefined ? JSON.stringify(encodeValue(decode(o.value))) : o.out;
      assert.equal(b.out, expected);
    });
  }
}
