/**
 * Developer tool: print every corpus mismatch with both outputs.
 *   npx tsx test/jinja/corpus-report.ts [corpus/file.yaml…]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, encodeValue, loadCorpus, renderBosun, runOracle } from './corpus-harness.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');
let corpus = loadCorpus(dir);
const only = process.argv.slice(2).map((f) => path.resolve(f));
if (only.length) corpus = new Map([...corpus].filter(([f]) => only.includes(f)));
const oracle = await runOracle([...corpus.keys()]);
let total = 0,
  bad = 0;
for (const [file, cases] of corpus) {
  cases.forEach((c, i) => {
    total++;
    const o = oracle[file]![i]!;
    const b = renderBosun(c, decode(o.vars));
    const expected = o.ok
      ? c.expr !== undefined
        ? JSON.stringify(encodeValue(decode(o.value)))
        : o.out
      : undefined;
    const same = o.ok ? b.ok && b.out === expected : !b.ok;
    if (same) return;
    bad++;
    console.log(`--- ${path.basename(file)}: ${c.name}`);
    console.log(`  oracle: ${o.ok ? JSON.stringify(expected) : 'ERROR ' + o.error}`);
    console.log(`  bosun:  ${b.ok ? JSON.stringify(b.out) : 'ERROR ' + b.error}`);
  });
}
console.log(`${total - bad}/${total} match`);
