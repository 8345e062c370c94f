// Bundles the CLI into one file, dist/bosun.cjs. Command groups are imported lazily inside the
// bundle (esbuild turns dynamic imports of bundled modules into deferred initialisers), so
// start-up only pays for what a command uses.
import { build } from 'esbuild';
import { readFileSync, chmodSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outfile = new URL('../dist/bosun.cjs', import.meta.url).pathname;

await build({
  entryPoints: [new URL('../src/cli/bin.ts', import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  legalComments: 'none',
  banner: { js: '#!/usr/bin/env node' },
  define: { BOSUN_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);

// The PID 1 helper addon (native/reaper: orphan reaping, sd_notify socket). Built with node-gyp
// against the installed Node headers and copied next to the bundle, where
// src/supervise/native.ts looks for it. A missing compiler is not fatal: the supervisor then
// degrades (no orphan reaping, Type=notify treated as simple) and says so.
{
  const { spawnSync } = await import('node:child_process');
  const { copyFileSync, existsSync } = await import('node:fs');
  const addonDir = new URL('../native/reaper/', import.meta.url).pathname;
  const gyp = ['/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js', '/usr/local/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'].find((f) => existsSync(f));
  const built = `${addonDir}build/Release/bosun_reaper.node`;
  const nodedir = process.env.npm_config_nodedir ?? (existsSync('/usr/include/node/node_api.h') ? '/usr' : undefined);
  const args = gyp ? [gyp, 'rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])] : null;
  const r = args ? spawnSync(process.execPath, args, { cwd: addonDir, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' }) : null;
  if (r && r.status === 0 && existsSync(built)) copyFileSync(built, new URL('../dist/bosun_reaper.node', import.meta.url).pathname);
  else process.stderr.write(`warning: native addon not built (${r ? r.stderr.trim().split('\n').pop() : 'node-gyp not found'}); PID 1 orphan reaping disabled\n`);
}
