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
