/**
 * tmpfiles.d(5) configuration: the search path with its precedence and masking, one line parsed
 * into an item (type and its `+ ! - = ^` modifiers, mode with `~`/`:`, owners, argument), and the
 * specifiers systemd-tmpfiles expands in paths and arguments.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lookupGroup, lookupUser } from './user-db.js';

/** Highest precedence first: a file of the same name in an earlier directory wins. */
export const TMPFILES_PATH = [
  '/etc/tmpfiles.d',
  '/run/tmpfiles.d',
  '/usr/local/lib/tmpfiles.d',
  '/usr/lib/tmpfiles.d',
];

export interface TmpfilesItem {
  type: string;
  /** `+`: replace what exists (L+, f+, w+ appends, p+, C+). */
  plus: boolean;
  bootOnly: boolean;
  ignoreErrors: boolean;
  /** `=`: remove an existing object of the wrong type first. */
  force: boolean;
  path: string;
  /** undefined: `-` (the type's default at creation, untouched when the object exists). */
  mode?: number;
  /** `~`: mask the mode by the existing object's bits. */
  modeMasked: boolean;
  /** `:`: the mode only applies when the object is created. */
  modeOnCreate: boolean;
  uid?: number;
  gid?: number;
  argument?: string;
  file: string;
  line: number;
}

class TmpfilesLineError extends Error {}

/** The configuration files to apply, in lexical order of their basename (masked ones dropped). */
export function configFiles(root: string, dirs: readonly string[] = TMPFILES_PATH): string[] {
  const chosen = new Map<string, string>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(path.join(root, dir));
    } catch {
      continue;
    }
    for (const name of names)
      if (name.endsWith('.conf') && !chosen.has(name)) chosen.set(name, path.join(root, dir, name));
  }
  return [...chosen.keys()]
    .sort()
    .map((name) => chosen.get(name)!)
    .filter((file) => !masked(file));
}

/** A link to /dev/null (or the device itself) masks the files of that name further down. */
function masked(file: string): boolean {
  try {
    return realpathSync(file) === '/dev/null' || statSync(file).isCharacterDevice();
  } catch {
    return true; // a dangling link: nothing to read
  }
}

const SPECIFIER_DIRS: Record<string, string> = {
  T: '/tmp',
  V: '/var/tmp',
  t: '/run',
  S: '/var/lib',
  C: '/var/cache',
  L: '/var/log',
  E: '/etc',
  h: '/root',
};

function readTrimmed(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Expand `%x` specifiers as systemd-tmpfiles (system mode) does; throws on an unknown one. */
export function expandTmpfilesSpecifiers(text: string, root: string): string {
  return text.replace(/%(.?)/g, (_m, c: string) => {
    if (c === '%') return '%';
    // As systemd-tmpfiles 252 with --root: the runtime/state/cache/log directories are the root's.
    if (c in SPECIFIER_DIRS)
      return 'tSCL'.includes(c) && root !== '/'
        ? path.join(root, SPECIFIER_DIRS[c]!)
        : SPECIFIER_DIRS[c]!;
    switch (c) {
      case 'm': {
        const id = readTrimmed(path.join(root, 'etc/machine-id'));
        if (!id) throw new TmpfilesLineError('failed to expand %m: no machine id');
        return id;
      }
      case 'b':
        return readTrimmed('/proc/sys/kernel/random/boot_id').replace(/-/g, '');
      case 'H':
        return os.hostname();
      case 'l':
        return os.hostname().split('.')[0]!;
      case 'v':
        return os.release();
      case 'U':
        return '0';
      case 'u':
        return 'root';
      case 'G':
        return '0';
      case 'g':
        return 'root';
      default:
        throw new TmpfilesLineError(`unknown specifier %${c}`);
    }
  });
}

/** Split the first `n` whitespace-separated fields (double and single quotes group); the rest stays. */
function fields(line: string, n: number): { fields: string[]; rest: string | undefined } {
  const out: string[] = [];
  let i = 0;
  while (out.length < n) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) return { fields: out, rest: undefined };
    let word = '';
    let quote: string | null = null;
    for (; i < line.length; i++) {
      const ch = line[i]!;
      if (quote) {
        if (ch === quote) quote = null;
        else if (ch === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
        else word += ch;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (/\s/.test(ch)) break;
      else if (ch === '\\' && i + 1 < line.length) word += line[++i];
      else word += ch;
    }
    out.push(word);
  }
  while (i < line.length && /\s/.test(line[i]!)) i++;
  return { fields: out, rest: i < line.length ? line.slice(i) : undefined };
}

/** C escapes as cunescape() knows them (the argument of f, w, L, C lines). */
function cunescape(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{3}|.)/g, (_m, e: string) => {
    if (e.startsWith('x')) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
      s: ' ',
      '\\': '\\',
      '"': '"',
      "'": "'",
    };
    if (e in simple) return simple[e]!;
    throw new TmpfilesLineError(`invalid escape \\${e}`);
  });
}

