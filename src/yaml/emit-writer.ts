/** libyaml's emitter output: text, column and indentation state, and the write_* helpers. */
import type { ScalarOutput } from './emit-scalar.js';

const TAG_SAFE = /^[0-9A-Za-z_\-;/?:@&=+$,.~*'()[\]]$/u;

export class EmitterWriter implements ScalarOutput {
  protected out = '';
  column = 0;
  whitespace = true;
  indention = true;
  flowLevel = 0;
  readonly unicode = true;
  readonly bestIndent: number;
  readonly bestWidth: number;
  protected indent = -1;

  /** yaml_emitter_set_indent / set_width, then the corrections of emit_stream_start. */
  constructor(indent: number | null, width: number | null) {
    let bestIndent = indent === null ? 0 : 1 < indent && indent < 10 ? indent : 2;
    let bestWidth = width === null ? 0 : width >= 0 ? width : -1;
    if (bestIndent < 2 || bestIndent > 9) bestIndent = 2;
    if (bestWidth >= 0 && bestWidth <= bestIndent * 2) bestWidth = 80;
    if (bestWidth < 0) bestWidth = Number.MAX_SAFE_INTEGER;
    this.bestIndent = bestIndent;
    this.bestWidth = bestWidth;
  }

  // ---- writers (PUT, PUT_BREAK, WRITE, WRITE_BREAK and yaml_emitter_write_*) ----
  put(ch: string): void {
    this.out += ch;
    this.column++;
  }
  putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }
  write(ch: string): void {
    this.out += ch;
    this.column++;
  }
  writeBreak(ch: string): void {
    if (ch === '\n') this.putBreak();
    else {
      this.out += ch;
      this.column = 0;
    }
  }

  writeIndent(): void {
    const indent = this.indent >= 0 ? this.indent : 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of indicator) this.write(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  protected writeTagContent(value: string, needWhitespace: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of value) {
      if (TAG_SAFE.test(ch)) this.write(ch);
      else
        for (const byte of Buffer.from(ch, 'utf8'))
          for (const x of '%' + byte.toString(16).toUpperCase().padStart(2, '0')) this.put(x);
    }
    this.whitespace = false;
    this.indention = false;
  }
}
