import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Logger } from '../../src/log/logger.js';
import { addSecret, clearSecrets, maskSecrets } from '../../src/log/secrets.js';

function capture(): { sink: { write(s: string): void }; text: () => string } {
  const chunks: string[] = [];
  return { sink: { write: (s: string) => void chunks.push(s) }, text: () => chunks.join('') };
}

beforeEach(() => clearSecrets());

test('registered secrets are masked in text and JSON logs', () => {
  addSecret('hunter2-password');
  const out = capture();
  new Logger({ sink: out.sink }).info('using hunter2-password now');
  new Logger({ sink: out.sink, format: 'json' }).warn('x', { detail: 'pw=hunter2-password' });
  assert.doesNotMatch(out.text(), /hunter2/);
  assert.match(out.text(), /using \*{8} now/);
  const event = JSON.parse(out.text().split('\n')[1]!) as Record<string, unknown>;
  assert.equal(event.level, 'warn');
  assert.equal(event.detail, 'pw=********');
});

test('the longest secret wins when secrets overlap; tiny strings are not secrets', () => {
  addSecret('abc');
  addSecret('abcdef');
  addSecret('x');
  assert.equal(maskSecrets('abcdef abc x'), '******** ******** x');
});

test('levels filter messages', () => {
  const out = capture();
  const log = new Logger({ sink: out.sink, level: 'warn' });
  log.info('hidden');
  log.error('shown');
  assert.equal(out.text(), 'ERROR: shown\n');
});
