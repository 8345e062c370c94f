/**
 * Python's `ast.literal_eval` as Ansible applies it after templating (ansible_eval_concat), with
 * Ansible's Json2Python pass: the names `true`/`false`/`null` are read as True/False/None.
 * Returns `NOT_LITERAL` for anything literal_eval would reject (Ansible then keeps the string).
 */
import { PyFloat, PyTuple, tuple, type PyValue } from './values.js';

export const NOT_LITERAL: unique symbol = Symbol('not a literal');

class Reject extends Error {}

const NAMES: Record<string, PyValue> = {
  True: true,
  False: false,
  None: null,
  true: true,
  false: false,
  null: null,
};

export function literalEval(src: string): PyValue | typeof NOT_LITERAL {
  const p = new LiteralParser(src);
  try {
    p.ws();
    const v = p.value();
    p.ws();
    if (p.i !== src.length) return NOT_LITERAL;
    return v;
  } catch (e) {
    if (e instanceof Reject) return NOT_LITERAL;
    throw e;
  }
}

class LiteralParser {
  i = 0;
  /** Nesting depth of brackets: newlines are whitespace only inside them (Python's lexer). */
  private depth = 0;
  constructor(private readonly s: string) {}

  ws(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\f') this.i++;
      else if ((c === '\n' || c === '\r') && this.depth > 0) this.i++;
      else if (c === '\\' && this.s[this.i + 1] === '\n') this.i += 2;
      else if (c === '#' && this.depth > 0) {
        while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      } else return;
    }
  }

  value(): PyValue {
    this.ws();
    const c = this.s[this.i];
    if (c === undefined) throw new Reject();
    if (c === '[') return this.seq(']', false);
    if (c === '(') return this.seq(')', true);
    if (c === '{') return this.mapping();
    if (c === '-' || c === '+') {
      this.i++;
      this.ws();
      const n = this.number();
      if (c === '+') return n;
      if (n instanceof PyFloat) return new PyFloat(-n.value);
      if (typeof n === 'bigint') return normInt(-n);
      return -(n as number);
    }
    if (/[0-9.]/.test(c)) return this.number();
    const m = /^([rRbBuUfF]{0,2})(['"])/.exec(this.s.slice(this.i, this.i + 4));
    if (m) return this.strings();
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
    if (id && id[0] in NAMES) {
      this.i += id[0].length;
      return NAMES[id[0]]!;
    }
    throw new Reject();
  }

  private seq(close: string, isTuple: boolean): PyValue {
    this.i++;
    this.depth++;
    const items: PyValue[] = [];
    let sawComma = false;
    for (;;) {
      this.ws();
      if (this.s[this.i] === close) {
        this.i++;
        break;
      }
      items.push(this.value());
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        sawComma = true;
        continue;
      }
      if (this.s[this.i] === close) {
        this.i++;
        break;
      }
      throw new Reject();
    }
    this.depth--;
    if (isTuple) {
      // `(x)` is just x; `(x,)` and `()` are tuples.
      if (items.length === 1 && !sawComma) return items[0]!;
      return tuple(items);
    }
    return items;
  }

  private mapping(): PyValue {
    this.i++;
    this.depth++;
    const m = new Map<PyValue, PyValue>();
    for (;;) {
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        break;
      }
      const k = this.value();
      this.ws();
      // Sets ({1, 2}) have no place in bosun's value model; Ansible would keep a set: rare, refuse.
      if (this.s[this.i] !== ':') throw new Reject();
      this.i++;
      const v = this.value();
      if ((Array.isArray(k) && !(k instanceof PyTuple)) || k instanceof Map) throw new Reject();
      m.set(k, v);
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === '}') {
        this.i++;
        break;
      }
      throw new Reject();
    }
    this.depth--;
    return m;
  }

  private number(): PyValue {
    const rest = this.s.slice(this.i);
    let m = /^0[xX](?:_?[0-9a-fA-F])+|^0[oO](?:_?[0-7])+|^0[bB](?:_?[01])+/.exec(rest);
    if (m) {
      this.i += m[0].length;
      this.noIdentAfter();
      return normInt(BigInt(m[0].replace(/_/g, '')));
    }
    m =
      /^(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.?)(?:[eE][+-]?[0-9](?:_?[0-9])*)?/.exec(
        rest,
      );
    if (!m || m[0] === '') throw new Reject();
    const t = m[0];
    this.i += t.length;
    if (this.s[this.i] === 'j' || this.s[this.i] === 'J') throw new Reject();
    this.noIdentAfter();
    const clean = t.replace(/_/g, '');
    if (/[.eE]/.test(clean)) return new PyFloat(Number(clean));
    // Python 3 refuses leading zeros in non-zero decimal ints.
    if (/^0[0-9]/.test(clean) && /[1-9]/.test(clean)) throw new Reject();
    return normInt(BigInt(clean));
  }

  private noIdentAfter(): void {
    if (/[A-Za-z0-9_]/.test(this.s[this.i] ?? '')) throw new Reject();
  }

  /** One or more adjacent string literals (Python concatenates them). */
  private strings(): PyValue {
    let out = '';
    let sawBytes = false;
    let sawStr = false;
    for (;;) {
      const m = /^([rRbBuUfF]{0,2})(['"])/.exec(this.s.slice(this.i, this.i + 4));
      if (!m) break;
      const prefix = m[1]!.toLowerCase();
      if (prefix.includes('f')) throw new Reject();
      if (prefix.includes('b')) sawBytes = true;
      else sawStr = true;
      this.i += prefix.length;
      out += this.oneString(prefix.includes('r'));
      this.ws();
    }
    // bytes have no value in bosun's model, and mixing is a SyntaxError.
    if (sawBytes) throw new Reject();
    void sawStr;
    return out;
  }

  private oneString(raw: boolean): string {
    const q = this.s[this.i]!;
    const triple = this.s.startsWith(q.repeat(3), this.i);
    const end = triple ? q.repeat(3) : q;
    this.i += end.length;
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) throw new Reject();
      if (this.s.startsWith(end, this.i)) {
        this.i += end.length;
        return out;
      }
      const c = this.s[this.i]!;
      if (!triple && c === '\n') throw new Reject();
      if (c !== '\\') {
        out += c;
        this.i++;
        continue;
      }
      const n = this.s[this.i + 1];
      if (n === undefined) throw new Reject();
      if (raw) {
        out += c + n;
        this.i += 2;
        continue;
      }
      this.i += 2;
      switch (n) {
        case '\n':
          break;
        case '\\':
          out += '\\';
          break;
        case "'":
          out += "'";
          break;
        case '"':
          out += '"';
          break;
        case 'a':
          out += '\x07';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'v':
          out += '\v';
          break;
        case 'x':
          out += this.hexEscape(2);
          break;
        case 'u':
          out += this.hexEscape(4);
          break;
        case 'U':
          out += this.hexEscape(8);
          break;
        case 'N':
          throw new Reject();
        default:
          if (/[0-7]/.test(n)) {
            let digits = n;
            while (digits.length < 3 && /[0-7]/.test(this.s[this.i] ?? ''))
              digits += this.s[this.i++];
            out += String.fromCodePoint(parseInt(digits, 8));
          } else {
            out += '\\' + n;
          }
      }
    }
  }

  private hexEscape(len: number): string {
    const h = this.s.slice(this.i, this.i + len);
    if (h.length !== len || !/^[0-9a-fA-F]+$/.test(h)) throw new Reject();
    this.i += len;
    const cp = parseInt(h, 16);
    if (cp > 0x10ffff) throw new Reject();
    return String.fromCodePoint(cp);
  }
}

function normInt(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(n)
    : n;
}
