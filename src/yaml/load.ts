/**
 * YAML → Python values as Ansible's AnsibleLoader builds them (PyYAML, YAML 1.1 rules), over the
 * `yaml` package's parser with the failsafe schema: every plain scalar arrives as text and is
 * resolved here by PyYAML's rules (resolve-scalar.ts). `!vault` values are built by the caller's
 * `vault` hook (src/vars/parse.ts decrypts them on first read), `!unsafe` becomes {@link UnsafeText}, and every mapping/sequence gets its source position.
 * Known difference: timestamps stay strings (Ansible builds datetime objects).
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  parseDocument,
  type Document,
  type Node,
  type Scalar,
} from 'yaml';
import { UnsafeText, isDict, isSequence, type PyValue } from '../py/values.js';
import { pyStr } from '../py/repr.js';
import { YamlError } from './errors.js';
import {
  construct,
  constructBool,
  constructFloat,
  constructInt,
  implicitKind,
} from './resolve-scalar.js';

export interface YamlPosition {
  line: number;
  column: number;
}

export interface LoadYamlOptions {
  /** Named in errors and in !vault decryption errors. */
  file?: string;
  /**
   * Builds the value of an inline `!vault` scalar (the vars layer decrypts lazily); without it,
   * such a value is an error naming its line.
   */
  vault?: (payload: string, position: YamlPosition) => PyValue;
  /** All documents of a multi-document stream, as a list. */
  all?: boolean;
  /** Told about what Ansible warns about (duplicate keys; the last one wins). */
  warn?: (message: string, position: YamlPosition) => void;
}

export interface LoadedYaml {
  value: PyValue;
  positions: WeakMap<object, YamlPosition>;
}

const Y = 'tag:yaml.org,2002:';
// Declared so the failsafe schema keeps them without warnings; values are built in convert().
const TAGS = [
  '!vault',
  '!unsafe',
  '!vault-encrypted',
  `${Y}int`,
  `${Y}float`,
  `${Y}bool`,
  `${Y}null`,
  `${Y}timestamp`,
  `${Y}binary`,
].map((tag) => ({ tag, resolve: (s: string) => s }));
const PARSE_OPTIONS = {
  version: '1.1',
  schema: 'failsafe',
  merge: false,
  uniqueKeys: false,
  customTags: TAGS,
  keepSourceTokens: false,
} as const;

/** Parse YAML text into Python values with positions. Throws YamlError (file:line:col + excerpt). */
export function loadYaml(text: string, options: LoadYamlOptions = {}): LoadedYaml {
  const lineCounter = new LineCounter();
  const docs: Document.Parsed[] = options.all
    ? (parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter }) as Document.Parsed[])
    : [parseDocument(text, { ...PARSE_OPTIONS, lineCounter })];
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const pos = err.linePos?.[0];
      throw new YamlError(`YAML syntax error: ${err.message.split('\n')[0]}`, {
        file: options.file,
        line: pos?.line,
        column: pos?.col,
        source: text,
      });
    }
  }
  const builder = new Builder(lineCounter, options);
  const values = docs.map((d) => builder.convert(d.contents as Node | null));
  return { value: options.all ? values : (values[0] ?? null), positions: builder.positions };
}

class Builder {
  readonly positions = new WeakMap<object, YamlPosition>();
  private readonly anchors = new Map<string, PyValue>();
  constructor(
    private readonly lines: LineCounter,
    readonly options: LoadYamlOptions,
  ) {}

  where(node: Node): YamlPosition {
    const p = this.lines.linePos(node.range?.[0] ?? 0);
    return { line: p.line, column: p.col };
  }

  convert(node: Node | null | undefined): PyValue {
    if (node == null) return null;
    if (isAlias(node)) return this.anchors.get(node.source) ?? null;
    let out: PyValue;
    if (isScalar(node)) out = this.scalar(node);
    else if (isMap(node)) {
      const m = new Map<PyValue, PyValue>();
      this.positions.set(m, this.where(node));
      if (node.anchor) this.anchors.set(node.anchor, m); // before children: recursive aliases
      const merged: Map<PyValue, PyValue>[] = [];
      const own: [PyValue, PyValue][] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        if (
          isScalar(keyNode) &&
          keyNode.value === '<<' &&
          keyNode.type === 'PLAIN' &&
          !keyNode.tag
        ) {
          // PyYAML merge: merged keys rank below every explicit key; in a list, earlier wins.
          const src = this.convert(pair.value as Node);
          const list = isSequence(src) ? [...src].reverse() : [src];
          for (const s of list) if (isDict(s)) merged.push(s);
          continue;
        }
        const key = this.convert(keyNode);
        if (this.options.warn && keyNode && own.some(([k]) => k === key)) {
          const at = this.where(keyNode);
          this.options.warn(
            `While constructing a mapping from ${this.options.file ?? '<input>'}, line ${at.line}, column ${at.column}, found a duplicate dict key (${pyStr(key)}). Using last defined value only.`,
            at,
          );
        }
        own.push([key, this.convert(pair.value as Node)]);
      }
      for (const s of merged) for (const [k, v] of s) m.set(k, v);
      // Duplicate keys: last wins, as in PyYAML (Ansible only warns).
      for (const [k, v] of own) m.set(k, v);
      return m;
    } else if (isSeq(node)) {
      const arr: PyValue[] = [];
      this.positions.set(arr, this.where(node));
      if (node.anchor) this.anchors.set(node.anchor, arr);
      for (const item of node.items) arr.push(this.convert(item as Node));
      return arr;
    } else out = null;
    if (node.anchor) this.anchors.set(node.anchor, out);
    return out;
  }

  scalar(node: Scalar): PyValue {
    // The failsafe schema and TAGS leave every scalar as text (null when empty).
    const text = typeof node.value === 'string' ? node.value : '';
    switch (node.tag) {
      case '!vault':
      case '!vault-encrypted':
        return this.vault(node, text);
      case '!unsafe':
        return new UnsafeText(text);
      case `${Y}str`:
        return text;
      case `${Y}int`:
        return guard(() => constructInt(text.trim()), node, this);
      case `${Y}float`:
        return guard(() => constructFloat(text.trim()), node, this);
      case `${Y}bool`:
        return constructBool(text.trim());
      case `${Y}null`:
        return null;
      default:
        break;
    }
    if (node.type !== 'PLAIN' || (node.tag && node.tag !== '!')) return text;
    return construct(implicitKind(text), text);
  }

  vault(node: Scalar, payload: string): PyValue {
    const at = this.where(node);
    if (this.options.vault) return this.options.vault(payload, at);
    throw new YamlError('an inline !vault value cannot be read here', {
      file: this.options.file,
      line: at.line,
      column: at.column,
    });
  }
}

function guard(f: () => PyValue, node: Scalar, b: Builder): PyValue {
  try {
    return f();
  } catch {
    const { line, column } = b.where(node);
    throw new YamlError(
      `cannot construct ${String(node.tag)} from ${JSON.stringify(String(node.value))}`,
      { file: b.options.file, line, column },
    );
  }
}
