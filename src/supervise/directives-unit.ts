/** The [Unit] directive table (dependencies, ordering, conditions, start limit) and [Install]. */
import { bool, DirectiveError, list, span, type Handler } from './directive-values.js';

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
  'Capability',
  'KernelCommandLine',
];

export const UNIT: Record<string, Handler> = {
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

export const INSTALL: Record<string, Handler> = {
  WantedBy: list((u) => u.install.wantedBy),
  RequiredBy: list((u) => u.install.requiredBy),
  Alias: list((u) => u.install.alias),
  Also: list((u) => u.install.also),
  DefaultInstance: (v, u) => {
    u.install.defaultInstance = v;
  },
};
