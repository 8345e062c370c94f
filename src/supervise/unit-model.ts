/**
 * Typed unit configuration built from parsed (and drop-in merged) assignments. Every directive
 * is either understood, accepted as a no-op that cannot matter in a container, or reported once
 * as unsupported with its file:line — never silently dropped.
 */
import type { Assignment, ParsedUnitFile, ParseProblem } from './unit-file.js';
import { expandSpecifiers, type UnitName } from './unit-name.js';
import { parseExecLine, splitWords, ExecSyntaxError, type ExecCommand } from './exec-line.js';
import { parseTimeSpan } from './time-span.js';

export type ServiceType = 'simple' | 'exec' | 'forking' | 'oneshot' | 'notify' | 'idle';
export type RestartPolicy =
  'no' | 'always' | 'on-success' | 'on-failure' | 'on-abnormal' | 'on-abort' | 'on-watchdog';
export type KillMode = 'control-group' | 'mixed' | 'process' | 'none';
export type OutputTarget =
  | { kind: 'inherit' }
  | { kind: 'null' }
  | { kind: 'file'; path: string; append: boolean; truncate: boolean };

export interface ServiceConfig {
  type: ServiceType;
  execStartPre: ExecCommand[];
  execStart: ExecCommand[];
  execStartPost: ExecCommand[];
  execReload: ExecCommand[];
  execStop: ExecCommand[];
  execStopPost: ExecCommand[];
  remainAfterExit: boolean;
  pidFile?: string;
  restart: RestartPolicy;
  restartSecMs: number;
  timeoutStartMs: number;
  timeoutStopMs: number;
  watchdogMs: number;
  killMode: KillMode;
  killSignal: NodeJS.Signals;
  sendSigkill: boolean;
  successExitStatus: { codes: number[]; signals: NodeJS.Signals[] };
  restartPreventExitStatus: { codes: number[]; signals: NodeJS.Signals[] };
  /** Environment= assignments in order (later wins). */
  environment: [string, string][];
  /** EnvironmentFile= paths; `optional` for the `-` prefix. */
  environmentFiles: { path: string; optional: boolean }[];
  passEnvironment: string[];
  unsetEnvironment: string[];
  user?: string;
  group?: string;
  supplementaryGroups: string[];
  workingDirectory?: string;
  workingDirectoryOptional: boolean;
  umask?: number;
  /** Limit*= as prlimit resource name → [soft, hard] ('unlimited' allowed). */
  limits: Map<string, [string, string]>;
  runtimeDirectory: string[];
  stateDirectory: string[];
  cacheDirectory: string[];
  logsDirectory: string[];
  configurationDirectory: string[];
  runtimeDirectoryPreserve: boolean;
  standardOutput: OutputTarget;
  standardError: OutputTarget | { kind: 'stdout' };
  syslogIdentifier?: string;
  nice?: number;
}

export interface TimerConfig {
  onCalendar: string[];
  onBootMs: number[];
  onStartupMs: number[];
  onActiveMs: number[];
  onUnitActiveMs: number[];
  onUnitInactiveMs: number[];
  unit?: string;
  persistent: boolean;
}

export interface Condition {
  directive: string;
  /** `Assert*` fails the start; `Condition*` skips it. */
  assert: boolean;
  negate: boolean;
  trigger: boolean;
  value: string;
}

export interface UnitConfig {
  name: string;
  unitName: UnitName;
  description: string;
  fragmentPath: string;
  requires: string[];
  wants: string[];
  requisite: string[];
  bindsTo: string[];
  partOf: string[];
  after: string[];
  before: string[];
  conflicts: string[];
  onFailure: string[];
  /** ReloadPropagatedFrom= here, PropagatesReloadTo= there: reloading those reloads this unit. */
  reloadPropagatedFrom: string[];
  propagatesReloadTo: string[];
  conditions: Condition[];
  defaultDependencies: boolean;
  startLimitBurst: number;
  startLimitIntervalMs: number;
  install: {
    wantedBy: string[];
    requiredBy: string[];
    alias: string[];
    also: string[];
    defaultInstance?: string;
  };
  service?: ServiceConfig;
  timer?: TimerConfig;
  /** Directive problems (unsupported, invalid values), each with file:line. */
  warnings: ParseProblem[];
  /** A setting systemd treats as fatal (bad Exec line): the unit is refused ("bad-setting"). */
  fatal: boolean;
}

