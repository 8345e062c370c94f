/**
 * Where the CLI gets its Templar. The implementation is the ansible engineer's
 * (src/ansible/templar-impl.ts); until it is wired here, commands that need templating fail with
 * a clear message instead of rendering wrongly.
 */
import type { Templar } from '../ansible/templar.js';
import { PlayError } from './errors.js';

let factory: (() => Templar) | undefined;

/** Install the Templar the CLI uses (test harnesses; the implementation once it lands). */
export function setTemplarFactory(f: () => Templar): void {
  factory = f;
}

export async function loadTemplar(): Promise<Templar> {
  if (factory) return factory();
  throw new PlayError('play-unsupported', 'templating engine not wired into bosun play yet (src/ansible/templar-impl.ts pending)');
}
