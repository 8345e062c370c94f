/**
 * One logger for bosun: human text or one JSON object per line, always on stderr (stdout is
 * for data), with every registered secret masked.
 */
import { maskSecrets } from './secrets.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'verbose' | 'debug';
export type LogFormat = 'text' | 'json';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, verbose: 3, debug: 4 };

export interface LogSink {
  write(chunk: string): unknown;
}

export interface LoggerOptions {
  level?: LogLevel;
  format?: LogFormat;
  sink?: LogSink;
  /** Prefix of text lines, e.g. the command name. */
  prefix?: string;
}

export class Logger {
  level: LogLevel;
  format: LogFormat;
  private readonly sink: LogSink;
  private readonly prefix: string;

  constructor(options: LoggerOptions = {}) {
    this.level = options.level ?? 'info';
    this.format = options.format ?? 'text';
    this.sink = options.sink ?? process.stderr;
    this.prefix = options.prefix ?? '';
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] <= RANK[this.level];
  }

  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (!this.enabled(level)) return;
    if (this.format === 'json') {
      const event = { time: new Date().toISOString(), level, message, ...fields };
      this.sink.write(maskSecrets(JSON.stringify(event)) + '\n');
      return;
    }
    const tag = level === 'error' ? 'ERROR: ' : level === 'warn' ? 'WARNING: ' : '';
    this.sink.write(maskSecrets(`${this.prefix}${tag}${message}`) + '\n');
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.log('error', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.log('warn', message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.log('info', message, fields);
  }
  verbose(message: string, fields?: Record<string, unknown>): void {
    this.log('verbose', message, fields);
  }
  debug(message: string, fields?: Record<string, unknown>): void {
    this.log('debug', message, fields);
  }

  /** A logger writing to the same sink with an extra prefix. */
  child(prefix: string): Logger {
    return new Logger({
      level: this.level,
      format: this.format,
      sink: this.sink,
      prefix: this.prefix + prefix,
    });
  }
}
