/** Every module bosun implements (one file each). */
import { assemble } from './assemble.js';
import { assert } from './assert.js';
import { blockinfile } from './blockinfile.js';
import { command, raw, script, shell } from './command.js';
import { copy } from './copy.js';
import { debug } from './debug.js';
import { fail } from './fail.js';
import { file } from './file.js';
import { find } from './find.js';
import { lineinfile } from './lineinfile.js';
import { pause } from './pause.js';
import { ping } from './ping.js';
import { replace } from './replace.js';
import { service } from './service.js';
import { setup } from './setup.js';
import { slurp } from './slurp.js';
import { stat } from './stat.js';
import { systemd, systemd_service } from './systemd.js';
import { tempfile } from './tempfile.js';
import { template } from './template.js';
import type { ModuleDef } from './types.js';
import { wait_for } from './wait_for.js';

export const MODULES: readonly ModuleDef[] = [
  assemble,
  assert,
  blockinfile,
  command,
  copy,
  debug,
  fail,
  file,
  find,
  lineinfile,
  pause,
  ping,
  raw,
  replace,
  script,
  setup,
  shell,
  slurp,
  stat,
  tempfile,
  template,
  wait_for,
  service,
  systemd,
  systemd_service,
];
