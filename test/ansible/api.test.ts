/** The Templar seam as play/ and modules/ use it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createTemplar } from '../../src/ansible/templar-impl.js';
import { fromJs, type PyValue } from '../../src/py/values.js';
import { pyRepr } from '../../src/py/repr.js';
import { TemplateError } from '../../src/jinja/errors.js';
import { tempDir } from '../helpers/tmp.js';

const vars = fromJs({
  port: 80,
  name: 'web',
  items: [1, 2],
  loop1: '{{ loop2 }}',
  loop2: '{{ loop1 }}',
  ref: '{{ items }}',
}) as Map<string, PyValue>;
const t = createTemplar();

test('templates nested values, keeping native types of single expressions', () => {
  const v = t.template(
    fromJs({
      a: '{{ port }}',
      b: ['{{ name }}-x', '{{ items }}'],
      c: 5,
      d: { e: '{{ ref | length }}' },
    }),
    vars,
  );
  assert.equal(pyRepr(v), "{'a': 80, 'b': ['web-x', [1, 2]], 'c': 5, 'd': {'e': '2'}}");
});

test('isTemplate / evaluateConditional', () => {
  assert.equal(t.isTemplate('{{ x }}'), true);
  assert.equal(t.isTemplate('plain {'), false);
  assert.equal(t.isTemplate(fromJs({ k: ['a', '{% if x %}{% endif %}'] })), true);
  assert.equal(t.evaluateConditional(true, vars), true);
  assert.equal(t.evaluateConditional('port == 80 and name is string', vars), true);
  assert.equal(t.evaluateConditional('items | length > 5', vars), false);
});

test('self-referencing variables fail instead of looping', () => {
  assert.throws(() => t.template('{{ loop1 }}', vars), /recursive loop/);
});

test('failOnUndefined false returns the data untemplated; file/line are attached to errors', () => {
  assert.equal(t.template('{{ nope }}', vars, { failOnUndefined: false }), '{{ nope }}');
  assert.throws(
    () => t.template('{{ nope }}', vars, { file: 'roles/x/tasks/main.yml', line: 7 }),
    (e: unknown) =>
      e instanceof TemplateError &&
      e.file === 'roles/x/tasks/main.yml' &&
      e.line === 7 &&
      /'nope' is undefined/.test(e.message),
  );
});

test('renderFile: includes from the template directory, template vars, trailing newline kept (trim_blocks after include as Jinja2)', () => {
  const dir = tempDir('bosun-templar-');
  mkdirSync(path.join(dir, 'templates'));
  writeFileSync(path.join(dir, 'templates', 'part.j2'), 'part {{ port }}\n');
  writeFileSync(
    path.join(dir, 'main.j2'),
    '# {{ ansible_managed }}\n{% include "part.j2" %}\n{{ template_path | basename }}\n\n',
  );
  assert.equal(
    t.renderFile(path.join(dir, 'main.j2'), vars),
    '# Ansible managed\npart 80main.j2\n\n',
  );
});

test('inline !vault values stay lazy: `is vault_encrypted` is true, use decrypts', async () => {
  const { Lazy } = await import('../../src/py/values.js');
  const v = new Map<string, PyValue>([
    ['s', new Lazy(() => 'decrypted', '!vault value at x.yml:1')],
    ['p', 'plain'],
  ]);
  assert.equal(t.template('{{ s is vault_encrypted }}', v), true);
  assert.equal(t.template('{{ p is vault_encrypted }}', v), false);
  assert.equal(t.template('{{ s | upper }}-{{ p }}', v), 'DECRYPTED-plain');
});
