/**
 * The seam between the play engine and templating (Ansible's Templar). The ansible/ layer
 * implements it over the jinja/ engine; play/ and modules/ only see this interface.
 * Implementation: `createTemplar()` in src/ansible/templar-impl.ts.
 */
import type { PyValue } from '../py/values.js';

/** Variables visible to a template; a Map satisfies it, play/ passes its layered scope. */
export interface VarScope {
  get(name: string): PyValue | undefined;
  has(name: string): boolean;
  keys(): Iterable<string>;
}

export interface TemplateOptions {
  /** Keep the native type of a value made of a single `{{ expr }}` (Ansible's default: true). */
  native?: boolean;
  /** Raise on undefined variables (default true, as Ansible). */
  failOnUndefined?: boolean;
  /** Where the value came from, for error messages. */
  file?: string;
  line?: number;
}

export interface RenderFileOptions {
  /** Jinja2 settings the template module exposes (trim_blocks default true, …). */
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
  newlineSequence?: string;
  blockStartString?: string;
  blockEndString?: string;
  variableStartString?: string;
  variableEndString?: string;
  commentStartString?: string;
  commentEndString?: string;
  outputEncoding?: string;
  /** Extra directories searched by include/import/extends, after the template's own. */
  searchPath?: string[];
  /** Destination path (the template_destpath variable). */
  destPath?: string;
}

export interface Templar {
  /** Template a value recursively: strings rendered, lists and dicts walked. */
  template(value: PyValue, vars: VarScope, options?: TemplateOptions): PyValue;
  /** Evaluate a `when:` / `failed_when:` / `changed_when:` conditional (a bare expression or a template). */
  evaluateConditional(conditional: PyValue, vars: VarScope, options?: TemplateOptions): boolean;
  /** Render a template file exactly as the `template` module does. */
  renderFile(path: string, vars: VarScope, options?: RenderFileOptions): string;
  /** Whether a string contains template syntax. */
  isTemplate(value: PyValue): boolean;
}
