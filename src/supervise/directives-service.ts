/** The [Service] directive table for a service's life: Type=, Exec*=, restart, timeouts, kill. */
import type { ServiceConfig, UnitConfig } from './unit-model.js';
import { parseExecLine, ExecSyntaxError, type ExecCommand } from './exec-line.js';
import {
  bool,
  DirectiveError,
  exitStatus,
  FatalDirectiveError,
  oneOf,
  signal,
  span,
  type Handler,
} from './directive-values.js';
import { UNIT } from './directives-unit.js';

export function defaultService(): ServiceConfig {
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
    directoryModes: {
      runtime: 0o755,
      state: 0o755,
      cache: 0o755,
      logs: 0o755,
      configuration: 0o755,
    },
    standardOutput: { kind: 'inherit' },
    standardError: { kind: 'stdout' },
  };
}

/** The unit's service configuration, created with the defaults on first use. */
export function serviceOf(u: UnitConfig): ServiceConfig {
  return (u.service ??= defaultService());
}

function exec(get: (s: ServiceConfig) => ExecCommand[]): Handler {
  return (v, u) => {
    const l = get(serviceOf(u));
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

/** With EXEC_CONTEXT (directives-exec.ts): the [Service] section. */
export const SERVICE: Record<string, Handler> = {
  Type: (v, u) => {
    if (v === 'dbus')
      throw new DirectiveError(
        'Type=dbus needs D-Bus, which a container does not run; runs as Type=simple',
      );
    serviceOf(u).type = oneOf(
      ['simple', 'exec', 'forking', 'oneshot', 'notify', 'idle'] as const,
      v,
    );
  },
  ExecStartPre: exec((s) => s.execStartPre),
  ExecStart: exec((s) => s.execStart),
  ExecStartPost: exec((s) => s.execStartPost),
  ExecReload: exec((s) => s.execReload),
  ExecStop: exec((s) => s.execStop),
  ExecStopPost: exec((s) => s.execStopPost),
  RemainAfterExit: (v, u) => {
    serviceOf(u).remainAfterExit = bool(v);
  },
  PIDFile: (v, u) => {
    serviceOf(u).pidFile = v.startsWith('/') ? v : '/run/' + v;
  },
  Restart: (v, u) => {
    serviceOf(u).restart = oneOf(
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
    serviceOf(u).restartSecMs = span(v);
  },
  TimeoutStartSec: (v, u) => {
    serviceOf(u).timeoutStartMs = span(v) || Infinity;
  },
  TimeoutStopSec: (v, u) => {
    serviceOf(u).timeoutStopMs = span(v) || Infinity;
  },
  TimeoutSec: (v, u) => {
    const ms = span(v) || Infinity;
    serviceOf(u).timeoutStartMs = ms;
    serviceOf(u).timeoutStopMs = ms;
  },
  WatchdogSec: (v, u) => {
    serviceOf(u).watchdogMs = span(v);
  },
  KillMode: (v, u) => {
    serviceOf(u).killMode = oneOf(['control-group', 'mixed', 'process', 'none'] as const, v);
  },
  KillSignal: (v, u) => {
    serviceOf(u).killSignal = signal(v);
  },
  SendSIGKILL: (v, u) => {
    serviceOf(u).sendSigkill = bool(v);
  },
  SuccessExitStatus: (v, u) => exitStatus(v, serviceOf(u).successExitStatus),
  RestartPreventExitStatus: (v, u) => exitStatus(v, serviceOf(u).restartPreventExitStatus),
  StartLimitBurst: UNIT.StartLimitBurst!,
  StartLimitIntervalSec: UNIT.StartLimitIntervalSec!,
};
