/** Errors about variables: unreadable vars files, vault sets, undefined variables. */
import { BosunError, type BosunErrorOptions } from '../errors.js';

export type VarsErrorCode = 'vars-file' | 'vars-yaml' | 'vars-vault' | 'vars-type' | 'vars-extra';

export class VarsError extends BosunError {
  override name = 'VarsError';
  constructor(code: VarsErrorCode, message: string, options: BosunErrorOptions = {}) {
    super(code, message, options);
  }
}
