/** The modules bosun implements, by name. */
import type { ModuleDef } from './types.js';
import { MODULES } from './all.js';

const byName = new Map<string, ModuleDef>(
  MODULES.flatMap((m) => [
    [m.name, m] as const,
    ...(m.collections ?? []).map((c) => [`${c}.${m.name}`, m] as const),
  ]),
);

export function getModule(name: string): ModuleDef | undefined {
  return byName.get(name);
}

export function moduleNames(): string[] {
  return MODULES.map((m) => m.name).sort();
}
