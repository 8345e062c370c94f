/**
 * enable / disable / mask / unmask / is-enabled: the symlink edits systemctl makes under
 * /etc/systemd/system, done on the file system so they work with or without a running
 * supervisor (image builds). Messages are systemctl's own ("Created symlink A → B.").
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import path from 'node:path';
import { UnitLoader } from './unit-loader.js';
import { parseUnitName, templateOf } from './unit-name.js';
import { UnitError } from './errors.js';

const ETC = '/etc/systemd/system';

export type EnabledState =
  'enabled' | 'disabled' | 'static' | 'masked' | 'alias' | 'indirect' | 'not-found' | 'generated';

/** What changed, one systemctl-style line each (printed on stderr by the CLI). */
export type Changes = string[];

function host(loader: UnitLoader, p: string): string {
  return loader.hostPath(p);
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function link(loader: UnitLoader, target: string, at: string, changes: Changes): void {
  const file = host(loader, at);
  if (isLink(file) && readlinkSync(file) === target) return;
  if (existsSync(file) || isLink(file)) rmSync(file, { force: true });
  mkdirSync(path.dirname(file), { recursive: true });
  symlinkSync(target, file);
  changes.push(`Created symlink ${at} → ${target}.`);
}

function loaded(loader: UnitLoader, name: string) {
  const r = loader.load(name);
  if (r.state === 'not-found')
    throw new UnitError(
      'unit-not-found',
      `Failed to enable unit: Unit file ${name} does not exist.`,
    );
  if (r.state === 'masked')
    throw new UnitError('unit-invalid', `Failed to enable unit: Unit file ${r.path} is masked.`);
  if (r.state === 'bad-setting')
    throw new UnitError(
      'unit-invalid',
      `Failed to enable unit: Unit file ${name} has bad settings.`,
    );
  return r.unit;
}

/** `systemctl enable`: links from [Install] WantedBy=/RequiredBy=/Alias=, recursing into Also=. */
/**
 * Enable units: every name (and its Also=) is checked and loaded before any link is made, so
 * `enable a bad b` enables none, as `systemctl --root` does.
 */
export function enableUnits(loader: UnitLoader, names: string[]): Changes {
  const plan: [string, string][] = [];
  planEnable(loader, names, new Set<string>(), plan);
  const changes: Changes = [];
  for (const [target, at] of plan) link(loader, target, at, changes);
  return changes;
}

function planEnable(
  loader: UnitLoader,
  names: string[],
  seen: Set<string>,
  plan: [string, string][],
): void {
  for (const raw of names) {
    let name = raw;
    const un = parseUnitName(name);
    if (!un)
      throw new UnitError('unit-invalid', `Failed to enable unit: Invalid unit name "${raw}".`);
    if (seen.has(name)) continue;
    seen.add(name);
    const unit = loaded(loader, name);
    // A template enabled without an instance uses DefaultInstance=.
    if (un.instance === '' && unit.install.defaultInstance)
      name = name.replace('@.', `@${unit.install.defaultInstance}.`);
    const target = unit.fragmentPath;
    for (const w of unit.install.wantedBy) plan.push([target, `${ETC}/${w}.wants/${name}`]);
    for (const r of unit.install.requiredBy) plan.push([target, `${ETC}/${r}.requires/${name}`]);
    for (const a of unit.install.alias) plan.push([target, `${ETC}/${a}`]);
    // As systemctl: an Also= unit that does not exist is skipped ("Failed to enable auxiliary
    // unit …, ignoring."), not an error.
    const also = unit.install.also.filter((n) => loader.load(n).state !== 'not-found');
    planEnable(loader, also, seen, plan);
  }
}

/** Every link under /etc/systemd/system (top level and *.wants/*.requires) naming `name`. */
function linksOf(loader: UnitLoader, name: string, fragment: string | null): string[] {
  const out: string[] = [];
  const dir = host(loader, ETC);
  if (!existsSync(dir)) return out;
  const isTemplateName = parseUnitName(name)?.instance === '';
  const matches = (sub: string): boolean => {
    if (sub === name) return true;
    const u = isTemplateName ? parseUnitName(sub) : null;
    return u !== null && templateOf(u) === name;
  };
  for (const entry of readdirSync(dir)) {
    const p = `${ETC}/${entry}`;
    if (/\.(wants|requires)$/.test(entry)) {
      for (const sub of readdirSync(host(loader, p))) {
        if (matches(sub)) out.push(`${p}/${sub}`);
      }
    } else if (
      isLink(host(loader, p)) &&
      fragment &&
      readlinkSync(host(loader, p)) === fragment &&
      entry !== name
    ) {
      out.push(p); // an Alias= link
    }
  }
  return out;
}

/** `systemctl disable`: removes the links enable made (and those of Also= units). */
export function disableUnits(loader: UnitLoader, names: string[]): Changes {
  const changes: Changes = [];
  for (const name of names) {
    const r = loader.load(name);
    const fragment = r.state === 'loaded' ? r.unit.fragmentPath : null;
    for (const p of linksOf(loader, name, fragment)) {
      rmSync(host(loader, p), { force: true });
      changes.push(`Removed "${p}".`);
    }
    if (r.state === 'loaded' && r.unit.install.also.length)
      changes.push(...disableUnits(loader, r.unit.install.also));
  }
  return changes;
}

export function maskUnits(loader: UnitLoader, names: string[]): Changes {
  const changes: Changes = [];
  for (const name of names) {
    const at = `${ETC}/${name}`;
    const file = host(loader, at);
    if (existsSync(file) && !isLink(file))
      throw new UnitError('unit-invalid', `Failed to mask unit: File ${at} already exists.`);
    link(loader, '/dev/null', at, changes);
  }
  return changes;
}

export function unmaskUnits(loader: UnitLoader, names: string[]): Changes {
  const changes: Changes = [];
  for (const name of names) {
    const at = `${ETC}/${name}`;
    const file = host(loader, at);
    if (isLink(file) && readlinkSync(file) === '/dev/null') {
      rmSync(file);
      changes.push(`Removed "${at}".`);
    }
  }
  return changes;
}

/** `systemctl is-enabled` state of one unit. */
export function enabledState(loader: UnitLoader, name: string): EnabledState {
  const r = loader.load(name);
  if (r.state === 'masked') return 'masked';
  if (r.state === 'not-found') return 'not-found';
  const fragment = r.state === 'loaded' ? r.unit.fragmentPath : null;
  if (
    r.state === 'loaded' &&
    path.basename(r.unit.fragmentPath) !== name &&
    !parseUnitName(name)?.instance
  )
    return 'alias';
  if (linksOf(loader, name, fragment).length) return 'enabled';
  if (r.state !== 'loaded') return 'disabled';
  const inst = r.unit.install;
  if (!inst.wantedBy.length && !inst.requiredBy.length && !inst.alias.length && !inst.also.length)
    return 'static';
  if (!inst.wantedBy.length && !inst.requiredBy.length && !inst.alias.length) return 'indirect';
  return 'disabled';
}

/** systemctl's is-enabled exit status: 0 for the states that count as enabled. */
export function isEnabledSuccess(state: EnabledState): boolean {
  return (
    state === 'enabled' ||
    state === 'static' ||
    state === 'alias' ||
    state === 'indirect' ||
    state === 'generated'
  );
}

/** Where offline start requests wait for the next boot (the supervisor starts them). */
export const DEFERRED_FILE = '/var/lib/bosun/deferred-start';

export function deferredUnits(root: string): string[] {
  const file = path.join(root, DEFERRED_FILE);
  return existsSync(file)
    ? [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean))]
    : [];
}
