/**
 * bcrypt ($2a$ / $2b$ / $2y$), byte-identical to passlib (what Ansible's `encrypt=bcrypt` and
 * `password_hash('blowfish')` use). Blowfish's initial state is the hex digits of pi: computed
 * once (Machin's formula in BigInt, a few ms) rather than carrying a 4 KiB table of constants.
 */
import { Buffer } from 'node:buffer';

const BCRYPT64 = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const WORDS = 18 + 4 * 256;

let PI_WORDS: Uint32Array | undefined;

/** The first 1042 32-bit words of pi's fractional part (Blowfish's P-array then S-boxes). */
function piWords(): Uint32Array {
  if (PI_WORDS) return PI_WORDS;
  const bits = BigInt(WORDS * 32 + 64);
  const one = 1n << bits;
  const atanInv = (x: bigint): bigint => {
    let term = one / x;
    const x2 = x * x;
    let sum = 0n;
    for (let k = 0n; term !== 0n; k++) {
      sum += (k & 1n ? -term : term) / (2n * k + 1n);
      term /= x2;
    }
    return sum;
  };
  const pi = 16n * atanInv(5n) - 4n * atanInv(239n);
  let frac = (pi - 3n * one) >> 64n;
  const out = new Uint32Array(WORDS);
  for (let i = WORDS - 1; i >= 0; i--) {
    out[i] = Number(frac & 0xffffffffn);
    frac >>= 32n;
  }
  return (PI_WORDS = out);
}

class Blowfish {
  readonly P: Uint32Array;
  readonly S: Uint32Array;
  constructor() {
    const init = piWords();
    this.P = init.slice(0, 18);
    this.S = init.slice(18);
  }

  /** Enciphers lr[0..1] in place. */
  encipher(lr: Uint32Array): void {
    const { P, S } = this;
    let l = lr[0]!,
      r = lr[1]!;
    for (let i = 0; i < 16; i += 2) {
      l ^= P[i]!;
      r ^=
        ((S[l >>> 24]! + S[256 | ((l >>> 16) & 0xff)]!) ^ S[512 | ((l >>> 8) & 0xff)]!) +
        S[768 | (l & 0xff)]!;
      r ^= P[i + 1]!;
      l ^=
        ((S[r >>> 24]! + S[256 | ((r >>> 16) & 0xff)]!) ^ S[512 | ((r >>> 8) & 0xff)]!) +
        S[768 | (r & 0xff)]!;
    }
    lr[0] = r ^ P[17]!;
    lr[1] = l ^ P[16]!;
  }

  /** bcrypt's ExpandKey; with `salt` null it is the plain Blowfish key schedule (ExpandKey(0, key)). */
  expand(key: Buffer, salt: Buffer | null): void {
    let kp = 0;
    const word = (b: Buffer, at: { p: number }): number => {
      let w = 0;
      for (let i = 0; i < 4; i++) {
        w = (w << 8) | b[at.p]!;
        at.p = (at.p + 1) % b.length;
      }
      return w >>> 0;
    };
    const k = { p: kp };
    for (let i = 0; i < 18; i++) this.P[i] = (this.P[i]! ^ word(key, k)) >>> 0;
    kp = 0;
    const s = { p: kp };
    const lr = new Uint32Array(2);
    const fill = (arr: Uint32Array): void => {
      for (let i = 0; i < arr.length; i += 2) {
        if (salt) {
          lr[0] = lr[0]! ^ word(salt, s);
          lr[1] = lr[1]! ^ word(salt, s);
        }
        this.encipher(lr);
        arr[i] = lr[0]!;
        arr[i + 1] = lr[1]!;
      }
    };
    fill(this.P);
    fill(this.S);
  }
}

function encode64(b: Buffer): string {
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const c1 = b[i]!,
      c2 = b[i + 1],
      c3 = b[i + 2];
    out += BCRYPT64[c1 >> 2]! + BCRYPT64[((c1 & 3) << 4) | ((c2 ?? 0) >> 4)]!;
    if (c2 === undefined) break;
    out += BCRYPT64[((c2 & 15) << 2) | ((c3 ?? 0) >> 6)]!;
    if (c3 === undefined) break;
    out += BCRYPT64[c3 & 63]!;
  }
  return out;
}

function decode64(s: string, bytes: number): Buffer {
  const v = [...s].map((c) => BCRYPT64.indexOf(c));
  if (v.some((x) => x < 0)) throw new Error('invalid characters in salt');
  const out = Buffer.alloc(bytes);
  for (let i = 0, o = 0; o < bytes; i += 4) {
    out[o++] = (v[i]! << 2) | (v[i + 1]! >> 4);
    if (o < bytes) out[o++] = ((v[i + 1]! & 15) << 4) | (v[i + 2]! >> 2);
    if (o < bytes) out[o++] = ((v[i + 2]! & 3) << 6) | v[i + 3]!;
  }
  return out;
}

/**
 * `$<ident>$<cost>$<salt22><hash31>`. The salt's unused low bits are cleared as passlib's
 * bcrypt64.repair_unused does (so `…Zs9` is written `…Zsu`); the password is its UTF-8 bytes
 * plus a NUL, cut at 72 bytes.
 */
export function bcryptHash(password: string, salt: string, cost: number, ident: string): string {
  if (!['2a', '2b', '2y'].includes(ident))
    throw new Error(`invalid ident for bcrypt: '${ident}' (2a, 2b, 2y)`);
  if (salt.length !== 22) throw new Error(`bcrypt salt must be 22 characters, got ${salt.length}`);
  if (!Number.isInteger(cost) || cost < 4 || cost > 31)
    throw new Error(`bcrypt rounds must be between 4 and 31, got ${cost}`);
  const saltBytes = decode64(salt, 16);
  const key = Buffer.concat([Buffer.from(password, 'utf8'), Buffer.from([0])]).subarray(0, 72);
  const bf = new Blowfish();
  bf.expand(key, saltBytes);
  for (let i = 2 ** cost; i > 0; i--) {
    bf.expand(key, null);
    bf.expand(saltBytes, null);
  }
  const ctext = Buffer.from('OrpheanBeholderScryDoubt', 'latin1');
  const words = new Uint32Array(6);
  for (let i = 0; i < 6; i++) words[i] = ctext.readUInt32BE(i * 4);
  const lr = new Uint32Array(2);
  for (let n = 0; n < 64; n++) {
    for (let j = 0; j < 6; j += 2) {
      lr[0] = words[j]!;
      lr[1] = words[j + 1]!;
      bf.encipher(lr);
      words[j] = lr[0]!;
      words[j + 1] = lr[1]!;
    }
  }
  const out = Buffer.alloc(24);
  for (let i = 0; i < 6; i++) out.writeUInt32BE(words[i]!, i * 4);
  return `$${ident}$${String(cost).padStart(2, '0')}$${encode64(saltBytes)}${encode64(out.subarray(0, 23))}`;
}