function defaultService(): ServiceConfig {
  return {
    type: 'simple',
    execStartPre: [],
    execStart: [],
    execStartPost: [],
    execReload: [],
    execStop: [],
    execStopPost: [],
    remainAfterExit: false,
    restart: 'no',
    restartSecMs: 100,
    timeoutStartMs: 90_000,
    timeoutStopMs: 90_000,
    watchdogMs: 0,
    killMode: 'control-group',
    killSignal: 'SIGTERM',
    sendSigkill: true,
    successExitStatus: { codes: [], signals: [] },
    restartPreventExitStatus: { codes: [], signals: [] },
    environment: [],
    environmentFiles: [],
    passEnvironment: [],
    unsetEnvironment: [],
    supplementaryGroups: [],
    workingDirectoryOptional: false,
    limits: new Map(),
    runtimeDirectory: [],
    stateDirectory: [],
    cacheDirectory: [],
    logsDirectory: [],
    configurationDirectory: [],
    runtimeDirectoryPreserve: false,
    standardOutput: { kind: 'inherit' },
    standardError: { kind: 'stdout' },
  };
}

type Handler = (value: string, unit: UnitConfig, a: Assignment) => void;

class DirectiveError extends Error {}
/** systemd refuses the whole unit for these (config_parse stops at them). */
class FatalDirectiveError extends DirectiveError {}

/** Directives that only matter to a host systemd (sandboxing, accounting): accepted, reported once as not enforced. */
const NOT_ENFORCED = new Set([
  'PrivateTmp',
  'PrivateDevices',
  'PrivateNetwork',
  'ProtectSystem',
  'ProtectHome',
  'ProtectKernelTunables',
  'ProtectKernelModules',
  'ProtectControlGroups',
  'NoNewPrivileges',
  'CapabilityBoundingSet',
  'AmbientCapabilities',
  'ReadWritePaths',
  'ReadOnlyPaths',
  'InaccessiblePaths',
  'MemoryLimit',
  'MemoryMax',
  'CPUQuota',
  'TasksMax',
  'SystemCallFilter',
  'RestrictAddressFamilies',
  'LockPersonality',
  'MemoryDenyWriteExecute',
  'RestrictRealtime',
  'RestrictNamespaces',
  'ProtectHostname',
  'ProtectClock',
  'ProtectKernelLogs',
  'DevicePolicy',
  'DeviceAllow',
  'IOSchedulingClass',
  'IOSchedulingPriority',
  'CPUSchedulingPolicy',
  'OOMScoreAdjust',
  'Slice',
  'Delegate',
]);
/** Directives with no effect on how bosun runs a unit (documentation, manual-start policy). */
const NO_EFFECT = new Set([
  'Documentation',
  'RefuseManualStart',
  'RefuseManualStop',
  'AllowIsolate',
  'IgnoreOnIsolate',
  'StopWhenUnneeded',
  'JobTimeoutSec',
  'SourcePath',
  'RequiresMountsFor',
  'WantsMountsFor',
  'NotifyAccess',
  'GuessMainPID',
  'StandardInput',
  'SyslogFacility',
  'SyslogLevel',
  'TTYPath',
  'TTYReset',
  'TTYVHangup',
  'TTYVTDisallocate',
  'RemoveIPC',
  'DynamicUser',
  'KeyringMode',
  'CollectMode',
  'AccuracySec',
  'RandomizedDelaySec',
  'WakeSystem',
  'RemainAfterElapse',
  'FailureAction',
  'SuccessAction',
]);

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

const SIGNALS = new Set([
  'SIGHUP',
  'SIGINT',
  'SIGQUIT',
  'SIGKILL',
  'SIGTERM',
  'SIGUSR1',
  'SIGUSR2',
  'SIGABRT',
  'SIGCONT',
  'SIGSTOP',
  'SIGWINCH',
  'SIGPWR',
]);

