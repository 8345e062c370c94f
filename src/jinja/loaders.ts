/** Template loaders: where include/import/extends and getTemplate find template sources. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateNotFound } from './errors.js';

export interface TemplateSource {
  source: string;
  /** Path shown in error messages. */
  filename: string;
}

export interface Loader {
  /** The source of `name`, or null when this loader does not have it. */
  getSource(name: string): TemplateSource | null;
}

/** Split a template name into path segments, refusing `..` as Jinja2's split_template_path does. */
function splitTemplatePath(name: string): string[] {
  const pieces: string[] = [];
  for (const piece of name.split('/')) {
    if (piece.includes('\\') || piece === '..') throw new TemplateNotFound(`${name}`);
    if (piece && piece !== '.') pieces.push(piece);
  }
  return pieces;
}

/** Jinja2's FileSystemLoader: the first search path that has the file wins. */
export class FileSystemLoader implements Loader {
  readonly searchpath: string[];
  constructor(
    searchpath: string | string[],
    readonly encoding: BufferEncoding = 'utf8',
  ) {
    this.searchpath = Array.isArray(searchpath) ? searchpath : [searchpath];
  }
  getSource(name: string): TemplateSource | null {
    const pieces = splitTemplatePath(name);
    for (const dir of this.searchpath) {
      const filename = join(dir, ...pieces);
      try {
        if (!statSync(filename).isFile()) continue;
        return { source: readFileSync(filename, this.encoding), filename };
      } catch {
        continue;
      }
    }
    return null;
  }
}

/** Jinja2's DictLoader: templates from a mapping of name to source. */
export class DictLoader implements Loader {
  private readonly map: Map<string, string>;
  constructor(mapping: Record<string, string> | Map<string, string>) {
    this.map = mapping instanceof Map ? mapping : new Map(Object.entries(mapping));
  }
  getSource(name: string): TemplateSource | null {
    const source = this.map.get(name);
    return source === undefined ? null : { source, filename: name };
  }
}

/** Jinja2's ChoiceLoader: tries loaders in order. */
export class ChoiceLoader implements Loader {
  constructor(readonly loaders: Loader[]) {}
  getSource(name: string): TemplateSource | null {
    for (const l of this.loaders) {
      const s = l.getSource(name);
      if (s) return s;
    }
    return null;
  }
}
