/** Errors of the YAML layer: syntax errors and values that cannot be constructed, at file:line:col. */
import { BosunError, type BosunErrorOptions } from '../errors.js';

export class YamlError extends BosunError {
  override name = 'YamlError';
  constructor(message: string, options: BosunErrorOptions = {}) {
    super('yaml-syntax', message, options);
  }
}
