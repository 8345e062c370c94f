/**
 * Jinja2's Environment: syntax options, registries of filters/tests/globals, the undefined
 * policy, the loader and the template cache. Templates compile once and render many times.
 */
import { Lexer } from './lexer.js';
import type { LexerOptions } from './tokens.js';
import { Parser } from './parser.js';
import { compileExpressionAst, compileTemplate } from './compiler.js';
import {
  clearCompiledFactories,
  Template,
  type RenderOptions,
  type RenderVars,
} from './template.js';
import { Context } from './context.js';
import { TemplateNotFound, TemplateSyntaxError } from './errors.js';
import type { Loader } from './loaders.js';
import { PyFunction } from '../py/callable.js';
import { Undefined, type PyValue, type UndefinedKind } from '../py/values.js';
import { pyStr } from '../py/repr.js';
import { defaultFilters } from './filters/index.js';
import { defaultTests } from './tests.js';
import { defaultGlobals } from './globals.js';

/** A plain JS function usable from templates: positional arguments; kwargs Map last when `__jinja_kwargs`. */
export type JsCallable = ((...args: never[]) => unknown) & {
  __jinja_kwargs?: boolean;
  __jinja_context?: boolean;
};
export type Callable = PyFunction | JsCallable;

export interface EnvironmentOptions {
  blockStartString?: string;
  blockEndString?: string;
  variableStartString?: string;
  variableEndString?: string;
  commentStartString?: string;
  commentEndString?: string;
  lineStatementPrefix?: string | null;
  lineCommentPrefix?: string | null;
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
  keepTrailingNewline?: boolean;
  newlineSequence?: '\n' | '\r\n' | '\r';
  /** Autoescape all templates, or decide per template name (select_autoescape). */
  autoescape?: boolean | ((name: string | null) => boolean);
  /** Undefined behaviour: 'default' (Undefined), 'strict' (StrictUndefined), 'chainable'. */
  undefined?: UndefinedKind;
  /** Build Undefined values yourself (Ansible's AnsibleUndefined). */
  undefinedFactory?: (name: string | null, hint: string, obj?: PyValue) => Undefined;
  /** Applied to every `{{ }}` value before output. */
  finalize?: (value: PyValue) => PyValue;
  loader?: Loader | null;
  /** 'jinja2.ext.do' / 'do', 'jinja2.ext.loopcontrols' / 'loopcontrols'. */
  extensions?: string[];
  /** Keep `{{ }}` values native in the output parts (NativeEnvironment; Ansible). */
  native?: boolean;
  /** Combine output parts (Jinja2's Environment.concat). */
  concat?: (parts: PyValue[]) => PyValue;
}

export interface FromStringOptions {
  /** Template name (for includes relative lookups and error messages). */
  name?: string;
  /** File name shown in errors (defaults to name). */
  filename?: string;
}

const defaultConcat = (parts: PyValue[]): PyValue => {
  let s = '';
  for (const p of parts) s += typeof p === 'string' ? p : pyStr(p);
  return s;
};

export class Environment {
  readonly filters: Map<string, Callable | PyValue>;
  readonly tests: Map<string, Callable | PyValue>;
  readonly globals: Map<string, Callable | PyValue>;
  readonly options: Readonly<EnvironmentOptions>;
  loader: Loader | null;
  finalize: ((value: PyValue) => PyValue) | null;
  concat: (parts: PyValue[]) => PyValue;
  undefinedKind: UndefinedKind;
  undefinedFactory: ((name: string | null, hint: string, obj?: PyValue) => Undefined) | null;
  private readonly lexer: Lexer;
  private readonly extensions: Set<string>;
  private readonly cache = new Map<string, Template>();
  /**
   * Compiled fromString/compileExpression results by source (Ansible templates the same small
   * strings over and over). Filters/tests are looked up when a template compiles: register
   * them first, or call clearCache() after changing the registries.
   */
  private readonly sourceCache = new Map<string, Template>();
  private readonly exprCache = new Map<string, Template>();

  constructor(options: EnvironmentOptions = {}) {
    this.options = options;
    const lo: LexerOptions = {
      blockStart: options.blockStartString ?? '{%',
      blockEnd: options.blockEndString ?? '%}',
      variableStart: options.variableStartString ?? '{{',
      variableEnd: options.variableEndString ?? '}}',
      commentStart: options.commentStartString ?? '{#',
      commentEnd: options.commentEndString ?? '#}',
      lineStatementPrefix: options.lineStatementPrefix ?? null,
      lineCommentPrefix: options.lineCommentPrefix ?? null,
      trimBlocks: options.trimBlocks ?? false,
      lstripBlocks: options.lstripBlocks ?? false,
      keepTrailingNewline: options.keepTrailingNewline ?? false,
      newlineSequence: options.newlineSequence ?? '\n',
    };
    this.lexer = new Lexer(lo);
    this.extensions = new Set(
      (options.extensions ?? []).map((e) => e.replace(/^jinja2\.ext\./, '')),
    );
    this.loader = options.loader ?? null;
    this.finalize = options.finalize ?? null;
    this.concat = options.concat ?? defaultConcat;
    this.undefinedKind = options.undefined ?? 'default';
    this.undefinedFactory = options.undefinedFactory ?? null;
    this.filters = new Map(defaultFilters());
    this.tests = new Map(defaultTests());
    this.globals = new Map(defaultGlobals());
  }

