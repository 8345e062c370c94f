/**
 * Vault secrets (label + password) and decryption with several of them: the header's label is
 * tried first, then every other secret in order (Ansible's behaviour with vault_id_match off).
 */
import { addSecret } from '../log/secrets.js';
import { VaultError } from './errors.js';
import {
  decryptParts,
  deriveKeysAhead,
  encryptBytes,
  envelopeBody,
  isEncrypted,
  parseEnvelope,
  splitBody,
} from './format.js';
import { NATIVE_MIN_BYTES } from './hex.js';
import { openNative } from './native-open.js';

export interface VaultSecret {
  /** The vault-id label ('default' when none was given). */
  id: string;
  password: string;
}

export type VaultSecrets = readonly VaultSecret[];

export interface DecryptOptions {
  /** Named in errors. */
  file?: string;
  line?: number;
}

export interface Decrypted {
  plaintext: Buffer;
  /** Label of the secret that opened it. */
  vaultId: string;
  /** Label in the file's header (1.2), if any. */
  headerId?: string;
}

/** Order in which secrets are tried for a vault labelled `headerId`. */
export function candidateOrder(secrets: VaultSecrets, headerId?: string): VaultSecret[] {
  if (!headerId) return [...secrets];
  return [...secrets.filter((s) => s.id === headerId), ...secrets.filter((s) => s.id !== headerId)];
}

/** Decrypt to bytes, reporting which secret opened it. Throws VaultError naming file and ids tried. */
export function decryptWith(
  text: string | Uint8Array,
  secrets: VaultSecrets,
  options: DecryptOptions = {},
): Decrypted {
  const { file, line } = options;
  if (!isEncrypted(text))
    throw new VaultError('vault-not-encrypted', 'input is not vault encrypted data', {
      file,
      line,
    });
  const env = parseEnvelope(text, file);
  const candidates = candidateOrder(secrets, env.vaultId);
  const failed = (): VaultError => {
    const label = env.vaultId ? ` (vault-id ${env.vaultId})` : '';
    const tried = [...new Set(candidates.map((s) => s.id))].join(', ');
    return new VaultError(
      'vault-decrypt',
      `decryption failed${label}: no password opens it (vault-ids tried: ${tried})`,
      { file, line },
    );
  };
  const passwords = candidates.map((s) => Buffer.from(s.password, 'utf8'));
  const body = envelopeBody(env);
  const opened = openNative(body, passwords);
  if (opened === 'no-match') throw failed();
  if (opened)
    return {
      plaintext: opened.plaintext,
      vaultId: candidates[opened.index]!.id,
      headerId: env.vaultId,
    };
  const parts = splitBody(body, file);
  if (secrets.length === 0) {
    throw new VaultError(
      'vault-decrypt',
      'a vault password is required to decrypt it and none was given (--vault-id, --vault-password-file, --ask-vault-pass or CORPUSOPS_VAULT_PASSWORD)',
      { file, line },
    );
  }
  for (const [i, secret] of candidates.entries()) {
    const plain = decryptParts(parts, passwords[i]!);
    if (plain) return { plaintext: plain, vaultId: secret.id, headerId: env.vaultId };
  }
  throw failed();
}

/**
 * Start deriving, in the thread pool, the keys decryptWith(text, secrets) will first try (the
 * secret its label points at, else the first); resolves when they are ready. Not a vault, a
 * malformed one or one the native opener takes (it derives its own keys): nothing to do.
 */
export function prefetchKeys(text: string | Uint8Array, secrets: VaultSecrets): Promise<void> {
  try {
    if (!secrets.length || !isEncrypted(text)) return Promise.resolve();
    const env = parseEnvelope(text);
    const body = envelopeBody(env);
    if (body.length >= NATIVE_MIN_BYTES) return Promise.resolve();
    const first = candidateOrder(secrets, env.vaultId)[0]!;
    return deriveKeysAhead(Buffer.from(first.password, 'utf8'), splitBody(body).salt);
  } catch {
    return Promise.resolve(); // decryptWith reports what is wrong, naming the file
  }
}

/** Decrypt a vault text (whole file or inline value) to a UTF-8 string. */
export function decrypt(text: string, secrets: VaultSecrets, options: DecryptOptions = {}): string {
  const s = decryptWith(text, secrets, options).plaintext.toString('utf8');
  return s;
}

/** Encrypt with one secret; a label other than 'default' writes a 1.2 header. */
export function encrypt(plaintext: string | Uint8Array, secret: VaultSecret): string {
  const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  return encryptBytes(bytes, Buffer.from(secret.password, 'utf8'), secret.id);
}

/** Register a secret's password with the logger's masker and return it. */
export function secret(id: string, password: string): VaultSecret {
  addSecret(password);
  return { id, password };
}
