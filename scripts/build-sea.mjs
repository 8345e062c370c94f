// Builds dist/bosun-linux-x64: one executable holding Node itself, the bundle dist/bosun.cjs and
// its V8 code caches (from `npm run build`) and the native addon as SEA assets, so images need no
// Node runtime. Node 20 single executable applications: a blob made by
// `node --experimental-sea-config`, injected into a copy of the node binary with postject.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const bundle = path.join(dist, 'bosun.cjs');
const addon = path.join(dist, 'bosun_native.node');
const out = path.join(dist, `bosun-linux-${process.arch}`);
const work = path.join(dist, '.sea');

/**
 * Run a build step; `quiet` lists stderr lines to drop. postject's ELF library (LIEF) prints
 * "warning: Can't find string offset for section name '.note…'" once per note section of the node
 * binary whose name it cannot look up (Node's ELF notes are unnamed): harmless — the blob is
 * injected and the executable verified by `bosun --version` below — so they are not shown.
 */
function run(cmd, args, quiet) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', quiet ? 'pipe' : 'inherit'],
    encoding: 'utf8',
  });
  if (quiet && r.stderr) {
    const kept = r.stderr.split('\n').filter((l) => l && !quiet.test(l));
    if (kept.length) process.stderr.write(kept.join('\n') + '\n');
  }
  if (r.status !== 0) {
    process.stderr.write(`build-sea: ${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})\n`);
    process.exit(1);
  }
}

if (!existsSync(bundle)) run(process.execPath, ['scripts/build.mjs']);
mkdirSync(work, { recursive: true });

// The SEA main script must be CommonJS and may only require() built-in modules: it is the
// launcher (dist/bosun-cli.cjs, src/cli/launcher.ts), which compiles the bundle from the V8 code
// caches of `npm run build` — both travel as assets. Its shebang, which the SEA loader does not
// strip, is blanked.
const main = path.join(work, 'main.cjs');
const { readFileSync, readdirSync } = await import('node:fs');
writeFileSync(
  main,
  readFileSync(path.join(dist, 'bosun-cli.cjs'), 'utf8').replace(/^#!.*\n/, '\n'),
);

const assets = { 'bosun.cjs': bundle };
for (const f of readdirSync(dist))
  if (/^bosun\.cjs\.([a-z]+\.)?cache$/.test(f)) assets[f] = path.join(dist, f);
if (existsSync(addon)) assets['bosun_native.node'] = addon;
else
  process.stderr.write(
    'build-sea: warning: dist/bosun_native.node missing, the binary will not reap orphans\n',
  );
const blob = path.join(work, 'sea.blob');
const config = path.join(work, 'sea-config.json');
writeFileSync(
  config,
  JSON.stringify(
    { main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, assets },
    null,
    2,
  ),
);
run(process.execPath, ['--experimental-sea-config', config]);

rmSync(out, { force: true });
copyFileSync(process.execPath, out);
chmodSync(out, 0o755);
const postject = path.join(root, 'node_modules/postject/dist/cli.js');
run(
  process.execPath,
  [
    postject,
    out,
    'NODE_SEA_BLOB',
    blob,
    '--sentinel-fuse',
    'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
  ],
  /^warning: Can't find string offset for section name '\.note/,
);
// The executable runs: a broken injection fails the build here rather than in an image.
run(out, ['--version']);
rmSync(work, { recursive: true, force: true });
process.stdout.write(`build-sea: ${path.relative(root, out)}\n`);
