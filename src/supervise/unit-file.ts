/**
 * systemd's unit-file syntax (systemd.syntax(7)): sections, `Key=Value` assignments, comments
 * (`#`, `;`), backslash line continuations (comment lines inside a continuation are skipped, as
 * systemd does). The result keeps every assignment in order with its line, because list
 * directives accumulate and an empty assignment resets them.
 */

export interface Assignment {
  key: string;
  value: string;
  file: string;
  line: number;
}

export interface ParsedUnitFile {
  file: string;
  /** Section name → assignments in file order. */
  sections: Map<string, Assignment[]>;
}

export interface ParseProblem {
  file: string;
  line: number;
  message: string;
}

/**
 * Parse unit-file text. Lines systemd would reject are collected as problems (systemd logs and
 * ignores them) instead of failing the whole file.
 */
export function parseUnitFile(
  text: string,
  file: string,
  problems: ParseProblem[] = [],
): ParsedUnitFile {
  const sections = new Map<string, Assignment[]>();
  let current: Assignment[] | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let line = stripLine(lines[i]!);
    if (line === '' || isComment(line)) continue;
    // Continuations: a trailing backslash joins the next non-comment line with a space.
    while (line.endsWith('\\') && i + 1 < lines.length) {
      line = line.slice(0, -1) + ' ';
      let next = stripLine(lines[++i]!);
      while (isComment(next) && i + 1 < lines.length) next = stripLine(lines[++i]!);
      if (isComment(next)) next = '';
      line += next;
    }
    if (line.endsWith('\\')) line = line.slice(0, -1);
    if (line.startsWith('[')) {
      if (!line.endsWith(']') || line.length < 3) {
        problems.push({ file, line: startLine, message: `invalid section header '${line}'` });
        current = null;
        continue;
      }
      const name = line.slice(1, -1);
      current = sections.get(name) ?? [];
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) {
      problems.push({ file, line: startLine, message: `missing '=' in '${line}'` });
      continue;
    }
    if (current === null) {
      problems.push({ file, line: startLine, message: 'assignment outside of any section' });
      continue;
    }
    current.push({
      key: line.slice(0, eq).trim(),
      value: line.slice(eq + 1).trim(),
      file,
      line: startLine,
    });
  }
  return { file, sections };
}

function stripLine(raw: string): string {
  return raw.replace(/\r$/, '').trim();
}

function isComment(line: string): boolean {
  return line.startsWith('#') || line.startsWith(';');
}

/** Merge drop-ins into a main file: their assignments follow the main file's, section by section. */
export function mergeUnitFiles(main: ParsedUnitFile, dropIns: ParsedUnitFile[]): ParsedUnitFile {
  const sections = new Map<string, Assignment[]>();
  for (const part of [main, ...dropIns]) {
    for (const [name, list] of part.sections)
      sections.set(name, [...(sections.get(name) ?? []), ...list]);
  }
  return { file: main.file, sections };
}
