/** Condition*= / Assert*= checks (the ones that make sense in a container). */
import { accessSync, constants, readdirSync, statSync, lstatSync } from 'node:fs';
import os from 'node:os';
import type { Condition } from './unit-model.js';

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
