/** Errors about playbooks: loading (bad keyword, missing role) and running (a task failed). */
import { BosunError, type BosunErrorOptions } from '../errors.js';

export type PlayErrorCode =
  | 'play-syntax'
  | 'play-keyword'
  | 'play-module'
  | 'play-role'
  | 'play-file'
  | 'play-inventory'
  | 'play-host'
  | 'play-unsupported'
  | 'play-failed'
  | 'play-args';

export class PlayError extends BosunError {
  override name = 'PlayError';
  constructor(code: PlayErrorCode, message: string, options: BosunErrorOptions = {}) {
    super(code, message, options);
  }
}
