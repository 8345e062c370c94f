/** Value parsers shared by the unit directive tables; a value they refuse throws DirectiveError. */
import type { Assignment } from './unit-file.js';
import type { UnitConfig } from './unit-model.js';
import { splitWords } from './exec-line.js';
import { parseTimeSpan } from './time-span.js';

/** Applies one (specifier-expanded) assignment to the unit's configuration. */
export type Handler = (value: string, unit: UnitConfig, a: Assignment) => void;

export class DirectiveError extends Error {}
/** systemd refuses the whole unit for these (config_parse stops at them). */
export class FatalDirectiveError extends DirectiveError {}

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

export function words(value: string): string[] {
  return splitWords(value);
}
export function list(get: (u: UnitConfig) => string[]): Handler {
  return (v, u) => {
    const l = get(u);
    if (v === '') l.length = 0;
    else l.push(...words(v));
  };
}
export function bool(v: string): boolean {
  if (/^(1|yes|y|true|t|on)$/i.test(v)) return true;
  if (/^(0|no|n|false|f|off)$/i.test(v)) return false;
  throw new DirectiveError(`invalid boolean '${v}'`);
}
export function span(v: string): number {
  const ms = parseTimeSpan(v);
  if (ms === null) throw new DirectiveError(`invalid time span '${v}'`);
  return ms;
}
export function oneOf<T extends string>(allowed: readonly T[], v: string): T {
  if (!(allowed as readonly string[]).includes(v))
    throw new DirectiveError(`invalid value '${v}' (expected ${allowed.join(', ')})`);
  return v as T;
}
export function signal(v: string): NodeJS.Signals {
  const s = (v.startsWith('SIG') ? v : 'SIG' + v) as NodeJS.Signals;
  if (!SIGNALS.has(s) && !/^SIG(RTMIN|RTMAX)/.test(s))
    throw new DirectiveError(`invalid signal '${v}'`);
  return s;
}
export function exitStatus(v: string, into: { codes: number[]; signals: NodeJS.Signals[] }): void {
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
