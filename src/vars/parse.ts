/**
 * The play engine's door to YAML: reads a file (a missing file is a VarsError naming it) and
 * loads it with the vault engineer's loader (src/vars/yaml.ts: PyYAML 1.1 semantics, whole-file
 * and inline `!vault`, `!unsafe`, positions of every mapping for file:line messages).
 */
import type { VaultSecrets } from '../vault/index.js';
import { encryptedFileOrText, loadVarsFile, loadYaml, type LoadedYaml, type YamlPosition } from './yaml.js';

export type Position = YamlPosition;

/** What decrypts vault payloads met while loading: the vault secrets. */
export type Decrypt = VaultSecrets;

export type ParsedYaml = LoadedYaml;

export interface ParseOptions {
  file: string;
  decrypt?: Decrypt;
}

export function parseYaml(text: string, options: ParseOptions): ParsedYaml {
  const plain = encryptedFileOrText(text, options.decrypt, options.file);
  return loadYaml(plain, { file: options.file, secrets: options.decrypt });
}

/** Read and parse a YAML file (vault-encrypted or not); an unreadable file is a VarsError naming it. */
export function parseYamlFile(file: string, decrypt?: Decrypt): Promise<ParsedYaml> {
  return loadVarsFile(file, decrypt);
}
