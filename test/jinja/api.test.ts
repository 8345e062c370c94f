/** The public API the ansible layer builds on: environment hooks, scopes, loaders, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  DictLoader,
  Environment,
  FileSystemLoader,
  Markup,
  PyFloat,
  TemplateNotFound,
  TemplateRuntimeError,
  TemplateSyntaxError,
  Undefined,
  UndefinedError,
  pyfunc,
  pyStr,
  type PyValue,
  type VarScope,
} from '../../src/jinja/index.js';
import { describeError } from '../../src/errors.js';
import { compiledFactories } from '../../src/jinja/template.js';
import { tempDir } from '../helpers/tmp.js';

const vars = (o: Record<string, PyValue>): Map<string, PyValue> => new Map(Object.entries(o));

test('fromString renders plain objects, Maps and VarScopes alike', () => {
  const env = new Environment();
  const t = env.fromString('{{ a }}-{{ b.c }}');
  assert.equal(t.render({ a: 1, b: { c: [1.5, 'x'] } }), "1-[1.5, 'x']");
  assert.equal(t.render(vars({ a: 'm', b: new Map([['c', 2]]) })), 'm-2');
  const layered: VarScope = {
    get: (n) => (n === 'a' ? 'scoped' : n === 'b' ? new Map([['c', true]]) : undefined),
    has: (n) => n === 'a' || n === 'b',
    keys: () => ['a', 'b'],
  };
  assert.equal(t.render(layered), 'scoped-True');
});

test('per-render globals sit below variables and above environment globals', () => {
  const env = new Environment();
  env.globals.set('g', 'env');
  const t = env.fromString('{{ g }} {{ h }} {{ lookup("x") }}');
  const globals = vars({
    h: 'render',
    g: 'render-g',
    lookup: pyfunc('name', (_c, n) => `looked:${pyStr(n)}`),
  });
  assert.equal(t.render({}, { globals }), 'render-g render looked:x');
  assert.equal(t.render({ g: 'var' }, { globals }), 'var render looked:x');
});

test('custom filters and tests: pyfunc with kwargs, plain JS functions', () => {
  const env = new Environment();
  env.filters.set(
    'wrap',
    pyfunc("value, left='[', right=']'", (_c, v, l, r) => `${pyStr(l)}${pyStr(v)}${pyStr(r)}`),
  );
  env.filters.set('double', (x: number) => x * 2);
  env.tests.set(
    'answer',
    pyfunc('value', (_c, v) => v === 42),
  );
  assert.equal(
    env.renderString('{{ 1|wrap }} {{ 1|wrap(right=")") }} {{ 21|double }} {{ 42 is answer }}'),
    '[1] [1) 42 True',
  );
});

test('compileExpression returns native values (when: conditions)', () => {
  const env = new Environment();
  const cond = env.compileExpression('x is defined and x > 1');
  assert.equal(cond(vars({ x: 2 })), true);
  assert.equal(cond(vars({})), false);
  const v = env.compileExpression('items | map("upper") | list')(vars({ items: ['a'] }));
  assert.deepEqual(v, ['A']);
  assert.equal(env.compileExpression('nope')(vars({})), null);
  assert.ok(
    env.compileExpression('nope', { undefinedToNone: false })(vars({})) instanceof Undefined,
  );
  assert.throws(() => env.compileExpression('x >'), TemplateSyntaxError);
});

test('native mode and the concat hook keep native types (Ansible)', () => {
  const concat = (parts: PyValue[]): PyValue =>
    parts.length === 1 ? parts[0]! : parts.map((p) => pyStr(p)).join('');
  const env = new Environment({ native: true, concat });
  assert.deepEqual(env.fromString('{{ [1, 2] }}').renderValue({}), [1, 2]);
  assert.equal(env.fromString('a{{ [1, 2] }}').renderValue({}), 'a[1, 2]');
  const f = env.fromString('{{ 1.0 }}').renderValue({});
  assert.ok(f instanceof PyFloat);
});

test('finalize and undefined factory hooks', () => {
  const env = new Environment({ finalize: (v) => (v === null ? '' : v) });
  assert.equal(env.renderString('[{{ none }}][{{ 1 }}]'), '[][1]');
  const made: string[] = [];
  const strict = new Environment({
    undefinedFactory: (name, hint) => {
      made.push(hint);
      return new Undefined(name, hint, 'strict');
    },
  });
  assert.throws(() => strict.renderString('{{ nope }}'), UndefinedError);
  assert.deepEqual(made, ["'nope' is undefined"]);
});

test('FileSystemLoader: search path order, include/extends, not found, no ..', () => {
  const dir = tempDir();
  const a = path.join(dir, 'a'),
    b = path.join(dir, 'b');
  mkdirSync(a);
  mkdirSync(b);
  writeFileSync(path.join(a, 'page.j2'), "{% extends 'base.j2' %}{% block x %}A{% endblock %}");
  writeFileSync(path.join(b, 'page.j2'), 'shadowed');
  writeFileSync(path.join(b, 'base.j2'), '<{% block x %}{% endblock %}>{% include "part.j2" %}');
  writeFileSync(path.join(b, 'part.j2'), '!');
  const env = new Environment({ loader: new FileSystemLoader([a, b]) });
  assert.equal(env.getTemplate('page.j2').render({}), '<A>!');
  assert.throws(() => env.getTemplate('missing.j2'), TemplateNotFound);
  assert.throws(() => env.getTemplate('../a/page.j2'), TemplateNotFound);
});

test('errors carry file:line:col and an excerpt, never variable values', () => {
  const env = new Environment({
    undefined: 'strict',
    loader: new DictLoader({ 'inc.j2': 'x\n  {{ password + 1 }}' }),
  });
  try {
    env
      .fromString('{% include "inc.j2" %}', { name: 'main.j2' })
      .render({ password: 'hunter2-secret' });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof TemplateRuntimeError);
    assert.equal(e.file, 'inc.j2');
    assert.equal(e.line, 2);
    assert.equal(e.column, 3);
    const text = describeError(e);
    assert.match(text, /^inc\.j2:2:3: can only concatenate str/);
    assert.doesNotMatch(text, /hunter2/);
  }
  try {
    env.fromString('ok\n{{ a b }}', { name: 't.j2' });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof TemplateSyntaxError);
    assert.equal(
      describeError(e),
      "t.j2:2:6: expected token 'variable end', got 'b'\n  2 | {{ a b }}\n           ^",
    );
  }
});

test('autoescape per template name and Markup', () => {
  const env = new Environment({ autoescape: (name) => name?.endsWith('.html') ?? false });
  assert.equal(env.fromString('{{ x }}', { name: 'a.html' }).render({ x: '<b>' }), '&lt;b&gt;');
  assert.equal(env.fromString('{{ x }}', { name: 'a.txt' }).render({ x: '<b>' }), '<b>');
  assert.equal(
    env.fromString('{{ x }}', { name: 'a.html' }).render(vars({ x: new Markup('<b>') })),
    '<b>',
  );
});

test('compile once, render many: templates are reusable and independent', () => {
  const env = new Environment();
  const t = env.fromString(
    '{% set n = namespace(c=0) %}{% for i in items %}{% set n.c = n.c + i %}{% endfor %}{{ n.c }}',
  );
  assert.equal(t.render({ items: [1, 2] }), '3');
  assert.equal(t.render({ items: [5] }), '5');
});

test("'strict-chainable' undefined (Ansible): attribute chains defer, use raises naming the first miss", () => {
  const env = new Environment({ undefined: 'strict-chainable' });
  assert.equal(env.renderString('{{ a.b.c is defined }} {{ a.b|default("d") }}'), 'False d');
  assert.throws(
    () => env.renderString('{{ a.b.c }}'),
    (e: unknown) => e instanceof UndefinedError && e.message === "'a' is undefined",
  );
  assert.throws(() => env.renderString('{% if a.b %}{% endif %}'), UndefinedError);
  assert.throws(() => env.renderString('{% for x in a %}{% endfor %}'), UndefinedError);
});

test('UnsafeText (YAML !unsafe) behaves as a str and passes through native renders untouched', async () => {
  const { UnsafeText } = await import('../../src/py/values.js');
  const u = new UnsafeText('{{ not templated }}');
  const env = new Environment();
  const v = vars({ u, d: new Map<PyValue, PyValue>([['k', u]]) });
  assert.equal(
    env.renderString(
      "{{ u }}|{{ u|upper }}|{{ u.split(' ')|length }}|{{ u is string }}|{{ u|length }}|{{ u ~ '!' }}|{{ u == '{{ not templated }}' }}|{{ [u] }}|{{ d|tojson }}|{{ '%s' % u }}|{{ 'not' in u }}",
      v,
    ),
    '{{ not templated }}|{{ NOT TEMPLATED }}|4|True|19|{{ not templated }}!|True|[\'{{ not templated }}\']|{"k": "{{ not templated }}"}|{{ not templated }}|True',
  );
  const native = new Environment({
    native: true,
    concat: (parts) => (parts.length === 1 ? parts[0]! : parts.map((p) => pyStr(p)).join('')),
  });
  assert.equal(native.fromString('{{ u }}').renderValue(v), u);
});

test('Lazy values (vault, templated vars) are computed on use, once', async () => {
  const { Lazy } = await import('../../src/py/values.js');
  let computed = 0;
  const lazy = new Lazy(() => {
    computed++;
    return new Map<PyValue, PyValue>([
      ['user', 'admin'],
      ['ports', [1, 2]],
    ]);
  });
  const env = new Environment();
  assert.equal(computed, 0);
  assert.equal(
    env.renderString(
      '{{ db.user }} {{ db.ports|sum }} {{ db is mapping }} {% for p in db.ports %}{{ p }}{% endfor %}',
      vars({ db: lazy }),
    ),
    'admin 3 True 12',
  );
  assert.equal(computed, 1);
  const native = new Environment({ native: true, concat: (parts) => parts[0]! });
  assert.ok(native.fromString('{{ db }}').renderValue(vars({ db: lazy })) instanceof Map);
});

test('fromString and compileExpression reuse compiled code for the same source', () => {
  const env = new Environment();
  const a = env.fromString('{{ x }}');
  assert.equal(env.fromString('{{ x }}'), a);
  assert.notEqual(env.fromString('{{ x }}', { name: 'other' }), a);
  env.clearCache();
  assert.notEqual(env.fromString('{{ x }}'), a);
  env.filters.set(
    'late',
    pyfunc('v', () => 'late'),
  );
  env.clearCache();
  assert.equal(env.renderString('{{ 1|late }}'), 'late');
});

test('templates that differ only in their text share one compiled function, each keeping its own text', () => {
  const env = new Environment();
  const before = compiledFactories();
  const texts = ['/etc/app/one.conf', '/srv/other', 'x"y\\z\nw', '\u2014'];
  const rendered = texts.map((t) => env.fromString(`{{ dir }}${t}`).render({ dir: 'D' }));
  assert.deepEqual(
    rendered,
    texts.map((t) => `D${t}`),
  );
  assert.equal(compiledFactories() - before, 1, 'one shape, one function');
  // Errors still name each template's own file and line (the shared function gets each one's info).
  const where = (name: string, text: string): string => {
    try {
      env.fromString(`${text}\n{{ 1 / 0 }}`, { name }).render();
    } catch (err) {
      return describeError(err as Parameters<typeof describeError>[0]).split('\n')[0]!;
    }
    return 'no error';
  };
  assert.match(where('a.j2', 'first'), /^a\.j2:2:.*division by zero/);
  assert.match(where('b.j2', 'second text'), /^b\.j2:2:.*division by zero/);
});
