/**
 * The door to YAML for variables: reads a file (a missing file is a VarsError naming it), opens
 * whole-file vaults and loads it with src/yaml/load.ts (PyYAML 1.1 semantics, `!unsafe`,
 * positions of every mapping for file:line messages), inline `!vault` values decrypted on first read.
 */
import { readFileSync } from 'node:fs';
import { Lazy, type PyValue } from '../py/values.js';
import { VaultError } from '../vault/errors.js';
import { isEncrypted } from '../vault/format.js';
import { decrypt, prefetchKeys, type VaultSecrets } from '../vault/secrets.js';
import { loadYaml, type LoadedYaml, type YamlPosition } from '../yaml/load.js';
import { VarsError } from './errors.js';

export type Position = YamlPosition;

/** What decrypts vault payloads met while loading: the vault secrets. */
export type Decrypt = VaultSecrets;

export type ParsedYaml = LoadedYaml;

export interface ParseOptions {
  file: string;
  decrypt?: Decrypt;
}

export function parseYaml(text: string, options: ParseOptions): ParsedYaml {
  return loadVaultedYaml(
    encryptedFileOrText(text, options.decrypt, options.file),
    options.file,
    options.decrypt,
  );
}

/** Read and parse a YAML file (vault-encrypted or not); an unreadable file is a VarsError naming it. */
export function parseYamlFile(file: string, decrypt?: Decrypt): Promise<ParsedYaml> {
  return loadVarsFile(file, decrypt);
}

/** Load YAML text whose inline `!vault` values decrypt with `secrets` when first read. */
export function loadVaultedYaml(
  text: string,
  file: string | undefined,
  secrets: VaultSecrets | undefined,
): LoadedYaml {
  return loadYaml(text, {
    file,
    vault: (payload, { line }) => inlineVaultValue(payload, secrets, file, line),
  });
}

/** An inline `!vault` value: decrypted on first read, so a file with secrets loads without a password. */
function inlineVaultValue(
  payload: string,
  secrets: VaultSecrets | undefined,
  file: string | undefined,
  line: number,
): PyValue {
  return new Lazy(
    () => {
      if (!secrets || secrets.length === 0) {
        throw new VaultError(
          'vault-decrypt',
          'an inline !vault value was read and no vault password was given',
          { file, line },
        );
      }
      return decrypt(payload, secrets, { file, line });
    },
    `!vault value at ${file ?? '<input>'}:${line}`,
  );
}

/** The YAML text of a file that may be whole-file vault encrypted (decrypted with `secrets`). */
function encryptedFileOrText(
  text: string,
  secrets: VaultSecrets | undefined,
  file?: string,
): string {
  if (!isEncrypted(text)) return text;
  if (!secrets || secrets.length === 0)
    throw new VaultError(
      'vault-decrypt',
      'file is vault encrypted and no vault password was given',
      { file },
    );
  return decrypt(text, secrets, { file });
}

/** Read and load a vars file, whole-file encrypted or with inline `!vault` values. */
async function loadVarsFile(file: string, secrets?: VaultSecrets): Promise<LoadedYaml> {
  let text: string;
  try {
    // Read synchronously: a vault's key derivation (below) then starts before the caller's
    // other work, which it overlaps, instead of after it.
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new VarsError(
      'vars-file',
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      { file, cause: err },
    );
  }
  // PBKDF2 in the thread pool: the main thread meanwhile reads and parses other files.
  if (secrets) await prefetchKeys(text, secrets);
  return loadVaultedYaml(encryptedFileOrText(text, secrets, file), file, secrets);
}
