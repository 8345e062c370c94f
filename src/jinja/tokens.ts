/** Jinja2's token types, lexer options and expression-token patterns (the lexer's rules). */
type TokenType =
  | 'data'
  | 'variable_begin'
  | 'variable_end'
  | 'block_begin'
  | 'block_end'
  | 'name'
  | 'string'
  | 'integer'
  | 'float'
  | 'op'
  | 'eof';

export interface Token {
  type: TokenType;
  /** Token text: names, operators, decoded string literals, data. */
  value: string;
  line: number;
  /** 1-based column of the token start (0 when unknown). */
  col?: number;
  /** Numeric value for integer/float tokens. */
  num?: number | bigint;
}

export interface LexerOptions {
  blockStart: string;
  blockEnd: string;
  variableStart: string;
  variableEnd: string;
  commentStart: string;
  commentEnd: string;
  lineStatementPrefix: string | null;
  lineCommentPrefix: string | null;
  trimBlocks: boolean;
  lstripBlocks: boolean;
  keepTrailingNewline: boolean;
  newlineSequence: string;
}

export const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const OPERATORS = [
  '//',
  '**',
  '==',
  '!=',
  '>=',
  '<=',
  '+',
  '-',
  '/',
  '*',
  '%',
  '~',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  '>',
  '<',
  '=',
  '.',
  ':',
  '|',
  ',',
  ';',
];
export const OP_RE = new RegExp(OPERATORS.map(esc).join('|'), 'y');
export const NAME_RE = /[\p{L}_][\p{L}\p{N}_]*/uy;
export const STRING_RE = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/sy;
export const INT_RE = /0b(?:_?[01])+|0o(?:_?[0-7])+|0x(?:_?[\da-f])+|[1-9](?:_?\d)*|0(?:_?0)*/iy;
export const FLOAT_RE =
  /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?e[+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/iy;
export const WS_RE = /\s+/y;

/** Decode a Python string literal body (unicode-escape semantics). */
export function unescapePython(body: string): string {
  return body.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|.|\n)/gs,
    (m, e: string) => {
      switch (e[0]) {
        case 'n':
          return '\n';
        case 't':
          return '\t';
        case 'r':
          return '\r';
        case '\\':
          return '\\';
        case "'":
          return "'";
        case '"':
          return '"';
        case 'a':
          return '\x07';
        case 'b':
          return '\b';
        case 'f':
          return '\f';
        case 'v':
          return '\v';
        case '\n':
          return '';
        case 'x':
        case 'u':
        case 'U':
          return String.fromCodePoint(parseInt(e.slice(1), 16));
        default:
          if (/^[0-7]/.test(e)) return String.fromCodePoint(parseInt(e, 8));
          return m;
      }
    },
  );
}
