/** sd_notify(3) sockets for Type=notify services, one per unit, over the native helper. */
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadNative } from '../native/addon.js';

export class NotifySockets {
  private readonly closers: (() => void)[] = [];
  /** One socket per unit for the supervisor's life: restarts only swap the handler. */
  private readonly sockets = new Map<
    string,
    { path: string; handler: (fields: Map<string, string>, pid: number | null) => void }
  >();

  constructor(private readonly dir: string) {}

  /** Open (or reuse) the socket for `unit`; null when the native helper is unavailable. */
  open(
    unit: string,
    onMessage: (fields: Map<string, string>, pid: number | null) => void,
  ): string | null {
    const existing = this.sockets.get(unit);
    if (existing) {
      existing.handler = onMessage;
      return existing.path;
    }
    const native = loadNative();
    if (!native) return null;
    mkdirSync(this.dir, { recursive: true, mode: 0o755 });
    // Services that drop privileges (User=) must reach their socket: the directory is searchable
    // by all and the socket writable by all (srwxrwxrwx, as systemd's /run/systemd/notify).
    chmodSync(this.dir, 0o755);
    const socketPath = path.join(this.dir, unit.replace(/[^\w@.-]/g, '_'));
    const entry = { path: socketPath, handler: onMessage };
    this.sockets.set(unit, entry);
    const close = native.notifyListen(socketPath, (message, pid) => {
      const fields = new Map<string, string>();
      for (const line of message.split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) fields.set(line.slice(0, eq), line.slice(eq + 1));
      }
      entry.handler(fields, pid || null);
    });
    this.closers.push(close);
    chmodSync(socketPath, 0o777);
    return socketPath;
  }

  close(): void {
    for (const c of this.closers.splice(0)) c();
    this.sockets.clear();
  }
}
