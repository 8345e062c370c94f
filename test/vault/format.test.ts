// Format properties (fast-check): round trips, tampering detection, and both directions against
// Ansible's VaultLib on random content, passwords and labels (one Python process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { ROOT } from '../helpers/cli.js';
import {
  decryptWith,
  encrypt,
  isEncrypted,
  parseEnvelope,
  VaultError,
} from '../../src/vault/index.js';

const password = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 24 })
  .filter((s) => s.trim().length > 0);
const label = fc.constantFrom('default', 'dev', 'prod', 'my_label-1');
const content = fc.uint8Array({ maxLength: 600 });

test('round trip: encrypt then decrypt gives the bytes back, header per label', () => {
  fc.assert(
    fc.property(content, password, label, (bytes, pw, id) => {
      const text = encrypt(bytes, { id, password: pw });
      assert.ok(isEncrypted(text));
      const env = parseEnvelope(text);
      assert.equal(env.version, id === 'default' ? '1.1' : '1.2');
      assert.ok(
        text
          .split('\n')
          .slice(1, -1)
          .every((l) => l.length <= 80),
        '80-column body',
      );
      const r = decryptWith(text, [
        { id: 'x', password: pw + 'x' },
        { id, password: pw },
      ]);
      assert.ok(Buffer.from(bytes).equals(r.plaintext));
    }),
    { numRuns: 40 },
  );
});

test('flipping any body character is detected (HMAC or format error), never wrong plaintext', () => {
  const text = encrypt('tamper me', { id: 'default', password: 'pw' });
  const [header, ...lines] = text.split('\n');
  const bodyChars = lines.join('\n');
  const positions = [...bodyChars]
    .map((c, i) => (/[0-9a-f]/.test(c) ? i : -1))
    .filter((i) => i >= 0);
  fc.assert(
    fc.property(fc.constantFrom(...positions), fc.constantFrom(...'0123456789abcdef'), (i, c) => {
      fc.pre(bodyChars[i] !== c);
      const flipped = `${bodyChars.slice(0, i)}${c}${bodyChars.slice(i + 1)}`;
      // 'f' (0x66) → 'F' (0x46) in the inner hex is the same byte for any unhexlify (Ansible's too).
      const inner = (b: string): string =>
        Buffer.from(b.replace(/\n/g, ''), 'hex').toString('latin1').toLowerCase();
      fc.pre(inner(flipped) !== inner(bodyChars));
      const tampered = `${header}\n${flipped}`;
      assert.throws(
        () => decryptWith(tampered, [{ id: 'default', password: 'pw' }]),
        (e: unknown) => e instanceof VaultError,
      );
    }),
    { numRuns: 150 },
  );
});

test("random cases both ways against Ansible's VaultLib", () => {
  const cases = fc.sample(fc.record({ bytes: content, pw: password, id: label }), 40);
  const ours = cases.map((c) => encrypt(c.bytes, { id: c.id, password: c.pw }));
  const r = spawnSync('/usr/bin/python3', [path.join(ROOT, 'test/vault/vaultlib-oracle.py')], {
    encoding: 'utf8',
    input: JSON.stringify({
      decrypt: cases.map((c, i) => ({ id: c.id, password: c.pw, text: ours[i] })),
      encrypt: cases.map((c) => ({
        id: c.id,
        password: c.pw,
        plain: Buffer.from(c.bytes).toString('base64'),
      })),
    }),
  });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { decrypted: string[]; encrypted: string[] };
  cases.forEach((c, i) => {
    assert.equal(
      out.decrypted[i],
      Buffer.from(c.bytes).toString('base64'),
      `Ansible decrypts bosun case ${i}`,
    );
    const theirs = out.encrypted[i]!;
    assert.equal(theirs.split('\n')[0], ours[i]!.split('\n')[0], 'same header');
    assert.ok(
      decryptWith(theirs, [{ id: c.id, password: c.pw }]).plaintext.equals(Buffer.from(c.bytes)),
      `bosun decrypts Ansible case ${i}`,
    );
  });
});
