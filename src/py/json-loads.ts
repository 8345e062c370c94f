/**
 * Python's `json.loads` (strict mode, the default): what it accepts and nothing more — no Python
 * literals (True, 'a', trailing commas), NaN/Infinity/-Infinity as floats as Python accepts them,
 * integers of any size, last duplicate key wins. A failure says where, never what: the text may
 * be a secret (from_json over a vaulted value), so the error carries no excerpt of it.
 */
import { PyFloat, type PyValue } from './values.js';

export class JsonDecodeError extends Error {
  override name = 'JSONDecodeError';
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason}: line ${line} column ${column}`);
  }
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

export function pyJsonLoads(text: string): PyValue {
  let i = 0;
  const fail = (reason: string, at = i): never => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - (before.lastIndexOf('\n') + 1) + 1;
    throw new JsonDecodeError(reason, line, column);
  };
  const ws = (): void => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    for (;;) {
      if (i >= text.length) fail('Unterminated string starting at', start);
      const c = text[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === undefined) fail('Unterminated string starting at', start);
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Invalid \\uXXXX escape', i + 1);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
          continue;
        }
        const mapped = ESCAPES[e!];
        if (mapped === undefined) fail('Invalid \\escape', i);
        out += mapped;
        i += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) fail('Invalid control character at', i);
      out += c;
      i++;
    }
  };
  const value = (): PyValue => {
    const c = text[i];
    if (c === '"') return str();
    if (c === '{') {
      i++;
      const m = new Map<PyValue, PyValue>();
      ws();
      if (text[i] === '}') {
        i++;
        return m;
      }
      for (;;) {
        if (text[i] !== '"') fail('Expecting property name enclosed in double quotes');
        const k = str();
        ws();
        if (text[i] !== ':') fail("Expecting ':' delimiter");
        i++;
        ws();
        m.set(k, value());
        ws();
        if (text[i] === '}') {
          i++;
          return m;
        }
        if (text[i] !== ',') fail("Expecting ',' delimiter");
        i++;
        ws();
      }
    }
    if (c === '[') {
      i++;
      const a: PyValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        ws();
        a.push(value());
        ws();
        if (text[i] === ']') {
          i++;
          return a;
        }
        if (text[i] !== ',') fail("Expecting ',' delimiter");
        i++;
      }
    }
    for (const [word, v] of [
      ['null', null],
      ['true', true],
      ['false', false],
      ['NaN', new PyFloat(NaN)],
      ['Infinity', new PyFloat(Infinity)],
      ['-Infinity', new PyFloat(-Infinity)],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m) {
      i += m[0].length;
      if (m[1] === undefined && m[2] === undefined) {
        const n = BigInt(m[0]);
        return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)
          ? Number(n)
          : n;
      }
      return new PyFloat(Number(m[0]));
    }
    return fail('Expecting value');
  };
  ws();
  const v = value();
  ws();
  if (i !== text.length) fail('Extra data');
  return v;
}
