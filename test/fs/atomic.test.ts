import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../src/fs/atomic.js';
import { tempDir } from '../helpers/tmp.js';

test('writes new files and leaves no temp file behind', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'a.txt');
  await writeFileAtomic(target, 'hello');
  assert.equal(readFileSync(target, 'utf8'), 'hello');
  assert.deepEqual(readdirSync(dir), ['a.txt']);
});

test("preserves an existing file's mode unless one is given", async () => {
  const dir = tempDir();
  const target = path.join(dir, 'secret.yml');
  writeFileSync(target, 'old');
  chmodSync(target, 0o640);
  await writeFileAtomic(target, 'new');
  assert.equal(statSync(target).mode & 0o777, 0o640);
  await writeFileAtomic(target, 'newer', { mode: 0o600 });
  assert.equal(statSync(target).mode & 0o777, 0o600);
  assert.equal(readFileSync(target, 'utf8'), 'newer');
});

test('a failed write leaves the target untouched and no temp file', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'sub');
  mkdirSync(target); // renaming a file over a directory fails
  await assert.rejects(writeFileAtomic(target, 'x'));
  assert.deepEqual(readdirSync(dir), ['sub']);
});