function words(value: string): string[] {
  return splitWords(value);
}
function list(get: (u: UnitConfig) => string[]): Handler {
  return (v, u) => {
    const l = get(u);
    if (v === '') l.length = 0;
    else l.push(...words(v));
  };
}
function svc(u: UnitConfig): ServiceConfig {
  return (u.service ??= defaultService());
}
function tmr(u: UnitConfig): TimerConfig {
  return (u.timer ??= {
    onCalendar: [],
    onBootMs: [],
    onStartupMs: [],
    onActiveMs: [],
    onUnitActiveMs: [],
    onUnitInactiveMs: [],
    persistent: false,
  });
}
function bool(v: string): boolean {
  if (/^(1|yes|y|true|t|on)$/i.test(v)) return true;
  if (/^(0|no|n|false|f|off)$/i.test(v)) return false;
  throw new DirectiveError(`invalid boolean '${v}'`);
}
function span(v: string): number {
  const ms = parseTimeSpan(v);
  if (ms === null) throw new DirectiveError(`invalid time span '${v}'`);
  return ms;
}
function oneOf<T extends string>(allowed: readonly T[], v: string): T {
  if (!(allowed as readonly string[]).includes(v))
    throw new DirectiveError(`invalid value '${v}' (expected ${allowed.join(', ')})`);
  return v as T;
}
function signal(v: string): NodeJS.Signals {
  const s = (v.startsWith('SIG') ? v : 'SIG' + v) as NodeJS.Signals;
  if (!SIGNALS.has(s) && !/^SIG(RTMIN|RTMAX)/.test(s))
    throw new DirectiveError(`invalid signal '${v}'`);
  return s;
}
function exitStatus(v: string, into: { codes: number[]; signals: NodeJS.Signals[] }): void {
  if (v === '') {
    into.codes.length = 0;
    into.signals.length = 0;
    return;
  }
  for (const w of words(v)) {
    if (/^\d+$/.test(w)) into.codes.push(Number(w));
    else into.signals.push(signal(w));
  }
}
function exec(get: (s: ServiceConfig) => ExecCommand[]): Handler {
  return (v, u) => {
    const l = get(svc(u));
    if (v === '') {
      l.length = 0;
      return;
    }
    try {
      l.push(...parseExecLine(v));
    } catch (e) {
      throw new FatalDirectiveError(e instanceof ExecSyntaxError ? e.message : String(e));
    }
  };
}
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
function condition(assert: boolean): Handler {
  return (v, u, a) => {
    if (v === '') {
      u.conditions = u.conditions.filter((c) => c.directive !== a.key);
      return;
    }
    let rest = v;
    const trigger = rest.startsWith('|');
    if (trigger) rest = rest.slice(1);
    const negate = rest.startsWith('!');
    if (negate) rest = rest.slice(1);
    u.conditions.push({ directive: a.key, assert, negate, trigger, value: rest });
  };
}

const SUPPORTED_CONDITIONS = [
  'PathExists',
  'PathExistsGlob',
  'PathIsDirectory',
  'PathIsSymbolicLink',
  'PathIsMountPoint',
  'PathIsReadWrite',
  'DirectoryNotEmpty',
  'FileNotEmpty',
  'FileIsExecutable',
  'Virtualization',
  'Environment',
  'User',
  'Group',
  'Host',
  'KernelCommandLine',
];

const UNIT: Record<string, Handler> = {
  Description: (v, u) => {
    u.description = v;
  },
  Requires: list((u) => u.requires),
  Wants: list((u) => u.wants),
  Requisite: list((u) => u.requisite),
  BindsTo: list((u) => u.bindsTo),
  PartOf: list((u) => u.partOf),
  After: list((u) => u.after),
  Before: list((u) => u.before),
  Conflicts: list((u) => u.conflicts),
  OnFailure: list((u) => u.onFailure),
  ReloadPropagatedFrom: list((u) => u.reloadPropagatedFrom),
  PropagatesReloadTo: list((u) => u.propagatesReloadTo),
  DefaultDependencies: (v, u) => {
    u.defaultDependencies = bool(v);
  },
  StartLimitBurst: (v, u) => {
    u.startLimitBurst = Number(v);
    if (!Number.isInteger(u.startLimitBurst)) throw new DirectiveError(`invalid number '${v}'`);
  },
  StartLimitIntervalSec: (v, u) => {
    u.startLimitIntervalMs = span(v);
  },
  StartLimitInterval: (v, u) => {
    u.startLimitIntervalMs = span(v);
  },
};
for (const c of SUPPORTED_CONDITIONS) {
  UNIT['Condition' + c] = condition(false);
  UNIT['Assert' + c] = condition(true);
}

