/** Ansible's `now(utc=False, fmt=None)` global. */
import { pyfunc } from '../jinja/runtime/callable.js';
import { pyStrftime } from './strftime.js';

export const nowGlobal = pyfunc('utc=False, fmt=None', (_c, utc, fmt) => {
  const d = new Date();
  if (fmt !== null) return pyStrftime(String(fmt), d, utc === true);
  // Without fmt Python returns a datetime; bosun renders it as str(datetime).
  return pyStrftime('%Y-%m-%d %H:%M:%S.%f', d, utc === true);
});
