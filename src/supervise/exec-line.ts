/**
 * Exec*= command lines (systemd.service(5), "Command lines"): prefixes `@ - : + !`, quoting
 * with C escapes, `;` as a separate word between commands, and `$VAR` / `${VAR}` expansion
 * done at run time against the service's environment.
 */

export interface ExecCommand {
  /** Executable path (first word, after prefixes). */
  path: string;
  /** argv[0] given to the process (differs from path with the `@` prefix). */
  argv0: string;
  /** Arguments after argv[0], not yet environment-expanded. */
  args: string[];
  /** `-`: a non-zero exit is not a failure. */
  ignoreFailure: boolean;
  /** `:`: no environment variable substitution. */
  noEnvExpand: boolean;
  /** `+` / `!` / `!!`: run with full privileges (User=/Group= not applied). */
  privileged: boolean;
}

export class ExecSyntaxError extends Error {}

/** Split a command line into words with systemd's quoting rules. */
export function splitWords(line: string): string[] {
  return tokenize(line).map((t) => t.text);
}

interface Token {
  text: string;
  /** Written without quotes or escapes: only a bare `;` separates commands. */
  bare: boolean;
}

function tokenize(line: string): Token[] {
  const words: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && /\s/.test(line[i]!)) i++;
    if (i >= n) break;
    let word = '';
    let bare = true;
    let quote: string | null = null;
    for (; i < n; i++) {
      const c = line[i]!;
      if (quote) {
        if (c === quote) {
          quote = null;
          continue;
        }
        if (c === '\\') {
          const [s, adv] = unescape(line, i);
          word += s;
          i += adv;
          continue;
        }
        word += c;
        continue;
      }
      if (c === '"' || c === "'" || c === '\\') bare = false;
      if (/\s/.test(c)) break;
      if (c === '"' || c === "'") {
        quote = c;
        continue;
      }
      if (c === '\\') {
        const [s, adv] = unescape(line, i);
        word += s;
        i += adv;
        continue;
      }
      word += c;
    }
    if (quote) throw new ExecSyntaxError(`unbalanced quote in '${line}'`);
    words.push({ text: word, bare });
  }
  return words;
}

/** C-style escape at line[i] (a backslash): returns the text and how many extra chars it used. */
function unescape(line: string, i: number): [string, number] {
  const c = line[i + 1];
  if (c === undefined) return ['', 0];
  const simple: Record<string, string> = {
    a: '\x07',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
    v: '\v',
    '\\': '\\',
    '"': '"',
    "'": "'",
    s: ' ',
    ';': ';',
  };
  if (c in simple) return [simple[c]!, 1];
  if (c === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4)))
    return [String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16)), 3];
  if (/^[0-7]{3}$/.test(line.slice(i + 1, i + 4)))
    return [String.fromCharCode(parseInt(line.slice(i + 1, i + 4), 8)), 3];
  if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(line.slice(i + 2, i + 6)))
    return [String.fromCharCode(parseInt(line.slice(i + 2, i + 6), 16)), 5];
  throw new ExecSyntaxError(`invalid escape '\\${c}'`);
}

/** Parse one Exec*= value into its commands. */
export function parseExecLine(value: string): ExecCommand[] {
  const commands: ExecCommand[] = [];
  let words: string[] = [];
  const flush = (): void => {
    if (words.length) commands.push(buildCommand(words));
    words = [];
  };
  for (const token of tokenize(value)) {
    if (token.bare && token.text === ';') flush();
    else words.push(token.text);
  }
  flush();
  return commands;
}

function buildCommand(words: string[]): ExecCommand {
  let first = words[0]!;
  let ignoreFailure = false;
  let noEnvExpand = false;
  let privileged = false;
  let atPrefix = false;
  let k = 0;
  for (; k < first.length; k++) {
    const c = first[k];
    if (c === '-') ignoreFailure = true;
    else if (c === ':') noEnvExpand = true;
    else if (c === '+' || c === '!') privileged = true;
    else if (c === '@') atPrefix = true;
    else break;
  }
  first = first.slice(k);
  const rest = words.slice(1);
  if (!first) throw new ExecSyntaxError('empty executable path');
  let argv0 = first;
  if (atPrefix) {
    if (!rest.length) throw new ExecSyntaxError("'@' prefix needs an argv[0] word");
    argv0 = rest.shift()!;
  }
  return { path: first, argv0, args: rest, ignoreFailure, noEnvExpand, privileged };
}

/**
 * `${VAR}` → the exact value as part of the word; a word that is exactly `$VAR` → the value
 * split on whitespace (zero or more words); `$$` → `$`. Unset variables expand to nothing.
 */
export function expandEnvWords(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): string[] {
  const out: string[] = [];
  for (const word of args) {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word);
    if (whole) {
      const v = env[whole[1]!] ?? '';
      out.push(...v.split(/\s+/).filter((w) => w !== ''));
      continue;
    }
    out.push(
      word.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string | undefined) =>
        name === undefined ? '$' : (env[name] ?? ''),
      ),
    );
  }
  return out;
}
