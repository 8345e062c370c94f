/**
 * Python's `random.Random(seed)` (MT19937 with CPython's seeding), enough for Ansible's seeded
 * `random` and `shuffle` filters to give the same results as Python: randrange, choice, shuffle.
 */
import { createHash } from 'node:crypto';

const N = 624;
const M = 397;

export class PyRandom {
  private readonly mt = new Uint32Array(N);
  private mti = N + 1;

  /** Seed as Python 3 does: an int by its absolute value, a str via its UTF-8 bytes + SHA-512. */
  constructor(seed: number | bigint | string) {
    let big: bigint;
    if (typeof seed === 'string') {
      const b = Buffer.from(seed, 'utf8');
      const all = Buffer.concat([b, createHash('sha512').update(b).digest()]);
      big = all.length ? BigInt('0x' + all.toString('hex')) : 0n;
    } else {
      big = BigInt(seed);
      if (big < 0n) big = -big;
    }
    const key: number[] = [];
    while (big > 0n) {
      key.push(Number(big & 0xffffffffn));
      big >>= 32n;
    }
    if (key.length === 0) key.push(0);
    this.initByArray(key);
  }

  private initGenrand(s: number): void {
    this.mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.mti = N;
  }

  private initByArray(key: number[]): void {
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      this.mt[i] = ((this.mt[i]! ^ Math.imul(prev, 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        this.mt[0] = this.mt[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      this.mt[i] = ((this.mt[i]! ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        this.mt[0] = this.mt[N - 1]!;
        i = 1;
      }
    }
    this.mt[0] = 0x80000000;
  }

  private genrand(): number {
    if (this.mti >= N) {
      for (let k = 0; k < N; k++) {
        const y = (this.mt[k]! & 0x80000000) | (this.mt[(k + 1) % N]! & 0x7fffffff);
        this.mt[k] = this.mt[(k + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.mti = 0;
    }
    let y = this.mt[this.mti++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  getrandbits(k: number): bigint {
    if (k <= 32) return BigInt(this.genrand() >>> (32 - k));
    let out = 0n;
    let shift = 0n;
    for (let left = k; left > 0; left -= 32) {
      let r = this.genrand();
      if (left < 32) r >>>= 32 - left;
      out |= BigInt(r) << shift;
      shift += 32n;
    }
    return out;
  }

  /** CPython's _randbelow_with_getrandbits. */
  randbelow(n: number): number {
    return Number(this.randbelowBig(BigInt(n)));
  }

  randbelowBig(n: bigint): bigint {
    if (n <= 0n) return 0n;
    const k = n.toString(2).length;
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  randrange(
    start: number | bigint,
    stop: number | bigint,
    step: number | bigint = 1,
  ): number | bigint {
    const a = BigInt(start);
    const b = BigInt(stop);
    const st = BigInt(step);
    const width = b - a;
    let out: bigint;
    if (st === 1n) {
      if (width <= 0n) throw new RangeError(`empty range in randrange(${start}, ${stop})`);
      out = a + this.randbelowBig(width);
    } else {
      const n = st > 0n ? (width + st - 1n) / st : (width + st + 1n) / st;
      if (n <= 0n) throw new RangeError('empty range for randrange()');
      out = a + st * this.randbelowBig(n);
    }
    return out >= BigInt(Number.MIN_SAFE_INTEGER) && out <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(out)
      : out;
  }

  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      [x[i], x[j]] = [x[j]!, x[i]!];
    }
  }
}
