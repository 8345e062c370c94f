/** RuntimeDirectory= and friends: made (owned by User=/Group=) at start; the runtime ones go at stop. */
import {
  chmodSync,
  existsSync,
  lstatSync,
  lchownSync,
  mkdirSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import type { DirectoryKind, ServiceConfig } from './unit-model.js';
import type { ServiceHost } from './service.js';
import { lookupGroup, lookupUser } from './user-db.js';

const BASES: [DirectoryKind, string, (s: ServiceConfig) => string[]][] = [
  ['runtime', '/run', (s) => s.runtimeDirectory],
  ['state', '/var/lib', (s) => s.stateDirectory],
  ['cache', '/var/cache', (s) => s.cacheDirectory],
  ['logs', '/var/log', (s) => s.logsDirectory],
  ['configuration', '/etc', (s) => s.configurationDirectory],
];

/** The tree owned by uid:gid, as systemd's path_chown_recursive() (nothing to do when the top is). */
function chownTree(p: string, uid: number, gid: number): void {
  const st = lstatSync(p);
  if (st.uid === uid && st.gid === gid) return;
  const walk = (q: string): void => {
    const s = lstatSync(q);
    lchownSync(q, uid, gid);
    if (s.isDirectory()) for (const n of readdirSync(q)) walk(path.join(q, n));
  };
  walk(p);
}

/**
 * Create the service's directories as systemd does: made with their *DirectoryMode= (default
 * 0755), the mode applied again to an existing one, owned by User= (root without it) and Group=
 * (else User='s primary group) — so Group= alone gives root:GROUP. ConfigurationDirectory= keeps
 * its owner, as under systemd.
 */
export function prepareDirectories(s: ServiceConfig, host: ServiceHost): void {
  const user = s.user ? lookupUser(s.user, host.root) : null;
  const group = s.group ? lookupGroup(s.group, host.root) : null;
  const uid = user?.uid ?? 0;
  const gid = group?.gid ?? user?.gid ?? 0;
  const root = process.getuid?.() === 0;
  for (const [kind, base, dirs] of BASES) {
    const mode = s.directoryModes[kind];
    for (const d of dirs(s)) {
      const p = host.hostPath(path.join(base, d));
      if (!existsSync(p)) mkdirSync(p, { recursive: true, mode });
      if (root && kind !== 'configuration') chownTree(p, uid, gid);
      if (root || lstatSync(p).uid === process.getuid?.()) chmodSync(p, mode);
    }
  }
}

/** The service stopped: its RuntimeDirectory= goes, unless RuntimeDirectoryPreserve=. */
export function removeRuntimeDirectories(s: ServiceConfig, host: ServiceHost): void {
  if (s.runtimeDirectoryPreserve) return;
  for (const d of s.runtimeDirectory)
    rmSync(host.hostPath(path.join('/run', d)), { recursive: true, force: true });
}
