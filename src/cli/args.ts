/**
 * Thin wrapper over node:util parseArgs that turns its errors into UsageErrors and keeps
 * option specs declarative.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed<T extends OptionSpec> {
  values: {
    [K in keyof T]?: T[K] extends { type: 'boolean'; multiple: true }
      ? boolean[]
      : T[K] extends { type: 'boolean' }
        ? boolean
        : T[K] extends { multiple: true }
          ? string[]
          : string;
  };
  positionals: string[];
}

export function parseCommandArgs<T extends OptionSpec>(
  command: string,
  args: string[],
  options: T,
  allowPositionals = true,
): Parsed<T> {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals, strict: true });
    return { values: values, positionals };
  } catch (err) {
    const message =
      err instanceof Error
        ? err.message.replace(/\. To specify a positional.*$/s, '')
        : String(err);
    throw new UsageError(`${command}: ${message} (see '${command} --help')`);
  }
}

/** Count of a repeatable boolean flag such as -v. */
export function countFlag(value: boolean[] | boolean | undefined): number {
  if (Array.isArray(value)) return value.length;
  return value ? 1 : 0;
}

/** Expand clustered verbosity flags (`-vvv` → `-v -v -v`) before parsing. */
export function expandVerbosity(args: string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (arg === '--') {
      out.push(...args.slice(out.length));
      break;
    }
    if (/^-v{2,}$/.test(arg)) out.push(...Array.from({ length: arg.length - 1 }, () => '-v'));
    else out.push(arg);
  }
  return out;
}
