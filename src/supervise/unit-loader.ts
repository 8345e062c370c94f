/**
 * Finds and loads unit files the way systemd's system manager does: search-path precedence,
 * aliases (symlinks), masking (a link to /dev/null or an empty file), template instances,
 * drop-ins (`name.d/*.conf`, `prefix@.type.d`, `type.d`), and the `.wants`/`.requires`
 * directories of a target. All paths live under `root` so tests can use a temp tree.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  mergeUnitFiles,
  parseUnitFile,
  type ParsedUnitFile,
  type ParseProblem,
} from './unit-file.js';
import { buildUnitConfig, type UnitConfig } from './unit-model.js';
import { parseUnitName, templateOf, type UnitName } from './unit-name.js';

/** systemd's system unit search path (systemd.unit(5)), generator output directories included. */
export const SYSTEM_UNIT_PATH = [
  '/run/systemd/generator.early',
  '/etc/systemd/system',
  '/run/systemd/system',
  '/run/systemd/generator',
  '/usr/local/lib/systemd/system',
  '/lib/systemd/system',
  '/usr/lib/systemd/system',
  '/run/systemd/generator.late',
];

export type LoadResult =
  | { state: 'loaded'; unit: UnitConfig; problems: ParseProblem[] }
  | { state: 'masked'; name: string; path: string }
  | { state: 'not-found'; name: string }
  | { state: 'bad-setting'; name: string; problems: ParseProblem[] };

export interface UnitLoaderOptions {
  root?: string;
  searchPath?: string[];
}

export class UnitLoader {
  readonly root: string;
  readonly searchPath: string[];

  constructor(options: UnitLoaderOptions = {}) {
    this.root = options.root ?? '/';
    this.searchPath = options.searchPath ?? SYSTEM_UNIT_PATH;
  }

  /** Host path of a manager path (under root). */
  hostPath(p: string): string {
    return path.join(this.root, p);
  }

  /** The first search-path entry holding `name` (file or link), as a manager path. */
  private findFragment(name: string): string | null {
    for (const dir of this.searchPath) {
      const p = path.join(dir, name);
      try {
        lstatSync(this.hostPath(p));
        return p;
      } catch {
        /* not in this directory */
      }
    }
    return null;
  }

  private isMasked(p: string): boolean {
    const host = this.hostPath(p);
    const st = lstatSync(host);
    if (st.isSymbolicLink()) return readlinkSync(host) === '/dev/null';
    return st.isFile() && st.size === 0;
  }

  /** Follow alias links inside the search path: returns the real unit name and file. */
  private resolveAlias(p: string): { name: string; file: string } {
    let current = p;
    for (let hops = 0; hops < 16; hops++) {
      const host = this.hostPath(current);
      const st = lstatSync(host);
      if (!st.isSymbolicLink()) return { name: path.basename(current), file: current };
      const target = readlinkSync(host);
      current = target.startsWith('/') ? target : path.join(path.dirname(current), target);
    }
    return { name: path.basename(current), file: current };
  }

  /** Load a unit by name (instances of templates included). */
  load(name: string): LoadResult {
    const unitName = parseUnitName(name);
    if (!unitName) return { state: 'not-found', name };
    let fragment = this.findFragment(name);
    const template = templateOf(unitName);
    if (fragment === null && template) fragment = this.findFragment(template);
    if (fragment === null) return { state: 'not-found', name };
    if (this.isMasked(fragment)) return { state: 'masked', name, path: fragment };
    const real = this.resolveAlias(fragment);
    if (!existsSync(this.hostPath(real.file))) return { state: 'not-found', name };
    const problems: ParseProblem[] = [];
    const main = parseUnitFile(readFileSync(this.hostPath(real.file), 'utf8'), real.file, problems);
    const dropIns = this.dropInFiles(unitName, real.name).map((f) =>
      parseUnitFile(readFileSync(this.hostPath(f), 'utf8'), f, problems),
    );
    const merged: ParsedUnitFile = mergeUnitFiles(main, dropIns);
    const unit = buildUnitConfig(merged, unitName, real.file);
    if (unit.fatal)
      return { state: 'bad-setting', name, problems: [...problems, ...unit.warnings] };
    return { state: 'loaded', unit, problems };
  }

  /** Drop-in files in systemd's order: by file name; the same name in an earlier directory wins. */
  dropInFiles(unitName: UnitName, realName: string): string[] {
    const dirNames = new Set<string>([`${unitName.type}.d`]);
    // Prefix drop-ins: foo-bar-baz.service also reads foo-.service.d and foo-bar-.service.d.
    const parts = unitName.prefix.split('-');
    for (let i = 1; i < parts.length; i++)
      dirNames.add(`${parts.slice(0, i).join('-')}-.${unitName.type}.d`);
    const tmpl = templateOf(unitName);
    if (tmpl) dirNames.add(`${tmpl}.d`);
    if (realName !== unitName.name) dirNames.add(`${realName}.d`);
    dirNames.add(`${unitName.name}.d`);
    const byName = new Map<string, string>();
    for (const dirName of dirNames) {
      for (const dir of this.searchPath) {
        const d = path.join(dir, dirName);
        let entries: string[];
        try {
          entries = readdirSync(this.hostPath(d));
        } catch {
          continue;
        }
        for (const e of entries) {
          if (!e.endsWith('.conf') || byName.has(e)) continue;
          const f = path.join(d, e);
          try {
            if (
              statSync(this.hostPath(f)).size === 0 &&
              lstatSync(this.hostPath(f)).isSymbolicLink()
            )
              continue;
          } catch {
            continue;
          }
          byName.set(e, f);
        }
      }
    }
    return [...byName.keys()].sort().map((k) => byName.get(k)!);
  }

  /** Units linked into `<name>.wants/` and `<name>.requires/` in any search directory. */
  linkedDependencies(name: string): { wants: string[]; requires: string[] } {
    const collect = (suffix: string): string[] => {
      const out = new Set<string>();
      for (const dir of this.searchPath) {
        let entries: string[];
        try {
          entries = readdirSync(this.hostPath(path.join(dir, `${name}.${suffix}`)));
        } catch {
          continue;
        }
        for (const e of entries) if (parseUnitName(e)) out.add(e);
      }
      return [...out].sort();
    };
    return { wants: collect('wants'), requires: collect('requires') };
  }

  /** Every unit file name present in the search path (for list-unit-files). */
  listUnitFiles(): string[] {
    const out = new Set<string>();
    for (const dir of this.searchPath) {
      let entries: string[];
      try {
        entries = readdirSync(this.hostPath(dir));
      } catch {
        continue;
      }
      for (const e of entries) if (parseUnitName(e) && !e.endsWith('.d')) out.add(e);
    }
    return [...out].sort();
  }
}
