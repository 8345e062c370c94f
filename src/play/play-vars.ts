/** A play's `vars` and `vars_files` (templated file names, first loadable candidate, vaulted files allowed). */
import path from 'node:path';
import { pyStr } from '../py/repr.js';
import { isDict, isSequence, resolve, type PyValue } from '../py/values.js';
import { combineVars } from '../vars/merge.js';
import { parseYamlFile } from '../vars/parse.js';
import { PlayError } from './errors.js';
import type { Engine } from './state.js';
import type { Play } from './types.js';

export async function playVariables(
  engine: Engine,
  play: Play,
): Promise<{ playVars: Map<string, PyValue>; varsFilesVars: Map<string, PyValue> }> {
  let playVars = new Map<string, PyValue>();
  for (const key of ['_vars', 'vars']) {
    const v = resolve(play.kw.get(key) ?? null);
    // A list of mappings is the old form Ansible still accepts.
    const maps = isSequence(v) ? v.map((x) => resolve(x)) : [v];
    for (const m of maps) {
      if (isDict(m)) playVars = combineVars(playVars, m, engine.opts.hashBehaviour);
      else if (m !== null)
        throw new PlayError(
          'play-syntax',
          "'vars' must be a mapping (or a list of mappings)",
          play.origin,
        );
    }
  }
  let varsFilesVars = new Map<string, PyValue>();
  for (const entry of play.varsFiles) {
    const base = new Map([...playVars, ...engine.opts.extraVars]);
    const scope = {
      get: (k: string) => base.get(k),
      has: (k: string) => base.has(k),
      keys: () => base.keys(),
    };
    const resolved = resolve(entry);
    const candidates = isSequence(resolved) ? resolved : [entry];
    let loaded = false;
    for (const c of candidates) {
      const name = pyStr(engine.templar.template(c, scope));
      const file = path.resolve(play.dir, name);
      try {
        const { value } = await parseYamlFile(file, engine.opts.decrypt);
        const v = resolve(value);
        if (isDict(v)) varsFilesVars = combineVars(varsFilesVars, v, engine.opts.hashBehaviour);
        loaded = true;
        break;
      } catch (err) {
        if (
          candidates.length === 1 ||
          !(err instanceof Error && 'code' in err && err.code === 'vars-file')
        )
          throw err;
      }
    }
    if (!loaded)
      throw new PlayError(
        'play-file',
        `vars_files: none of ${JSON.stringify(candidates)} could be loaded`,
        play.origin,
      );
  }
  return { playVars, varsFilesVars };
}