const SERVICE: Record<string, Handler> = {
  Type: (v, u) => {
    if (v === 'dbus')
      throw new DirectiveError(
        'Type=dbus needs D-Bus, which a container does not run; runs as Type=simple',
      );
    svc(u).type = oneOf(['simple', 'exec', 'forking', 'oneshot', 'notify', 'idle'] as const, v);
  },
  ExecStartPre: exec((s) => s.execStartPre),
  ExecStart: exec((s) => s.execStart),
  ExecStartPost: exec((s) => s.execStartPost),
  ExecReload: exec((s) => s.execReload),
  ExecStop: exec((s) => s.execStop),
  ExecStopPost: exec((s) => s.execStopPost),
  RemainAfterExit: (v, u) => {
    svc(u).remainAfterExit = bool(v);
  },
  PIDFile: (v, u) => {
    svc(u).pidFile = v.startsWith('/') ? v : '/run/' + v;
  },
  Restart: (v, u) => {
    svc(u).restart = oneOf(
      [
        'no',
        'always',
        'on-success',
        'on-failure',
        'on-abnormal',
        'on-abort',
        'on-watchdog',
      ] as const,
      v,
    );
  },
  RestartSec: (v, u) => {
    svc(u).restartSecMs = span(v);
  },
  TimeoutStartSec: (v, u) => {
    svc(u).timeoutStartMs = span(v) || Infinity;
  },
  TimeoutStopSec: (v, u) => {
    svc(u).timeoutStopMs = span(v) || Infinity;
  },
  TimeoutSec: (v, u) => {
    const ms = span(v) || Infinity;
    svc(u).timeoutStartMs = ms;
    svc(u).timeoutStopMs = ms;
  },
  WatchdogSec: (v, u) => {
    svc(u).watchdogMs = span(v);
  },
  KillMode: (v, u) => {
    svc(u).killMode = oneOf(['control-group', 'mixed', 'process', 'none'] as const, v);
  },
  KillSignal: (v, u) => {
    svc(u).killSignal = signal(v);
  },
  SendSIGKILL: (v, u) => {
    svc(u).sendSigkill = bool(v);
  },
  SuccessExitStatus: (v, u) => exitStatus(v, svc(u).successExitStatus),
  RestartPreventExitStatus: (v, u) => exitStatus(v, svc(u).restartPreventExitStatus),
  Environment: (v, u) => {
    const s = svc(u);
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
    const s = svc(u);
    if (v === '') {
      s.environmentFiles.length = 0;
      return;
    }
    const optional = v.startsWith('-');
    s.environmentFiles.push({ path: optional ? v.slice(1) : v, optional });
  },
  PassEnvironment: list((u) => svc(u).passEnvironment),
  UnsetEnvironment: list((u) => svc(u).unsetEnvironment),
  User: (v, u) => {
    svc(u).user = v || undefined;
  },
  Group: (v, u) => {
    svc(u).group = v || undefined;
  },
  SupplementaryGroups: list((u) => svc(u).supplementaryGroups),
  WorkingDirectory: (v, u) => {
    const s = svc(u);
    s.workingDirectoryOptional = v.startsWith('-');
    const dir = s.workingDirectoryOptional ? v.slice(1) : v;
    s.workingDirectory = dir === '~' ? '/root' : dir;
  },
  UMask: (v, u) => {
    if (!/^[0-7]{1,4}$/.test(v)) throw new DirectiveError(`invalid umask '${v}'`);
    svc(u).umask = parseInt(v, 8);
  },
  RuntimeDirectory: list((u) => svc(u).runtimeDirectory),
  StateDirectory: list((u) => svc(u).stateDirectory),
  CacheDirectory: list((u) => svc(u).cacheDirectory),
  LogsDirectory: list((u) => svc(u).logsDirectory),
  ConfigurationDirectory: list((u) => svc(u).configurationDirectory),
  RuntimeDirectoryPreserve: (v, u) => {
    svc(u).runtimeDirectoryPreserve = v === 'restart' || bool(v);
  },
  RuntimeDirectoryMode: () => undefined,
  StateDirectoryMode: () => undefined,
  CacheDirectoryMode: () => undefined,
  LogsDirectoryMode: () => undefined,
  ConfigurationDirectoryMode: () => undefined,
  StandardOutput: (v, u) => {
    svc(u).standardOutput = output(v);
  },
  StandardError: (v, u) => {
    svc(u).standardError = v === 'inherit' ? { kind: 'stdout' } : output(v);
  },
  SyslogIdentifier: (v, u) => {
    svc(u).syslogIdentifier = v;
  },
  Nice: (v, u) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < -20 || n > 19) throw new DirectiveError(`invalid nice '${v}'`);
    svc(u).nice = n;
  },
  StartLimitBurst: UNIT.StartLimitBurst!,
  StartLimitIntervalSec: UNIT.StartLimitIntervalSec!,
};
for (const [directive, resource] of Object.entries(LIMITS)) {
  SERVICE[directive] = (v, u) => {
    const [soft = '', hard = soft] = v.split(':');
    if (!/^(\d+|infinity)$/.test(soft) || !/^(\d+|infinity)$/.test(hard))
      throw new DirectiveError(`invalid limit '${v}'`);
    const norm = (x: string): string => (x === 'infinity' ? 'unlimited' : x);
    svc(u).limits.set(resource, [norm(soft), norm(hard)]);
  };
}

