/**
 * Typed unit configuration built from parsed (and drop-in merged) assignments. Every directive
 * is either understood, accepted as a no-op that cannot matter in a container, or reported once
 * as unsupported with its file:line — never silently dropped. Each section's directive table is
 * in a directives-*.ts file.
 */
import type { Assignment, ParsedUnitFile, ParseProblem } from './unit-file.js';
import { expandSpecifiers, type UnitName } from './unit-name.js';
import type { ExecCommand } from './exec-line.js';
import { DirectiveError, FatalDirectiveError, type Handler } from './directive-values.js';
import { INSTALL, UNIT } from './directives-unit.js';
import { defaultService, SERVICE } from './directives-service.js';
import { EXEC_CONTEXT } from './directives-exec.js';
import { TIMER, timerOf } from './directives-timer.js';
import { NO_EFFECT, NOT_ENFORCED } from './directives-ignored.js';

type ServiceType = 'simple' | 'exec' | 'forking' | 'oneshot' | 'notify' | 'idle';
export type RestartPolicy =
  'no' | 'always' | 'on-success' | 'on-failure' | 'on-abnormal' | 'on-abort' | 'on-watchdog';
type KillMode = 'control-group' | 'mixed' | 'process' | 'none';
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
  /** RuntimeDirectoryMode= and friends (default 0755), keyed as the directory lists. */
  directoryModes: Record<DirectoryKind, number>;
  standardOutput: OutputTarget;
  standardError: OutputTarget | { kind: 'stdout' };
  syslogIdentifier?: string;
  nice?: number;
}

export type DirectoryKind = 'runtime' | 'state' | 'cache' | 'logs' | 'configuration';

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

const SECTIONS: Record<string, Record<string, Handler>> = {
  Unit: UNIT,
  Service: { ...SERVICE, ...EXEC_CONTEXT },
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
  if (unitName.type === 'timer') timerOf(u);
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
