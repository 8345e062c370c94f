/**
 * Template errors. Every one carries the template name, line and column (and the template
 * source for a caret excerpt) once the engine knows them; messages never contain variable
 * values, only names and types, so secrets cannot leak through an error.
 */

import type { BosunErrorOptions } from '../errors.js';
import { EvalError, EvalRuntimeError, EvalUndefinedError } from '../py/errors.js';

/** Every template error: the evaluation errors of src/py/ and the engine's own below. */
export {
  EvalError as TemplateError,
  EvalRuntimeError as TemplateRuntimeError,
  EvalUndefinedError as UndefinedError,
};

/** The template cannot be parsed (Jinja2's TemplateSyntaxError). */
export class TemplateSyntaxError extends EvalError {
  override name = 'TemplateSyntaxError';
  constructor(message: string, options: BosunErrorOptions = {}) {
    super('template-syntax', message, options);
  }
}

/** include/import/extends named a template the loader cannot find. */
export class TemplateNotFound extends EvalError {
  override name = 'TemplateNotFound';
  constructor(message: string, options: BosunErrorOptions = {}) {
    super('template-not-found', message, options);
  }
}