const TIMER: Record<string, Handler> = {
  OnCalendar: (v, u) => {
    if (v === '') tmr(u).onCalendar.length = 0;
    else tmr(u).onCalendar.push(v);
  },
  OnBootSec: (v, u) => {
    tmr(u).onBootMs.push(span(v));
  },
  OnStartupSec: (v, u) => {
    tmr(u).onStartupMs.push(span(v));
  },
  OnActiveSec: (v, u) => {
    tmr(u).onActiveMs.push(span(v));
  },
  OnUnitActiveSec: (v, u) => {
    tmr(u).onUnitActiveMs.push(span(v));
  },
  OnUnitInactiveSec: (v, u) => {
    tmr(u).onUnitInactiveMs.push(span(v));
  },
  Unit: (v, u) => {
    tmr(u).unit = v;
  },
  Persistent: (v, u) => {
    tmr(u).persistent = bool(v);
  },
};

const INSTALL: Record<string, Handler> = {
  WantedBy: list((u) => u.install.wantedBy),
  RequiredBy: list((u) => u.install.requiredBy),
  Alias: list((u) => u.install.alias),
  Also: list((u) => u.install.also),
  DefaultInstance: (v, u) => {
    u.install.defaultInstance = v;
  },
};

const SECTIONS: Record<string, Record<string, Handler>> = {
  Unit: UNIT,
  Service: SERVICE,
  Timer: TIMER,
  Install: INSTALL,
};

/** Directives whose values are not specifier-expanded (systemd expands Description= too). */
const RAW = new Set<string>([]);

/** Build the typed configuration of one unit from its merged file. */
export function buildUnitConfig(
  file: ParsedUnitFile,
  unitName: UnitName,
  fragmentPath: string,
): UnitConfig {
  const u: UnitConfig = {
    name: unitName.name,
    unitName,
    description: '',
    fragmentPath,
    requires: [],
    wants: [],
    requisite: [],
    bindsTo: [],
    partOf: [],
    after: [],
    before: [],
    conflicts: [],
    onFailure: [],
    reloadPropagatedFrom: [],
    propagatesReloadTo: [],
    conditions: [],
    defaultDependencies: true,
    startLimitBurst: 5,
    startLimitIntervalMs: 10_000,
    install: { wantedBy: [], requiredBy: [], alias: [], also: [] },
    warnings: [],
    fatal: false,
  };
  if (unitName.type === 'service') u.service = defaultService();
  if (unitName.type === 'timer') tmr(u);
  const warned = new Set<string>();
  const warn = (a: Assignment, message: string): void => {
    u.warnings.push({ file: a.file, line: a.line, message: `${a.key}: ${message}` });
  };
  for (const [section, assignments] of file.sections) {
    const table = SECTIONS[section];
    for (const a of assignments) {
      if (!table) {
        if (!warned.has(section)) {
          warned.add(section);
          u.warnings.push({
            file: a.file,
            line: a.line,
            message: `[${section}]: section not supported, ignored`,
          });
        }
        continue;
      }
      const handler = table[a.key];
      if (!handler) {
        if (NO_EFFECT.has(a.key)) continue;
        if (!warned.has(a.key)) {
          warned.add(a.key);
          warn(
            a,
            NOT_ENFORCED.has(a.key)
              ? 'not enforced by bosun (no sandboxing in a container)'
              : 'unsupported directive, ignored',
          );
        }
        continue;
      }
      const unknown: string[] = [];
      const value = RAW.has(a.key)
        ? a.value
        : expandSpecifiers(a.value, { unit: unitName, fragmentPath }, unknown);
      if (unknown.length) {
        warn(a, `unknown specifier ${unknown.join(', ')}, assignment ignored`);
        continue;
      }
      try {
        handler(value, u, a);
      } catch (err) {
        if (err instanceof FatalDirectiveError) {
          warn(a, `${err.message}; the unit is refused`);
          u.fatal = true;
        } else if (err instanceof DirectiveError)
          warn(a, err.message.includes('; ') ? err.message : err.message + ', assignment ignored');
        else throw err;
      }
    }
  }
  return u;
}
