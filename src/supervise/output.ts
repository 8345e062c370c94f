/**
 * Unit output to the container's stdout, line by line, prefixed with the unit name. Writes never
 * block the supervisor: when the consumer is slow, lines queue up to a bound and the excess is
 * dropped and counted (a log line says how many).
 */
import type { Readable, Writable } from 'node:stream';

const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
const MAX_LINE = 16 * 1024;

export class PrefixedOutput {
  private queued = 0;
  private dropped = 0;

  constructor(private readonly sink: Writable) {}

  /** Forward `stream` to the sink, each line prefixed with `prefix: `. */
  attach(stream: Readable, prefix: string): void {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const text = partial + chunk;
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      if (partial.length > MAX_LINE) {
        lines.push(partial);
        partial = '';
      }
      for (const line of lines) this.writeLine(`${prefix}: ${line}\n`);
    });
    stream.on('end', () => {
      if (partial) this.writeLine(`${prefix}: ${partial}\n`);
    });
    stream.on('error', () => undefined);
  }

  writeLine(line: string): void {
    if (this.queued + line.length > MAX_QUEUED_BYTES) {
      this.dropped++;
      return;
    }
    if (this.dropped) {
      const note = `bosun: ${this.dropped} output line(s) dropped (stdout too slow)\n`;
      this.dropped = 0;
      this.push(note);
    }
    this.push(line);
  }

  private push(text: string): void {
    this.queued += text.length;
    this.sink.write(text, () => {
      this.queued -= text.length;
    });
  }
}
