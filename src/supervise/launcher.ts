/**
 * Starting one Exec*= command with its execution context: environment, working directory,
 * User=/Group=/SupplementaryGroups= (via util-linux setpriv, since libuv drops supplementary
 * groups), Limit*= (via prlimit), UMask= (the umask is inherited at fork, which libuv does
 * synchronously), Nice=, output routing. Every process starts in its own process group so the
 * whole group can be signalled, which is how KillMode=control-group is approximated without
 * cgroups.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { trackChild } from '../process/children.js';
import { expandEnvWords, type ExecCommand } from './exec-line.js';
import type { OutputTarget, ServiceConfig } from './unit-model.js';
import { lookupGroup, lookupUser, memberGroups } from './user-db.js';
import { spawnNative, type StdioTarget } from './native-child.js';
import { loadNative } from '../native/addon.js';
import { clampLimits } from './limits.js';

/** What the supervisor needs of a unit's process: a ChildProcess, or a NativeChild. */
export interface UnitProcess extends EventEmitter {
  readonly pid?: number | undefined;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  kill(signal?: NodeJS.Signals | number): boolean;
  once(event: 'spawn', listener: () => void): this;
  once(event: 'error', listener: (err: Error) => void): this;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
}

export interface LaunchContext {
  unit: string;
  service: ServiceConfig;
  env: Record<string, string>;
  hostPath: (p: string) => string;
  /** Root of /etc/passwd and /etc/group. */
  root: string;
  /** Where inherited output goes (prefixed lines). */
  attachOutput: (child: UnitProcess, unit: string) => void;
  /** The unit's log lines (limits lowered to what is allowed). */
  log?: (message: string) => void;
}

class LaunchError extends Error {}

/** Spawn one command (throws LaunchError when its context cannot be set up). */
export function launch(cmd: ExecCommand, ctx: LaunchContext): UnitProcess {
  const { service } = ctx;
  const args = cmd.noEnvExpand ? cmd.args : expandEnvWords(cmd.args, ctx.env);
  // Bare names are looked up in the service's PATH by spawn, as systemd ≥ 239 does.
  let file = cmd.path;
  let argv = args;
  const env = { ...ctx.env };

  const wrappers: string[] = [];
  if (service.limits.size) {
    const limits = clampLimits(service.limits, ctx.log ?? (() => undefined));
    wrappers.push(
      'prlimit',
      ...[...limits].map(([r, [soft, hard]]) => `--${r}=${soft}:${hard}`),
      '--',
    );
  }
  if ((service.user || service.group) && !cmd.privileged) {
    const user = service.user ? lookupUser(service.user, ctx.root) : null;
    if (service.user && !user) throw new LaunchError(`User=${service.user}: no such user`);
    const group = service.group ? lookupGroup(service.group, ctx.root) : null;
    if (service.group && !group) throw new LaunchError(`Group=${service.group}: no such group`);
    const gid = group?.gid ?? user?.gid ?? 0;
    const groups = new Set<number>(user ? [user.gid, ...memberGroups(user.name, ctx.root)] : []);
    for (const g of service.supplementaryGroups) {
      const entry = lookupGroup(g, ctx.root);
      if (!entry) throw new LaunchError(`SupplementaryGroups=${g}: no such group`);
      groups.add(entry.gid);
    }
    groups.add(gid);
    if (process.getuid?.() === 0) {
      wrappers.push(
        'setpriv',
        `--reuid=${user?.uid ?? 0}`,
        `--regid=${gid}`,
        `--groups=${[...groups].join(',')}`,
        '--',
      );
    } else if (user && user.uid !== process.getuid?.()) {
      throw new LaunchError(
        `User=${service.user}: the supervisor is not root and cannot switch user`,
      );
    }
    if (user)
      Object.assign(env, {
        USER: user.name,
        LOGNAME: user.name,
        HOME: user.home,
        SHELL: user.shell,
      });
  }
  if (wrappers.length) {
    argv = [...wrappers.slice(1), file, ...args];
    file = wrappers[0]!;
  }

  let cwd = service.workingDirectory ? ctx.hostPath(service.workingDirectory) : ctx.hostPath('/');
  // WorkingDirectory=-/path: a missing directory is not an error, the command runs in /.
  if (service.workingDirectoryOptional && !existsSync(cwd)) cwd = ctx.hostPath('/');

  const stdio: StdioOptions = ['ignore', outputFd(service.standardOutput, ctx), 'pipe'];
  const errTarget = service.standardError;
  stdio[2] =
    errTarget.kind === 'stdout'
      ? typeof stdio[1] === 'number'
        ? stdio[1]
        : 'pipe'
      : outputFd(errTarget, ctx);

  const previousUmask = service.umask !== undefined ? process.umask(service.umask) : undefined;
  let child: UnitProcess;
  try {
    const argv0 = wrappers.length ? undefined : cmd.argv0;
    // posix_spawn through the addon when it has it (no fork of this process), else child_process.
    const native = spawnNative(loadNative(), file, argv, {
      argv0,
      env,
      cwd,
      stdout: stdio[1] as StdioTarget,
      stderr: stdio[2],
    });
    if (native) child = native;
    else {
      const forked = spawn(file, argv, { argv0, env, cwd, stdio, detached: true });
      trackChild(forked);
      child = forked;
    }
  } finally {
    if (previousUmask !== undefined) process.umask(previousUmask);
    for (const fd of stdio) if (typeof fd === 'number' && fd > 2) closeSync(fd);
  }
  if (service.nice !== undefined && child.pid !== undefined) {
    try {
      os.setPriority(child.pid, service.nice);
    } catch {
      /* not permitted: systemd would fail, we keep running */
    }
  }
  ctx.attachOutput(child, service.syslogIdentifier ?? ctx.unit);
  return child;
}

function outputFd(target: OutputTarget, ctx: LaunchContext): 'pipe' | 'ignore' | number {
  switch (target.kind) {
    case 'inherit':
      return 'pipe';
    case 'null':
      return 'ignore';
    case 'file': {
      const p = ctx.hostPath(target.path);
      mkdirSync(path.dirname(p), { recursive: true });
      return openSync(p, target.append ? 'a' : target.truncate ? 'w' : openFlagsForFile(p));
    }
  }
}

/** `file:` opens for writing without truncating (systemd's semantics), creating it if needed. */
function openFlagsForFile(p: string): string {
  try {
    closeSync(openSync(p, 'r'));
    return 'r+';
  } catch {
    return 'w';
  }
}
