/** How a service's end is judged (systemd.service(5) "Restart=" table) — pure functions. */
import type { RestartPolicy, ServiceConfig } from './unit-model.js';

export type ServiceResult =
  | 'success'
  | 'exit-code'
  | 'signal'
  | 'core-dump'
  | 'timeout'
  | 'watchdog'
  | 'start-limit-hit'
  | 'resources'
  | 'dependency'
  | 'condition';

/** Signals a service may die of and still count as a clean exit. */
const CLEAN_SIGNALS = new Set(['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGPIPE']);
const CORE_SIGNALS = new Set([
  'SIGQUIT',
  'SIGILL',
  'SIGTRAP',
  'SIGABRT',
  'SIGBUS',
  'SIGFPE',
  'SIGSEGV',
  'SIGSYS',
  'SIGXCPU',
  'SIGXFSZ',
]);

export function exitResult(
  service: ServiceConfig,
  code: number | null,
  signal: NodeJS.Signals | null,
): ServiceResult {
  if (signal) {
    if (CLEAN_SIGNALS.has(signal) || service.successExitStatus.signals.includes(signal))
      return 'success';
    return CORE_SIGNALS.has(signal) ? 'core-dump' : 'signal';
  }
  if (code === 0 || (code !== null && service.successExitStatus.codes.includes(code)))
    return 'success';
  return 'exit-code';
}

/** Whether Restart= asks for a restart after an end with `result`. */
export function shouldRestart(
  policy: RestartPolicy,
  result: ServiceResult,
  service: ServiceConfig,
  code: number | null,
  signal: NodeJS.Signals | null,
): boolean {
  if (code !== null && service.restartPreventExitStatus.codes.includes(code)) return false;
  if (signal && service.restartPreventExitStatus.signals.includes(signal)) return false;
  const unclean = result !== 'success';
  const abnormal =
    result === 'signal' || result === 'core-dump' || result === 'timeout' || result === 'watchdog';
  switch (policy) {
    case 'no':
      return false;
    case 'always':
      return true;
    case 'on-success':
      return !unclean;
    case 'on-failure':
      return unclean;
    case 'on-abnormal':
      return abnormal;
    case 'on-abort':
      return result === 'signal' || result === 'core-dump';
    case 'on-watchdog':
      return result === 'watchdog';
  }
}
