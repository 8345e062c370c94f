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

/**
 * Errors ansible-playbook raises as AnsibleParserError, which it exits with 4 (its other errors,
 * such as a missing role or playbook file, exit 1).
 */
const PARSE_ERRORS: ReadonlySet<PlayErrorCode> = new Set([
  'play-syntax',
  'play-keyword',
  'play-module',
  'play-args',
]);

/** ansible-playbook's exit code for a playbook that cannot be parsed. */
const PARSE_ERROR_EXIT = 4;

export class PlayError extends BosunError {
  override name = 'PlayError';
  constructor(code: PlayErrorCode, message: string, options: BosunErrorOptions = {}) {
    super(code, message, {
      ...(PARSE_ERRORS.has(code) ? { exitCode: PARSE_ERROR_EXIT } : {}),
      ...options,
    });
  }
}
