/**
 * The Jinja2 environment as Ansible configures it (AnsibleEnvironment): native output parts,
 * AnsibleUndefined (strict, but attribute access on an undefined keeps the first failure),
 * None rendered as empty text, trim_blocks on, and Ansible's filters/tests/globals registered.
 */
import { Environment, type EnvironmentOptions } from '../jinja/environment.js';
import { FileSystemLoader } from '../jinja/loaders.js';
import { Undefined, type PyValue } from '../py/values.js';
import { undefinedError } from '../py/undefined.js';
import { dataFilters } from './filters/data.js';
import { encodingFilters } from './filters/encoding.js';
import { listFilters } from './filters/lists.js';
import { miscFilters } from './filters/misc.js';
import { vaultFilters } from './filters/vault.js';
import { ansibleTests } from './tests.js';
import { ansibleEvalConcat } from './concat.js';
import { STRING_TYPE_FILTERS, wrapNativeText } from './native-text.js';
import { nowGlobal } from './now.js';

export interface AnsibleEnvOptions extends EnvironmentOptions {
  /** Directories for include/import/extends. */
  searchPath?: string[];
}

/** Ansible's _ansible_finalize: None renders as '' and undefined values fail. */
function ansibleFinalize(v: PyValue): PyValue {
  if (v instanceof Undefined) throw undefinedError(v);
  return v === null ? '' : v;
}

export function createAnsibleEnvironment(options: AnsibleEnvOptions = {}): Environment {
  const { searchPath, ...rest } = options;
  const env = new Environment({
    trimBlocks: true,
    undefined: 'strict-chainable',
    native: true,
    finalize: ansibleFinalize,
    concat: ansibleEvalConcat,
    loader: searchPath && searchPath.length ? new FileSystemLoader(searchPath) : null,
    ...rest,
  });
  for (const [k, f] of dataFilters()) env.filters.set(k, f);
  for (const [k, f] of encodingFilters()) env.filters.set(k, f);
  for (const [k, f] of listFilters()) env.filters.set(k, f);
  for (const [k, f] of miscFilters()) env.filters.set(k, f);
  for (const [k, f] of vaultFilters()) env.filters.set(k, f);
  for (const [k, t] of ansibleTests()) env.tests.set(k, t);
  for (const k of STRING_TYPE_FILTERS)
    if (env.filters.has(k)) env.filters.set(k, wrapNativeText(env.filters.get(k)) as PyValue);
  env.globals.set('now', nowGlobal);
  return env;
}
