/**
 * Ansible 2.14's Templar over bosun's Jinja2 engine: recursive templating of values,
 * ansible_eval_concat (lists/dicts/bools survive templating), the single-variable shortcut,
 * lazily templated variables (AnsibleJ2Vars), `#jinja2:` overrides, conditionals, and the
 * template module's file rendering.
 */
import { readFileSync, statSync } from 'node:fs';
import { pyStrftime } from '../py/strftime.js';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { hostname, userInfo } from 'node:os';
import type { Environment } from '../jinja/environment.js';
import type { Template } from '../jinja/template.js';
import { TemplateError, TemplateRuntimeError, UndefinedError } from '../jinja/errors.js';
import {
  PyTuple,
  isDict,
  isSequence,
  isUnsafe,
  resolve,
  wrapVar,
  type PyValue,
} from '../py/values.js';
import { pyStr } from '../py/repr.js';
import { truthy } from '../py/ops.js';
import type { VaultSecrets } from '../vault/index.js';
import type { RenderFileOptions, Templar, TemplateOptions, VarScope } from './templar.js';
import { createAnsibleEnvironment, type AnsibleEnvOptions } from './environment.js';
import { ansibleConcat, ansibleEvalConcat } from './concat.js';
import { escapeBackslashes } from './escape.js';
import { unwrapNativeText } from './native-text.js';
import { parseOverrides } from './overrides.js';
import { OMIT_TOKEN, lookupGlobals, type LookupContext } from './lookups/index.js';
import { LazyVars, OverlayScope, type VarTemplater } from './lazy-vars.js';

export interface TemplarOptions {
  /** Base directory and search path for lookups (file, template, first_found…). */
  lookup?: Partial<LookupContext>;
  /** Vault secrets (unvault lookup). */
  secrets?: VaultSecrets;
  /** Ansible's DEFAULT_MANAGED_STR ('Ansible managed'). */
  managedString?: string;
}

/** Extra per-call options beyond the seam interface (compatible extension). */
export interface TemplarCallOptions extends TemplateOptions {
  /** Wrap a bare expression in `{{ }}` when it names a variable or uses a filter (convert_bare). */
  convertBare?: boolean;
  /** Double backslashes in string literals inside `{{ }}` (Templar default: true). */
  escapeBackslashes?: boolean;
  /** Literal-eval results that look like lists/dicts/bools (default true). */
  convertData?: boolean;
  preserveTrailingNewlines?: boolean;
}

const OVERRIDE = '#jinja2:';

function countNewlinesFromEnd(s: string): number {
  let i = s.length;
  while (i > 0 && s[i - 1] === '\n') i--;
  return s.length - i;
}

class AnsibleTemplar implements Templar, VarTemplater {
  private readonly env: Environment;
  private readonly overlays = new Map<string, Environment>();
  private readonly lookupCtx: LookupContext;
  private readonly managed: string;

  constructor(options: TemplarOptions = {}) {
    this.env = createAnsibleEnvironment();
    const basedir = options.lookup?.basedir ?? process.cwd();
    this.lookupCtx = {
      basedir,
      searchPath: options.lookup?.searchPath ?? [basedir],
      ...(options.secrets ? { secrets: options.secrets } : {}),
    };
    this.managed = options.managedString ?? 'Ansible managed';
  }

