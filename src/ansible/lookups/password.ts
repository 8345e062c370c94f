/**
 * The `password` lookup: read a stored password, or generate one (Python's random.Random(seed)
 * when `seed=` is given, else the system's entropy) and store it owner-only, as Ansible does.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pyStr } from '../../py/repr.js';
import type { PyValue } from '../../py/values.js';
import { TemplateRuntimeError } from '../../jinja/errors.js';
import { addSecret } from '../../log/secrets.js';
import { PyRandom } from '../../py/random.js';
import { CRYPT_ALGORITHMS, cryptPassword, randomSalt } from '../crypt.js';
import type { LookupContext } from './index.js';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const STRING_MODULE: Record<string, string> = {
  ascii_letters: LOWER + UPPER,
  ascii_lowercase: LOWER,
  ascii_uppercase: UPPER,
  digits: DIGITS,
  hexdigits: DIGITS + 'abcdef' + 'ABCDEF',
  octdigits: '01234567',
  punctuation: PUNCT,
  printable: DIGITS + LOWER + UPPER + PUNCT + ' \t\n\r\x0b\x0c',
  whitespace: ' \t\n\r\x0b\x0c',
};

function candidateChars(spec: string | undefined): string {
  const specs =
    spec === undefined
      ? ['ascii_letters', 'digits', '.,:-_']
      : [
          ...(spec.includes(',,') ? [','] : []),
          ...spec.replace(/,,/g, ',').split(',').filter(Boolean),
        ];
  return specs
    .map((s) => STRING_MODULE[s] ?? s)
    .join('')
    .replace(/["']/g, '');
}

/** A password file: `password[ salt=SALT[ ident=IDENT]]` (Ansible's _parse_content). */
function parseContent(content: string): { password: string; salt?: string; ident?: string } {
  const at = content.lastIndexOf(' salt=');
  if (at < 0) return { password: content };
  const rest = content.slice(at + ' salt='.length);
  const id = rest.lastIndexOf(' ident=');
  return id < 0
    ? { password: content.slice(0, at), salt: rest }
    : {
        password: content.slice(0, at),
        salt: rest.slice(0, id),
        ident: rest.slice(id + ' ident='.length),
      };
}

export function passwordLookup(
  terms: PyValue[],
  kw: Map<string, PyValue>,
  ctx: LookupContext,
): PyValue[] {
  return terms.map((t) => {
    const parts = pyStr(t).trim().split(/\s+/);
    const file = parts.shift()!;
    const params = new Map<string, string>();
    for (const p of parts) {
      const i = p.indexOf('=');
      if (i < 0)
        throw new TemplateRuntimeError(
          `Unrecognized value after key=value parameters given to password lookup`,
        );
      params.set(p.slice(0, i), p.slice(i + 1));
    }
    for (const [k, v] of kw) params.set(k, pyStr(v));
    for (const k of params.keys()) {
      if (!['length', 'chars', 'seed', 'encrypt', 'ident'].includes(k))
        throw new TemplateRuntimeError(`Unrecognized parameter(s) given to password lookup: ${k}`);
    }
    const path = isAbsolute(file) ? file : join(ctx.basedir, file);
    const stored =
      path !== '/dev/null' && existsSync(path)
        ? parseContent(readFileSync(path, 'utf8').trimEnd())
        : null;
    let changed = stored === null;
    let pw: string;
    if (stored) {
      pw = stored.password;
    } else {
      const length = Number(params.get('length') ?? '20');
      const cp = [...candidateChars(params.get('chars'))];
      const seed = params.get('seed');
      const rng = new PyRandom(
        seed !== undefined ? seed : BigInt('0x' + randomBytes(32).toString('hex')),
      );
      pw = '';
      for (let i = 0; i < length; i++) pw += cp[rng.randbelow(cp.length)]!;
    }
    addSecret(pw);
    // encrypt=: the file keeps the plain password plus the salt (and ident) used, for idempotence;
    // the lookup returns the crypt hash (Ansible's lookup_plugins/password.py, same quirks).
    const encrypt = params.get('encrypt') === 'None' ? undefined : params.get('encrypt');
    let salt = stored?.salt;
    if (encrypt && !salt) {
      changed = true;
      salt = randomSalt(CRYPT_ALGORITHMS[encrypt]?.saltSize ?? 8);
    }
    // Ansible reads the file's ident but then uses the `ident` parameter regardless.
    let ident = params.get('ident');
    if (encrypt && !ident) {
      changed = true;
      ident = CRYPT_ALGORITHMS[encrypt]?.implicitIdent;
      if (!ident) ident = params.get('ident');
      if (encrypt && !ident) ident = CRYPT_ALGORITHMS[encrypt]?.implicitIdent;
    }
    if (changed && path !== '/dev/null') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const content = encrypt || salt ? `${pw} salt=${salt}${ident ? ` ident=${ident}` : ''}` : pw;
      writeFileSync(path, content + '\n', { mode: 0o600 });
      chmodSync(path, 0o600);
    }
    if (!encrypt) return pw;
    try {
      return cryptPassword(pw, encrypt, salt!, null, ident);
    } catch (e) {
      throw new TemplateRuntimeError((e as Error).message);
    }
  });
}
