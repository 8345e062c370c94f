/**
 * libyaml's emitter (0.2.5, src/emitter.c) as PyYAML's CEmitter drives it for yaml.dump: the
 * same states, indentation stack, context flags and writers, so that line breaks, folding and
 * flow wrapping fall where Ansible's to_yaml puts them. Only what a dump without `canonical`,
 * version/tag directives, explicit document markers or block scalar styles reaches is kept.
 * This file is the event state machine; the writers are in emit-writer.ts, scalars in
 * emit-scalar.ts.
 */
import { EvalRuntimeError } from '../py/errors.js';
import {
  analyzeScalar,
  utf8Length,
  writeDoubleQuoted,
  writePlain,
  writeSingleQuoted,
  type ScalarAnalysis,
} from './emit-scalar.js';
import { EmitterWriter } from './emit-writer.js';

export type ScalarStyle = 'plain' | 'single' | 'double';

export type YamlEvent =
  | { type: 'stream-start' }
  | { type: 'stream-end' }
  | { type: 'document-start' }
  | { type: 'document-end' }
  | { type: 'alias'; anchor: string }
  | {
      type: 'scalar';
      anchor: string | null;
      tag: string;
      value: string;
      plainImplicit: boolean;
      quotedImplicit: boolean;
    }
  | { type: 'sequence-start'; anchor: string | null; tag: string; implicit: boolean; flow: boolean }
  | { type: 'sequence-end' }
  | { type: 'mapping-start'; anchor: string | null; tag: string; implicit: boolean; flow: boolean }
  | { type: 'mapping-end' };

type State =
  | 'stream-start'
  | 'first-document-start'
  | 'document-start'
  | 'document-content'
  | 'document-end'
  | 'flow-sequence-first-item'
  | 'flow-sequence-item'
  | 'flow-mapping-first-key'
  | 'flow-mapping-key'
  | 'flow-mapping-simple-value'
  | 'flow-mapping-value'
  | 'block-sequence-first-item'
  | 'block-sequence-item'
  | 'block-mapping-first-key'
  | 'block-mapping-key'
  | 'block-mapping-simple-value'
  | 'block-mapping-value'
  | 'end';

// The default %TAG directives every document has ('!' first, as libyaml searches them in order).
const TAG_DIRECTIVES: [string, string][] = [
  ['!', '!'],
  ['!!', 'tag:yaml.org,2002:'],
];
export class Emitter extends EmitterWriter {
  private openEnded = 0;
  private readonly indents: number[] = [];
  private state: State = 'stream-start';
  private readonly states: State[] = [];
  // libyaml also records root_context and sequence_context, but never reads them.
  private mappingContext = false;
  private simpleKeyContext = false;
  // yaml_emitter_analyze_event's results for the event at the head of the queue.
  private anchor: { name: string; alias: boolean } | null = null;
  private tagHandle: string | null = null;
  private tagSuffix: string | null = null;
  private scalar: ScalarAnalysis | null = null;
  private style: ScalarStyle = 'plain';
  private events: YamlEvent[] = [];
  private head = 0;

  /** Emit a whole event stream (the queue's look-ahead is then always available) and return the text. */
  emitAll(events: YamlEvent[]): string {
    this.events = events;
    for (this.head = 0; this.head < events.length; this.head++) {
      const ev = events[this.head]!;
      this.analyzeEvent(ev);
      this.stateMachine(ev);
    }
    return this.out;
  }

  // ---- analyzers ----
  private analyzeEvent(ev: YamlEvent): void {
    this.anchor = null;
    this.tagHandle = null;
    this.tagSuffix = null;
    this.scalar = null;
    if (ev.type === 'alias') {
      this.anchor = { name: ev.anchor, alias: true };
      return;
    }
    if (ev.type !== 'scalar' && ev.type !== 'sequence-start' && ev.type !== 'mapping-start') return;
    if (ev.anchor !== null) this.anchor = { name: ev.anchor, alias: false };
    const implicit = ev.type === 'scalar' ? ev.plainImplicit || ev.quotedImplicit : ev.implicit;
    if (!implicit) this.analyzeTag(ev.tag);
    if (ev.type === 'scalar') this.scalar = analyzeScalar(ev.value, this.unicode);
  }

  private analyzeTag(tag: string): void {
    for (const [handle, prefix] of TAG_DIRECTIVES) {
      if (prefix.length < tag.length && tag.startsWith(prefix)) {
        this.tagHandle = handle;
        this.tagSuffix = tag.slice(prefix.length);
        return;
      }
    }
    this.tagSuffix = tag;
  }

