// Bundle bench/jinja/render.bench.ts the way bosun ships (esbuild, one file) and run it.
//   node bench/jinja/run.mjs [renders] [compiles]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), 'bosun-bench-'));
try {
  const outfile = path.join(out, 'render.bench.mjs');
  await build({
    entryPoints: [path.join(dir, 'render.bench.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, BOSUN_BENCH_DIR: dir },
  });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
