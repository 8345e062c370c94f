/**
 * A unit's process started by the native addon's posix_spawn (vfork-like: no copy of the
 * supervisor's page tables; Node's spawn forks, measured 2-6 ms per start), dressed as the part
 * of a ChildProcess the supervisor uses: pid, stdout/stderr streams, kill(), 'spawn', 'error'
 * and 'exit' events, exitCode/signalCode. libuv does not know the process, so on SIGCHLD it is
 * waited for here, by pid (never waitpid(-1), which would take libuv's children), and the orphan
 * reaper is told to leave it alone (trackPid).
 */
import { EventEmitter } from 'node:events';
import { closeSync, openSync, accessSync, constants as fsConstants } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import type { NativeHelper } from '../native/addon.js';
import { trackPid } from '../process/children.js';
import { signalName } from './reaper.js';
import { DEFAULT_PATH } from './environment.js';
import { environmentBlock } from '../process/env-block.js';

export type StdioTarget = 'pipe' | 'ignore' | number;

export interface NativeSpawnOptions {
  argv0?: string;
  env: Record<string, string>;
  cwd: string;
  /** stdin is always /dev/null for units; stdout and stderr as the unit says. */
  stdout: StdioTarget;
  stderr: StdioTarget;
}

/** A bare command name looked up in the service's PATH, as execvp (and Node's spawn) would. */
function resolveCommand(file: string, env: Record<string, string>): string | null {
  if (file.includes('/')) return file;
  for (const dir of (env.PATH ?? DEFAULT_PATH).split(':')) {
    const candidate = path.join(dir || '.', file);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      /* next */
    }
  }
  return null;
}

/** Native children still running, waited for by pid on SIGCHLD. */
const running = new Map<number, { child: NativeChild; untrack: () => void }>();
/** Holds the event loop while a native child runs, as a ChildProcess's handle does (never fires). */
let keepAlive: NodeJS.Timeout | null = null;

function onChildSignal(native: NativeHelper): void {
  for (const [pid, { child, untrack }] of running) {
    const r = native.waitpid(pid);
    if (!r) continue;
    running.delete(pid);
    untrack();
    child.exitCode = r.code;
    child.signalCode = signalName(r.signal);
    child.emit('exit', child.exitCode, child.signalCode);
  }
  stopIfIdle();
}
let listener: (() => void) | null = null;

function stopIfIdle(): void {
  if (running.size || !listener) return;
  process.off('SIGCHLD', listener);
  listener = null;
  if (keepAlive) clearInterval(keepAlive);
  keepAlive = null;
}

/**
 * Listen for SIGCHLD before a spawn: a child that ends before the listener exists would go
 * unnoticed (SIGCHLD is ignored by default, so the signal is simply lost).
 */
function listen(native: NativeHelper): void {
  if (listener) return;
  listener = () => onChildSignal(native);
  process.on('SIGCHLD', listener);
  keepAlive = setInterval(() => undefined, 2 ** 31 - 1);
}

/** The errno's name (util.getSystemErrorName knows libuv's errors only: not ENOEXEC). */
function errnoName(n: number): string {
  return Object.entries(constants.errno).find(([, v]) => v === n)?.[0] ?? `errno ${n}`;
}

export class NativeChild extends EventEmitter {
  pid: number | undefined;
  stdout: Readable | null = null;
  stderr: Readable | null = null;
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;

  kill(signal: NodeJS.Signals | number = 'SIGTERM'): boolean {
    if (this.pid === undefined || this.exitCode !== null || this.signalCode !== null) return false;
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/** Start `file` natively; null when the addon cannot (older addon): the caller uses child_process. */
export function spawnNative(
  native: NativeHelper | null,
  file: string,
  args: string[],
  o: NativeSpawnOptions,
): NativeChild | null {
  if (typeof native?.spawn !== 'function' || typeof native.pipe !== 'function') return null;
  const child = new NativeChild();
  const resolved = resolveCommand(file, o.env);
  const fail = (code: string): NativeChild => {
    // As Node's spawn: the error is an event, after the caller has attached its listeners.
    const err = Object.assign(new Error(`spawn ${file} ${code}`), {
      code,
      syscall: `spawn ${file}`,
      path: file,
      spawnargs: args,
    });
    process.nextTick(() => child.emit('error', err));
    return child;
  };
  if (resolved === null) return fail('ENOENT');
  const opened: number[] = [];
  const parentEnds: Array<[number, 'stdout' | 'stderr']> = [];
  const fdFor = (target: StdioTarget, which: 'stdout' | 'stderr' | 'stdin'): number => {
    if (typeof target === 'number') return target;
    if (target === 'ignore' || which === 'stdin') {
      const fd = openSync('/dev/null', which === 'stdin' ? 'r' : 'w');
      opened.push(fd);
      return fd;
    }
    const [r, w] = native.pipe!();
    opened.push(w);
    parentEnds.push([r, which]);
    return w;
  };
  let pid = -1;
  listen(native);
  try {
    const stdio: [number, number, number] = [
      fdFor('ignore', 'stdin'),
      fdFor(o.stdout, 'stdout'),
      fdFor(o.stderr, 'stderr'),
    ];
    pid = native.spawn(resolved, [o.argv0 ?? file, ...args], environmentBlock(o.env), o.cwd, stdio);
  } finally {
    for (const fd of opened) closeSync(fd);
    if (pid < 0) {
      for (const [fd] of parentEnds) closeSync(fd);
      stopIfIdle(); // nothing of this spawn to wait for
    }
  }
  if (pid < 0) return fail(errnoName(-pid));
  child.pid = pid;
  for (const [fd, which] of parentEnds)
    child[which] = new net.Socket({ fd, readable: true, writable: false });
  running.set(pid, { child, untrack: trackPid(pid) });
  process.nextTick(() => child.emit('spawn'));
  return child;
}
