/**
 * command, shell, raw, script: run a program through src/process/run.ts. `command` takes argv
 * (split as Python's shlex does) and never a shell; `shell`/`raw` use /bin/sh -c as asked.
 * `creates`/`removes` make them idempotent; check mode skips them unless those decide.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { run } from '../process/run.js';
import type { Args, ModuleContext, ModuleDef, ModuleResult } from './types.js';

/** Python shlex.split (POSIX mode) for command lines. */
export function shlexSplit(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'") {
      const j = s.indexOf("'", i + 1);
      if (j < 0) throw new Error('No closing quotation');
      cur += s.slice(i + 1, j);
      i = j;
      has = true;
    } else if (c === '"') {
      i++;
      for (; i < s.length && s[i] !== '"'; i++) {
        if (s[i] === '\\' && i + 1 < s.length && '\\"$`\n'.includes(s[i + 1]!)) i++;
        cur += s[i];
      }
      if (i >= s.length) throw new Error('No closing quotation');
      has = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

const COMMON = {
  _raw_params: { type: 'str' },
  creates: { type: 'path' },
  removes: { type: 'path' },
  chdir: { type: 'path' },
  stdin: { type: 'str' },
  stdin_add_newline: { type: 'bool', default: true },
  strip_empty_ends: { type: 'bool', default: true },
} as const;

function ts(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)}`;
}

function delta(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
}

async function execute(
  argv: string[],
  cmdForResult: unknown,
  args: Args,
  ctx: ModuleContext,
): Promise<ModuleResult> {
  const chdir = args.chdir as string | undefined;
  const cwd = chdir ? path.resolve(ctx.cwd, chdir) : ctx.cwd;
  const rel = (p: string): string => path.resolve(cwd, p);
  if (typeof args.creates === 'string' && existsSync(rel(args.creates))) {
    return {
      changed: false,
      cmd: cmdForResult,
      rc: 0,
      stdout: `skipped, since ${args.creates} exists`,
      stderr: '',
      stdout_lines: [`skipped, since ${args.creates} exists`],
      stderr_lines: [],
      msg: "Did not run command since '" + args.creates + "' exists",
    };
  }
  if (typeof args.removes === 'string' && !existsSync(rel(args.removes))) {
    return {
      changed: false,
      cmd: cmdForResult,
      rc: 0,
      stdout: `skipped, since ${args.removes} does not exist`,
      stderr: '',
      stdout_lines: [`skipped, since ${args.removes} does not exist`],
      stderr_lines: [],
      msg: "Did not run command since '" + args.removes + "' does not exist",
    };
  }
  if (ctx.check)
    return { changed: false, skipped: true, msg: 'Command would have run if not in check mode' };
  const start = new Date();
  let stdin: string | undefined;
  if (typeof args.stdin === 'string') stdin = args.stdin + (args.stdin_add_newline ? '\n' : '');
  let r;
  try {
    r = await run(argv[0]!, argv.slice(1), {
      cwd,
      env: ctx.env,
      input: stdin,
      reject: false,
      signal: ctx.signal,
    });
  } catch (err) {
    return {
      failed: true,
      changed: false,
      rc: 2,
      cmd: cmdForResult,
      msg: `[Errno 2] No such file or directory: b'${argv[0]}'`,
      stdout: '',
      stderr: '',
      stdout_lines: [],
      stderr_lines: [],
      error: String(err),
    };
  }
  const end = new Date();
  let stdout = r.stdout.toString('utf8');
  let stderr = r.stderr.toString('utf8');
  if (args.strip_empty_ends !== false) {
    stdout = stdout.replace(/\n+$/, '');
    stderr = stderr.replace(/\n+$/, '');
  }
  const rc = r.exitCode ?? (r.signal ? -1 : 0);
  const result: ModuleResult = {
    changed: true,
    cmd: cmdForResult,
    rc,
    stdout,
    stderr,
    stdout_lines: stdout ? stdout.split('\n') : [],
    stderr_lines: stderr ? stderr.split('\n') : [],
    start: ts(start),
    end: ts(end),
    delta: delta(end.getTime() - start.getTime()),
    msg: '',
  };
  if (rc !== 0) {
    result.failed = true;
    result.msg = 'non-zero return code';
  }
  return result;
}

export const command: ModuleDef = {
  name: 'command',
  spec: {
    ...COMMON,
    cmd: { type: 'str' },
    argv: { type: 'list', elements: 'str' },
    executable: { type: 'path' },
    warn: { type: 'bool' },
    expand_argument_vars: { type: 'bool', default: true },
  },
  freeForm: true,
  rawKeys: [
    'creates',
    'removes',
    'chdir',
    'executable',
    'stdin',
    'stdin_add_newline',
    'strip_empty_ends',
    'warn',
  ],
  supportsCheck: true,
  async run(args, ctx) {
    const text = (args.cmd ?? args._raw_params) as string | undefined;
    let argv: string[];
    if (Array.isArray(args.argv)) argv = args.argv.map(String);
    else if (text !== undefined) argv = shlexSplit(text);
    else return { failed: true, msg: 'no command given', rc: 256 };
    if (!argv.length) return { failed: true, msg: 'no command given', rc: 256 };
    return execute(argv, argv, args, ctx);
  },
};

export const shell: ModuleDef = {
  name: 'shell',
  spec: { ...COMMON, cmd: { type: 'str' }, executable: { type: 'path' }, warn: { type: 'bool' } },
  freeForm: true,
  rawKeys: [
    'creates',
    'removes',
    'chdir',
    'executable',
    'stdin',
    'stdin_add_newline',
    'strip_empty_ends',
    'warn',
  ],
  supportsCheck: true,
  async run(args, ctx) {
    const text = (args.cmd ?? args._raw_params) as string | undefined;
    if (text === undefined) return { failed: true, msg: 'no command given', rc: 256 };
    const sh = (args.executable as string | undefined) ?? '/bin/sh';
    return execute([sh, '-c', text], text, args, ctx);
  },
};

export const raw: ModuleDef = {
  name: 'raw',
  spec: { _raw_params: { type: 'str', required: true }, executable: { type: 'path' } },
  freeForm: true,
  rawKeys: ['executable'],
  supportsCheck: false,
  async run(args, ctx) {
    const sh = (args.executable as string | undefined) ?? '/bin/sh';
    const r = await execute(
      [sh, '-c', args._raw_params as string],
      args._raw_params,
      { strip_empty_ends: false },
      ctx,
    );
    return {
      changed: r.changed,
      rc: r.rc,
      stdout: r.stdout,
      stderr: r.stderr,
      stdout_lines: r.stdout_lines,
      stderr_lines: r.stderr_lines,
      ...(r.failed ? { failed: true, msg: 'non-zero return code' } : {}),
    };
  },
};

export const script: ModuleDef = {
  name: 'script',
  spec: {
    _raw_params: { type: 'str' },
    cmd: { type: 'str' },
    creates: { type: 'path' },
    removes: { type: 'path' },
    chdir: { type: 'path' },
    executable: { type: 'str' },
  },
  freeForm: true,
  rawKeys: ['creates', 'removes', 'chdir', 'executable'],
  supportsCheck: true,
  async run(args, ctx) {
    const text = (args.cmd ?? args._raw_params) as string | undefined;
    if (!text) return { failed: true, msg: 'script needs a path' };
    const [file, ...rest] = shlexSplit(text);
    const src = ctx.findFile('files', file!);
    if (!existsSync(src)) return { failed: true, msg: `Could not find or access '${file}'` };
    const argv = args.executable
      ? [...shlexSplit(args.executable as string), src, ...rest]
      : [src, ...rest];
    const r = await execute(argv, text, { ...args, strip_empty_ends: false }, ctx);
    return {
      changed: r.changed,
      rc: r.rc,
      stdout: r.stdout,
      stderr: r.stderr,
      stdout_lines: r.stdout_lines,
      stderr_lines: r.stderr_lines,
      ...(r.failed ? { failed: true, msg: 'non-zero return code' } : {}),
      ...(r.skipped ? { skipped: true, msg: r.msg } : {}),
    };
  },
};
