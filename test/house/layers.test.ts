// The layer table of docs/CONVENTIONS.md as code: every relative import in src/ is read and an
// import from a higher layer (or a sideways one the table does not allow) fails with its file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/cli.js';

const FOUNDATION = ['errors', 'log', 'process', 'fs', 'native'];

/** The engine below Ansible's layer: each imports only what the table says. */
const ENGINE = [...FOUNDATION, 'py', 'yaml', 'vault', 'jinja'];
/** From `ansible` up, each area may import the engine and every area before it here. */
const UPPER = ['ansible', 'vars', 'modules', 'play', 'boot', 'build', 'project', 'cli'];

/** What each area may import besides itself. `supervise` stands on the foundation alone. */
const ALLOWED: Record<string, readonly string[]> = {
  errors: [],
  log: ['errors'],
  fs: ['errors'],
  native: ['errors'],
  process: ['errors', 'log', 'native'],
  py: FOUNDATION,
  yaml: [...FOUNDATION, 'py'],
  vault: [...FOUNDATION, 'py', 'yaml'],
  jinja: [...FOUNDATION, 'py'],
  supervise: FOUNDATION,
  ...Object.fromEntries(
    UPPER.map((area, i) => [
      area,
      // modules and above may drive the supervisor (the systemd module, boot).
      [...ENGINE, ...UPPER.slice(0, i), ...(i >= UPPER.indexOf('modules') ? ['supervise'] : [])],
    ]),
  ),
};

const SRC = path.join(ROOT, 'src');
const IMPORT =
  /(?:^|\s)(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The area of a path under src/: its top folder, or a top-level file's name without `.ts`/`.js`. */
function areaOf(file: string): string {
  const [first = '', ...rest] = path.relative(SRC, file).split(path.sep);
  return rest.length ? first : first.replace(/\.(ts|js)$/, '');
}

test('every import in src/ follows the layer table', () => {
  const violations: string[] = [];
  const files = sourceFiles(SRC);
  assert.ok(files.length > 100, 'the scan found the sources');
  for (const file of files) {
    const from = areaOf(file);
    const allowed = ALLOWED[from];
    if (!allowed) {
      violations.push(`${path.relative(ROOT, file)}: area '${from}' is not in the layer table`);
      continue;
    }
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? '';
      if (!spec.startsWith('.')) continue;
      const to = areaOf(path.resolve(path.dirname(file), spec));
      if (to !== from && !allowed.includes(to))
        violations.push(`${path.relative(ROOT, file)}: imports ${spec} (${from} → ${to})`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the layer check sees an upward import', () => {
  // The scan itself: an import written as the sources write them is recognised and classified.
  const line = "import { implicitKind } from '../vars/yaml-scalars.js';";
  const spec = [...line.matchAll(IMPORT)].map((m) => m[1] ?? m[2])[0];
  assert.equal(spec, '../vars/yaml-scalars.js');
  const to = areaOf(path.resolve(SRC, 'vault', spec));
  assert.equal(to, 'vars');
  assert.equal(ALLOWED.vault?.includes(to), false);
});
