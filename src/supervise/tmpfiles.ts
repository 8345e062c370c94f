/**
 * systemd-tmpfiles --create [--remove] [--boot]: applies tmpfiles.d(5) lines under a root. At boot
 * the supervisor runs it as systemd-tmpfiles-setup.service does (create, remove, boot-only lines)
 * before any unit starts, so packages find /run/<daemon> as under systemd. Errors are per line
 * (file:line) and never fatal; cleaning by age is not a boot operation and is not done.
 */
import {
  chmodSync,
  copyFileSync,
  cpSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import { run } from '../process/run.js';
import {
  configFiles,
  readTmpfilesConfig,
  TMPFILES_PATH,
  type TmpfilesItem,
} from './tmpfiles-parse.js';

export interface TmpfilesOptions {
  /** Everything (configuration, users, created paths) is relative to this root (default /). */
  root?: string;
  create?: boolean;
  remove?: boolean;
  /** Apply `!` lines too. */
  boot?: boolean;
  /** Explicit configuration files instead of the search path. */
  configs?: string[];
  log: (level: 'info' | 'warn' | 'debug', message: string) => void;
}

/** Types that make the object at their path: only the first such line for a path counts. */
const CREATES = new Set('fdDvqQpLcbC'.split(''));
const GLOBBED = new Set('wexXrRzZtThHaA'.split(''));

function lstat(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch {
    return null;
  }
}

function globRegex(component: string): RegExp {
  let re = '';
  for (let i = 0; i < component.length; i++) {
    const c = component[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = component.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        re += '[' + component.slice(i + 1, end).replace(/^!/, '^') + ']';
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Host paths matching a glob (relative to root); dot files only when the pattern says so. */
function globPaths(root: string, pattern: string): string[] {
  let current = [root];
  for (const part of pattern.split('/').filter(Boolean)) {
    if (!/[*?[]/.test(part)) {
      current = current.map((p) => path.join(p, part)).filter((p) => lstat(p) !== null);
      continue;
    }
    const re = globRegex(part);
    const next: string[] = [];
    for (const dir of current) {
      let names: string[] = [];
      try {
        names = readdirSync(dir).sort();
      } catch {
        /* not a directory */
      }
      for (const n of names)
        if (re.test(n) && (!n.startsWith('.') || part.startsWith('.')))
          next.push(path.join(dir, n));
    }
    current = next;
  }
  return current;
}

class Applier {
  constructor(
    private readonly root: string,
    private readonly log: TmpfilesOptions['log'],
  ) {}

  host(p: string): string {
    return path.join(this.root, p);
  }

  /** Owner, then mode (chown clears set-id bits), as path_set_perms() does. */
  perms(p: string, item: TmpfilesItem, created: boolean): void {
    const st = lstat(p);
    if (!st || st.isSymbolicLink()) return;
    if (item.uid !== undefined || item.gid !== undefined)
      lchownSync(p, item.uid ?? -1, item.gid ?? -1);
    let mode = item.mode;
    if (mode !== undefined && item.modeOnCreate && !created) mode = undefined;
    if (mode === undefined && created) mode = st.isDirectory() ? 0o755 : 0o644;
    if (mode === undefined) return;
    if (item.modeMasked && !created) {
      const old = st.mode & 0o7777;
      if (!(old & 0o111)) mode &= ~0o111;
      if (!(old & 0o444)) mode &= ~0o444;
      if (!(old & 0o222)) mode &= ~0o222;
      if (!st.isDirectory()) mode &= ~0o7000;
    }
    chmodSync(p, mode);
  }

  /** An existing object of the wrong kind: removed with `=` (or `+` for L, p), else an error. */
  clear(p: string, item: TmpfilesItem, ok: (st: Stats) => boolean): boolean {
    const st = lstat(p);
    if (!st) return true;
    if (ok(st)) return false;
    if (!item.force && !(item.plus && (item.type === 'L' || item.type === 'p')))
      throw new Error(`'${item.path}' already exists and is not the expected type`);
    rmSync(p, { recursive: true, force: true });
    return true;
  }

  parents(p: string): void {
    mkdirSync(path.dirname(p), { recursive: true, mode: 0o755 });
  }

  async create(item: TmpfilesItem): Promise<void> {
    const p = this.host(item.path);
    const targets = GLOBBED.has(item.type) ? globPaths(this.root, item.path) : [p];
    switch (item.type) {
      case 'd':
      case 'D':
      case 'v':
      case 'q':
      case 'Q': {
        const missing = this.clear(p, item, (st) => st.isDirectory());
        if (missing) {
          this.parents(p);
          mkdirSync(p);
        }
        this.perms(p, item, missing);
        return;
      }
      case 'e':
        for (const t of targets) if (lstat(t)?.isDirectory()) this.perms(t, item, false);
        return;
      case 'f': {
        const missing = this.clear(p, item, (st) => st.isFile());
        if (missing || item.plus) {
          this.parents(p);
          writeFileSync(p, item.argument ?? '');
        }
        this.perms(p, item, missing);
        return;
      }
      case 'w':
        if (item.argument === undefined) return;
        for (const t of targets)
          if (lstat(t)) writeFileSync(t, item.argument, { flag: item.plus ? 'a' : 'w' });
        return;
      case 'L': {
        const target = item.argument!;
        const ok = (st: Stats): boolean => st.isSymbolicLink() && readlinkSync(p) === target;
        const st = lstat(p);
        if (st && !ok(st) && !item.plus && !item.force) {
          this.log('debug', `${item.path} already exists and is not a symlink to ${target}`);
          return;
        }
        if (this.clear(p, item, ok)) {
          this.parents(p);
          symlinkSync(target, p);
          this.perms(p, item, true);
        }
        return;
      }
      case 'p': {
        const missing = this.clear(p, item, (st) => st.isFIFO());
        if (missing) {
          this.parents(p);
          await run('mkfifo', ['-m', '0644', '--', p]);
        }
        this.perms(p, item, missing);
        return;
      }
      case 'c':
      case 'b': {
        const isDev = (st: Stats): boolean =>
          item.type === 'c' ? st.isCharacterDevice() : st.isBlockDevice();
        const missing = this.clear(p, item, isDev);
        if (missing) {
          this.parents(p);
          const [major = '0', minor = '0'] = item.argument!.split(':');
          const made = await run('mknod', ['-m', '0644', '--', p, item.type, major, minor], {
            reject: false,
          });
          if (made.exitCode !== 0) {
            this.log(
              'info',
              `${item.path}: device node not created (${made.stderr.toString().trim()}), skipping`,
            );
            return;
          }
        }
        this.perms(p, item, missing);
        return;
      }
      case 'C': {
        const st = lstat(p);
        const empty = st?.isDirectory() && readdirSync(p).length === 0;
        if (st && !empty) return;
        const source = lstat(item.argument!);
        if (!source) throw new Error(`copy source '${item.argument!}' does not exist`);
        this.parents(p);
        if (source.isDirectory())
          cpSync(item.argument!, p, {
            recursive: true,
            preserveTimestamps: true,
            verbatimSymlinks: true,
          });
        else copyFileSync(item.argument!, p);
        this.perms(p, item, true);
        return;
      }
      case 'z':
      case 'Z':
        for (const t of targets) this.adjust(t, item, item.type === 'Z');
        return;
      case 'x':
      case 'X':
      case 'r':
      case 'R':
        return; // exclusions only matter for cleaning; removal is the remove phase
      default:
        this.log(
          'debug',
          `${item.file}:${item.line}: line type '${item.type}' (attributes, ACLs) not applied`,
        );
    }
  }

  adjust(p: string, item: TmpfilesItem, recursive: boolean): void {
    this.perms(p, item, false);
    const st = lstat(p);
    if (!recursive || !st?.isDirectory()) return;
    for (const n of readdirSync(p)) this.adjust(path.join(p, n), item, true);
  }

  remove(item: TmpfilesItem): void {
    if (item.type === 'r') {
      for (const t of globPaths(this.root, item.path)) {
        try {
          if (lstat(t)?.isDirectory()) rmdirSync(t);
          else rmSync(t, { force: true });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOTEMPTY') throw err;
        }
      }
    } else if (item.type === 'R') {
      for (const t of globPaths(this.root, item.path)) rmSync(t, { recursive: true, force: true });
    } else if (item.type === 'D') {
      const p = this.host(item.path);
      if (!lstat(p)?.isDirectory()) return;
      for (const n of readdirSync(p)) rmSync(path.join(p, n), { recursive: true, force: true });
    }
  }
}

/** Apply the configuration; returns the number of lines that failed (0: all applied). */
export async function applyTmpfiles(options: TmpfilesOptions): Promise<number> {
  const root = options.root ?? '/';
  let failures = 0;
  const lineError = (message: string): void => {
    failures++;
    options.log('warn', message);
  };
  const files = options.configs?.length
    ? options.configs.map((c) => (c.includes('/') ? c : resolveConfig(root, c)))
    : configFiles(root, TMPFILES_PATH);
  const items = readTmpfilesConfig(files, root, lineError).filter(
    (i) => options.boot || !i.bootOnly,
  );
  // One object per path: the first line that creates it wins, as systemd's duplicate check.
  const byPath = new Map<string, TmpfilesItem[]>();
  for (const item of items) {
    const list = byPath.get(item.path) ?? [];
    if (CREATES.has(item.type) && list.some((i) => CREATES.has(i.type))) {
      options.log(
        'debug',
        `${item.file}:${item.line}: duplicate line for path "${item.path}", ignoring`,
      );
      continue;
    }
    list.push(item);
    byPath.set(item.path, list);
  }
  // Parents before children; removal of everything before creation, as systemd's two phases.
  const ordered = [...byPath.keys()].sort().flatMap((p) => byPath.get(p)!);
  const applier = new Applier(root, options.log);
  const attempt = async (item: TmpfilesItem, op: () => void | Promise<void>): Promise<void> => {
    try {
      await op();
    } catch (err) {
      const message = `${item.file}:${item.line}: ${item.path}: ${(err as Error).message}`;
      if (item.ignoreErrors) options.log('debug', message);
      else lineError(message);
    }
  };
  if (options.remove) for (const item of ordered) await attempt(item, () => applier.remove(item));
  if (options.create !== false)
    for (const item of ordered) await attempt(item, () => applier.create(item));
  return failures;
}

/** A bare configuration name (`foo.conf`) is looked up in the search path. */
function resolveConfig(root: string, name: string): string {
  for (const dir of TMPFILES_PATH) {
    const p = path.join(root, dir, name);
    if (lstat(p)) return p;
  }
  return path.join(root, TMPFILES_PATH[0]!, name);
}
