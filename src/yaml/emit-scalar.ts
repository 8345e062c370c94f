/**
 * Scalars of libyaml's emitter (0.2.5, src/emitter.c), which is what Ansible's to_yaml and
 * to_nice_yaml run: AnsibleDumper derives from CSafeDumper whenever PyYAML has its C extension
 * (Debian's does). This ports yaml_emitter_analyze_scalar and the plain / single-quoted /
 * double-quoted writers, including folding at the line width, statement by statement.
 *
 * libyaml works on UTF-8 bytes; here a string is an array of code points. Both count one column
 * per character, and its byte tests (IS_PRINTABLE, IS_BREAK…) are rewritten as the code point
 * ranges they accept. Lengths that libyaml measures in bytes use utf8Length.
 */

/** The part of the emitter the scalar writers use (fields and writers of yaml_emitter_t). */
export interface ScalarOutput {
  column: number;
  whitespace: boolean;
  indention: boolean;
  readonly bestWidth: number;
  readonly unicode: boolean;
  readonly flowLevel: number;
  put(ch: string): void;
  putBreak(): void;
  write(ch: string): void;
  writeBreak(ch: string): void;
  writeIndent(): void;
  writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void;
}

/** emitter->scalar_data after yaml_emitter_analyze_scalar. */
export interface ScalarAnalysis {
  chars: string[];
  /** Length in UTF-8 bytes (checked against 128 for simple keys, and for emptiness). */
  length: number;
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

export const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

const cp = (ch: string | undefined): number => (ch === undefined ? 0 : ch.codePointAt(0)!);

// IS_PRINTABLE: #x0A, #x20-#x7E, #xA0-#xD7FF, #xE000-#xFFFD except the BOM; nothing above #xFFFF
// (libyaml's byte test rejects every 4-byte sequence, so emoji are escaped).
function isPrintable(ch: string): boolean {
  const c = cp(ch);
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}
const isBreak = (ch: string | undefined): boolean =>
  ch === '\r' || ch === '\n' || ch === '\x85' || ch === '\u2028' || ch === '\u2029';
/** IS_BLANKZ; `undefined` (past the end) reads as the NUL that ends Python's bytes buffer. */
const isBlankz = (ch: string | undefined): boolean =>
  ch === undefined || ch === ' ' || ch === '\t' || ch === '\0' || isBreak(ch);

export function analyzeScalar(value: string, unicode: boolean): ScalarAnalysis {
  const chars = [...value];
  const length = utf8Length(value);
  if (chars.length === 0) {
    return {
      chars,
      length,
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  let followedByWhitespace = isBlankz(chars[1]);
  const last = chars.length - 1;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else {
      if (',?[]{}'.includes(ch)) flowIndicators = true;
      if (ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '#' && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }
    if (!isPrintable(ch) || (cp(ch) > 0x7f && !unicode)) specialCharacters = true;
    if (isBreak(ch)) lineBreaks = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(ch);
    if (i < last) followedByWhitespace = isBlankz(chars[i + 2]);
  }
  const a: ScalarAnalysis = {
    chars,
    length,
    multiline: lineBreaks,
    flowPlainAllowed: true,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

export function writePlain(e: ScalarOutput, c: string[], allowBreaks: boolean): void {
  let spaces = false;
  let breaks = false;
  // No trailing space for an empty value in block context (libyaml's comment: avoids "a: ").
  if (!e.whitespace && (c.length > 0 || e.flowLevel)) e.put(' ');
  for (let p = 0; p < c.length; p++) {
    const ch = c[p]!;
    if (ch === ' ') {
      if (allowBreaks && !spaces && e.column > e.bestWidth && c[p + 1] !== ' ') e.writeIndent();
      else e.write(ch);
      spaces = true;
    } else if (isBreak(ch)) {
      if (!breaks && ch === '\n') e.putBreak();
      e.writeBreak(ch);
      e.indention = true;
      breaks = true;
    } else {
      if (breaks) e.writeIndent();
      e.write(ch);
      e.indention = false;
      spaces = false;
      breaks = false;
    }
  }
  e.whitespace = false;
  e.indention = false;
}

export function writeSingleQuoted(e: ScalarOutput, c: string[], allowBreaks: boolean): void {
  let spaces = false;
  let breaks = false;
  e.writeIndicator("'", true, false, false);
  for (let p = 0; p < c.length; p++) {
    const ch = c[p]!;
    if (ch === ' ') {
      if (
        allowBreaks &&
        !spaces &&
        e.column > e.bestWidth &&
        p !== 0 &&
        p !== c.length - 1 &&
        c[p + 1] !== ' '
      )
        e.writeIndent();
      else e.write(ch);
      spaces = true;
    } else if (isBreak(ch)) {
      if (!breaks && ch === '\n') e.putBreak();
      e.writeBreak(ch);
      e.indention = true;
      breaks = true;
    } else {
      if (breaks) e.writeIndent();
      if (ch === "'") e.put("'");
      e.write(ch);
      e.indention = false;
      spaces = false;
      breaks = false;
    }
  }
  if (breaks) e.writeIndent();
  e.writeIndicator("'", false, false, false);
  e.whitespace = false;
  e.indention = false;
}

const ESCAPES: Record<number, string> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

export function writeDoubleQuoted(e: ScalarOutput, c: string[], allowBreaks: boolean): void {
  let spaces = false;
  e.writeIndicator('"', true, false, false);
  for (let p = 0; p < c.length; p++) {
    const ch = c[p]!;
    const v = cp(ch);
    if (
      !isPrintable(ch) ||
      (!e.unicode && v > 0x7f) ||
      v === 0xfeff ||
      isBreak(ch) ||
      ch === '"' ||
      ch === '\\'
    ) {
      e.put('\\');
      const esc = ESCAPES[v];
      if (esc !== undefined) e.put(esc);
      else {
        const [letter, width] = v <= 0xff ? ['x', 2] : v <= 0xffff ? ['u', 4] : ['U', 8];
        e.put(letter);
        for (const digit of v.toString(16).toUpperCase().padStart(width, '0')) e.put(digit);
      }
      spaces = false;
    } else if (ch === ' ') {
      if (allowBreaks && !spaces && e.column > e.bestWidth && p !== 0 && p !== c.length - 1) {
        e.writeIndent();
        // A space that would start the continuation line is escaped, or the reader would drop it.
        if (c[p + 1] === ' ') e.put('\\');
      } else e.write(ch);
      spaces = true;
    } else {
      e.write(ch);
      spaces = false;
    }
  }
  e.writeIndicator('"', false, false, false);
  e.whitespace = false;
  e.indention = false;
}
