import { BosunError, type BosunErrorOptions } from '../errors.js';

/** Errors of `bosun boot` and `bosun shims`: password sources, overlays, reconfigure, read-only paths. */
export class BootError extends BosunError {
  override name = 'BootError';
  constructor(code: string, message: string, options: BosunErrorOptions = {}) {
    super(code, message, options);
  }
}
