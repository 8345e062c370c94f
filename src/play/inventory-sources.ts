/**
 * Which inventory sources a run reads, and loading them with Ansible's two warnings when none
 * gives a host: `-i` values, else ANSIBLE_INVENTORY / ansible.cfg's `inventory`, else Ansible's
 * default `/etc/ansible/hosts` (silently skipped when absent, as Ansible does).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Inventory, loadInventorySource } from './inventory.js';

/** Ansible's DEFAULT_HOST_LIST. */
export const DEFAULT_INVENTORY = '/etc/ansible/hosts';

/**
 * A comma-separated list of sources (ANSIBLE_INVENTORY): an item naming an existing path is a
 * path; when the value has a comma, the other items are host names, kept together as one
 * `h1,h2,` host list — so `localhost,` is a host list, as it is after `-i`. (ansible-core 2.14
 * resolves every item as a path there, which makes `ANSIBLE_INVENTORY=localhost,` parse nothing.)
 */
export function splitInventoryList(value: string, cwd: string): string[] {
  if (!value.includes(',')) return value.trim() ? [value.trim()] : [];
  const sources: string[] = [];
  const hosts: string[] = [];
  for (const item of value.split(',').map((s) => s.trim())) {
    if (!item) continue;
    if (existsSync(path.resolve(cwd, item))) sources.push(item);
    else hosts.push(item);
  }
  if (hosts.length) sources.push(hosts.join(',') + ',');
  return sources;
}

function enabled(value: string | undefined): boolean {
  return (
    value === undefined || !['0', 'false', 'no', 'off', 'n', 'f'].includes(value.toLowerCase())
  );
}

export interface LoadedInventory {
  inventory: Inventory;
  /** Warnings Ansible prints before the first play (unwrapped). */
  warnings: string[];
}

/** Load the sources into one inventory; Ansible's warnings when nothing was parsed or no host is known. */
export function loadInventory(
  sources: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): LoadedInventory {
  const inventory = new Inventory();
  let parsed = false;
  for (const s of sources) {
    // Ansible's default source is only reported when present (inventory/manager.py).
    if (s === DEFAULT_INVENTORY && !existsSync(s)) continue;
    if (loadInventorySource(inventory, s, cwd)) parsed = true;
  }
  const warnings: string[] = [];
  if (!parsed && enabled(env.ANSIBLE_INVENTORY_UNPARSED_WARNING))
    warnings.push('No inventory was parsed, only implicit localhost is available');
  if (inventory.hosts.size === 0 && enabled(env.ANSIBLE_LOCALHOST_WARNING))
    warnings.push(
      "provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'",
    );
  return { inventory, warnings };
}
