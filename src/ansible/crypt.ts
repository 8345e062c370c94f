/**
 * crypt(3) hashes for `password_hash`: sha512_crypt / sha256_crypt (Drepper's SHA-crypt) and
 * md5_crypt, byte-identical to glibc/passlib for a given salt and rounds. Rounds follow passlib
 * as Ansible uses it: default 656000 (sha512) / 535000 (sha256), written unless 5000 (implicit).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { bcryptHash } from './bcrypt.js';

const B64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function b64From24(b2: number, b1: number, b0: number, n: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let out = '';
  for (let i = 0; i < n; i++) {
    out += B64[w & 0x3f];
    w >>= 6;
  }
  return out;
}

export function randomSalt(size: number): string {
  const bytes = randomBytes(size);
  return [...bytes].map((b) => B64[b & 0x3f]).join('');
}

/** Drepper's SHA-crypt ($5$ / $6$). */
export function shaCrypt(
  kind: 'sha256' | 'sha512',
  password: string,
  salt: string,
  rounds: number | null,
): string {
  const algo = kind;
  const len = kind === 'sha512' ? 64 : 32;
  const P = Buffer.from(password, 'utf8');
  const S = Buffer.from(salt.slice(0, 16), 'utf8');
  const r = rounds === null ? 5000 : Math.min(999_999_999, Math.max(1000, rounds));
  const h = (...parts: Buffer[]): Buffer => {
    const x = createHash(algo);
    for (const p of parts) x.update(p);
    return x.digest();
  };
  const B = h(P, S, P);
  const a = createHash(algo).update(P).update(S);
  for (let i = P.length; i > 0; i -= len) a.update(i > len ? B : B.subarray(0, i));
  for (let i = P.length; i > 0; i >>= 1) a.update(i & 1 ? B : P);
  let A = a.digest();
  const dp = createHash(algo);
  for (let i = 0; i < P.length; i++) dp.update(P);
  const DP = dp.digest();
  const Pseq = Buffer.alloc(P.length);
  for (let i = 0; i < P.length; i += len) DP.copy(Pseq, i, 0, Math.min(len, P.length - i));
  const ds = createHash(algo);
  for (let i = 0; i < 16 + A[0]!; i++) ds.update(S);
  const DS = ds.digest();
  const Sseq = Buffer.alloc(S.length);
  DS.copy(Sseq, 0, 0, S.length);
  for (let i = 0; i < r; i++) {
    const c = createHash(algo);
    c.update(i & 1 ? Pseq : A);
    if (i % 3) c.update(Sseq);
    if (i % 7) c.update(Pseq);
    c.update(i & 1 ? A : Pseq);
    A = c.digest();
  }
  const order =
    kind === 'sha512'
      ? [
          [0, 21, 42],
          [22, 43, 1],
          [44, 2, 23],
          [3, 24, 45],
          [25, 46, 4],
          [47, 5, 26],
          [6, 27, 48],
          [28, 49, 7],
          [50, 8, 29],
          [9, 30, 51],
          [31, 52, 10],
          [53, 11, 32],
          [12, 33, 54],
          [34, 55, 13],
          [56, 14, 35],
          [15, 36, 57],
          [37, 58, 16],
          [59, 17, 38],
          [18, 39, 60],
          [40, 61, 19],
          [62, 20, 41],
        ]
      : [
          [0, 10, 20],
          [21, 1, 11],
          [12, 22, 2],
          [3, 13, 23],
          [24, 4, 14],
          [15, 25, 5],
          [6, 16, 26],
          [27, 7, 17],
          [18, 28, 8],
          [9, 19, 29],
        ];
  let enc = order.map(([x, y, z]) => b64From24(A[x!]!, A[y!]!, A[z!]!, 4)).join('');
  enc += kind === 'sha512' ? b64From24(0, 0, A[63]!, 2) : b64From24(0, A[31]!, A[30]!, 3);
  const id = kind === 'sha512' ? '6' : '5';
  const roundsPart = rounds === null || r === 5000 ? '' : `rounds=${r}$`;
  return `$${id}$${roundsPart}${S.toString('utf8')}$${enc}`;
}

/** md5_crypt ($1$), the FreeBSD/glibc algorithm. */
export function md5Crypt(password: string, salt: string): string {
  const P = Buffer.from(password, 'utf8');
  const S = Buffer.from(salt.slice(0, 8), 'utf8');
  const magic = Buffer.from('$1$');
  const fin = createHash('md5').update(P).update(S).update(P).digest();
  const ctx = createHash('md5').update(P).update(magic).update(S);
  for (let pl = P.length; pl > 0; pl -= 16) ctx.update(fin.subarray(0, Math.min(16, pl)));
  for (let i = P.length; i; i >>= 1) ctx.update(i & 1 ? Buffer.from([0]) : P.subarray(0, 1));
  let F = ctx.digest();
  for (let i = 0; i < 1000; i++) {
    const c = createHash('md5');
    c.update(i & 1 ? P : F);
    if (i % 3) c.update(S);
    if (i % 7) c.update(P);
    c.update(i & 1 ? F : P);
    F = c.digest();
  }
  const enc =
    [
      [0, 6, 12],
      [1, 7, 13],
      [2, 8, 14],
      [3, 9, 15],
      [4, 10, 5],
    ]
      .map(([x, y, z]) => b64From24(F[x!]!, F[y!]!, F[z!]!, 4))
      .join('') + b64From24(0, 0, F[11]!, 2);
  return `$1$${S.toString('utf8')}$${enc}`;
}

/** Ansible's BaseHash.algorithms: salt size and implicit ident per passlib scheme. */
export const CRYPT_ALGORITHMS: Record<string, { saltSize: number; implicitIdent?: string }> = {
  md5_crypt: { saltSize: 8 },
  bcrypt: { saltSize: 22, implicitIdent: '2b' },
  sha256_crypt: { saltSize: 16 },
  sha512_crypt: { saltSize: 16 },
};

/**
 * Ansible's do_encrypt through passlib (what Debian's ansible-core uses): the crypt hash of
 * `password` for a passlib scheme name, passlib's default rounds when `rounds` is null.
 */
export function cryptPassword(
  password: string,
  algorithm: string,
  salt: string,
  rounds: number | null,
  ident?: string,
): string {
  if (!/^[./0-9A-Za-z]*$/.test(salt)) throw new Error('invalid characters in salt');
  if (algorithm === 'bcrypt') return bcryptHash(password, salt, rounds ?? 12, ident ?? '2b');
  if (algorithm === 'md5_crypt') return md5Crypt(password, salt);
  if (algorithm === 'sha512_crypt') return shaCrypt('sha512', password, salt, rounds ?? 656000);
  if (algorithm === 'sha256_crypt') return shaCrypt('sha256', password, salt, rounds ?? 535000);
  throw new Error(
    `hash scheme '${algorithm}' is not supported by bosun (sha512_crypt, sha256_crypt, md5_crypt, bcrypt)`,
  );
}