  /** Create an Undefined per this environment's policy. */
  makeUndefined(name: string | null, hint: string, obj?: PyValue): Undefined {
    if (this.undefinedFactory) return this.undefinedFactory(name, hint, obj);
    return new Undefined(name, hint, this.undefinedKind);
  }

  autoescapeFor(name: string | null): boolean {
    const a = this.options.autoescape;
    return typeof a === 'function' ? a(name) : !!a;
  }

  private compile(source: string, name: string | null, filename: string | undefined): Template {
    const file = filename ?? name ?? undefined;
    const toks = this.lexer.tokenize(source, file);
    const ast = new Parser(toks, file, source, { extensions: this.extensions }).parse();
    const compiled = compileTemplate(ast, {
      autoescape: this.autoescapeFor(name),
      native: !!this.options.native,
      finalize: !!this.finalize,
    });
    return new Template(this, name, filename, source, compiled);
  }

  /** Compile a template from a string (Jinja2's from_string). */
  fromString(source: string, options: FromStringOptions = {}): Template {
    const key = `${options.name ?? ''}\0${options.filename ?? ''}\0${source}`;
    const hit = this.sourceCache.get(key);
    if (hit) return hit;
    const t = this.compile(source, options.name ?? null, options.filename ?? options.name);
    remember(this.sourceCache, key, t);
    return t;
  }

  /** Load and compile (cached) a template by name through the loader. */
  getTemplate(name: string, _parent?: string): Template {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const src = this.loader?.getSource(name) ?? null;
    if (!src) throw new TemplateNotFound(name);
    const t = this.compile(src.source, name, src.filename);
    this.cache.set(name, t);
    return t;
  }

  /** Forget cached templates (after files changed), and the compiled template functions shared by shape. */
  clearCache(): void {
    this.cache.clear();
    this.sourceCache.clear();
    this.exprCache.clear();
    clearCompiledFactories();
  }

  /**
   * Compile a bare expression (Jinja2's compile_expression), e.g. a `when:` condition.
   * The result evaluates it against variables; undefined results become None unless
   * `undefinedToNone` is false.
   */
  compileExpression(
    source: string,
    options: { undefinedToNone?: boolean; name?: string } = {},
  ): (vars?: RenderVars, renderOptions?: RenderOptions) => PyValue {
    const file = options.name;
    const key = `${file ?? ''}\0${source}`;
    const toNone = options.undefinedToNone ?? true;
    const cached = this.exprCache.get(key);
    if (cached) return this.expressionFn(cached, toNone);
    const toks = this.lexer.tokenize(
      `${this.options.variableStartString ?? '{{'} ${source} ${this.options.variableEndString ?? '}}'}`,
      file,
    );
    // Tokens of `{{ expr }}` minus the delimiters: parse one expression and require the end.
    const parser = new Parser(toks, file, source, { extensions: this.extensions });
    const ast = parser.parse();
    const stmt = ast.body[0];
    if (
      ast.body.length !== 1 ||
      stmt?.k !== 'output' ||
      stmt.nodes.length !== 1 ||
      typeof stmt.nodes[0] === 'string'
    ) {
      throw new TemplateSyntaxError('expected a single expression', { file, line: 1, source });
    }
    const compiled = compileExpressionAst(
      stmt.nodes[0] as Exclude<(typeof stmt.nodes)[0], string>,
      { autoescape: false, native: true, finalize: false },
    );
    const t = new Template(this, file ?? null, file, source, compiled);
    remember(this.exprCache, key, t);
    return this.expressionFn(t, toNone);
  }

  private expressionFn(
    t: Template,
    toNone: boolean,
  ): (vars?: RenderVars, renderOptions?: RenderOptions) => PyValue {
    return (vars, renderOptions = {}) => {
      const ctx = t.newContext(vars, renderOptions);
      const v = (t.root as unknown as (c: Context) => PyValue)(ctx);
      return toNone && v instanceof Undefined ? null : v;
    };
  }

  /** Render a string template once (convenience for tests and one-off use). */
  renderString(source: string, vars?: RenderVars, options?: RenderOptions): string {
    return this.fromString(source).render(vars, options);
  }
}

/** Bounded insertion-ordered cache: drop the oldest entry when full. */
function remember(cache: Map<string, Template>, key: string, t: Template, max = 1000): void {
  if (cache.size >= max) cache.delete(cache.keys().next().value!);
  cache.set(key, t);
}
