/** [Service]'s execution-context directives: environment, user, directories, limits, output. */
import type { DirectoryKind, OutputTarget } from './unit-model.js';
import { bool, DirectiveError, list, words, type Handler } from './directive-values.js';
import { serviceOf } from './directives-service.js';

const LIMITS: Record<string, string> = {
  LimitCPU: 'cpu',
  LimitFSIZE: 'fsize',
  LimitDATA: 'data',
  LimitSTACK: 'stack',
  LimitCORE: 'core',
  LimitRSS: 'rss',
  LimitNOFILE: 'nofile',
  LimitAS: 'as',
  LimitNPROC: 'nproc',
  LimitMEMLOCK: 'memlock',
  LimitLOCKS: 'locks',
  LimitSIGPENDING: 'sigpending',
  LimitMSGQUEUE: 'msgqueue',
  LimitNICE: 'nice',
  LimitRTPRIO: 'rtprio',
  LimitRTTIME: 'rttime',
};

function output(v: string): OutputTarget {
  if (
    v === 'inherit' ||
    v === 'journal' ||
    v === 'syslog' ||
    v === 'kmsg' ||
    v === 'tty' ||
    v.startsWith('journal+') ||
    v.startsWith('syslog+') ||
    v.startsWith('kmsg+')
  )
    return { kind: 'inherit' };
  if (v === 'null') return { kind: 'null' };
  const m = /^(file|append|truncate):(\/.*)$/.exec(v);
  if (m)
    return { kind: 'file', path: m[2]!, append: m[1] === 'append', truncate: m[1] === 'truncate' };
  throw new DirectiveError(
    `unsupported output '${v}' (use inherit, journal, null, file:, append: or truncate:)`,
  );
}

function directoryMode(kind: DirectoryKind): Handler {
  return (v, u) => {
    if (!/^[0-7]{1,4}$/.test(v)) throw new DirectiveError(`invalid mode '${v}'`);
    serviceOf(u).directoryModes[kind] = parseInt(v, 8);
  };
}

export const EXEC_CONTEXT: Record<string, Handler> = {
  Environment: (v, u) => {
    const s = serviceOf(u);
    if (v === '') {
      s.environment.length = 0;
      return;
    }
    for (const w of words(v)) {
      const eq = w.indexOf('=');
      if (eq <= 0) throw new DirectiveError(`invalid environment assignment '${w}'`);
      s.environment.push([w.slice(0, eq), w.slice(eq + 1)]);
    }
  },
  EnvironmentFile: (v, u) => {
    const s = serviceOf(u);
    if (v === '') {
      s.environmentFiles.length = 0;
      return;
    }
    const optional = v.startsWith('-');
    s.environmentFiles.push({ path: optional ? v.slice(1) : v, optional });
  },
  PassEnvironment: list((u) => serviceOf(u).passEnvironment),
  UnsetEnvironment: list((u) => serviceOf(u).unsetEnvironment),
  User: (v, u) => {
    serviceOf(u).user = v || undefined;
  },
  Group: (v, u) => {
    serviceOf(u).group = v || undefined;
  },
  SupplementaryGroups: list((u) => serviceOf(u).supplementaryGroups),
  WorkingDirectory: (v, u) => {
    const s = serviceOf(u);
    s.workingDirectoryOptional = v.startsWith('-');
    const dir = s.workingDirectoryOptional ? v.slice(1) : v;
    s.workingDirectory = dir === '~' ? '/root' : dir;
  },
  UMask: (v, u) => {
    if (!/^[0-7]{1,4}$/.test(v)) throw new DirectiveError(`invalid umask '${v}'`);
    serviceOf(u).umask = parseInt(v, 8);
  },
  RuntimeDirectory: list((u) => serviceOf(u).runtimeDirectory),
  StateDirectory: list((u) => serviceOf(u).stateDirectory),
  CacheDirectory: list((u) => serviceOf(u).cacheDirectory),
  LogsDirectory: list((u) => serviceOf(u).logsDirectory),
  ConfigurationDirectory: list((u) => serviceOf(u).configurationDirectory),
  RuntimeDirectoryPreserve: (v, u) => {
    serviceOf(u).runtimeDirectoryPreserve = v === 'restart' || bool(v);
  },
  RuntimeDirectoryMode: directoryMode('runtime'),
  StateDirectoryMode: directoryMode('state'),
  CacheDirectoryMode: directoryMode('cache'),
  LogsDirectoryMode: directoryMode('logs'),
  ConfigurationDirectoryMode: directoryMode('configuration'),
  StandardOutput: (v, u) => {
    serviceOf(u).standardOutput = output(v);
  },
  StandardError: (v, u) => {
    serviceOf(u).standardError = v === 'inherit' ? { kind: 'stdout' } : output(v);
  },
  SyslogIdentifier: (v, u) => {
    serviceOf(u).syslogIdentifier = v;
  },
  Nice: (v, u) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < -20 || n > 19) throw new DirectiveError(`invalid nice '${v}'`);
    serviceOf(u).nice = n;
  },
};
for (const [directive, resource] of Object.entries(LIMITS)) {
  EXEC_CONTEXT[directive] = (v, u) => {
    const [soft = '', hard = soft] = v.split(':');
    if (!/^(\d+|infinity)$/.test(soft) || !/^(\d+|infinity)$/.test(hard))
      throw new DirectiveError(`invalid limit '${v}'`);
    const norm = (x: string): string => (x === 'infinity' ? 'unlimited' : x);
    serviceOf(u).limits.set(resource, [norm(soft), norm(hard)]);
  };
}
