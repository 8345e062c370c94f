/**
 * Unit names: `prefix@instance.type`, systemd-escape(1) escaping, and the specifier (`%n`,
 * `%i`, …) expansion of systemd.unit(5) for the system manager.
 */
import os from 'node:os';
import path from 'node:path';

export interface UnitName {
  /** Full name, `foo@bar.service`. */
  name: string;
  /** `foo` of `foo@bar.service` or of `foo.service`. */
  prefix: string;
  /** `bar` of `foo@bar.service`; '' for a template `foo@.service`; null when not templated. */
  instance: string | null;
  /** `service`, `timer`, `target`, … */
  type: string;
}

export function parseUnitName(name: string): UnitName | null {
  const m = /^([^@/]+?)(?:@([^/]*))?\.([a-z]+)$/.exec(name);
  if (!m) return null;
  return { name, prefix: m[1]!, instance: m[2] ?? null, type: m[3]! };
}

/** The template a templated instance comes from: `foo@bar.service` → `foo@.service`. */
export function templateOf(u: UnitName): string | null {
  return u.instance ? `${u.prefix}@.${u.type}` : null;
}

/** systemd-escape: `/` → `-`, bytes outside [a-zA-Z0-9:_.] → `\xNN`, a leading `.` escaped. */
export function escapeUnitPart(text: string): string {
  let out = '';
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    const c = String.fromCharCode(bytes[i]!);
    if (c === '/') out += '-';
    else if (/[a-zA-Z0-9:_]/.test(c) || (c === '.' && i > 0)) out += c;
    else out += '\\x' + bytes[i]!.toString(16).padStart(2, '0');
  }
  return out;
}

/** Inverse of {@link escapeUnitPart}: `-` → `/`, `\xNN` → the byte. */
export function unescapeUnitPart(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '-') bytes.push(0x2f);
    else if (
      c === '\\' &&
      text[i + 1] === 'x' &&
      /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))
    ) {
      bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 3;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Path form of an unescaped name, as %f: always absolute. */
function asPath(unescaped: string): string {
  return unescaped.startsWith('/') ? unescaped : '/' + unescaped;
}

export interface SpecifierContext {
  unit: UnitName;
  /** Path of the unit's main file (%y, %Y). */
  fragmentPath?: string;
  /** Root the manager sees as `/` (tests run under a temp root). */
  hostname?: string;
}

/**
 * Expand `%` specifiers in a directive value. Unknown specifiers are returned in `unknown` so the
 * caller can warn with the directive's file:line (systemd refuses the assignment).
 */
export function expandSpecifiers(
  value: string,
  ctx: SpecifierContext,
  unknown: string[] = [],
): string {
  if (!value.includes('%')) return value;
  const u = ctx.unit;
  const instance = u.instance ?? '';
  const table: Record<string, () => string> = {
    n: () => u.name,
    N: () => u.name.slice(0, -(u.type.length + 1)),
    p: () => u.prefix,
    P: () => unescapeUnitPart(u.prefix),
    i: () => instance,
    I: () => unescapeUnitPart(instance),
    j: () => u.prefix.split('-').pop() ?? '',
    J: () => unescapeUnitPart(u.prefix.split('-').pop() ?? ''),
    f: () => asPath(unescapeUnitPart(u.instance ? instance : u.prefix)),
    y: () => ctx.fragmentPath ?? '',
    Y: () => (ctx.fragmentPath ? path.dirname(ctx.fragmentPath) : ''),
    t: () => '/run',
    S: () => '/var/lib',
    C: () => '/var/cache',
    L: () => '/var/log',
    E: () => '/etc',
    T: () => '/tmp',
    V: () => '/var/tmp',
    h: () => '/root',
    s: () => '/bin/sh',
    u: () => 'root',
    U: () => '0',
    g: () => 'root',
    G: () => '0',
    H: () => ctx.hostname ?? os.hostname(),
    l: () => (ctx.hostname ?? os.hostname()).split('.')[0]!,
    v: () => os.release(),
    a: () => archName(),
    '%': () => '%',
  };
  return value.replace(/%(.)/g, (whole, c: string) => {
    const f = table[c];
    if (f) return f();
    unknown.push(whole);
    return whole;
  });
}

function archName(): string {
  const map: Record<string, string> = { x64: 'x86-64', arm64: 'arm64', ia32: 'x86', arm: 'arm' };
  return map[process.arch] ?? process.arch;
}

/** `nginx` → `nginx.service`, as systemctl completes names without a type. */
export function normalizeUnitName(name: string): string {
  return /\.(service|target|timer|socket|mount|path|slice|scope|device|swap|automount)$/.test(name)
    ? name
    : `${name}.service`;
}
