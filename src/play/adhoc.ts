/** `ansible HOST -m MODULE -a ARGS`: one task in a play built in code, with ansible's one-line output. */
import type { PyValue } from '../py/values.js';
import { maskSecrets } from '../log/secrets.js';
import type { Output, RunEvent } from './output.js';
import { pyJson } from './pyjson.js';
import { resultText } from './text.js';
import { parseTask } from './tasks.js';
import type { Play } from './types.js';

export function adhocPlay(pattern: string, module: string, args: string, cwd: string): Play {
  const entry = new Map<PyValue, PyValue>([[module, args]]);
  const origin = { file: '<adhoc>' };
  const task = parseTask(entry, origin, {});
  return {
    name: `Ansible Ad-Hoc`,
    hosts: pattern,
    kw: new Map([['gather_facts', false]]),
    origin,
    dir: cwd,
    varsFiles: [],
    preTasks: [],
    roles: [],
    tasks: [task],
    postTasks: [],
    handlers: [],
  };
}

const COMMANDS = new Set(['command', 'shell', 'raw', 'script']);

export class AdhocOutput implements Output {
  constructor(
    private readonly write: (s: string) => void,
    private readonly module: string,
  ) {}
  emit(e: RunEvent): void {
    if (e.event !== 'result') return;
    const r = { ...e.result };
    for (const k of Object.keys(r)) if (k.startsWith('_ansible')) delete r[k];
    const state =
      e.status === 'failed'
        ? 'FAILED'
        : e.status === 'changed'
          ? 'CHANGED'
          : e.status === 'skipped'
            ? 'SKIPPED'
            : 'SUCCESS';
    let text: string;
    if (COMMANDS.has(this.module) && 'rc' in r && e.status !== 'skipped') {
      const stderr = r.stderr ? `\n${resultText(r.stderr)}` : '';
      const msg = r.msg && e.status === 'failed' ? resultText(r.msg) : '';
      text = `${e.host} | ${state} | rc=${resultText(r.rc)} >>\n${resultText(r.stdout ?? '')}${stderr}${msg}\n`;
    } else {
      delete r.failed;
      text = `${e.host} | ${state}${e.status === 'failed' ? '!' : ''} => ${pyJson(r, 4)}\n`;
    }
    this.write(maskSecrets(text));
  }
}
