/** Ansible's encoding and hashing filters: b64*, hash/md5/sha1/checksum, to_uuid, password_hash. */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { pyfunc, type PyFunction } from '../../py/callable.js';
import { pyStr } from '../../py/repr.js';
import { TemplateRuntimeError } from '../../jinja/errors.js';
import { CRYPT_ALGORITHMS, cryptPassword, randomSalt } from '../crypt.js';

export function encodingFilters(): [string, PyFunction][] {
  return [
    [
      'b64encode',
      pyfunc("string, encoding='utf-8'", (_c, s) =>
        Buffer.from(pyStr(s), 'utf8').toString('base64'),
      ),
    ],
    [
      'b64decode',
      pyfunc("string, encoding='utf-8'", (_c, s) =>
        decodeUtf8Replace(Buffer.from(pyStr(s), 'base64')),
      ),
    ],
    ['hash', pyfunc("data, hashtype='sha1'", (_c, data, ht) => hexDigest(pyStr(ht), pyStr(data)))],
    ['md5', pyfunc('data', (_c, data) => hexDigest('md5', pyStr(data)))],
    ['sha1', pyfunc('data', (_c, data) => hexDigest('sha1', pyStr(data)))],
    ['checksum', pyfunc('data', (_c, data) => hexDigest('sha1', pyStr(data)))],
    [
      'to_uuid',
      pyfunc("string, namespace='361E6D51-FAEC-444A-9079-341386DA8E2E'", (_c, s, ns) =>
        uuid5(pyStr(ns), pyStr(s)),
      ),
    ],
    [
      'password_hash',
      pyfunc(
        "password, hashtype='sha512', salt=None, salt_size=None, rounds=None, ident=None",
        (_c, pw, ht, salt, saltSize, rounds, ident) =>
          passwordHash(
            pyStr(pw),
            pyStr(ht),
            salt === null ? null : pyStr(salt),
            saltSize === null ? null : Number(saltSize),
            rounds === null ? null : Number(rounds),
            ident === null ? null : pyStr(ident),
          ),
      ),
    ],
  ];
}

const PASSLIB: Record<string, string> = {
  md5: 'md5_crypt',
  blowfish: 'bcrypt',
  sha256: 'sha256_crypt',
  sha512: 'sha512_crypt',
};

/** Ansible's get_encrypted_password through passlib (installed with Debian's ansible-core). */
function passwordHash(
  pw: string,
  type: string,
  salt: string | null,
  saltSize: number | null,
  rounds: number | null,
  ident: string | null,
): string {
  const algo = PASSLIB[type] ?? type;
  if (!CRYPT_ALGORITHMS[algo])
    throw new TemplateRuntimeError(
      `password_hash: hash type '${type}' is not supported by bosun (sha512, sha256, md5, blowfish)`,
    );
  try {
    return cryptPassword(
      pw,
      algo,
      salt ?? randomSalt(saltSize ?? CRYPT_ALGORITHMS[algo].saltSize),
      rounds,
      ident ?? undefined,
    );
  } catch (e) {
    throw new TemplateRuntimeError((e as Error).message);
  }
}

function decodeUtf8Replace(b: Buffer): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(b);
}

const HASHES: Record<string, string> = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  blake2b: 'blake2b512',
  blake2s: 'blake2s256',
  sha3_256: 'sha3-256',
  sha3_512: 'sha3-512',
};

function hexDigest(type: string, data: string): string {
  const algo = HASHES[type];
  if (!algo)
    throw new TemplateRuntimeError(
      `hash: unsupported hash type (str of ${type.length} characters, not shown); one of ${Object.keys(HASHES).join(', ')}`,
    );
  return createHash(algo).update(data, 'utf8').digest('hex');
}

function uuid5(ns: string, name: string): string {
  const nsHex = ns.replace(/[{}-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(nsHex))
    throw new TemplateRuntimeError(
      `Invalid value '${ns}' for 'namespace': badly formed hexadecimal UUID string`,
    );
  const h = createHash('sha1').update(Buffer.from(nsHex, 'hex')).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
