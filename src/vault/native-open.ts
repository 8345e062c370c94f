/**
 * Large vaults are opened by the native addon in one call (native/reaper/vaultopen.c): decoding,
 * PBKDF2, HMAC and AES-CTR with Node's own OpenSSL, overlapped on two threads. Same checks and
 * result as decryptParts; anything irregular returns null and the JavaScript path takes over
 * (and names the error).
 */
import { loadNative } from '../native/addon.js';
import { bodyBytes, NATIVE_MIN_BYTES } from './hex.js';

export type NativeOpening = { index: number; plaintext: Buffer } | 'no-match' | null;

/** Open the body of `input` (from `start`) with the first of `passwords` that fits. */
export function openNative(input: string | Uint8Array, start: number, passwords: Buffer[]): NativeOpening {
  if (input.length - start < NATIVE_MIN_BYTES || passwords.length === 0) return null;
  const native = loadNative();
  // An addon built before vaultOpen existed: the JavaScript path.
  if (typeof native?.vaultOpen !== 'function') return null;
  const r = native.vaultOpen(bodyBytes(input, start), 0, passwords);
  if (r === null) return null;
  if (r === -1) return 'no-match';
  return { index: r[0], plaintext: r[1].subarray(0, r[2]) };
}
