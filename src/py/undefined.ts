/** How Undefined values fail when used (Jinja2's Undefined / StrictUndefined / ChainableUndefined). */
import { EvalUndefinedError } from './errors.js';
import type { Undefined } from './values.js';

export function undefinedError(u: Undefined): EvalUndefinedError {
  return new EvalUndefinedError(u.hint);
}