const TYPES = new Set('fFwdDevqQpLcbCxXrRzZtThHaA'.split(''));
/** Types whose argument is unescaped and specifier-expanded. */
const EXPANDED_ARGUMENT = new Set(['f', 'F', 'w', 'L', 'C']);

function owner(value: string, what: 'user' | 'group', root: string): number | undefined {
  if (value === '' || value === '-') return undefined;
  const entry = what === 'user' ? lookupUser(value, root) : lookupGroup(value, root);
  if (!entry) throw new TmpfilesLineError(`unknown ${what} '${value}'`);
  return 'uid' in entry ? entry.uid : entry.gid;
}

/** Parse one non-comment line; throws TmpfilesLineError for a line systemd-tmpfiles rejects. */
function parseTmpfilesLine(text: string, root: string, file: string, line: number): TmpfilesItem {
  const { fields: f, rest } = fields(text, 6);
  const [action = '', rawPath = '', mode = '-', user = '-', group = '-'] = f;
  const type = action[0] ?? '';
  if (!TYPES.has(type)) throw new TmpfilesLineError(`unknown line type '${action}'`);
  const modifiers = action.slice(1);
  if (!/^[+!\-=^~]*$/.test(modifiers))
    throw new TmpfilesLineError(`unknown modifiers in command '${action}'`);
  if (!rawPath) throw new TmpfilesLineError('missing path');
  const item: TmpfilesItem = {
    type: type === 'F' ? 'f' : type,
    plus: modifiers.includes('+') || type === 'F',
    bootOnly: modifiers.includes('!'),
    ignoreErrors: modifiers.includes('-'),
    force: modifiers.includes('='),
    path: '',
    modeMasked: false,
    modeOnCreate: false,
    file,
    line,
  };
  if (modifiers.includes('^'))
    throw new TmpfilesLineError('credentials (^) are not available in a container boot');
  const expanded = expandTmpfilesSpecifiers(rawPath, root);
  if (!expanded.startsWith('/')) throw new TmpfilesLineError(`path '${expanded}' is not absolute`);
  item.path = path.posix.normalize(expanded).replace(/(.)\/$/, '$1');
  if (mode !== '-' && mode !== '') {
    let m = mode;
    for (;;) {
      if (m.startsWith('~')) item.modeMasked = true;
      else if (m.startsWith(':')) item.modeOnCreate = true;
      else break;
      m = m.slice(1);
    }
    if (!/^[0-7]{1,4}$/.test(m)) throw new TmpfilesLineError(`invalid mode '${mode}'`);
    item.mode = parseInt(m, 8);
  }
  item.uid = owner(user, 'user', root);
  item.gid = owner(group, 'group', root);
  if (rest !== undefined) {
    item.argument = EXPANDED_ARGUMENT.has(type)
      ? expandTmpfilesSpecifiers(cunescape(rest), root)
      : rest;
  }
  // L and C without argument: from the factory tree.
  if ((type === 'L' || type === 'C') && item.argument === undefined)
    item.argument = path.posix.join('/usr/share/factory', item.path);
  if (type === 'C') item.argument = path.join(root, item.argument!);
  if ((type === 'c' || type === 'b') && !/^\d+:\d+$/.test(item.argument ?? ''))
    throw new TmpfilesLineError(`device number '${item.argument ?? ''}' invalid`);
  return item;
}

/** Every item of the files, in file order; errors (file:line) go to `onError`. */
export function readTmpfilesConfig(
  files: readonly string[],
  root: string,
  onError: (message: string) => void,
): TmpfilesItem[] {
  const items: TmpfilesItem[] = [];
  for (const file of files) {
    if (!existsSync(file)) {
      onError(`${file}: no such configuration file`);
      continue;
    }
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((raw, i) => {
      const text = raw.trim();
      if (!text || text.startsWith('#')) return;
      try {
        items.push(parseTmpfilesLine(text, root, file, i + 1));
      } catch (err) {
        if (err instanceof TmpfilesLineError) onError(`${file}:${i + 1}: ${err.message}`);
        else throw err;
      }
    });
  }
  return items;
}
