/**
 * The `password` lookup: read a stored password, or generate one (Python's random.Random(seed)
 * when `seed=` is given, else the system's entropy) and store it owner-only, as Ansible does.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pyStr } from '../jinja/runtime/repr.js';
import type { PyValue } from '../jinja/runtime/values.js';
import { TemplateRuntimeError } from '../jinja/errors.js';
import { addSecret } from '../log/secrets.js';
import { PyRandom } from './pyrandom.js';
import type { LookupContext } from './lookups.js';

const str = (v: PyValue): string => (typeof v === 'string' ? v : pyStr(v));

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const STRING_MODULE: Record<string, string> = {
  ascii_letters: LOWER + UPPER, ascii_lowercase: LOWER, ascii_uppercase: UPPER, digits: DIGITS,
  hexdigits: DIGITS + 'abcdef' + 'ABCDEF', octdigits: '01234567', punctuation: PUNCT,
  printable: DIGITS + LOWER + UPPER + PUNCT + ' \t\n\r\x0b\x0c', whitespace: ' \t\n\r\x0b\x0c',
};

function candidateChars(spec: string | undefined): string {
  const specs = spec === undefined ? ['ascii_letters', 'digits', '.,:-_'] : [...(spec.includes(',,') ? [','] : []), ...spec.replace(/,,/g, ',').split(',').filter(Boolean)];
  return specs.map((s) => STRING_MODULE[s] ?? s).join('').replace(/["']/g, '');
}

export function passwordLookup(terms: PyValue[], kw: Map<string, PyValue>, ctx: LookupContext): PyValue[] {
  return terms.map((t) => {
    const parts = str(t).trim().split(/\s+/);
    const file = parts.shift()!;
    const params = new Map<string, string>();
    for (const p of parts) {
      const i = p.indexOf('=');
      if (i < 0) throw new TemplateRuntimeError(`Unrecognized value after key=value parameters given to password lookup`);
      params.set(p.slice(0, i), p.slice(i + 1));
    }
    for (const [k, v] of kw) params.set(k, str(v));
    for (const k of params.keys()) {
      if (!['length', 'chars', 'seed', 'encrypt', 'ident'].includes(k)) throw new TemplateRuntimeError(`Unrecognized parameter(s) given to password lookup: ${k}`);
    }
    if (params.has('encrypt') && params.get('encrypt') !== 'None') throw new TemplateRuntimeError('password lookup: encrypt= is not supported by bosun yet (use | password_hash)');
    const path = isAbsolute(file) ? file : join(ctx.basedir, file);
    if (path !== '/dev/null' && existsSync(path)) {
      const content = readFileSync(path, 'utf8').trim();
      const pw = content.includes(' salt=') ? content.slice(0, content.indexOf(' salt=')) : content;
      addSecret(pw);
      return pw;
    }
    const length = Number(params.get('length') ?? '20');
    const chars = candidateChars(params.get('chars'));
    const seed = params.get('seed');
    const rng = new PyRandom(seed !== undefined ? seed : BigInt('0x' + randomBytes(32).toString('hex')));
    const cp = [...chars];
    let pw = '';
    for (let i = 0; i < length; i++) pw += cp[rng.randbelow(cp.length)]!;
    addSecret(pw);
    if (path !== '/dev/null') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, pw + '\n', { mode: 0o600 });
      chmodSync(path, 0o600);
    }
    return pw;
  });
}
