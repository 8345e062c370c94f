/**
 * YAML → Python values, with Ansible's reading rules (YAML 1.1: `yes`/`no` booleans, `0644`
 * octal ints; `!vault` inline values decrypted lazily; `!unsafe` strings) and the source position
 * of every mapping, so the play loader can say `file:line` about a task.
 *
 * This is the play engineer's adapter over the `yaml` package; it is meant to be swapped for the
 * vault engineer's `loadYaml` in src/vars/yaml.ts in one place (this file).
 */
import { promises as fs } from 'node:fs';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type ParsedNode } from 'yaml';
import { Lazy, PyFloat, type PyValue } from '../jinja/runtime/values.js';
import { VarsError } from './errors.js';

export interface Position { line: number; column: number }

/** Decrypts an ansible-vault payload (a whole file or an inline `!vault` value). */
export type Decrypt = (vaultText: string, where: string) => string;

export interface ParsedYaml {
  value: PyValue;
  positions: WeakMap<object, Position>;
}

export interface ParseOptions {
  file: string;
  decrypt?: Decrypt;
}

const VAULT_HEADER = '$ANSIBLE_VAULT;';

export function isVaultText(text: string): boolean {
  return text.trimStart().startsWith(VAULT_HEADER);
}

export function parseYaml(text: string, options: ParseOptions): ParsedYaml {
  const { file } = options;
  if (isVaultText(text)) {
    if (!options.decrypt) throw new VarsError('vars-vault', 'file is vault-encrypted and no vault secret was given', { file });
    text = options.decrypt(text, file);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    version: '1.1',
    lineCounter,
    keepSourceTokens: false,
    uniqueKeys: false,
    // PyYAML's YAML 1.1 booleans are yes/no/true/false/on/off only (not y/n as the spec says).
    customTags: (tags) => [
      ...tags.filter((t) => !(typeof t === 'object' && 'tag' in t && t.tag === 'tag:yaml.org,2002:bool')),
      { tag: 'tag:yaml.org,2002:bool', default: true, test: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/, resolve: (s: string) => /^(?:y|Y|t|T|o[nN]|O[nN])/.test(s) },
      { tag: '!vault', resolve: (s: string) => s },
      { tag: '!unsafe', resolve: (s: string) => s },
    ],
  });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    throw new VarsError('vars-yaml', `YAML syntax error: ${err.message.split('\n')[0]}`, { file, line: pos?.line, column: pos?.col, source: text });
  }
  const positions = new WeakMap<object, Position>();
  const anchors = new Map<string, PyValue>();
  const convert = (node: ParsedNode | Node | null | undefined): PyValue => {
    if (node == null) return null;
    if (isAlias(node)) return anchors.get(node.source) ?? null;
    let out: PyValue;
    if (isScalar(node)) {
      const v = node.value;
      if (node.tag === '!vault') {
        const payload = String(v);
        const decrypt = options.decrypt;
        out = new Lazy(() => {
          if (!decrypt) throw new VarsError('vars-vault', 'inline !vault value and no vault secret was given', { file, ...where(node) });
          return decrypt(payload, file);
        }, `!vault value in ${file}`);
      } else if (node.tag === '!unsafe') {
        // Known gap until the vault engineer's loader lands: unsafe strings are plain strings.
        out = String(v);
      } else if (typeof v === 'number') {
        out = Number.isInteger(v) && !/[.eE]|inf|nan/i.test(node.source ?? '') ? v : new PyFloat(v);
      } else if (v === undefined) {
        out = null;
      } else {
        out = v as PyValue;
      }
    } else if (isMap(node)) {
      const m = new Map<PyValue, PyValue>();
      positions.set(m, where(node));
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = convert(pair.key as Node);
        if (k === '<<') {
          const src = convert(pair.value as Node);
          const sources = Array.isArray(src) ? src : [src];
          for (const s of sources) if (s instanceof Map) for (const [kk, vv] of s) if (!m.has(kk)) m.set(kk, vv);
          continue;
        }
        m.set(k, convert(pair.value as Node));
      }
      out = m;
    } else if (isSeq(node)) {
      const arr: PyValue[] = [];
      positions.set(arr, where(node));
      for (const item of node.items) arr.push(convert(item as Node));
      out = arr;
    } else {
      out = null;
    }
    if (node.anchor) anchors.set(node.anchor, out);
    return out;
  };
  const where = (node: Node): Position => {
    const offset = node.range?.[0] ?? 0;
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  return { value: convert(doc.contents as ParsedNode | null), positions };
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
