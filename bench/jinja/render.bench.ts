/**
 * bench/jinja: render a realistic nginx config template (macros, loops, filters) 10 000 times
 * in-process with bosun and with Python's Jinja2 (spawned, timed inside Python), and compile it
 * repeatedly in both; best of 3 rounds each. Prints throughput and ratios; fails if the outputs
 * differ.
 *
 *   node bench/jinja/run.mjs [renders=10000] [compiles=200]
 *
 * run.mjs bundles the engine with esbuild first, as bosun ships (dist/bosun.cjs): under tsx's
 * loader the same code runs about 3× slower, which would not measure the product.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/process/run.js';
import { Environment } from '../../src/jinja/index.js';
import { fromJs } from '../../src/py/values.js';

// run.mjs bundles this file elsewhere and says where the fixtures are.
const dir = process.env.BOSUN_BENCH_DIR ?? path.dirname(fileURLToPath(import.meta.url));
const templatePath = path.join(dir, 'template.j2');
const varsPath = path.join(dir, 'vars.json');
const renders = Number(process.argv[2] ?? 10_000);
const compiles = Number(process.argv[3] ?? 200);

const source = readFileSync(templatePath, 'utf8');
const vars = fromJs(JSON.parse(readFileSync(varsPath, 'utf8'))) as Map<string, never>;
const env = new Environment({ trimBlocks: true });

let t0 = performance.now();
for (let i = 0; i < compiles; i++) {
  env.clearCache();
  env.fromString(source);
} // no cache hits: measure compiling
const compileMs = performance.now() - t0;

const tmpl = env.fromString(source);
for (let i = 0; i < 2000; i++) tmpl.render(vars); // warm-up (JIT tiers), as Python gets its own warm-up below
// Best of 3 rounds on both sides (the machine may be shared).
let out = '';
let renderMs = Infinity;
for (let round = 0; round < 3; round++) {
  t0 = performance.now();
  for (let i = 0; i < renders; i++) out = tmpl.render(vars);
  renderMs = Math.min(renderMs, performance.now() - t0);
}

const py = await run(
  '/usr/bin/python3',
  [path.join(dir, 'python_bench.py'), templatePath, varsPath, String(renders), String(compiles)],
  { timeoutMs: 600_000 },
);
const p = JSON.parse(py.stdout.toString('utf8')) as {
  render_s: number;
  compile_s: number;
  output: string;
};
if (p.output !== out) {
  console.error('outputs differ between bosun and Jinja2');
  process.exitCode = 1;
}
const fmt = (n: number): string => n.toFixed(0).padStart(8);
console.log(
  `template: ${path.relative(process.cwd(), templatePath)} (${out.length} bytes of output)`,
);
console.log(
  `render ×${renders}:  bosun ${fmt(renderMs)} ms (${fmt(renders / (renderMs / 1000))}/s)   jinja2 ${fmt(p.render_s * 1000)} ms (${fmt(renders / p.render_s)}/s)   ratio ${((p.render_s * 1000) / renderMs).toFixed(2)}× bosun`,
);
console.log(
  `compile ×${compiles}:  bosun ${fmt(compileMs)} ms   jinja2 ${fmt(p.compile_s * 1000)} ms   ratio ${((p.compile_s * 1000) / compileMs).toFixed(2)}× bosun`,
);
