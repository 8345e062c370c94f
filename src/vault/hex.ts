/**
 * Decoding of the vault body: hex of ("hexsalt\nhexhmac\nhexcipher"), wrapped at 80 columns.
 * Large bodies go to the native decoder (src/native, ~10x faster: a 10 MiB vault is 40 MiB of
 * hex). Otherwise, and for every irregular body (whose error it explains), line breaks are
 * squeezed out in place in one latin1 buffer (native indexOf/copyWithin), then both hex levels
 * are decoded by Buffer's hex decoder: ~1.4x faster than a one-pass JS decoder.
 */
import { loadNative } from '../native/addon.js';
import { VaultError } from './errors.js';

/** Below this body size the addon's load (~1 ms) costs more than it saves. */
export const NATIVE_MIN_BYTES = 256 * 1024;

/**
 * The body's bytes. Text is taken as Ansible does, as UTF-8 bytes: a non-ASCII character is then
 * never hex (in latin1, U+0130 would pass for '0').
 */
export function bodyBytes(input: string | Uint8Array, start: number): Uint8Array {
  return typeof input === 'string'
    ? Buffer.from(input.slice(start), 'utf8')
    : input.subarray(start);
}

export interface BodyFields {
  salt: Buffer;
  hmac: Buffer;
  ciphertext: Buffer;
}

function formatError(message: string, file?: string): VaultError {
  return new VaultError('vault-format', `vault format error: ${message}`, { file });
}

/** Strict hex decoding: Buffer.from stops silently at a bad pair, Ansible's unhexlify refuses. */
function unhex(buf: Buffer, start: number, end: number, what: string, file?: string): Buffer {
  const len = end - start;
  if (len % 2 !== 0) throw formatError(`odd-length hex in ${what}`, file);
  const out = Buffer.from(buf.toString('latin1', start, end), 'hex');
  if (out.length * 2 !== len) throw formatError(`non-hex character in ${what}`, file);
  return out;
}

/** Decode a body (its bytes, see {@link bodyBytes}) into its three fields. */
export function decodeBody(bytes: Uint8Array, file?: string): BodyFields {
  if (bytes.length >= NATIVE_MIN_BYTES) {
    const native = loadNative();
    // An addon built before the decoder existed has no vaultDecode: decode in JS then.
    const fields = typeof native?.vaultDecode === 'function' ? native.vaultDecode(bytes, 0) : null;
    if (fields) return { salt: fields[0], hmac: fields[1], ciphertext: fields[2] };
  }
  return decodeBodyPortable(bytes, file);
}

/** The JavaScript decoder: any body, and the precise error for a bad one. */
export function decodeBodyPortable(body: Uint8Array, file?: string): BodyFields {
  const b = Buffer.from(body); // a copy: line breaks are squeezed out in place
  let w = 0;
  let r = 0;
  const n = b.length;
  while (r < n) {
    let nl = b.indexOf(10, r);
    if (nl < 0) nl = n;
    let end = nl;
    while (end > r && (b[end - 1] === 13 || b[end - 1] === 32 || b[end - 1] === 9)) end--;
    let begin = r;
    while (begin < end && (b[begin] === 32 || b[begin] === 9)) begin++;
    if (w !== begin) b.copyWithin(w, begin, end);
    w += end - begin;
    r = nl + 1;
  }
  if (w === 0) throw formatError('empty or truncated body', file);
  const inner = unhex(b, 0, w, 'the vault body', file);
  const a = inner.indexOf(10);
  const c = a < 0 ? -1 : inner.indexOf(10, a + 1);
  if (a < 0 || c < 0)
    throw formatError('truncated body (expected salt, HMAC and cipher text)', file);
  const salt = unhex(inner, 0, a, 'the salt', file);
  const hmac = unhex(inner, a + 1, c, 'the HMAC', file);
  const ciphertext = unhex(inner, c + 1, inner.length, 'the cipher text', file);
  if (hmac.length !== 32) throw formatError('HMAC has the wrong length', file);
  return { salt, hmac, ciphertext };
}
