/**
 * The environment a service sees: systemd's base variables, the supervisor's allowlist,
 * PassEnvironment=, Environment=, EnvironmentFile= (later wins, as systemd), minus
 * UnsetEnvironment=. Never the container's full environment, never a secret.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceConfig } from './unit-model.js';
import { splitWords } from './exec-line.js';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

class EnvironmentFileError extends Error {}

/** Parse an EnvironmentFile: KEY=VALUE lines, comments, quotes, backslash continuations. */
function parseEnvironmentFile(text: string): [string, string][] {
  const out: [string, string][] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim();
    while (line.endsWith('\\') && i + 1 < lines.length)
      line = line.slice(0, -1) + lines[++i]!.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue; // systemd ignores lines that are not assignments
    let value = m[2]!;
    if (/^["']/.test(value)) {
      try {
        value = splitWords(value).join(' ');
      } catch {
        /* unbalanced quote: keep raw, as systemd does */
      }
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    out.push([m[1]!, value]);
  }
  return out;
}

export interface EnvironmentInputs {
  service: ServiceConfig;
  /** The supervisor's own environment, source of PassEnvironment= and the allowlist. */
  managerEnv: Readonly<Record<string, string | undefined>>;
  /** Names passed to every service when set in the manager's environment (e.g. TZ, LANG). */
  allowlist: readonly string[];
  /** Host path of a manager path (the supervisor may run under a test root). */
  hostPath: (p: string) => string;
  extra?: Record<string, string>;
}

/** Build the service environment; throws EnvironmentFileError for a missing mandatory file. */
export function serviceEnvironment(inputs: EnvironmentInputs): Record<string, string> {
  const { service, managerEnv } = inputs;
  const env: Record<string, string> = { PATH: DEFAULT_PATH };
  for (const name of inputs.allowlist) {
    const v = managerEnv[name];
    if (v !== undefined) env[name] = v;
  }
  for (const name of service.passEnvironment) {
    const v = managerEnv[name];
    if (v !== undefined) env[name] = v;
  }
  for (const [k, v] of service.environment) env[k] = v;
  for (const f of service.environmentFiles) {
    let text: string;
    try {
      text = readFileSync(inputs.hostPath(f.path), 'utf8');
    } catch {
      if (f.optional) continue;
      throw new EnvironmentFileError(`EnvironmentFile ${f.path} cannot be read`);
    }
    for (const [k, v] of parseEnvironmentFile(text)) env[k] = v;
  }
  Object.assign(env, inputs.extra ?? {});
  for (const u of service.unsetEnvironment) {
    const eq = u.indexOf('=');
    if (eq < 0) delete env[u];
    else if (env[u.slice(0, eq)] === u.slice(eq + 1)) delete env[u.slice(0, eq)];
  }
  return env;
}

/** RUNTIME_DIRECTORY etc. as systemd exports them (colon-separated absolute paths). */
export function directoryVariables(service: ServiceConfig): Record<string, string> {
  const vars: Record<string, string> = {};
  const set = (name: string, base: string, dirs: string[]): void => {
    if (dirs.length) vars[name] = dirs.map((d) => path.join(base, d)).join(':');
  };
  set('RUNTIME_DIRECTORY', '/run', service.runtimeDirectory);
  set('STATE_DIRECTORY', '/var/lib', service.stateDirectory);
  set('CACHE_DIRECTORY', '/var/cache', service.cacheDirectory);
  set('LOGS_DIRECTORY', '/var/log', service.logsDirectory);
  set('CONFIGURATION_DIRECTORY', '/etc', service.configurationDirectory);
  return vars;
}
