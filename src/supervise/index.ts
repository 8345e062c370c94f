/** The supervisor's public API (used by `bosun boot`, `systemctl`, `bosun status`). */
export {
  startSupervisor,
  DEFAULT_ENV_ALLOWLIST,
  type Supervisor,
  type SupervisorOptions,
} from './supervisor.js';
export { UnitLoader, SYSTEM_UNIT_PATH, type LoadResult } from './unit-loader.js';
export { parseUnitFile } from './unit-file.js';
export { buildUnitConfig, type UnitConfig, type ServiceConfig } from './unit-model.js';
export {
  parseUnitName,
  escapeUnitPart,
  unescapeUnitPart,
  expandSpecifiers,
  normalizeUnitName,
} from './unit-name.js';
export { parseCalendar, nextElapse } from './calendar.js';
export {
  DEFAULT_CONTROL_SOCKET,
  type ControlRequest,
  type ControlResponse,
  type UnitStatus,
} from './control-protocol.js';
export { UnitError } from './errors.js';
