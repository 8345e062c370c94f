/**
 * The ansible-vault envelope and the VaultAES256 cipher, byte-compatible with Ansible:
 *   `$ANSIBLE_VAULT;1.1;AES256` or `$ANSIBLE_VAULT;1.2;AES256;<label>`, then 80-column lines of
 *   hexlify(hexlify(salt) "\n" hexlify(hmac) "\n" hexlify(ciphertext)).
 * Keys: PBKDF2-HMAC-SHA256(password, salt, 10000) → 80 bytes = AES key | HMAC key | CTR IV.
 * Everything is synchronous: the YAML loader decrypts inline values lazily inside getters.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  pbkdf2,
  pbkdf2Sync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { VaultError } from './errors.js';
import { bodyBytes, decodeBody, type BodyFields } from './hex.js';

const VAULT_HEADER = '$ANSIBLE_VAULT';
const ITERATIONS = 10000;
const KEY_LEN = 32;
const IV_LEN = 16;

export interface Envelope {
  version: string;
  cipher: string;
  /** Label from a 1.2 header, undefined for 1.1 (Ansible's 'default'). */
  vaultId?: string;
  /** The whole vault (text, or a file's bytes) and where its body (after the header line) starts. */
  text: string | Uint8Array;
  bodyStart: number;
}

