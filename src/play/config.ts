/**
 * The ansible.cfg settings that matter on the local host, read from the file Ansible would pick
 * (ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg, /etc/ansible/ansible.cfg) and overridden by
 * the ANSIBLE_* environment variables.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HashBehaviour } from '../vars/merge.js';
import { boolean } from '../ansible/boolean.js';
import { splitInventoryList } from './inventory-sources.js';

export interface AnsibleConfig {
  file?: string;
  rolesPath: string[];
  hashBehaviour: HashBehaviour;
  inventory: string[];
  gathering: 'implicit' | 'explicit' | 'smart';
  forceHandlers: boolean;
  vaultPasswordFile?: string;
  vaultIdentityList: string[];
  displaySkippedHosts: boolean;
  displayOkHosts: boolean;
}

/** Minimal INI: `[section]`, `key = value`, `#`/`;` comments. */
function parseIni(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let section = new Map<string, string>();
  out.set('', section);
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      section = out.get(sec[1]!) ?? new Map<string, string>();
      out.set(sec[1]!, section);
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (kv) section.set(kv[1]!.trim(), kv[2]!.replace(/\s+[#;].*$/, '').trim());
  }
  return out;
}

function configFile(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  const candidates = [
    env.ANSIBLE_CONFIG,
    path.join(cwd, 'ansible.cfg'),
    path.join(os.homedir(), '.ansible.cfg'),
    '/etc/ansible/ansible.cfg',
  ];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

function pathList(value: string | undefined, base: string): string[] {
  if (!value) return [];
  return value
    .split(':')
    .filter(Boolean)
    .map((p) => path.resolve(base, p.replace(/^~(?=$|\/)/, os.homedir())));
}

function bool(value: string | undefined, dflt: boolean): boolean {
  if (value === undefined) return dflt;
  return boolean(value, false);
}

export function loadConfig(cwd: string, env: NodeJS.ProcessEnv): AnsibleConfig {
  const file = configFile(cwd, env);
  const ini = file ? parseIni(readFileSync(file, 'utf8')) : new Map<string, Map<string, string>>();
  const d = ini.get('defaults') ?? new Map<string, string>();
  const base = file ? path.dirname(file) : cwd;
  const get = (key: string, envName: string): string | undefined => env[envName] ?? d.get(key);
  const rolesPath =
    env.ANSIBLE_ROLES_PATH !== undefined
      ? pathList(env.ANSIBLE_ROLES_PATH, cwd)
      : d.has('roles_path')
        ? pathList(d.get('roles_path'), base)
        : pathList('~/.ansible/roles:/usr/share/ansible/roles:/etc/ansible/roles', cwd);
  const hb = get('hash_behaviour', 'ANSIBLE_HASH_BEHAVIOUR');
  const gathering = get('gathering', 'ANSIBLE_GATHERING');
  return {
    file,
    rolesPath,
    hashBehaviour: hb === 'merge' ? 'merge' : 'replace',
    inventory:
      env.ANSIBLE_INVENTORY !== undefined
        ? splitInventoryList(env.ANSIBLE_INVENTORY, cwd)
        : d.has('inventory')
          ? pathList(d.get('inventory'), base)
          : [],
    gathering: gathering === 'explicit' || gathering === 'smart' ? gathering : 'implicit',
    forceHandlers: bool(get('force_handlers', 'ANSIBLE_FORCE_HANDLERS'), false),
    vaultPasswordFile: get('vault_password_file', 'ANSIBLE_VAULT_PASSWORD_FILE'),
    vaultIdentityList: (get('vault_identity_list', 'ANSIBLE_VAULT_IDENTITY_LIST') ?? '')
      .split(',')
      .filter(Boolean),
    displaySkippedHosts: bool(get('display_skipped_hosts', 'ANSIBLE_DISPLAY_SKIPPED_HOSTS'), true),
    displayOkHosts: bool(get('display_ok_hosts', 'ANSIBLE_DISPLAY_OK_HOSTS'), true),
  };
}
