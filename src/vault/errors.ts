/** Errors about vault files, vault passwords and password sources. */
import { BosunError, type BosunErrorOptions } from '../errors.js';

export type VaultErrorCode =
  | 'vault-format' // bad header, odd-length hex, truncated body
  | 'vault-hmac' // body tampered with / wrong password for that cipher text
  | 'vault-decrypt' // no available password opens the file
  | 'vault-password' // a password source failed (missing file, script error, empty password)
  | 'vault-not-encrypted'
  | 'vault-already-encrypted'
  | 'vault-io'
  | 'vault-policy'; // bosun.yml's vault.require_encrypted is not a list of globs

export class VaultError extends BosunError {
  override name = 'VaultError';
  constructor(code: VaultErrorCode, message: string, options: BosunErrorOptions = {}) {
    super(code, message, options);
  }
}
