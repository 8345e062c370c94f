// Every temp file bosun creates: unpredictable name, exclusive create, never through a symlink,
// owner-only until renamed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  lstatSync,
  openSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {
  createPrivateDir,
  createTempFile,
  randomTempName,
  TEMP_FLAGS,
} from '../../src/fs/tempfile.js';
import { writeFileAtomic } from '../../src/fs/atomic.js';
import { tempDir } from '../helpers/tmp.js';

test('names carry 128 random bits', () => {
  const a = randomTempName('.x-');
  assert.match(a, /^\.x-[0-9a-f]{32}$/);
  assert.notEqual(a, randomTempName('.x-'));
});

test('temp files are 0600, exclusive and never written through a symlink', () => {
  const dir = tempDir();
  const t = createTempFile(dir, { data: 'secret' });
  assert.equal(statSync(t.path).mode & 0o777, 0o600);
  assert.equal(readFileSync(t.path, 'utf8'), 'secret');
  // O_EXCL|O_NOFOLLOW: an existing name (even a planted link) is an error, never followed.
  const victim = path.join(dir, 'victim');
  writeFileSync(victim, 'keep');
  const link = path.join(dir, 'planted');
  symlinkSync(victim, link);
  assert.throws(() => openSync(link, TEMP_FLAGS, 0o600), /EEXIST|ELOOP/);
  assert.equal(readFileSync(victim, 'utf8'), 'keep');
});

test('private dirs are 0700 with a random name', () => {
  const dir = tempDir();
  const p = createPrivateDir(dir, 'bosun-x-');
  assert.match(path.basename(p), /^bosun-x-[0-9a-f]{32}$/);
  assert.equal(statSync(p).mode & 0o777, 0o700);
});

test('writeFileAtomic: random exclusive temp, a planted link at the target is replaced, not followed', async () => {
  const dir = tempDir();
  const victim = path.join(dir, 'victim');
  writeFileSync(victim, 'keep');
  const target = path.join(dir, 'out');
  symlinkSync(victim, target);
  await writeFileAtomic(target, 'new');
  assert.equal(readFileSync(victim, 'utf8'), 'keep');
  assert.ok(lstatSync(target).isFile());
  assert.deepEqual(readdirSync(dir).sort(), ['out', 'victim']);
});