  isTemplate(value: PyValue): boolean {
    value = resolve(value);
    if (typeof value === 'string') return /\{\{[\s\S]*\}\}|\{%[\s\S]*%\}|\{#[\s\S]*#\}/.test(value);
    if (isSequence(value)) return value.some((v) => this.isTemplate(v));
    if (isDict(value)) return [...value].some(([k, v]) => this.isTemplate(k) || this.isTemplate(v));
    return false;
  }

  /**
   * Whether a variable's value must be templated when read (AnsibleJ2Vars calls template(), which
   * renders every string that is possibly a template — a malformed one is an error, not text).
   * Unsafe text never is.
   */
  needsTemplating(value: PyValue): boolean {
    if (typeof value === 'string') return this.isPossiblyTemplate(value);
    if (Array.isArray(value)) {
      for (const v of value as PyValue[]) if (this.needsTemplating(resolve(v))) return true;
      return false;
    }
    if (isDict(value)) {
      for (const v of value.values()) if (this.needsTemplating(resolve(v))) return true;
    }
    return false;
  }

  private isPossiblyTemplate(s: string, env: Environment = this.env): boolean {
    const o = env.options;
    return (
      s.includes(o.variableStartString ?? '{{') ||
      s.includes(o.blockStartString ?? '{%') ||
      s.includes(o.commentStartString ?? '{#')
    );
  }

  template(value: PyValue, vars: VarScope, options: TemplarCallOptions = {}): PyValue {
    const lazy = new LazyVars(vars, this);
    return this.templateWith(value, lazy, options);
  }

  /** Template against an already-lazy scope (nested variables share its cache). */
  templateWith(value: PyValue, vars: LazyVars, options: TemplarCallOptions): PyValue {
    value = resolve(value);
    if (options.convertBare && typeof value === 'string') value = this.convertBare(value, vars);
    if (typeof value === 'string') {
      if (!this.isPossiblyTemplate(value)) return value;
      const single = /^\{\{\s*(\w*)\s*\}\}$/.exec(value);
      if (single && options.native !== false && vars.has(single[1]!)) {
        const raw = resolve(vars.raw(single[1]!) ?? null);
        if (
          typeof raw === 'boolean' ||
          typeof raw === 'number' ||
          typeof raw === 'bigint' ||
          (raw !== null && typeof raw === 'object' && raw.constructor.name === 'PyFloat')
        )
          return raw;
        if (raw === null) return null;
      }
      try {
        return unwrapNativeText(
          this.doTemplate(
            value,
            vars,
            options.native === false ? { ...options, convertData: false } : options,
          ),
        );
      } catch (e) {
        // fail_on_undefined=False: Ansible returns the data untemplated.
        if (options.failOnUndefined === false && e instanceof UndefinedError) return value;
        if (e instanceof TemplateError && options.file && !e.file)
          throw e.at(options.file, options.line ?? e.line ?? 1, undefined, e.column);
        throw e;
      }
    }
    if (isSequence(value)) {
      const items = value.map((v) =>
        this.templateWith(v, vars, { ...options, convertBare: false }),
      );
      return value instanceof PyTuple ? items : items;
    }
    if (isDict(value)) {
      const out = new Map<PyValue, PyValue>();
      for (const [k, v] of value)
        out.set(k, this.templateWith(v, vars, { ...options, convertBare: false }));
      return out;
    }
    return value;
  }

  private convertBare(v: string, vars: LazyVars): string {
    const first = v.split('|')[0]!.split('.')[0]!.split('[')[0]!;
    if ((v.includes('|') || vars.has(first)) && !v.includes('{{')) return `{{${v}}}`;
    return v;
  }

  /**
   * One environment per distinct set of template-module options: every `template` task of a
   * play would otherwise build its own (hundreds of filters registered, ~1 ms warm, more cold).
   * Options holding functions are not keyed (JSON would drop them): those get a fresh one.
   */
  private cachedEnv(o: AnsibleEnvOptions): Environment {
    if (
      Object.values(o).some(
        (v) =>
          typeof v === 'function' || (typeof v === 'object' && v !== null && !Array.isArray(v)),
      )
    )
      return createAnsibleEnvironment(o);
    const key = `module:${JSON.stringify(o)}`;
    let env = this.overlays.get(key);
    if (!env) {
      env = createAnsibleEnvironment(o);
      this.overlays.set(key, env);
    }
    return env;
  }

  private envFor(overrides: Map<string, PyValue> | null): Environment {
    if (!overrides || overrides.size === 0) return this.env;
    const key = JSON.stringify([...overrides].map(([k, v]) => [k, pyStr(v)]));
    let env = this.overlays.get(key);
    if (!env) {
      const o: AnsibleEnvOptions = {};
      for (const [k, v] of overrides) applyOverride(o, k, v);
      env = createAnsibleEnvironment(o);
      this.overlays.set(key, env);
    }
    return env;
  }

  private doTemplate(
    data: string,
    vars: LazyVars,
    options: TemplarCallOptions,
    envOverrides: AnsibleEnvOptions | null = null,
    file?: string,
  ): PyValue {
    const dataNewlines = countNewlinesFromEnd(data);
    let overrides: Map<string, PyValue> | null = null;
    if (data.startsWith(OVERRIDE)) {
      const eol = data.indexOf('\n');
      overrides = parseOverrides(data.slice(OVERRIDE.length, eol < 0 ? data.length - 1 : eol));
      data = data.slice(eol + 1);
    }
    let env: Environment;
    if (envOverrides) {
      const o: AnsibleEnvOptions = { ...envOverrides };
      if (overrides) for (const [k, v] of overrides) applyOverride(o, k, v);
      env = this.cachedEnv(o);
    } else env = this.envFor(overrides);
    if (options.escapeBackslashes ?? true)
      data = escapeBackslashes(
        data,
        env.options.variableStartString ?? '{{',
        env.options.variableEndString ?? '}}',
      );
    const t: Template = env.fromString(data, file ? { name: file, filename: file } : {});
    // Ansible's AnsibleContext.unsafe: a render that read unsafe data (a variable holding it, a
    // lookup) gives an unsafe result. Nested renders (lazy variables) keep the outer mark.
    const outer = vars.beginRender();
    let res: PyValue;
    let tainted: boolean;
    try {
      const parts = t.renderParts(vars, { globals: this.globals(vars) });
      res = (options.convertData ?? true) ? ansibleEvalConcat(parts) : ansibleConcat(parts);
    } finally {
      tainted = vars.endRender(outer);
    }
    if (typeof res === 'string' && (options.preserveTrailingNewlines ?? true)) {
      const resNewlines = countNewlinesFromEnd(res);
      if (dataNewlines > resNewlines)
        res += (env.options.newlineSequence ?? '\n').repeat(dataNewlines - resNewlines);
    } else if (isUnsafe(res) && (options.preserveTrailingNewlines ?? true)) {
      const resNewlines = countNewlinesFromEnd(res.value);
      if (dataNewlines > resNewlines)
        res = wrapVar(
          res.value + (env.options.newlineSequence ?? '\n').repeat(dataNewlines - resNewlines),
        );
    }
    return tainted ? wrapVar(res) : res;
  }

  private globals(vars: LazyVars): Map<string, PyValue> {
    return lookupGlobals(this.searchContext(vars), vars, this);
  }

  /**
   * Inside a role, lookups search as Ansible's ansible_search_path does: the role (and its
   * tasks/ directory, where included task files live), its parents, then the configured paths.
   */
  private searchContext(vars: VarScope): LookupContext {
    const rolePath = resolve(vars.get('role_path') ?? null);
    if (typeof rolePath !== 'string') return this.lookupCtx;
    const parents = resolve(vars.get('ansible_parent_role_paths') ?? null);
    const roleDirs = [
      rolePath,
      ...(isSequence(parents)
        ? parents.map((p) => resolve(p)).filter((p): p is string => typeof p === 'string')
        : []),
    ];
    const searchPath = [
      ...roleDirs.flatMap((d) => [d, join(d, 'tasks')]),
      ...this.lookupCtx.searchPath,
    ];
    return { ...this.lookupCtx, searchPath };
  }

  evaluateConditional(
    conditional: PyValue,
    vars: VarScope,
    options: TemplateOptions = {},
  ): boolean {
    conditional = resolve(conditional);
    if (typeof conditional === 'boolean') return conditional;
    const lazy = new LazyVars(vars, this);
    const c = this.templateWith(conditional, lazy, options);
    // Ansible's _check_conditional: the next step would evaluate the text, never for unsafe text.
    if (isUnsafe(c))
      throw new TemplateRuntimeError('Conditional is marked as unsafe, and cannot be evaluated.');
    if (typeof c !== 'string' || c === '') return truthy(c);
    const presented = `{% if ${c} %} True {% else %} False {% endif %}`;
    const val = this.templateWith(presented, lazy, options);
    const s = (typeof val === 'string' ? val : pyStr(val)).trim();
    if (s === 'True') return true;
    if (s === 'False') return false;
    throw new TemplateRuntimeError(`unable to evaluate conditional: ${pyStr(conditional)}`);
  }

  renderFile(path: string, vars: VarScope, options: RenderFileOptions = {}): string {
    const source = readFileSync(path, 'utf8');
    const full = resolvePath(path);
    const dir = dirname(full);
    const searchPath: string[] = [];
    for (const p of [...(options.searchPath ?? []), dir]) searchPath.push(join(p, 'templates'), p);
    const envOpts: AnsibleEnvOptions = {
      searchPath,
      trimBlocks: options.trimBlocks ?? true,
      lstripBlocks: options.lstripBlocks ?? false,
      newlineSequence: (options.newlineSequence ?? '\n') as '\n',
      ...(options.blockStartString ? { blockStartString: options.blockStartString } : {}),
      ...(options.blockEndString ? { blockEndString: options.blockEndString } : {}),
      ...(options.variableStartString ? { variableStartString: options.variableStartString } : {}),
      ...(options.variableEndString ? { variableEndString: options.variableEndString } : {}),
      ...(options.commentStartString ? { commentStartString: options.commentStartString } : {}),
      ...(options.commentEndString ? { commentEndString: options.commentEndString } : {}),
    };
    const extra = this.templateVars(path, full, options.destPath);
    extra.set('omit', OMIT_TOKEN);
    const scope = new LazyVars(new OverlayScope(extra, vars), this);
    const res = this.doTemplate(
      source,
      scope,
      { escapeBackslashes: false, convertData: false },
      envOpts,
      path,
    );
    return typeof res === 'string' ? res : pyStr(res);
  }

  private templateVars(path: string, full: string, dest?: string): Map<string, PyValue> {
    const st = statSync(full);
    let uid: string;
    try {
      uid = st.uid === process.getuid?.() ? ownUserName() : String(st.uid);
    } catch {
      uid = String(st.uid);
    }
    const host = hostname();
    const m = new Map<string, PyValue>([
      ['template_host', host],
      ['template_path', path],
      ['template_uid', uid],
      ['template_fullpath', full],
      ['template_destpath', dest ?? null],
    ]);
    // Ansible 2.14: str.format(host, uid, file), then time.strftime over the template's mtime (local time).
    const managed = this.managed.replace(/\{(host|uid|file)\}/g, (_x, k: string) =>
      k === 'host' ? host : k === 'uid' ? uid : path,
    );
    m.set('ansible_managed', pyStrftime(managed, new Date(Math.trunc(st.mtimeMs / 1000) * 1000)));
    return m;
  }
}

let userName: string | undefined;
/** This process's user name (getpwuid reads /etc/passwd: once, not for every template file). */
function ownUserName(): string {
  return (userName ??= userInfo().username);
}

function applyOverride(o: AnsibleEnvOptions, key: string, v: PyValue): void {
  const map: Record<string, keyof AnsibleEnvOptions> = {
    trim_blocks: 'trimBlocks',
    lstrip_blocks: 'lstripBlocks',
    keep_trailing_newline: 'keepTrailingNewline',
    newline_sequence: 'newlineSequence',
    block_start_string: 'blockStartString',
    block_end_string: 'blockEndString',
    variable_start_string: 'variableStartString',
    variable_end_string: 'variableEndString',
    comment_start_string: 'commentStartString',
    comment_end_string: 'commentEndString',
  };
  const k = map[key];
  if (!k) throw new TemplateRuntimeError(`unsupported jinja2 override '${key}'`);
  (o as Record<string, unknown>)[k] =
    typeof v === 'boolean' ? v : typeof v === 'string' ? v : truthy(v);
}

/** Ansible's Templar (see the Templar interface). */
export function createTemplar(
  options: TemplarOptions = {},
): Templar & { template(value: PyValue, vars: VarScope, options?: TemplarCallOptions): PyValue } {
  return new AnsibleTemplar(options);
}
