// Signatures are parsed on first call (start-up time): this checks every one declared by the
// engine and Ansible's layer still parses, as the eager parsing at start-up used to.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createAnsibleEnvironment } from '../../src/ansible/environment.js';
import { PyFunction } from '../../src/py/callable.js';

it('every filter, test and global of the Ansible environment has a parseable signature', () => {
  const env = createAnsibleEnvironment();
  let checked = 0;
  for (const registry of [env.filters, env.tests, env.globals]) {
    for (const [name, fn] of registry) {
      if (!(fn instanceof PyFunction)) continue;
      assert.doesNotThrow(() => fn.signature, `${name}`);
      assert.ok(Array.isArray(fn.signature.params), name);
      checked++;
    }
  }
  assert.ok(checked > 150, `only ${checked} callables found`);
});
