/**
 * The supervisor's control socket (root-only, mode 0600): systemctl and `bosun status` talk to
 * the running PID 1 through it.
 */
import net from 'node:net';
import { chmodSync, mkdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log/logger.js';
import type { Manager, ManagedUnit } from './manager.js';
import { ServiceUnit } from './service.js';
import { TimerUnit } from './timer.js';
import {
  isControlRequest,
  type ControlRequest,
  type ControlResponse,
  type UnitStatus,
} from './control-protocol.js';
import { normalizeUnitName } from './unit-name.js';

export interface ControlServer {
  close(): void;
}

/** Remove a stale socket (unlinkSync: rmSync loads its recursive-removal code, ~0.5 ms at boot). */
function removeSocket(socketPath: string): void {
  try {
    unlinkSync(socketPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

export function startControlServer(
  socketPath: string,
  manager: Manager,
  hooks: { stop: () => void },
  log: Logger,
): ControlServer {
  mkdirSync(path.dirname(socketPath), { recursive: true, mode: 0o755 });
  removeSocket(socketPath);
  const server = net.createServer((conn) => {
    let buf = '';
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      let request: unknown;
      try {
        request = JSON.parse(buf.slice(0, nl));
      } catch {
        request = null;
      }
      const reply = (r: ControlResponse): void => {
        conn.end(JSON.stringify(r) + '\n');
      };
      if (!isControlRequest(request)) return reply({ ok: false, error: 'malformed request' });
      handle(request, manager, hooks).then(reply, (err: unknown) =>
        reply({ ok: false, error: (err as Error).message }),
      );
    });
    conn.on('error', () => undefined);
  });
  server.on('error', (err) => log.warn(`control socket: ${err.message}`));
  const previousUmask = process.umask(0o177);
  server.listen(socketPath, () => {
    try {
      chmodSync(socketPath, 0o600);
    } catch {
      /* raced with close */
    }
  });
  process.umask(previousUmask);
  server.unref();
  return {
    close: () => {
      server.close();
      removeSocket(socketPath);
    },
  };
}

function unitStatus(name: string, unit: ManagedUnit | undefined): UnitStatus {
  if (!unit)
    return {
      name,
      description: '',
      loadState: 'not-found',
      activeState: 'inactive',
      subState: 'dead',
    };
  const base: UnitStatus = {
    name,
    description: 'config' in unit ? unit.config.description : '',
    loadState: 'loaded',
    activeState: unit.state,
    subState: unit.subState,
  };
  if (unit instanceof ServiceUnit) {
    Object.assign(base, {
      result: unit.result,
      mainPid: unit.mainPid,
      restarts: unit.restarts,
      fragmentPath: unit.config.fragmentPath,
      execMainCode: unit.lastExit?.code ?? null,
      execMainSignal: unit.lastExit?.signal ?? null,
    });
  }
  if (unit instanceof TimerUnit) base.fragmentPath = unit.config.fragmentPath;
  return base;
}

async function handle(
  req: ControlRequest,
  manager: Manager,
  hooks: { stop: () => void },
): Promise<ControlResponse> {
  const names = req.units.map(normalizeUnitName);
  const get = (n: string): ManagedUnit | undefined => manager.units.get(n) ?? manager.loadUnit(n);
  const statuses = (): UnitStatus[] => names.map((n) => unitStatus(n, get(n)));
  switch (req.command) {
    case 'status':
    case 'is-active':
    case 'is-failed':
    case 'show':
      return { ok: true, units: statuses() };
    case 'list-units':
      return { ok: true, units: [...manager.units.entries()].map(([n, u]) => unitStatus(n, u)) };
    case 'ready': {
      // Readiness is about the boot transaction; units started or stopped later by hand do not count.
      const all = [...manager.graph.nodes.keys()]
        .map((n) => manager.units.get(n))
        .filter((u): u is ManagedUnit => u !== undefined);
      const ready = all.every(
        (u) =>
          u.state === 'active' ||
          (u instanceof ServiceUnit &&
            u.state === 'inactive' &&
            u.result === 'success' &&
            u.config.service?.type === 'oneshot'),
      );
      return {
        ok: true,
        ready,
        units: [...manager.units.entries()].map(([n, u]) => unitStatus(n, u)),
      };
    }
    case 'daemon-reload':
      manager.reloadUnitFiles();
      return { ok: true };
    case 'poweroff':
      hooks.stop();
      return { ok: true };
    default:
      break;
  }
  const missing = names.filter((n) => !get(n));
  if (missing.length) return { ok: false, error: `Unit ${missing[0]} not found.` };
  await Promise.all(
    names.map(async (n) => {
      const unit = get(n)!;
      switch (req.command) {
        case 'start':
          await manager.jobs.start(n);
          break;
        case 'stop':
          await manager.jobs.stop(n);
          break;
        case 'restart':
          await manager.jobs.restart(n);
          break;
        case 'try-restart':
          await manager.jobs.restart(n, true);
          break;
        case 'reload':
          if (!(await manager.jobs.reload(n)))
            throw new Error(
              `Failed to reload ${n}: Job type reload is not applicable for unit ${n}.`,
            );
          break;
        case 'reload-or-restart':
          if (!(await manager.jobs.reload(n))) await manager.jobs.restart(n);
          break;
        case 'reset-failed':
          if (unit instanceof ServiceUnit) unit.resetFailed();
          break;
      }
    }),
  );
  const after = statuses();
  const failed = after.find(
    (s) => (req.command === 'start' || req.command === 'restart') && s.activeState === 'failed',
  );
  if (failed)
    return {
      ok: false,
      error: `Job for ${failed.name} failed because the control process exited with error code.`,
      units: after,
    };
  return { ok: true, units: after };
}
