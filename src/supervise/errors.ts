import { BosunError, type BosunErrorOptions } from '../errors.js';

export type UnitErrorCode =
  'unit-syntax' | 'unit-not-found' | 'unit-invalid' | 'unit-cycle' | 'supervisor' | 'control';

/** An error about a unit file or the supervisor; `file:line: directive: reason` when it is about a line. */
export class UnitError extends BosunError {
  override name = 'UnitError';
  constructor(code: UnitErrorCode, message: string, options: BosunErrorOptions = {}) {
    super(code, message, options);
  }
}
