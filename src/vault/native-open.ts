/**
 * Large vaults are opened by the native addon in one call (native/addon/vaultopen.c): decoding,
 * PBKDF2, HMAC and AES-CTR with Node's own OpenSSL, overlapped on two threads. Same checks and
 * result as decryptParts; anything irregular returns null and the JavaScript path takes over
 * (and names the error).
 */
import { loadNative } from '../native/addon.js';
import { NATIVE_MIN_BYTES } from './hex.js';

export type NativeOpening = { index: number; plaintext: Buffer } | 'no-match' | null;

/** Open a body (its bytes) with the first of `passwords` that fits. */
export function openNative(body: Uint8Array, passwords: Buffer[]): NativeOpening {
  if (body.length < NATIVE_MIN_BYTES || passwords.length === 0) return null;
  const native = loadNative();
  // An addon built before vaultOpen existed: the JavaScript path.
  if (typeof native?.vaultOpen !== 'function') return null;
  const r = native.vaultOpen(body, 0, passwords);
  if (r === null) return null;
  if (r === -1) return 'no-match';
  return { index: r[0], plaintext: r[1].subarray(0, r[2]) };
}
