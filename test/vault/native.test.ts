// The native vault body decoder (native/addon/vaultdecode.c) against the JavaScript one: on
// every layout and corruption either the same three fields or null (then the JavaScript decoder
// runs and explains the error). Bodies are large enough for the SIMD path and its two threads.
// Then the native opener (vaultopen.c) against decryptParts: passwords, tampering, padding.
import assert from 'node:assert/strict';
import { createCipheriv, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { loadNative } from '../../src/native/addon.js';
import { decryptParts } from '../../src/vault/format.js';
import { decodeBodyPortable } from '../../src/vault/hex.js';
import { decryptWith, encrypt } from '../../src/vault/index.js';

const native = loadNative();
const secret = { id: 'default', password: 'native decode' };

/** The hex body (one line) of a fresh vault of `size` plaintext bytes. */
function bodyHex(size: number): string {
  const text = encrypt(randomBytes(size), secret);
  return text.slice(text.indexOf('\n') + 1).replace(/\n/g, '');
}

function wrap(hex: string, width: number, eol = '\n', finalEol = true): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += width) lines.push(hex.slice(i, i + width));
  return Buffer.from(lines.join(eol) + (finalEol ? eol : ''), 'latin1');
}

function portable(body: Buffer): ReturnType<typeof decodeBodyPortable> | Error {
  try {
    return decodeBodyPortable(body);
  } catch (err) {
    return err as Error;
  }
}

/** Native result must be the portable one, or null; returns whether native decoded it. */
function agree(body: Buffer, what: string): boolean {
  const js = portable(body);
  const fields = native!.vaultDecode(body, 0);
  if (js instanceof Error) {
    assert.equal(
      fields,
      null,
      `${what}: native accepted what the JS decoder refuses (${js.message})`,
    );
    return false;
  }
  if (fields === null) return false;
  assert.ok(fields[0].equals(js.salt), `${what}: salt`);
  assert.ok(fields[1].equals(js.hmac), `${what}: hmac`);
  assert.ok(fields[2].equals(js.ciphertext), `${what}: cipher text`);
  return true;
}

describe('native vault body decoder', () => {
  it('is built and loaded (CI builds the addon)', () => {
    assert.equal(typeof native?.vaultDecode, 'function');
  });

  it('decodes regular layouts on the fast path, any multiple-of-4 width, last line with or without newline', () => {
    const hex = bodyHex(1536 * 1024 + 7);
    for (const width of [80, 64, 4, 76, 120, 1 << 22]) {
      for (const finalEol of [true, false])
        assert.ok(
          agree(wrap(hex, width, '\n', finalEol), `width ${width}`),
          `width ${width} not on the native path`,
        );
    }
    assert.ok(agree(wrap(hex.toUpperCase(), 80), 'upper case'));
    assert.ok(
      agree(
        Buffer.concat([Buffer.from('$ANSIBLE_VAULT;1.1;AES256\n'), wrap(hex, 80)]).subarray(26),
        'offset view',
      ),
    );
  });

  it('agrees on irregular layouts (odd widths, CRLF, blanks, short lines)', () => {
    const hex = bodyHex(400 * 1024);
    for (const width of [78, 82, 2, 6]) agree(wrap(hex, width), `width ${width}`);
    agree(wrap(hex, 80, '\r\n'), 'CRLF');
    agree(wrap(hex, 80, '  \n'), 'trailing blanks');
    const lines = wrap(hex, 80).toString('latin1').split('\n');
    lines[5] = lines[5]!.slice(0, 40);
    agree(Buffer.from(lines.join('\n'), 'latin1'), 'one short line');
    lines.splice(5, 1);
    agree(Buffer.from(lines.join('\n\n'), 'latin1'), 'blank lines');
  });

  it('refuses every corruption the JS decoder refuses (random positions, seeded)', () => {
    const good = wrap(bodyHex(1100 * 1024), 80);
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const positions = [0, 1, 2, 3, 130, 131, 259, 260, 261, good.length - 2, good.length - 1];
    for (let i = 0; i < 60; i++) positions.push(rand(good.length));
    const bytes = ['g', 'G', ':', '/', '\n', ' ', '\x00', '\xff', '0', 'a', 'A'];
    let refused = 0;
    for (const pos of positions) {
      for (const ch of [bytes[rand(bytes.length)]!, bytes[rand(bytes.length)]!]) {
        const bad = Buffer.from(good);
        bad[pos] = ch.charCodeAt(0);
        if (!agree(bad, `byte ${JSON.stringify(ch)} at ${pos}`)) refused++;
      }
      const cut = Buffer.concat([good.subarray(0, pos), good.subarray(pos + 1)]);
      agree(cut, `byte removed at ${pos}`);
    }
    assert.ok(refused > 20, 'the corruptions reached the refusal paths');
  });

  it('decrypts a large vault from its file bytes and from text alike', () => {
    const plain = randomBytes(3 * 1024 * 1024);
    const text = encrypt(plain, secret);
    assert.ok(decryptWith(Buffer.from(text), [secret]).plaintext.equals(plain));
    assert.ok(decryptWith(text, [secret]).plaintext.equals(plain));
    // A non-ASCII character is not hex, whatever its low byte (U+0130 would be '0' in latin1).
    const bad = text.slice(0, 100) + '\u0130' + text.slice(101);
    assert.throws(() => decryptWith(bad, [secret]), /non-hex|format/);
  });
});

