/** wait_for: a delay, a path (present/absent, optional regex) or a TCP port (started/stopped). */
import { promises as fs, existsSync } from 'node:fs';
import net from 'node:net';
import { pyRegex } from './pyre.js';
import type { ModuleDef } from './types.js';

function probe(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export const wait_for: ModuleDef = {
  name: 'wait_for',
  spec: {
    host: { type: 'str', default: '127.0.0.1' },
    timeout: { type: 'int', default: 300 },
    connect_timeout: { type: 'int', default: 5 },
    delay: { type: 'int', default: 0 },
    port: { type: 'int' },
    active_connection_states: { type: 'list' },
    path: { type: 'path' },
    search_regex: { type: 'str' },
    state: {
      type: 'str',
      default: 'started',
      choices: ['absent', 'drained', 'present', 'started', 'stopped'],
    },
    exclude_hosts: { type: 'list' },
    sleep: { type: 'int', default: 1 },
    msg: { type: 'str' },
  },
  supportsCheck: true,
  async run(args) {
    const start = Date.now();
    const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
    await sleep((args.delay as number) * 1000);
    const deadline = start + (args.timeout as number) * 1000;
    const state = args.state as string;
    const check = async (): Promise<boolean> => {
      if (typeof args.path === 'string') {
        const exists = existsSync(args.path);
        if (state === 'absent' || state === 'stopped') return !exists;
        if (!exists) return false;
        if (typeof args.search_regex === 'string')
          return pyRegex(args.search_regex, 'm').test(await fs.readFile(args.path, 'utf8'));
        return true;
      }
      if (typeof args.port === 'number') {
        const open = await probe(
          args.host as string,
          args.port,
          (args.connect_timeout as number) * 1000,
        );
        return state === 'stopped' || state === 'drained' ? !open : open;
      }
      return true;
    };
    if (args.path === undefined && args.port === undefined)
      return { changed: false, elapsed: Math.round((Date.now() - start) / 1000), state };
    for (;;) {
      if (await check())
        return {
          changed: false,
          elapsed: Math.floor((Date.now() - start) / 1000),
          state,
          ...(args.path ? { path: args.path } : { port: args.port }),
        };
      if (Date.now() >= deadline) {
        const what =
          typeof args.path === 'string' && args.path
            ? `file ${args.path}`
            : `${String(args.host)}:${String(args.port)}`;
        return {
          failed: true,
          changed: false,
          elapsed: Math.floor((Date.now() - start) / 1000),
          msg: args.msg ?? `Timeout when waiting for ${what}`,
        };
      }
      await sleep((args.sleep as number) * 1000);
    }
  },
};
