/** The control socket's protocol: one JSON request per connection, one JSON response. */

export type ControlCommand =
  | 'start'
  | 'stop'
  | 'restart'
  | 'try-restart'
  | 'reload'
  | 'reload-or-restart'
  | 'status'
  | 'is-active'
  | 'is-failed'
  | 'list-units'
  | 'show'
  | 'daemon-reload'
  | 'ready'
  | 'reset-failed'
  | 'poweroff';

export interface ControlRequest {
  command: ControlCommand;
  units: string[];
}

export interface UnitStatus {
  name: string;
  description: string;
  loadState: 'loaded' | 'not-found' | 'masked';
  activeState: string;
  subState: string;
  result?: string;
  mainPid?: number | null;
  restarts?: number;
  fragmentPath?: string;
  execMainCode?: number | null;
  execMainSignal?: string | null;
}

export type ControlResponse =
  | { ok: true; units?: UnitStatus[]; ready?: boolean; message?: string }
  | { ok: false; error: string; units?: UnitStatus[] };

export const DEFAULT_CONTROL_SOCKET = '/run/bosun/control.sock';

export function isControlRequest(value: unknown): value is ControlRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.command === 'string' &&
    Array.isArray(v.units) &&
    v.units.every((u) => typeof u === 'string')
  );
}