  // ---- state machine ----
  private stateMachine(ev: YamlEvent): void {
    switch (this.state) {
      case 'stream-start':
        return this.expect(ev.type === 'stream-start', 'STREAM-START', () => {
          this.state = 'first-document-start';
        });
      case 'first-document-start':
      case 'document-start':
        return this.emitDocumentStart(ev);
      case 'document-content':
        this.states.push('document-end');
        return this.emitNode(ev, true, false, false, false);
      case 'document-end':
        return this.expect(ev.type === 'document-end', 'DOCUMENT-END', () => {
          this.writeIndent();
          if (!this.openEnded) this.openEnded = 1;
          this.state = 'document-start';
        });
      case 'flow-sequence-first-item':
        return this.emitFlowSequenceItem(ev, true);
      case 'flow-sequence-item':
        return this.emitFlowSequenceItem(ev, false);
      case 'flow-mapping-first-key':
        return this.emitFlowMappingKey(ev, true);
      case 'flow-mapping-key':
        return this.emitFlowMappingKey(ev, false);
      case 'flow-mapping-simple-value':
        return this.emitFlowMappingValue(ev, true);
      case 'flow-mapping-value':
        return this.emitFlowMappingValue(ev, false);
      case 'block-sequence-first-item':
        return this.emitBlockSequenceItem(ev, true);
      case 'block-sequence-item':
        return this.emitBlockSequenceItem(ev, false);
      case 'block-mapping-first-key':
        return this.emitBlockMappingKey(ev, true);
      case 'block-mapping-key':
        return this.emitBlockMappingKey(ev, false);
      case 'block-mapping-simple-value':
        return this.emitBlockMappingValue(ev, true);
      case 'block-mapping-value':
        return this.emitBlockMappingValue(ev, false);
      case 'end':
        throw new EvalRuntimeError('to_yaml: expected nothing after STREAM-END');
    }
  }

  private expect(ok: boolean, what: string, then: () => void): void {
    if (!ok) throw new EvalRuntimeError(`to_yaml: emitter expected ${what}`);
    then();
  }

  private emitDocumentStart(ev: YamlEvent): void {
    if (ev.type === 'document-start') {
      // Implicit first document: no directives, no '---' (check_empty_document is always false).
      if (this.state !== 'first-document-start') {
        this.writeIndent();
        this.writeIndicator('---', true, false, false);
      }
      this.state = 'document-content';
      this.openEnded = 0;
    } else if (ev.type === 'stream-end') {
      if (this.openEnded === 2) {
        this.writeIndicator('...', true, false, false);
        this.openEnded = 0;
        this.writeIndent();
      }
      this.state = 'end';
    } else this.expect(false, 'DOCUMENT-START or STREAM-END', () => undefined);
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }

  private pop(): void {
    this.indent = this.indents.pop()!;
  }

  private emitFlowSequenceItem(ev: YamlEvent, first: boolean): void {
    if (first) {
      this.writeIndicator('[', true, true, false);
      this.increaseIndent(true, false);
      this.flowLevel++;
    }
    if (ev.type === 'sequence-end') {
      this.flowLevel--;
      this.pop();
      this.writeIndicator(']', false, false, false);
      this.state = this.states.pop()!;
      return;
    }
    if (!first) this.writeIndicator(',', false, false, false);
    if (this.column > this.bestWidth) this.writeIndent();
    this.states.push('flow-sequence-item');
    this.emitNode(ev, false, true, false, false);
  }

  private emitFlowMappingKey(ev: YamlEvent, first: boolean): void {
    if (first) {
      this.writeIndicator('{', true, true, false);
      this.increaseIndent(true, false);
      this.flowLevel++;
    }
    if (ev.type === 'mapping-end') {
      this.flowLevel--;
      this.pop();
      this.writeIndicator('}', false, false, false);
      this.state = this.states.pop()!;
      return;
    }
    if (!first) this.writeIndicator(',', false, false, false);
    if (this.column > this.bestWidth) this.writeIndent();
    if (this.checkSimpleKey()) {
      this.states.push('flow-mapping-simple-value');
      this.emitNode(ev, false, false, true, true);
    } else {
      this.writeIndicator('?', true, false, false);
      this.states.push('flow-mapping-value');
      this.emitNode(ev, false, false, true, false);
    }
  }

  private emitFlowMappingValue(ev: YamlEvent, simple: boolean): void {
    if (simple) this.writeIndicator(':', false, false, false);
    else {
      if (this.column > this.bestWidth) this.writeIndent();
      this.writeIndicator(':', true, false, false);
    }
    this.states.push('flow-mapping-key');
    this.emitNode(ev, false, false, true, false);
  }

  private emitBlockSequenceItem(ev: YamlEvent, first: boolean): void {
    // A sequence that is a mapping value is not indented further ("indentless").
    if (first) this.increaseIndent(false, this.mappingContext && !this.indention);
    if (ev.type === 'sequence-end') {
      this.pop();
      this.state = this.states.pop()!;
      return;
    }
    this.writeIndent();
    this.writeIndicator('-', true, false, true);
    this.states.push('block-sequence-item');
    this.emitNode(ev, false, true, false, false);
  }