describe('native vault opener', () => {
  const pw = (p: string): Buffer => Buffer.from(p, 'utf8');
  const plain = randomBytes(1200 * 1024 + 3);
  const vault = Buffer.from(encrypt(plain, secret));
  const start = vault.indexOf(10) + 1;

  it('opens with the right password wherever it is in the list, as decryptParts does', () => {
    assert.equal(typeof native?.vaultOpen, 'function');
    const parts = decodeBodyPortable(vault.subarray(start));
    const expected = decryptParts(parts, pw(secret.password))!;
    for (const list of [
      [secret.password],
      ['wrong', 'also wrong', secret.password],
      ['', secret.password, 'x'],
    ]) {
      const r = native!.vaultOpen(vault, start, list.map(pw));
      assert.ok(Array.isArray(r), `opened with ${list.length} passwords`);
      assert.equal(r[0], list.indexOf(secret.password));
      assert.ok(r[1].subarray(0, r[2]).equals(expected));
      assert.ok(expected.equals(plain));
    }
  });

  it('refuses wrong passwords and tampered cipher text (-1), irregular bodies and no passwords (null)', () => {
    assert.equal(native!.vaultOpen(vault, start, [pw('nope'), pw('no')]), -1);
    const tampered = Buffer.from(vault);
    // The second digit of an outer pair "3d" (inner digit d): d+1 is still hex, only the HMAC can tell.
    let pos = tampered.length - 1000;
    const column = (i: number): number => i - (tampered.lastIndexOf(10, i) + 1);
    while (!(
      column(pos) % 2 === 1 &&
      tampered[pos - 1] === 0x33 &&
      tampered[pos]! >= 0x30 &&
      tampered[pos]! <= 0x38
    ))
      pos++;
    tampered[pos]! += 1;
    assert.equal(
      decryptParts(decodeBodyPortable(tampered.subarray(start)), pw(secret.password)),
      null,
    );
    assert.equal(native!.vaultOpen(tampered, start, [pw(secret.password)]), -1);
    const notHex = Buffer.from(vault);
    notHex[pos] = 0x67;
    assert.equal(native!.vaultOpen(notHex, start, [pw(secret.password)]), null);
    assert.equal(
      native!.vaultOpen(wrap(vault.subarray(start).toString('latin1').replace(/\n/g, ''), 78), 0, [
        pw(secret.password),
      ]),
      null,
    );
    assert.equal(native!.vaultOpen(vault, start, []), null);
    assert.throws(
      () => decryptWith(vault, [{ id: 'prod', password: 'nope' }]),
      /no password opens it \(vault-ids tried: prod\)/,
    );
  });

  it('checks the padding after the HMAC, as decryptParts does', () => {
    // A body with a valid HMAC over cipher text whose plaintext padding is invalid.
    const salt = randomBytes(32);
    const k = pbkdf2Sync(secret.password, salt, 10000, 80, 'sha256');
    for (const padded of [
      Buffer.concat([randomBytes(400 * 1024), Buffer.from([0])]),
      Buffer.concat([randomBytes(400 * 1024), Buffer.alloc(15, 7), Buffer.from([17])]),
    ]) {
      const c = createCipheriv('aes-256-ctr', k.subarray(0, 32), k.subarray(64));
      const ct = Buffer.concat([c.update(padded), c.final()]);
      const mac = createHmac('sha256', k.subarray(32, 64)).update(ct).digest();
      const inner = `${salt.toString('hex')}\n${mac.toString('hex')}\n${ct.toString('hex')}`;
      const body = wrap(Buffer.from(inner, 'latin1').toString('hex'), 80);
      assert.equal(decryptParts(decodeBodyPortable(body), pw(secret.password)), null);
      assert.equal(native!.vaultOpen(body, 0, [pw(secret.password)]), -1);
    }
  });
});
