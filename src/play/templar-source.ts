/**
 * Where the CLI gets its Templar. The implementation is the ansible engineer's
 * (src/ansible/templar-impl.ts); until it is wired here, commands that need templating fail with
 * a clear message instead of rendering wrongly.
 */
import type { Templar } from '../ansible/templar.js';
import { PlayError } from './errors.js';

export async function loadTemplar(): Promise<Templar> {
  throw new PlayError('play-unsupported', 'templating engine not wired into bosun play yet (src/ansible/templar-impl.ts pending)');
}
