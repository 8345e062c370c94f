/**
 * One typed error hierarchy for all of bosun.
 *
 * Every error a user can cause is a {@link BosunError}: it carries a stable `code`, the file
 * (and line/column) it is about, and an optional `cause`. Only `src/cli/` turns errors into
 * messages and exit codes: a BosunError prints as one line (plus an excerpt with a caret when
 * the source is known), anything else is an internal error and prints with its stack.
 */

interface SourcePosition {
  /** File the error is about (as the user named it). */
  file?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
}

export interface BosunErrorOptions extends SourcePosition {
  cause?: unknown;
  /** The source text `line` refers to, used to print an excerpt with a caret. Never a secret. */
  source?: string;
  /** Exit code the CLI should use (default 1). */
  exitCode?: number;
}

export class BosunError extends Error {
  override name = 'BosunError';
  readonly code: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly source?: string;
  readonly exitCode: number;

  constructor(code: string, message: string, options: BosunErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.source = options.source;
    this.exitCode = options.exitCode ?? 1;
  }

  /** `file:line:col: message` — the one-line form users see. */
  oneLine(): string {
    const where = formatPosition(this);
    return where ? `${where}: ${this.message}` : this.message;
  }
}

/** A command-line usage error (bad option, missing argument): exit code 2 like most CLIs. */
export class UsageError extends BosunError {
  override name = 'UsageError';
  constructor(message: string, options: BosunErrorOptions = {}) {
    super('usage', message, { exitCode: 2, ...options });
  }
}

export function isBosunError(err: unknown): err is BosunError {
  return err instanceof BosunError;
}

/** `file:line:col`, omitting the parts that are unknown; '' when nothing is known. */
function formatPosition(pos: SourcePosition): string {
  if (!pos.file && pos.line === undefined) return '';
  let out = pos.file ?? '<input>';
  if (pos.line !== undefined) {
    out += `:${pos.line}`;
    if (pos.column !== undefined) out += `:${pos.column}`;
  }
  return out;
}

/**
 * The offending line of `source` with a caret under `column`, as the YAML library's prettifier
 * does. Returns '' when the line does not exist.
 */
function excerpt(source: string, line: number, column?: number): string {
  const lines = source.split(/\r?\n/);
  const text = lines[line - 1];
  if (text === undefined) return '';
  const shown = text.length > 160 ? text.slice(0, 160) + '…' : text;
  let out = `  ${line} | ${shown}`;
  if (column !== undefined && column >= 1 && column <= shown.length + 1) {
    const gutter = ' '.repeat(String(line).length + 5);
    out += `\n${gutter}${' '.repeat(column - 1)}^`;
  }
  return out;
}

/** Full user-facing rendering of an error: the one-line form, then an excerpt when known. */
export function describeError(err: BosunError): string {
  let out = err.oneLine();
  if (err.source !== undefined && err.line !== undefined) {
    const ex = excerpt(err.source, err.line, err.column);
    if (ex) out += '\n' + ex;
  }
  return out;
}

/** Message of any thrown value, for wrapping foreign errors (fs, child processes). */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Node's errno code (`ENOENT`, …) of a thrown value, if any. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = err.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
