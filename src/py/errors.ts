/**
 * Errors raised while evaluating Python semantics: Python's TypeError/ValueError/… and an
 * undefined value used where a value is needed. Jinja2 lets them propagate and reports them as
 * template errors, so the template engine (src/jinja/errors.ts) builds its error family on this
 * one and positions them at `file:line`. Messages never contain values, only names and types, so
 * secrets cannot leak through an error.
 */
import { BosunError, type BosunErrorOptions } from '../errors.js';

export type EvalErrorCode =
  | 'template-syntax'
  | 'template-runtime'
  | 'template-undefined'
  | 'template-not-found'
  | 'template-assertion';

export class EvalError extends BosunError {
  override name = 'TemplateError';
  constructor(code: EvalErrorCode, message: string, options: BosunErrorOptions = {}) {
    super(code, message, options);
  }

  /** Whether the position is already known (the innermost frame that saw the error sets it). */
  get positioned(): boolean {
    return this.line !== undefined;
  }

  /** A copy of this error located at `file:line`. */
  at(
    file: string | undefined,
    line: number,
    source: string | undefined,
    column?: number,
  ): EvalError {
    const Ctor = this.constructor as new (message: string, options: BosunErrorOptions) => EvalError;
    return new Ctor(this.message, { file, line, column, source, cause: this.cause ?? undefined });
  }
}

/** Evaluation failed (Jinja2's TemplateRuntimeError; Python's TypeError, ValueError…). */
export class EvalRuntimeError extends EvalError {
  override name = 'TemplateRuntimeError';
  constructor(message: string, options: BosunErrorOptions = {}) {
    super('template-runtime', message, options);
  }
}

/** An undefined value was used where a value is needed (Jinja2's UndefinedError). */
export class EvalUndefinedError extends EvalError {
  override name = 'UndefinedError';
  constructor(message: string, options: BosunErrorOptions = {}) {
    super('template-undefined', message, options);
  }
}

const IN_VARIABLE = 'error while templating variable ';

/**
 * An error met while templating a variable's value, reported where the variable was used: it
 * names the variable and what is wrong, never the value (a template in a variable is often built
 * around a secret: `postgres://u:PW@{{ host }}`), so it carries no position or excerpt of its own.
 * The innermost variable is named when variables refer to each other.
 */
export function inVariable(name: string, e: EvalError): EvalError {
  const message = e.message.startsWith(IN_VARIABLE)
    ? e.message
    : `${IN_VARIABLE}'${name}': ${e.message}`;
  if (Object.getPrototypeOf(e) === EvalError.prototype)
    return new EvalError(e.code as EvalErrorCode, message);
  // The subclasses (runtime, undefined, syntax…) all take (message, options).
  const Ctor = e.constructor as new (message: string, options: BosunErrorOptions) => EvalError;
  return new Ctor(message, {});
}
