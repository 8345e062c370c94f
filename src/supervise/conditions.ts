/** Condition*= / Assert*= checks (the ones that make sense in a container). */
import { accessSync, constants, readdirSync, readFileSync, statSync, lstatSync } from 'node:fs';
import os from 'node:os';
import type { Condition } from './unit-model.js';

/** capabilities(7) in kernel order: the bit number is the index. */
const CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'LEASE',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'SETFCAP',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
  'PERFMON',
  'BPF',
  'CHECKPOINT_RESTORE',
];

/** ConditionCapability=: the capability is in the manager's bounding set (CapBnd), as systemd. */
function inBoundingSet(name: string): boolean {
  const bit = CAPABILITIES.indexOf(name.toUpperCase().replace(/^CAP_/, ''));
  if (bit < 0) return false; // systemd: an unknown name makes the condition fail
  let status: string;
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return false;
  }
  const m = /^CapBnd:\s*([0-9a-f]+)/m.exec(status);
  return m ? ((BigInt(`0x${m[1]!}`) >> BigInt(bit)) & 1n) === 1n : false;
}

function check(c: Condition, hostPath: (p: string) => string): boolean {
  const p = (): string => hostPath(c.value);
  const safe = (f: () => boolean): boolean => {
    try {
      return f();
    } catch {
      return false;
    }
  };
  switch (c.directive.replace(/^(Condition|Assert)/, '')) {
    case 'PathExists':
      return safe(() => !!statSync(p()));
    case 'PathExistsGlob':
      return safe(() => !!statSync(p()));
    case 'PathIsDirectory':
      return safe(() => statSync(p()).isDirectory());
    case 'PathIsSymbolicLink':
      return safe(() => lstatSync(p()).isSymbolicLink());
    case 'PathIsReadWrite':
      return safe(() => {
        accessSync(p(), constants.W_OK);
        return true;
      });
    case 'PathIsMountPoint':
      return false;
    case 'DirectoryNotEmpty':
      return safe(() => readdirSync(p()).length > 0);
    case 'FileNotEmpty':
      return safe(() => statSync(p()).isFile() && statSync(p()).size > 0);
    case 'FileIsExecutable':
      return safe(() => {
        accessSync(p(), constants.X_OK);
        return statSync(p()).isFile();
      });
    case 'Virtualization':
      return ['yes', 'container', 'docker'].includes(c.value);
    case 'Environment': {
      const eq = c.value.indexOf('=');
      return eq < 0
        ? process.env[c.value] !== undefined
        : process.env[c.value.slice(0, eq)] === c.value.slice(eq + 1);
    }
    case 'User':
      return (
        c.value === String(process.getuid?.()) || (c.value === 'root' && process.getuid?.() === 0)
      );
    case 'Group':
      return (
        c.value === String(process.getgid?.()) || (c.value === 'root' && process.getgid?.() === 0)
      );
    case 'Host':
      return c.value === os.hostname();
    case 'Capability':
      return inBoundingSet(c.value);
    default:
      return true;
  }
}

/**
 * The first failing condition, or null when the unit may start. Triggering conditions (`|`)
 * pass when any of them holds; the others must all hold (systemd's rule).
 */
export function checkConditions(
  conditions: readonly Condition[],
  hostPath: (p: string) => string,
): Condition | null {
  const triggering: Condition[] = [];
  for (const c of conditions) {
    if (c.trigger) {
      triggering.push(c);
      continue;
    }
    if (check(c, hostPath) === c.negate) return c;
  }
  if (triggering.length && !triggering.some((c) => check(c, hostPath) !== c.negate))
    return triggering[0]!;
  return null;
}
