/**
 * `--values` mode: each leaf value of a YAML file becomes (or stops being) an inline `!vault`
 * value, with keys, comments and order kept by the `yaml` Document API, loadable by Ansible.
 * Re-encrypting a value whose plaintext did not change reuses its previous cipher text, so a
 * decrypt/encrypt round trip leaves no diff noise in git.
 */
import { promises as fs } from 'node:fs';
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  visit,
  type Document,
  type Node,
} from 'yaml';
import { VaultError } from './errors.js';
import { YamlError } from '../yaml/errors.js';
import { isEncrypted } from './format.js';
import { decryptWith, encrypt, type VaultSecret, type VaultSecrets } from './secrets.js';
import { readInput, resolvePath, writeOutput, type VaultIo } from './io.js';
import { rekeyFile } from './commands.js';
import { implicitKind } from '../yaml/resolve-scalar.js';

const TAGS = [
  { tag: '!vault', resolve: (s: string) => s },
  { tag: '!unsafe', resolve: (s: string) => s },
];

function parse(text: string, file: string): Document.Parsed {
  const doc = parseDocument(text, {
    version: '1.1',
    schema: 'failsafe',
    customTags: TAGS,
    keepSourceTokens: true,
  });
  const err = doc.errors[0];
  if (err)
    throw new YamlError(`YAML syntax error: ${err.message.split('\n')[0]}`, {
      file,
      line: err.linePos?.[0].line,
      column: err.linePos?.[0].col,
      source: text,
    });
  return doc;
}

/** A scalar's text: with the failsafe schema every value is a string (null when empty). */
function scalarText(node: unknown): string {
  return isScalar(node) && typeof node.value === 'string' ? node.value : '';
}

function isVaultScalar(node: unknown): boolean {
  return isScalar(node) && node.tag === '!vault';
}

/** Leaf value scalars (mapping values and sequence items, not keys) with a stable path. */
function leaves(doc: Document.Parsed): { path: string; node: Scalar }[] {
  const out: { path: string; node: Scalar }[] = [];
  const walk = (node: Node | null | undefined, path: string): void => {
    if (isMap(node)) {
      for (const pair of node.items)
        if (isPair(pair)) walk(pair.value as Node, `${path}/${scalarText(pair.key)}`);
    } else if (isSeq(node)) node.items.forEach((n, i) => walk(n as Node, `${path}[${i}]`));
    else if (isScalar(node)) out.push({ path, node });
  };
  walk(doc.contents, '');
  return out;
}

async function previousCiphers(
  io: VaultIo,
  target: string,
  secrets: VaultSecrets,
): Promise<Map<string, { cipher: string; plain: string }>> {
  const prev = new Map<string, { cipher: string; plain: string }>();
  if (target === '-') return prev;
  let text: string;
  try {
    text = await fs.readFile(resolvePath(io, target), 'utf8');
  } catch {
    return prev;
  }
  if (isEncrypted(text)) return prev;
  try {
    for (const { path, node } of leaves(parse(text, target))) {
      if (!isVaultScalar(node)) continue;
      const cipher = String(node.value);
      try {
        prev.set(path, { cipher, plain: decryptWith(cipher, secrets).plaintext.toString('utf8') });
      } catch {
        /* other password */
      }
    }
  } catch {
    /* unparsable previous output: nothing to reuse */
  }
  return prev;
}

/** Encrypt every leaf of a YAML file as an inline !vault value (already-vaulted leaves kept). */
export async function encryptValuesFile(
  io: VaultIo,
  file: string,
  secret: VaultSecret,
  extra: VaultSecrets,
  output?: string,
): Promise<void> {
  const text = (await readInput(io, file)).toString('utf8');
  if (isEncrypted(text))
    throw new VaultError(
      'vault-already-encrypted',
      'input is whole-file encrypted; decrypt it first',
      { file },
    );
  const target = output ?? file;
  const prev = await previousCiphers(io, target, [secret, ...extra]);
  const doc = parse(text, file);
  for (const { path, node } of leaves(doc)) {
    if (isVaultScalar(node) || node.tag === '!unsafe') continue;
    const plain = scalarText(node);
    if (node.type === 'PLAIN' && implicitKind(plain) === 'null') continue;
    const old = prev.get(path);
    const cipher = old && old.plain === plain ? old.cipher : encrypt(plain, secret);
    node.value = cipher;
    node.tag = '!vault';
    node.type = 'BLOCK_LITERAL';
  }
  await writeOutput(io, target, doc.toString({ lineWidth: 0 }));
}

/** Replace inline !vault values by their plaintext. */
export async function decryptValuesFile(
  io: VaultIo,
  file: string,
  secrets: VaultSecrets,
  output?: string,
): Promise<void> {
  const text = (await readInput(io, file)).toString('utf8');
  if (isEncrypted(text))
    throw new VaultError(
      'vault-already-encrypted',
      'input is whole-file encrypted: use decrypt without --values',
      { file },
    );
  const doc = parse(text, file);
  let count = 0;
  for (const { node } of leaves(doc)) {
    if (!isVaultScalar(node)) continue;
    const line = node.range ? text.slice(0, node.range[0]).split('\n').length : undefined;
    const plain = decryptWith(String(node.value), secrets, { file, line }).plaintext.toString(
      'utf8',
    );
    node.tag = undefined;
    node.value = plain;
    // Plaintext that YAML would read as a number/bool/null stays a string, as it was in the vault.
    node.type = plain.includes('\n')
      ? 'BLOCK_LITERAL'
      : implicitKind(plain) !== 'str' ||
          /^[\s'"!&*%@`|>#?:,[\]{}-]|[:#]\s|\s$/.test(plain) ||
          plain === ''
        ? 'QUOTE_DOUBLE'
        : 'PLAIN';
    count++;
  }
  if (count === 0)
    throw new VaultError('vault-not-encrypted', 'no inline !vault values found', { file });
  await writeOutput(io, output ?? file, doc.toString({ lineWidth: 0 }));
}

/** rekey: whole-file vaults, or each inline !vault value of a YAML file. */
export async function rekeyAny(
  io: VaultIo,
  file: string,
  secrets: VaultSecrets,
  next: VaultSecret,
): Promise<void> {
  const text = (await readInput(io, file)).toString('utf8');
  if (isEncrypted(text)) return rekeyFile(io, file, secrets, next);
  const doc = parse(text, file);
  let count = 0;
  visit(doc, {
    Scalar(_key, node) {
      if (!isVaultScalar(node)) return;
      const plain = decryptWith(String(node.value), secrets, { file }).plaintext;
      node.value = encrypt(plain, next);
      count++;
    },
  });
  if (count === 0)
    throw new VaultError('vault-not-encrypted', 'input is not vault encrypted data', { file });
  await writeOutput(io, file, doc.toString({ lineWidth: 0 }));
}
