// Builds the CLI from src/cli/bin.ts:
//  - dist/bosun.cjs: one self-contained CommonJS bundle, run by the `bosun` command and embedded
//    in the single executable (scripts/build-sea.mjs);
//  - dist/bosun-cli.cjs: the `bosun` command (npm bin, ./bosun), a small launcher that runs the
//    bundle through dist/bosun.cjs.cache, a V8 code cache made at the end of this build by
//    running typical commands (scripts/code-cache.mjs): start-up close to bare Node's.
import { build } from 'esbuild';
import { readFileSync, chmodSync, rmSync, writeFileSync } from 'node:fs';
import { makeCodeCache } from './code-cache.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const dist = new URL('../dist/', import.meta.url).pathname;
const entry = new URL('../src/cli/bin.ts', import.meta.url).pathname;
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  define: { BOSUN_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
};

// Outputs of earlier layouts (the ESM chunks) would only confuse.
for (const old of ['chunks', 'bosun.mjs', 'bosun.mjs.map'])
  rmSync(`${dist}${old}`, { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: [entry], outfile: `${dist}bosun.cjs`, sourcemap: 'linked' }),
  build({
    ...common,
    entryPoints: [new URL('../src/cli/launcher.ts', import.meta.url).pathname],
    outfile: `${dist}bosun-cli.cjs`,
  }),
]);
// esbuild escapes non-ASCII characters in code (charset ascii) but keeps them in the comments
// it preserves (JSDoc of class members). One such character turns the 1 MB source into a
// two-byte string at every start (measured 5 ms to decode); escaped, it stays one-byte.
{
  const file = `${dist}bosun.cjs`;
  const text = readFileSync(file, 'utf8');
  writeFileSync(
    file,
    text.replace(/[\u{80}-\u{10ffff}]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`),
  );
}
chmodSync(`${dist}bosun.cjs`, 0o755);
chmodSync(`${dist}bosun-cli.cjs`, 0o755);

// The native addon (native/addon: orphan reaping, sd_notify socket, the vault body decoder and
// opener). Built with node-gyp against the installed Node headers and copied next to the bundles,
// where src/native/addon.ts looks for it. A missing compiler is not fatal: the supervisor then
// degrades (no orphan reaping, Type=notify treated as simple) and says so; vault decodes in JS.
{
  const { spawnSync } = await import('node:child_process');
  const { copyFileSync, existsSync } = await import('node:fs');
  const addonDir = new URL('../native/addon/', import.meta.url).pathname;
  const gyp = [
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/local/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  ].find((f) => existsSync(f));
  const built = `${addonDir}build/Release/bosun_native.node`;
  const nodedir =
    process.env.npm_config_nodedir ??
    (existsSync('/usr/include/node/node_api.h') ? '/usr' : undefined);
  const args = gyp ? [gyp, 'rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])] : null;
  const r = args
    ? spawnSync(process.execPath, args, {
        cwd: addonDir,
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
      })
    : null;
  if (r && r.status === 0 && existsSync(built))
    copyFileSync(built, new URL('../dist/bosun_native.node', import.meta.url).pathname);
  else
    process.stderr.write(
      `warning: native addon not built (${r ? r.stderr.trim().split('\n').pop() : 'node-gyp not found'}); PID 1 orphan reaping disabled\n`,
    );
}

// Last: the code cache needs the finished bundle (and the addon, for what loads it).
await makeCodeCache(dist);
