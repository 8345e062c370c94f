/** The modules bosun implements, by name. */
import type { ModuleDef } from './types.js';
import { MODULES } from './all.js';

const byName = new Map<string, ModuleDef>(MODULES.map((m) => [m.name, m]));

export function hasModule(name: string): boolean {
  return byName.has(name);
}

export function getModule(name: string): ModuleDef | undefined {
  return byName.get(name);
}

export function moduleNames(): string[] {
  return [...byName.keys()].sort();
}
