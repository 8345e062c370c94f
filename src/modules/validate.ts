/**
 * `validate:` for every module that writes a file (copy, template, assemble, lineinfile,
 * blockinfile, replace): the new content goes to a private temp file, the command runs on it
 * (`%s` → the temp path), and only a zero exit lets the caller write the destination. The command
 * is split as Python's shlex does and run without a shell, as Ansible's run_command does.
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import { createPrivateDir, createTempFile } from '../fs/tempfile.js';
import { run } from '../process/run.js';
import { shlexSplit } from './command.js';
import { applyAttrs } from './fileattrs.js';
import type { Args, ModuleContext, ModuleResult } from './types.js';

/**
 * How the module reports a failed validation: copy/template return the command's exit status and
 * output; lineinfile, blockinfile, replace and assemble put rc and stderr in `msg`.
 */
export type ValidateStyle = 'copy' | 'edit';

/** Python's `validate % path` for one `%s` (`%%` is a literal percent). */
function interpolate(validate: string, file: string): string | { error: string } {
  const state = { used: 0, bad: false };
  const out = validate.replace(/%(.)?/gs, (_m, c: string | undefined) => {
    if (c === '%') return '%';
    if (c === 's' && state.used === 0) {
      state.used++;
      return file;
    }
    state.bad = true;
    return '';
  });
  if (state.bad || state.used !== 1) return { error: 'not enough arguments for format string' };
  return out;
}

/** Python's str.splitlines for the `_lines` companions Ansible adds to stdout/stderr. */
function splitlines(s: string): string[] {
  // eslint-disable-next-line no-control-regex -- Python's line boundaries include \x1c-\x1e
  const lines = s.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Check `args.validate` against `content`. Returns undefined when there is nothing to validate or
 * the command accepted the content; otherwise the failed result to return as is (the destination
 * is never touched). `extra` is merged into a failed copy-style result (copy's checksum).
 */
export async function validateContent(
  content: string | Uint8Array,
  args: Args,
  ctx: ModuleContext,
  style: ValidateStyle,
  extra: ModuleResult = {},
): Promise<ModuleResult | undefined> {
  const validate = args.validate;
  if (typeof validate !== 'string' || validate === '') return undefined;
  const failed = (r: ModuleResult): ModuleResult => ({
    failed: true,
    changed: false,
    ...(style === 'copy' ? extra : {}),
    ...r,
  });
  if (!validate.includes('%s')) return failed({ msg: `validate must contain %s: ${validate}` });
  // A fresh 0700 directory of our own: nobody can plant or swap anything inside it.
  const dir = createPrivateDir(os.tmpdir(), 'bosun-validate-');
  try {
    const { path: tmp } = createTempFile(dir, { prefix: 'tmp', data: content });
    // copy sets the wanted mode/owner on the temp file first: some validators check them.
    if (style === 'copy') applyAttrs(tmp, { ...args, mode: modeArg(args.mode) }, false);
    const cmd = interpolate(validate, tmp);
    if (typeof cmd !== 'string') return failed({ msg: cmd.error });
    const argv = shlexSplit(cmd);
    let rc: number;
    let stdout = '';
    let stderr = '';
    try {
      const r = await run(argv[0] ?? '', argv.slice(1), {
        reject: false,
        env: ctx.env,
        cwd: ctx.cwd,
        signal: ctx.signal,
      });
      rc = r.exitCode ?? -1;
      stdout = r.stdout.toString('utf8');
      stderr = r.stderr.toString('utf8');
    } catch {
      // run_command's OSError: the executable does not exist.
      return failed({
        rc: 2,
        cmd: argv.join(' '),
        msg: `[Errno 2] No such file or directory: b'${argv[0] ?? ''}'`,
        stderr: '',
        ...(style === 'copy' ? { stderr_lines: [] } : {}),
        stdout: '',
        ...(style === 'copy' ? { stdout_lines: [] } : {}),
      });
    }
    if (rc === 0) return undefined;
    if (style === 'edit') return failed({ msg: `failed to validate: rc:${rc} error:${stderr}` });
    return failed({
      exit_status: rc,
      msg: 'failed to validate',
      stderr,
      stderr_lines: splitlines(stderr),
      stdout,
      stdout_lines: splitlines(stdout),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function modeArg(mode: unknown): unknown {
  return mode === 'preserve' ? undefined : mode;
}
