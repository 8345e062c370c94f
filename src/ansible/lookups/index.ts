/**
 * Ansible's lookup()/query()/q() globals and the lookups bosun implements. Files are found as
 * Ansible finds them: relative to the search path (role/playbook dirs, their files/ and
 * templates/ subdirectories), then the base directory.
 */
import { described } from '../../py/describe.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { globFiles } from '../glob.js';
import { pyfunc } from '../../py/callable.js';
import { pyStr } from '../../py/repr.js';
import { truthy } from '../../py/ops.js';
import { isDict, isSequence, resolve, tuple, wrapVar, type PyValue } from '../../py/values.js';
import { TemplateRuntimeError } from '../../jinja/errors.js';
import type { VarScope } from '../templar.js';
import { decrypt, isEncrypted, type VaultSecrets } from '../../vault/index.js';
import { csvfileLookup, iniLookup } from './csv-ini.js';
import { passwordLookup } from './password.js';
import { subelementsOf } from '../filters/misc.js';
import { firstFoundLookup } from './first-found.js';
import { linesLookup, pipeLookup } from './pipe.js';
import { sequenceLookup } from './sequence.js';

export interface LookupContext {
  /** The playbook's (or role's) base directory. */
  basedir: string;
  /** Directories searched in order (ansible_search_path). */
  searchPath: string[];
  /** Vault secrets for the unvault lookup. */
  secrets?: VaultSecrets;
}

/** What lookups need from the Templar (template lookup). */
export interface LookupTemplar {
  renderFile(path: string, vars: VarScope, options?: { searchPath?: string[] }): string;
}

type Lookup = (
  terms: PyValue[],
  kwargs: Map<string, PyValue>,
  ctx: LookupContext,
  vars: VarScope,
  templar: LookupTemplar,
) => PyValue[];

export const OMIT_TOKEN = '__omit_place_holder__bosun0000000000000000000000000000000000';

export function findFile(ctx: LookupContext, subdir: string, name: string): string | null {
  if (isAbsolute(name)) return existsSync(name) ? name : null;
  for (const dir of [...ctx.searchPath, ctx.basedir]) {
    for (const cand of [join(dir, subdir, name), join(dir, name)])
      if (existsSync(cand)) return cand;
  }
  return null;
}

const LOOKUPS: Record<string, Lookup> = {
  env: (terms, kw) => terms.map((t) => process.env[pyStr(t)] ?? pyStr(kw.get('default') ?? '')),
  vars: (terms, kw, _c, vars) =>
    terms.map((t) => {
      const v = vars.get(pyStr(t));
      if (v !== undefined) return v;
      if (kw.has('default')) return kw.get('default')!;
      throw new TemplateRuntimeError(`No variable found with this name (${described(t)})`);
    }),
  file: (terms, kw, ctx) =>
    terms.map((t) => {
      const p = findFile(ctx, 'files', pyStr(t));
      if (!p)
        throw new TemplateRuntimeError(
          `The 'file' lookup had an issue accessing the file (${described(t)})`,
        );
      let s = readFileSync(p, 'utf8');
      // Ansible's loader decrypts vaulted files transparently for the file lookup.
      if (isEncrypted(s)) {
        if (!ctx.secrets || ctx.secrets.length === 0)
          throw new TemplateRuntimeError(
            `file: ${pyStr(t)} is vault encrypted and no vault password was given`,
          );
        s = decrypt(s, ctx.secrets, { file: p });
      }
      if (truthy(kw.get('lstrip') ?? false)) s = s.replace(/^\s+/, '');
      if (truthy(kw.get('rstrip') ?? true)) s = s.replace(/\s+$/, '');
      return s;
    }),
  unvault: (terms, _kw, ctx) =>
    terms.map((t) => {
      const p = findFile(ctx, 'files', pyStr(t));
      if (!p) throw new TemplateRuntimeError(`Unable to find '${pyStr(t)}' in expected paths`);
      const text = readFileSync(p, 'utf8');
      if (!isEncrypted(text)) return text;
      if (!ctx.secrets || ctx.secrets.length === 0)
        throw new TemplateRuntimeError(
          `unvault: ${pyStr(t)} is vault encrypted and no vault password was given`,
        );
      return decrypt(text, ctx.secrets, { file: p });
    }),
  template: (terms, _kw, ctx, vars, templar) =>
    terms.map((t) => {
      const p = findFile(ctx, 'templates', pyStr(t));
      if (!p)
        throw new TemplateRuntimeError(
          `the template file (${described(t)}) could not be found for the lookup`,
        );
      return templar.renderFile(p, vars, { searchPath: ctx.searchPath });
    }),
  fileglob: (terms, _kw, ctx) =>
    terms.flatMap((t) => {
      // As Ansible: only the file name is a pattern; a directory part is found like a file
      // (search path, `files/`), a bare name is tried in each search path's files/ and itself.
      const pat = pyStr(t);
      const name = basename(pat);
      const dirs =
        name !== pat
          ? [findFile(ctx, 'files', dirname(pat))].filter((d): d is string => d !== null)
          : ctx.searchPath.flatMap((d) => [join(d, 'files'), d]);
      for (const d of dirs) {
        // Files only, in directory order, as glob.glob + os.path.isfile.
        const hits = globFiles(join(d, name)).filter((p) => {
          try {
            return statSync(p).isFile();
          } catch {
            return false;
          }
        });
        if (hits.length) return hits;
      }
      return [];
    }),
  items: (terms) =>
    terms.flatMap((t) => {
      t = resolve(t);
      return isSequence(t) ? t : [t];
    }),
  list: (terms) => terms,
  indexed_items: (terms) =>
    terms
      .flatMap((t) => (Array.isArray(resolve(t)) ? (resolve(t) as PyValue[]) : [t]))
      .map((x, i) => tuple([i, x])),
  dict: (terms) =>
    terms.flatMap((t) => {
      t = resolve(t);
      if (!isDict(t)) throw new TemplateRuntimeError(`with_dict expects a dict`);
      return [...t].map(
        ([k, v]) =>
          new Map<PyValue, PyValue>([
            ['key', k],
            ['value', v],
          ]),
      );
    }),
  sequence: (terms, kw) => sequenceLookup(terms, kw),
  csvfile: (terms, kw, ctx) => csvfileLookup(terms, kw, ctx),
  password: (terms, kw, ctx) => passwordLookup(terms, kw, ctx),
  ini: (terms, kw, ctx) => iniLookup(terms, kw, ctx),
  first_found: (terms, kw, ctx) => firstFoundLookup(terms, kw, ctx),
  pipe: (terms, kw, ctx) => pipeLookup(terms, kw, ctx),
  lines: (terms, kw, ctx) => linesLookup(terms, kw, ctx),
  nested: (terms) => nestedLookup(terms),
  subelements: (terms, _kw, _ctx, _vars, _t) => {
    if (terms.length < 2 || terms.length > 3)
      throw new TemplateRuntimeError('subelements lookup expects a list of two or three items, ');
    const flags = terms.length === 3 ? resolve(terms[2]!) : null;
    if (flags !== null && !isDict(flags))
      throw new TemplateRuntimeError(
        "the optional third item must be a dict with flags {'skip_missing': True}",
      );
    const skip = flags !== null && truthy(flags.get('skip_missing') ?? false);
    // The lookup pops the subelement key from the item it returns (Ansible's plugin does).
    return subelementsOf(terms[0]!, terms[1]!, skip).map((pair) => {
      const [el, v] = pair as PyValue[];
      return tuple([withoutPath(el!, pyStr(terms[1]!).split('.')), v!]);
    });
  },
  together: (terms) => {
    const lists = terms.map((t) => resolve(t) as PyValue[]);
    const n = Math.max(0, ...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => lists.map((l) => (i < l.length ? l[i]! : null)));
  },
};