/** True when `text` starts with the vault header (Ansible's is_encrypted, leading whitespace allowed). */
export function isEncrypted(text: string | Uint8Array): boolean {
  const head =
    typeof text === 'string' ? text.slice(0, 64) : asBuffer(text).toString('latin1', 0, 64);
  return head.trimStart().startsWith(VAULT_HEADER + ';');
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Parse the header line; the body is decoded later by {@link splitBody} without copies. */
export function parseEnvelope(text: string | Uint8Array, file?: string): Envelope {
  // Offsets are in the units of `text`: characters of a string, bytes of a file's content.
  let first = 0;
  while (
    first < text.length &&
    isSpace(typeof text === 'string' ? text.charCodeAt(first) : text[first]!)
  )
    first++;
  let nl = typeof text === 'string' ? text.indexOf('\n', first) : asBuffer(text).indexOf(10, first);
  if (nl < 0) nl = text.length;
  const line =
    typeof text === 'string' ? text.slice(first, nl) : asBuffer(text).toString('utf8', first, nl);
  const parts = line
    .trim()
    .split(';')
    .map((p) => p.trim());
  if (parts[0] !== VAULT_HEADER || parts.length < 3) {
    throw new VaultError('vault-format', 'not a vault file: invalid vault header', {
      file,
      line: 1,
    });
  }
  const [, version = '', cipher = ''] = parts;
  if (version !== '1.1' && version !== '1.2' && version !== '1.0') {
    throw new VaultError(
      'vault-format',
      `unsupported vault format version ${JSON.stringify(version)}`,
      { file, line: 1 },
    );
  }
  if (cipher !== 'AES256') {
    throw new VaultError(
      'vault-format',
      `unsupported vault cipher ${JSON.stringify(cipher)} (only AES256)`,
      { file, line: 1 },
    );
  }
  const vaultId = version === '1.2' && parts[3] ? parts[3] : undefined;
  return { version, cipher, vaultId, text, bodyStart: nl + 1 };
}

type Parts = BodyFields;

/** The envelope's body as bytes, converted once for every decoder that reads it. */
export function envelopeBody(env: Envelope): Uint8Array {
  return bodyBytes(env.text, env.bodyStart);
}

/** Decode the double-hex body into salt, HMAC and ciphertext. */
export function splitBody(body: Uint8Array, file?: string): Parts {
  return decodeBody(body, file);
}

/** Keys derived ahead of need (deriveKeysAhead), by salt; dropped once that salt is decrypted. */
const derivedAhead = new Map<string, Array<{ password: Buffer; derived: Buffer }>>();

/**
 * Derive the keys for `password` and `salt` in the thread pool, for a later decryption to use:
 * PBKDF2 (~12 ms) then overlaps with whatever the main thread does meanwhile, and several
 * files' derivations run in parallel. Never rejects: a failure leaves the work to deriveKeys.
 */
export function deriveKeysAhead(password: Buffer, salt: Buffer): Promise<void> {
  return new Promise((resolve) => {
    pbkdf2(password, salt, ITERATIONS, 2 * KEY_LEN + IV_LEN, 'sha256', (err, derived) => {
      if (!err) {
        const key = salt.toString('hex');
        derivedAhead.set(key, [
          ...(derivedAhead.get(key) ?? []),
          { password: Buffer.from(password), derived },
        ]);
      }
      resolve();
    });
  });
}

/** How many derived keys wait for their decryption (diagnostics and tests). */
export function keysDerivedAhead(): number {
  let n = 0;
  for (const list of derivedAhead.values()) n += list.length;
  return n;
}

/** The keys derived ahead for this password and salt; every other entry for the salt is wiped. */
function takeDerivedAhead(password: Buffer, salt: Buffer): Buffer | undefined {
  const key = salt.toString('hex');
  const list = derivedAhead.get(key);
  if (!list) return undefined;
  derivedAhead.delete(key);
  let found: Buffer | undefined;
  for (const e of list) {
    if (!found && e.password.equals(password)) found = e.derived;
    else e.derived.fill(0);
    e.password.fill(0);
  }
  return found;
}

function deriveKeys(password: Buffer, salt: Buffer): { key: Buffer; hmacKey: Buffer; iv: Buffer } {
  const derived =
    takeDerivedAhead(password, salt) ??
    pbkdf2Sync(password, salt, ITERATIONS, 2 * KEY_LEN + IV_LEN, 'sha256');
  return {
    key: derived.subarray(0, KEY_LEN),
    hmacKey: derived.subarray(KEY_LEN, 2 * KEY_LEN),
    iv: derived.subarray(2 * KEY_LEN),
  };
}

/**
 * Decrypt parsed parts with one password. Returns null when the HMAC does not match (wrong
 * password or tampered body: indistinguishable, as in Ansible); the HMAC is checked in constant
 * time before any decryption.
 */
export function decryptParts(parts: Parts, password: Buffer): Buffer | null {
  const { key, hmacKey, iv } = deriveKeys(password, parts.salt);
  const mac = createHmac('sha256', hmacKey).update(parts.ciphertext).digest();
  if (!timingSafeEqual(mac, parts.hmac)) return null;
  const decipher = createDecipheriv('aes-256-ctr', key, iv);
  // CTR is a stream mode: final() adds nothing, so the 10 MiB concat copy is skipped.
  const head = decipher.update(parts.ciphertext);
  const tail = decipher.final();
  const padded = tail.length ? Buffer.concat([head, tail]) : head;
  const pad = padded.length > 0 ? padded[padded.length - 1]! : 0;
  if (pad < 1 || pad > 16 || pad > padded.length) return null;
  for (let i = padded.length - pad; i < padded.length; i++) if (padded[i] !== pad) return null;
  return padded.subarray(0, padded.length - pad);
}

/** Encrypt `plaintext` with `password`; `label` other than 'default' gives a 1.2 header. */
export function encryptBytes(
  plaintext: Uint8Array,
  password: Buffer,
  label?: string,
  salt: Buffer = randomBytes(32),
): string {
  const { key, hmacKey, iv } = deriveKeys(password, salt);
  const pad = 16 - (plaintext.length % 16);
  const padded = Buffer.concat([plaintext, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-ctr', key, iv);
  const ciphertext = Buffer.concat([cipher.update(padded), cipher.final()]);
  const mac = createHmac('sha256', hmacKey).update(ciphertext).digest();
  const inner = `${salt.toString('hex')}\n${mac.toString('hex')}\n${ciphertext.toString('hex')}`;
  const body = Buffer.from(inner, 'latin1').toString('hex');
  const header =
    label && label !== 'default'
      ? `${VAULT_HEADER};1.2;AES256;${label}`
      : `${VAULT_HEADER};1.1;AES256`;
  const lines = [header];
  for (let i = 0; i < body.length; i += 80) lines.push(body.slice(i, i + 80));
  lines.push('');
  return lines.join('\n');
}
