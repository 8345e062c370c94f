/**
 * `yaml.dump` as Ansible's to_yaml / to_nice_yaml call it: AnsibleDumper (SafeRepresenter over
 * libyaml's CEmitter, as Debian's PyYAML has the C extension), allow_unicode=True,
 * default_flow_style None or False, sort_keys, indent and width. Three stages as in PyYAML:
 * the representer turns values into nodes (flow style, key order, shared objects), the
 * serializer turns nodes into events (anchors, implicit tags) and yaml-emitter.ts writes them.
 */
import {
  PyFloat,
  PyTuple,
  Undefined,
  UnsafeText,
  Markup,
  isSequence,
  resolve,
  type PyValue,
} from '../py/values.js';
import { floatRepr, pyRepr, typeName } from '../py/repr.js';
import { compare } from '../py/compare.js';
import { undefinedError } from '../py/undefined.js';
import { EvalRuntimeError } from '../py/errors.js';
import { Emitter, type YamlEvent } from './emitter.js';

export interface DumpOptions {
  /** null: collections of scalars only in flow style (PyYAML's best_style); false: all block; true: all flow. */
  defaultFlowStyle?: boolean | null;
  indent?: number;
  sortKeys?: boolean;
  width?: number;
}

const TAG = 'tag:yaml.org,2002:';

interface ScalarNode {
  kind: 'scalar';
  tag: string;
  value: string;
}
interface SequenceNode {
  kind: 'sequence';
  tag: string;
  items: Node[];
  flow: boolean;
}
interface MappingNode {
  kind: 'mapping';
  tag: string;
  pairs: [Node, Node][];
  flow: boolean;
}
type Node = ScalarNode | SequenceNode | MappingNode;

// PyYAML's Resolver.yaml_implicit_resolvers: regexps keyed by the first character of the value.
const RESOLVERS: [string, RegExp, string][] = [
  [
    'bool',
    /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    'yYnNtTfFoO',
  ],
  [
    'float',
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    '-+0123456789.',
  ],
  [
    'int',
    /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
    '-+0123456789',
  ],
  ['merge', /^(?:<<)$/, '<'],
  ['null', /^(?:~|null|Null|NULL|)$/, '~nN'],
  [
    'timestamp',
    /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
    '0123456789',
  ],
  ['value', /^(?:=)$/, '='],
  ['yaml', /^(?:!|&|\*)$/, '!&*'],
];

/** Resolver.resolve(ScalarNode, value, (True, False)): the tag a plain scalar would be read as. */
function resolvePlain(value: string): string {
  for (const [tag, re, first] of RESOLVERS) {
    if (value === '' ? tag !== 'null' : !first.includes(value[0]!)) continue;
    // Python's `$` also matches before a final newline.
    if (re.test(value) || (value.endsWith('\n') && re.test(value.slice(0, -1)))) return TAG + tag;
  }
  return TAG + 'str';
}

/** SafeRepresenter with Ansible's additions (unsafe text is text, undefined values fail). */
class Representer {
  private readonly represented = new Map<object, Node>();
  constructor(
    private readonly defaultFlowStyle: boolean | null,
    private readonly sortKeys: boolean,
  ) {}

  represent(v: PyValue): Node {
    v = resolve(v);
    // ignore_aliases: only lists, non-empty tuples and dicts are shared by identity.
    const aliasable =
      (Array.isArray(v) && !(v instanceof PyTuple && v.length === 0)) || v instanceof Map;
    if (aliasable) {
      const seen = this.represented.get(v as object);
      if (seen) return seen;
    }
    if (isSequence(v)) {
      const node: SequenceNode = { kind: 'sequence', tag: TAG + 'seq', items: [], flow: false };
      if (aliasable) this.represented.set(v, node);
      for (const item of v) node.items.push(this.represent(item));
      node.flow = this.defaultFlowStyle ?? node.items.every((n) => n.kind === 'scalar');
      return node;
    }
    if (v instanceof Map) {
      const node: MappingNode = { kind: 'mapping', tag: TAG + 'map', pairs: [], flow: false };
      this.represented.set(v, node);
      for (const [k, x] of this.items(v)) node.pairs.push([this.represent(k), this.represent(x)]);
      node.flow =
        this.defaultFlowStyle ??
        node.pairs.every(([k, x]) => k.kind === 'scalar' && x.kind === 'scalar');
      return node;
    }
    return this.scalar(v);
  }