  private emitBlockMappingKey(ev: YamlEvent, first: boolean): void {
    if (first) this.increaseIndent(false, false);
    if (ev.type === 'mapping-end') {
      this.pop();
      this.state = this.states.pop()!;
      return;
    }
    this.writeIndent();
    if (this.checkSimpleKey()) {
      this.states.push('block-mapping-simple-value');
      this.emitNode(ev, false, false, true, true);
    } else {
      this.writeIndicator('?', true, false, true);
      this.states.push('block-mapping-value');
      this.emitNode(ev, false, false, true, false);
    }
  }

  private emitBlockMappingValue(ev: YamlEvent, simple: boolean): void {
    if (simple) this.writeIndicator(':', false, false, false);
    else {
      this.writeIndent();
      this.writeIndicator(':', true, false, true);
    }
    this.states.push('block-mapping-key');
    this.emitNode(ev, false, false, true, false);
  }

  private emitNode(
    ev: YamlEvent,
    _root: boolean,
    _sequence: boolean,
    mapping: boolean,
    simpleKey: boolean,
  ): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    switch (ev.type) {
      case 'alias':
        this.processAnchor();
        if (this.simpleKeyContext) this.put(' ');
        this.state = this.states.pop()!;
        return;
      case 'scalar':
        this.selectScalarStyle(ev);
        this.processAnchor();
        this.processTag();
        this.increaseIndent(true, false);
        this.processScalar();
        this.pop();
        this.state = this.states.pop()!;
        return;
      case 'sequence-start':
        this.processAnchor();
        this.processTag();
        this.state =
          this.flowLevel || ev.flow || this.checkEmpty('sequence')
            ? 'flow-sequence-first-item'
            : 'block-sequence-first-item';
        return;
      case 'mapping-start':
        this.processAnchor();
        this.processTag();
        this.state =
          this.flowLevel || ev.flow || this.checkEmpty('mapping')
            ? 'flow-mapping-first-key'
            : 'block-mapping-first-key';
        return;
      default:
        this.expect(false, 'SCALAR, SEQUENCE-START, MAPPING-START, or ALIAS', () => undefined);
    }
  }

  private checkEmpty(kind: 'sequence' | 'mapping'): boolean {
    return (
      this.events[this.head]?.type === `${kind}-start` &&
      this.events[this.head + 1]?.type === `${kind}-end`
    );
  }

  /** yaml_emitter_check_simple_key: one line, at most 128 bytes of anchor, tag and value. */
  private checkSimpleKey(): boolean {
    const ev = this.events[this.head]!;
    let length = this.anchor ? utf8Length(this.anchor.name) : 0;
    const tagLength = utf8Length(this.tagHandle ?? '') + utf8Length(this.tagSuffix ?? '');
    if (ev.type === 'scalar') {
      if (this.scalar!.multiline) return false;
      length += tagLength + this.scalar!.length;
    } else if (ev.type === 'sequence-start' || ev.type === 'mapping-start') {
      if (!this.checkEmpty(ev.type === 'sequence-start' ? 'sequence' : 'mapping')) return false;
      length += tagLength;
    } else if (ev.type !== 'alias') return false;
    return length <= 128;
  }

  private selectScalarStyle(ev: Extract<YamlEvent, { type: 'scalar' }>): void {
    const s = this.scalar!;
    const noTag = this.tagHandle === null && this.tagSuffix === null;
    if (noTag && !ev.plainImplicit && !ev.quotedImplicit)
      throw new EvalRuntimeError('to_yaml: neither tag nor implicit flags are specified');
    let style: ScalarStyle = 'plain';
    if (this.simpleKeyContext && s.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel && !s.flowPlainAllowed) || (!this.flowLevel && !s.blockPlainAllowed))
        style = 'single';
      if (!s.length && (this.flowLevel || this.simpleKeyContext)) style = 'single';
      if (noTag && !ev.plainImplicit) style = 'single';
    }
    if (style === 'single' && !s.singleQuotedAllowed) style = 'double';
    if (noTag && !ev.quotedImplicit && style !== 'plain') this.tagHandle = '!';
    this.style = style;
  }

  private processAnchor(): void {
    if (!this.anchor) return;
    this.writeIndicator(this.anchor.alias ? '*' : '&', true, false, false);
    for (const ch of this.anchor.name) this.write(ch);
    this.whitespace = false;
    this.indention = false;
  }

  private processTag(): void {
    if (this.tagHandle === null && this.tagSuffix === null) return;
    if (this.tagHandle !== null) {
      if (!this.whitespace) this.put(' ');
      for (const ch of this.tagHandle) this.write(ch);
      this.whitespace = false;
      this.indention = false;
      if (this.tagSuffix !== null) this.writeTagContent(this.tagSuffix, false);
    } else {
      this.writeIndicator('!<', true, false, false);
      this.writeTagContent(this.tagSuffix!, false);
      this.writeIndicator('>', false, false, false);
    }
  }

  private processScalar(): void {
    const chars = this.scalar!.chars;
    const allowBreaks = !this.simpleKeyContext;
    if (this.style === 'plain') writePlain(this, chars, allowBreaks);
    else if (this.style === 'single') writeSingleQuoted(this, chars, allowBreaks);
    else writeDoubleQuoted(this, chars, allowBreaks);
  }
}
