/**
 * Python's `textwrap.wrap(text, width)` with its defaults, as Ansible's Display.warning uses it
 * (width 79 when stdout is not a terminal): whitespace becomes spaces, lines break between words,
 * a word longer than a line is cut. Not done: breaking on hyphens inside words.
 */
export function pyWrap(text: string, width: number): string[] {
  const flat = text.replace(/\t/g, '        ').replace(/[\n\v\f\r]/g, ' ');
  // Reversed, so the next chunk is at the end, as textwrap does it.
  const chunks = flat
    .split(/( +)/)
    .filter((c) => c !== '')
    .reverse();
  const lines: string[] = [];
  const blank = (c: string | undefined): boolean => c !== undefined && c.trim() === '';
  while (chunks.length) {
    const line: string[] = [];
    let len = 0;
    if (blank(chunks[chunks.length - 1]) && lines.length) chunks.pop();
    while (chunks.length) {
      const l = chunks[chunks.length - 1]!.length;
      if (len + l > width) break;
      line.push(chunks.pop()!);
      len += l;
    }
    if (chunks.length && chunks[chunks.length - 1]!.length > width) {
      const cut = Math.max(width - len, 1);
      const word = chunks.pop()!;
      line.push(word.slice(0, cut));
      chunks.push(word.slice(cut));
    }
    if (blank(line[line.length - 1])) line.pop();
    if (line.length) lines.push(line.join(''));
  }
  return lines;
}
