/**
 * The play engine's door to YAML: reads a file (a missing file is a VarsError naming it) and
 * loads it with the vault engineer's loader (src/vars/yaml.ts: PyYAML 1.1 semantics, whole-file
 * and inline `!vault`, `!unsafe`, positions of every mapping for file:line messages).
 */
import { promises as fs } from 'node:fs';
import type { PyValue } from '../jinja/runtime/values.js';
import type { VaultSecrets } from '../vault/index.js';
import { VarsError } from './errors.js';
import { encryptedFileOrText, loadYaml, type YamlPosition } from './yaml.js';

export type Position = YamlPosition;

/** What decrypts vault payloads met while loading: the vault secrets. */
export type Decrypt = VaultSecrets;

export interface ParsedYaml {
  value: PyValue;
  positions: WeakMap<object, Position>;
}

export interface ParseOptions {
  file: string;
  decrypt?: Decrypt;
}

export function parseYaml(text: string, options: ParseOptions): ParsedYaml {
  const plain = encryptedFileOrText(text, options.decrypt, options.file);
  return loadYaml(plain, { file: options.file, secrets: options.decrypt });
}

/** Read and parse a YAML file (vault-encrypted or not). */
export async function parseYamlFile(file: string, decrypt?: Decrypt): Promise<ParsedYaml> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new VarsError('vars-file', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file, cause: err });
  }
  return parseYaml(text, { file, decrypt });
}