  /** represent_mapping: items sorted as `sorted(mapping.items())`, left as they are when that raises. */
  private items(m: Map<PyValue, PyValue>): [PyValue, PyValue][] {
    const items = [...m].map(([k, x]) => [resolve(k), x] as [PyValue, PyValue]);
    if (!this.sortKeys) return items;
    try {
      return [...items].sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
    } catch {
      return items;
    }
  }

  private scalar(v: PyValue): ScalarNode {
    const node = (tag: string, value: string): ScalarNode => ({
      kind: 'scalar',
      tag: TAG + tag,
      value,
    });
    if (v instanceof Undefined) throw undefinedError(v);
    if (v === null) return node('null', 'null');
    if (typeof v === 'boolean') return node('bool', v ? 'true' : 'false');
    if (typeof v === 'number' || typeof v === 'bigint') return node('int', String(v));
    if (typeof v === 'string') return node('str', v);
    if (v instanceof UnsafeText) return node('str', v.value);
    if (v instanceof PyFloat) {
      const n = v.value;
      if (Number.isNaN(n)) return node('float', '.nan');
      if (n === Infinity) return node('float', '.inf');
      if (n === -Infinity) return node('float', '-.inf');
      let r = floatRepr(n).toLowerCase();
      if (!r.includes('.') && r.includes('e')) r = r.replace('e', '.0e');
      return node('float', r);
    }
    // Markup is a str subclass without a representer of its own: SafeRepresenter refuses it.
    let shown: string;
    try {
      shown = v instanceof Markup ? pyRepr(v) : typeName(v);
    } catch {
      shown = typeName(v);
    }
    throw new EvalRuntimeError(`to_yaml - ('cannot represent an object', ${shown})`);
  }
}

/** CEmitter.serialize: anchors for nodes reached twice (id001, …), then the events. */
function serialize(root: Node): YamlEvent[] {
  const anchors = new Map<Node, string | null>();
  let lastId = 0;
  const anchorNode = (n: Node): void => {
    if (anchors.has(n)) {
      if (anchors.get(n) === null) anchors.set(n, `id${String(++lastId).padStart(3, '0')}`);
      return;
    }
    anchors.set(n, null);
    if (n.kind === 'sequence') n.items.forEach(anchorNode);
    else if (n.kind === 'mapping')
      for (const [k, x] of n.pairs) {
        anchorNode(k);
        anchorNode(x);
      }
  };
  anchorNode(root);

  const events: YamlEvent[] = [{ type: 'stream-start' }, { type: 'document-start' }];
  const serialized = new Set<Node>();
  const node = (n: Node): void => {
    const anchor = anchors.get(n) ?? null;
    if (serialized.has(n)) {
      events.push({ type: 'alias', anchor: anchor! });
      return;
    }
    serialized.add(n);
    if (n.kind === 'scalar') {
      events.push({
        type: 'scalar',
        anchor,
        tag: n.tag,
        value: n.value,
        plainImplicit: resolvePlain(n.value) === n.tag,
        quotedImplicit: n.tag === TAG + 'str',
      });
    } else if (n.kind === 'sequence') {
      events.push({ type: 'sequence-start', anchor, tag: n.tag, implicit: true, flow: n.flow });
      n.items.forEach(node);
      events.push({ type: 'sequence-end' });
    } else {
      events.push({ type: 'mapping-start', anchor, tag: n.tag, implicit: true, flow: n.flow });
      for (const [k, x] of n.pairs) {
        node(k);
        node(x);
      }
      events.push({ type: 'mapping-end' });
    }
  };
  node(root);
  events.push({ type: 'document-end' }, { type: 'stream-end' });
  return events;
}

export function yamlDump(value: PyValue, o: DumpOptions = {}): string {
  const flowStyle = o.defaultFlowStyle === undefined ? null : o.defaultFlowStyle;
  const root = new Representer(flowStyle, o.sortKeys ?? true).represent(value);
  return new Emitter(o.indent ?? null, o.width ?? null).emitAll(serialize(root));
}
