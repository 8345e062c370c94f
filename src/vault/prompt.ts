/**
 * Password prompts without echo. On a terminal stdin: raw mode, characters not echoed. Without
 * one (scripts, tests): /dev/tty when the process has a controlling terminal, else one line of
 * stdin — so `printf 'pw\npw\n' | bosun vault encrypt --ask-vault-pass f` works.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { VaultError } from './errors.js';
import type { PromptFn } from './sources.js';

export interface PromptStreams {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stderr: Writable;
}

/** Lines of a non-TTY stdin, read once and handed out one by one. */
let pipedLines: string[] | undefined;

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function readTtyLine(): string | undefined {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r');
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.alloc(1);
    let out = '';
    for (;;) {
      const n = readSync(fd, buf, 0, 1, null);
      if (n === 0 || buf[0] === 0x0a) break;
      out += String.fromCharCode(buf[0]!);
    }
    return Buffer.from(out, 'latin1').toString('utf8').replace(/\r$/, '');
  } finally {
    closeSync(fd);
  }
}

function readRaw(streams: PromptStreams, echo: boolean): Promise<string> {
  const { stdin } = streams;
  return new Promise((resolvePw, reject) => {
    let pw = '';
    stdin.setRawMode?.(true);
    stdin.resume();
    const done = (err?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      streams.stderr.write('\n');
      if (err) reject(err);
      else resolvePw(pw);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003')
          return done(new VaultError('vault-password', 'password prompt interrupted'));
        if (ch === '\u007f' || ch === '\b') {
          if (echo && pw) streams.stderr.write('\b \b');
          pw = [...pw].slice(0, -1).join('');
        } else {
          pw += ch;
          if (echo) streams.stderr.write(ch);
        }
      }
    };
    stdin.on('data', onData);
  });
}

async function readOne(streams: PromptStreams, message: string, echo = false): Promise<string> {
  streams.stderr.write(message);
  if (streams.stdin.isTTY && streams.stdin.setRawMode) return readRaw(streams, echo);
  const tty = readTtyLine();
  if (tty !== undefined) {
    streams.stderr.write('\n');
    return tty;
  }
  if (pipedLines === undefined) pipedLines = (await readAll(streams.stdin)).split(/\r?\n/);
  const line = pipedLines.shift();
  if (line === undefined || (line === '' && pipedLines.length === 0)) {
    throw new VaultError(
      'vault-password',
      'a vault password was to be prompted for, but no terminal and no input is available',
    );
  }
  return line;
}

/** A PromptFn over the given streams (the CLI passes its context's). */
export function terminalPrompt(streams: PromptStreams): PromptFn {
  return async (message, { confirm, confirmMessage, echo }) => {
    const pw = await readOne(streams, message, echo);
    if (confirm) {
      const again = await readOne(streams, confirmMessage ?? `Confirm ${message}`);
      if (again !== pw) throw new VaultError('vault-password', 'Passwords do not match');
    }
    return pw;
  };
}
