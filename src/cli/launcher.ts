/**
 * The `bosun` command (dist/bosun-cli.cjs): runs the bundle dist/bosun.cjs through a V8 code
 * cache that scripts/build.mjs makes by running typical commands of each group (vault, render,
 * play, boot, systemctl). Functions then load as cached bytecode instead of being parsed and compiled at
 * every start: measured `bosun --version` 8 ms above `node -e 0` (23 ms with the ESM chunks it
 * replaces), `vault view` 20 ms faster. A cache from another Node/V8 is rejected by V8 and the
 * bundle simply compiles from source.
 *
 * Kept tiny and dependency-free: it runs before anything else, in CommonJS (no ESM loader). The
 * single executable runs it too, with the bundle and the caches as SEA assets.
 */
import { chmodSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { commandGroup } from './multi-call.js';
import { reexecWithoutPasswordVariables } from '../boot/early-reexec.js';
import { createTempFile } from '../fs/tempfile.js';

interface SeaAssets {
  isSea(): boolean;
  getAsset(name: string, encoding?: string): ArrayBuffer | string;
}

/** In the single executable the bundle and its caches are SEA assets (scripts/build-sea.mjs). */
function seaAssets(): SeaAssets | null {
  try {
    const sea = createRequire(__filename)('node:sea') as SeaAssets;
    return sea.isSea() ? sea : null;
  } catch {
    return null; // Node < 20.12, or not a single executable
  }
}

const sea = seaAssets();
const dir = sea ? path.dirname(process.execPath) : __dirname;
const bundle = path.join(dir, 'bosun.cjs');
const read = (name: string): Buffer =>
  sea ? Buffer.from(sea.getAsset(name) as ArrayBuffer) : readFileSync(path.join(dir, name));
// One cache per command group (bosun.cjs.vault.cache…), made by running that group: a cache of
// everything would cost small commands its size to load. Others use the start-up-only cache.
const group = commandGroup(process.env.BOSUN_ARGV0 ?? process.argv[1] ?? '', process.argv.slice(2));
// `bosun boot` with a password variable: the new image without it is started before the bundle
// loads, so the first costs Node's start only (if this fails, boot.ts tries again and reports).
if (group === 'boot') reexecWithoutPasswordVariables();
const groupCache = group && /^[a-z]+$/.test(group) ? `bosun.cjs.${group}.cache` : undefined;
// The bundle's shebang line is blanked (not removed) so line numbers stay right. The build makes
// the bundle pure ASCII, so latin1 is exact and the fastest decoding into a one-byte string.
const source = read('bosun.cjs').toString('latin1').replace(/^#!.*/, '');
let cachedData: Buffer | undefined;
for (const name of [groupCache, 'bosun.cjs.cache']) {
  if (!name) continue;
  try {
    cachedData = read(name);
    break;
  } catch {
    /* next */
  }
}

const script = new vm.Script(
  `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
  {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  },
);

// Build time only: add what this run compiled to the cache (written atomically at exit).
const writeTo = process.env.BOSUN_WRITE_CODE_CACHE;
if (writeTo) {
  process.on('exit', () => {
    const tmp = createTempFile(path.dirname(writeTo), {
      prefix: `.${path.basename(writeTo)}.`,
      data: script.createCachedData(),
    });
    chmodSync(tmp.path, 0o644); // a cache every user of the installed bundle reads
    renameSync(tmp.path, writeTo);
  });
}

const mod = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(
  mod.exports,
  createRequire(bundle),
  mod,
  bundle,
  dir,
);
