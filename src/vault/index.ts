/**
 * Public API of bosun's vault layer (ansible-vault format 1.1/1.2, password sources).
 *
 * ```ts
 * const secrets = await loadSecrets({ vaultIds: ['prod@~/.vault-pass'], envName: 'prod' });
 * const text = decrypt(await readFile(f, 'utf8'), secrets, { file: f });
 * const vaulted = encrypt('s3cret', secrets[0]);
 * ```
 */
export { VaultError, type VaultErrorCode } from './errors.js';
export { isEncrypted, parseEnvelope, type Envelope } from './format.js';
export {
  decrypt,
  decryptWith,
  encrypt,
  candidateOrder,
  secret,
  type VaultSecret,
  type VaultSecrets,
  type DecryptOptions,
  type Decrypted,
} from './secrets.js';
export {
  loadSecrets,
  parseVaultId,
  envNameOfFile,
  vaultIdSpecs,
  type LoadSecretsOptions,
  type PromptFn,
  type VaultIdSpec,
} from './sources.js';
