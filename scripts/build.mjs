// Builds the CLI twice from src/cli/bin.ts:
//  - dist/bosun.mjs + dist/chunks/: ESM with code splitting, what `bosun` (npm bin, ./bosun) runs.
//    Each command group is its own chunk, so `bosun vault view` compiles only the vault code:
//    start-up stays close to bare Node's.
//  - dist/bosun.cjs: one self-contained CommonJS file, the input of the single executable
//    (scripts/build-sea.mjs), whose loader can neither import chunks nor ESM.
import { build } from 'esbuild';
import { readFileSync, chmodSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const dist = new URL('../dist/', import.meta.url).pathname;
const entry = new URL('../src/cli/bin.ts', import.meta.url).pathname;
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  define: { BOSUN_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
};

rmSync(`${dist}chunks`, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: { bosun: entry },
    outdir: dist,
    format: 'esm',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // Bundled CommonJS dependencies may call require() for Node built-ins.
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __bosunCreateRequire } from 'node:module';\nconst require = __bosunCreateRequire(import.meta.url);" },
  }),
  build({ ...common, entryPoints: [entry], outfile: `${dist}bosun.cjs`, format: 'cjs', banner: { js: '#!/usr/bin/env node' } }),
]);
chmodSync(`${dist}bosun.mjs`, 0o755);
chmodSync(`${dist}bosun.cjs`, 0o755);

// The native addon (native/reaper: orphan reaping, sd_notify socket, the vault body decoder and
// opener). Built with node-gyp against the installed Node headers and copied next to the bundles,
// where src/native/addon.ts looks for it. A missing compiler is not fatal: the supervisor then
// degrades (no orphan reaping, Type=notify treated as simple) and says so; vault decodes in JS.
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
