/** RuntimeDirectory= and friends: made (owned by User=) at start; the runtime ones go at stop. */
import { chownSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ServiceConfig } from './unit-model.js';
import type { ServiceHost } from './service.js';
import { lookupUser } from './user-db.js';

/** Create the service's directories, owned by User=/Group= like systemd creates them. */
export function prepareDirectories(s: ServiceConfig, host: ServiceHost): void {
  const user = s.user ? lookupUser(s.user, host.root) : null;
  const make = (base: string, dirs: string[], mode: number): void => {
    for (const d of dirs) {
      const p = host.hostPath(path.join(base, d));
      if (!existsSync(p)) mkdirSync(p, { recursive: true, mode });
      if (user && process.getuid?.() === 0) chownSync(p, user.uid, user.gid);
    }
  };
  make('/run', s.runtimeDirectory, 0o755);
  make('/var/lib', s.stateDirectory, 0o755);
  make('/var/cache', s.cacheDirectory, 0o755);
  make('/var/log', s.logsDirectory, 0o755);
  make('/etc', s.configurationDirectory, 0o755);
}

/** The service stopped: its RuntimeDirectory= goes, unless RuntimeDirectoryPreserve=. */
export function removeRuntimeDirectories(s: ServiceConfig, host: ServiceHost): void {
  if (s.runtimeDirectoryPreserve) return;
  for (const d of s.runtimeDirectory)
    rmSync(host.hostPath(path.join('/run', d)), { recursive: true, force: true });
}
