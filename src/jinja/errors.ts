/**
 * Template errors. Every one carries the template name, line and column (and the template
 * source for a caret excerpt) once the engine knows them; messages never contain variable
 * values, only names and types, so secrets cannot leak through an error.
 */
import { BosunError, type BosunErrorOptions } from '../errors.js';

export type TemplateErrorCode = 'template-syntax' | 'template-runtime' | 'template-undefined' | 'template-not-found' | 'template-assertion';

export class TemplateError extends BosunError {
  override name = 'TemplateError';
  constructor(code: TemplateErrorCode, message: string, options: BosunErrorOptions = {}) {
    super(code, message, options);
  }

  /** Whether the position is already known (the innermost frame that saw the error sets it). */
  get positioned(): boolean {
    return this.line !== undefined;
  }

  /** A copy of this error located at `file:line`. */
  at(file: string | undefined, line: number, source: string | undefined, column?: number): TemplateError {
    const Ctor = this.constructor as new (message: string, options: BosunErrorOptions) => TemplateError;
    const copy = new Ctor(this.message, { file, line, column, source, cause: this.cause ?? undefined });
    return copy;
  }
}

/** The template cannot be parsed (Jinja2's TemplateSyntaxError). */
export class TemplateSyntaxError extends TemplateError {
  override name = 'TemplateSyntaxError';
  constructor(message: string, options: BosunErrorOptions = {}) {
    super('template-syntax', message, options);
  }
}

/** Rendering failed (Jinja2's TemplateRuntimeError, TypeError, ValueError…). */
export class TemplateRuntimeError extends TemplateError {
  override name = 'TemplateRuntimeError';
  constructor(message: string, options: BosunErrorOptions = {}) {
    super('template-runtime', message, options);
  }
}

/** An undefined value was used where a value is needed. */
export class UndefinedError extends TemplateError {
  override name = 'UndefinedError';
  constructor(message: string, options: BosunErrorOptions = {}) {
    super('template-undefined', message, options);
  }
}

/** include/import/extends named a template the loader cannot find. */
export class TemplateNotFound extends TemplateError {
  override name = 'TemplateNotFound';
  constructor(message: string, options: BosunErrorOptions = {}) {
    super('template-not-found', message, options);
  }
}
