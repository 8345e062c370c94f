/** Module argument validation (argument_spec rules) and command-line splitting. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateArgs, ArgError } from '../../src/modules/spec.js';
import { shlexSplit } from '../../src/modules/command.js';
import { getModule, moduleNames } from '../../src/modules/registry.js';
import { canonicalAction } from '../../src/play/actions.js';
import type { PyValue } from '../../src/py/values.js';

const args = (o: Record<string, PyValue>): Map<string, PyValue> => new Map(Object.entries(o));

test('unknown arguments are errors naming them', () => {
  const spec = getModule('copy')!.spec;
  assert.throws(
    () => validateArgs('copy', spec, args({ dest: '/x', bogus: 1, other: 2 })),
    (e: Error) =>
      e instanceof ArgError &&
      /Unsupported parameters for \(copy\) module: bogus, other/.test(e.message),
  );
});

test('aliases, defaults, bool/int/list conversion, choices, required, omit', () => {
  const spec = getModule('file')!.spec;
  const v = validateArgs(
    'file',
    spec,
    args({ name: '/tmp/x', state: 'directory', recurse: 'yes' }),
  );
  assert.equal(v.path, '/tmp/x');
  assert.equal(v.recurse, true);
  assert.equal(v.force, false);
  assert.throws(
    () => validateArgs('file', spec, args({ path: '/x', state: 'bogus' })),
    /value of state must be one of/,
  );
  assert.throws(() => validateArgs('file', spec, args({})), /missing required arguments: path/);
  const omitted = validateArgs('file', spec, args({ path: '/x', mode: 'OMIT' }), 'OMIT');
  assert.equal(omitted.mode, undefined);
  const f = validateArgs('find', getModule('find')!.spec, args({ paths: '/a,/b' }));
  assert.deepEqual(f.paths, ['/a', '/b']);
});

test('names resolve under ansible.builtin and ansible.legacy', () => {
  assert.equal(canonicalAction('ansible.builtin.copy'), 'copy');
  assert.equal(canonicalAction('ansible.legacy.shell'), 'shell');
  assert.equal(canonicalAction('ansible.builtin.include_tasks'), 'include_tasks');
  assert.equal(canonicalAction('community.general.nope'), undefined);
  assert.ok(moduleNames().length >= 22);
});

test('shlex splitting as Python does', () => {
  assert.deepEqual(shlexSplit(`echo "a b" 'c d' e\\ f "x\\"y"`), [
    'echo',
    'a b',
    'c d',
    'e f',
    'x"y',
  ]);
  assert.throws(() => shlexSplit('echo "open'), /No closing quotation/);
});