function withoutPath(el: PyValue, path: string[]): PyValue {
  const d = resolve(el);
  if (!isDict(d) || path.length === 0) return d;
  const copy = new Map(d);
  if (path.length === 1) copy.delete(path[0]!);
  else if (copy.has(path[0]!)) copy.set(path[0]!, withoutPath(copy.get(path[0]!)!, path.slice(1)));
  return copy;
}

function runLookup(
  name: string,
  terms: PyValue[],
  kwargs: Map<string, PyValue>,
  ctx: LookupContext,
  vars: VarScope,
  templar: LookupTemplar,
): PyValue[] {
  const short = name.replace(/^ansible\.builtin\./, '');
  const f = LOOKUPS[short];
  if (!f) throw new TemplateRuntimeError(`lookup plugin (${name}) not found`);
  return f(terms, kwargs, ctx, vars, templar);
}

/** A scope that records that the current render read unsafe data (the Templar's LazyVars). */
interface UnsafeSink {
  markUnsafe(): void;
}

/**
 * Ansible's Templar._lookup: a lookup's result is data from the system, unsafe (wrap_var) and
 * marking the render unsafe, unless the call says `allow_unsafe=True` or returned nothing.
 */
function unsafeResult(vars: VarScope, kw: Map<string, PyValue>, ran: PyValue[]): boolean {
  if (ran.length === 0 || truthy(kw.get('allow_unsafe') ?? false)) return false;
  (vars as Partial<UnsafeSink>).markUnsafe?.();
  return true;
}

const CALL_KWARGS = new Set(['wantlist', 'errors', 'allow_unsafe']);

/** The per-render globals Ansible adds: lookup, query, q, omit. */
export function lookupGlobals(
  ctx: LookupContext,
  vars: VarScope,
  templar: LookupTemplar,
): Map<string, PyValue> {
  const lookup = pyfunc(
    'name, *args, **kwargs',
    (_c, name, args: PyValue[], kw: Map<string, PyValue>) => {
      const wantlist = truthy(kw.get('wantlist') ?? false);
      const rest = new Map([...kw].filter(([k]) => !CALL_KWARGS.has(k)));
      const ran = runLookup(pyStr(name), args, rest, ctx, vars, templar);
      const unsafe = unsafeResult(vars, kw, ran);
      let out: PyValue;
      if (wantlist || ran.length === 0) out = ran;
      else if (ran.every((r) => typeof r === 'string')) out = ran.join(',');
      else out = ran.length === 1 ? ran[0]! : ran;
      return unsafe ? wrapVar(out) : out;
    },
  );
  const query = pyfunc(
    'name, *args, **kwargs',
    (_c, name, args: PyValue[], kw: Map<string, PyValue>) => {
      const rest = new Map([...kw].filter(([k]) => !CALL_KWARGS.has(k)));
      const ran = runLookup(pyStr(name), args, rest, ctx, vars, templar);
      return unsafeResult(vars, kw, ran) ? wrapVar(ran) : ran;
    },
  );
  return new Map<string, PyValue>([
    ['lookup', lookup],
    ['query', query],
    ['q', query],
  ]);
}

function nestedLookup(terms: PyValue[]): PyValue[] {
  const lists = terms.map((t) => {
    t = resolve(t);
    return isSequence(t) ? t : [t];
  });
  if (lists.length === 0)
    throw new TemplateRuntimeError('with_nested requires at least one element in the nested list');
  let acc: PyValue[][] = lists[0]!.map((x) => [x]);
  for (const l of lists.slice(1)) acc = acc.flatMap((prefix) => l.map((x) => [...prefix, x]));
  return acc;
}
