/**
 * ansible_managed with strftime directives: Ansible 2.14 formats {host}/{uid}/{file}, then
 * applies time.strftime over the template file's mtime (local time). Compared with Ansible's own
 * generate_ansible_template_vars at test time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from '../../src/process/run.js';
import { createTemplar } from '../../src/ansible/templar-impl.js';
import { tempDir } from '../helpers/tmp.js';

const MANAGED = [
  'Ansible managed: {file} modified on %Y-%m-%d %H:%M:%S by {uid} on {host}',
  '%a %b %d %j %I%p %y %%',
  'plain text, no directives',
];

async function oracle(managed: string, file: string): Promise<string> {
  const py = `import sys, ansible.constants as C
from ansible.template import generate_ansible_template_vars
C.DEFAULT_MANAGED_STR = sys.argv[1]
sys.stdout.write(generate_ansible_template_vars(sys.argv[2], sys.argv[2])['ansible_managed'])`;
  const r = await run('/usr/bin/python3', ['-c', py, managed, file], { timeoutMs: 60_000 });
  return r.stdout.toString('utf8');
}

test('ansible_managed applies strftime to the template mtime as Ansible does', async () => {
  const dir = tempDir('bosun-managed-');
  const file = path.join(dir, 'm.j2');
  writeFileSync(file, '{{ ansible_managed }}');
  const when = new Date('2021-03-04T05:06:07Z');
  utimesSync(file, when, when);
  for (const managed of MANAGED) {
    const got = createTemplar({ managedString: managed }).renderFile(file, new Map());
    assert.equal(got, await oracle(managed, file), managed);
  }
  assert.equal(createTemplar({ managedString: '%Y' }).renderFile(file, new Map()), '2021');
});
