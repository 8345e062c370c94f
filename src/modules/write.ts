/**
 * The core shared by copy and template: write content to a destination only when it differs,
 * with backup, validate, attributes, check and diff mode, and Ansible's return values.
 */
import { constants as fsConstants, promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic.js';
import { applyAttrs, fileFacts, md5, readIfExists, sha1, wantedMode } from './fileattrs.js';
import type { Args, ModuleContext, ModuleResult } from './types.js';
import { validateContent, type ValidateStyle } from './validate.js';

function backupName(dest: string): string {
  const d = new Date();
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${dest}.${process.pid}.${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}@${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}~`;
}

export function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export async function writeContent(
  dest: string,
  content: Buffer,
  args: Args,
  ctx: ModuleContext,
  srcMode?: number,
  validateStyle: ValidateStyle = 'copy',
): Promise<ModuleResult> {
  const before = readIfExists(dest);
  const checksum = sha1(content);
  const differs = before === undefined || !before.equals(content);
  const result: ModuleResult = { changed: false, dest, checksum };
  if (before !== undefined && args.force === false) {
    return {
      ...result,
      ...fileFacts(dest),
      dest,
      changed: false,
      msg: 'file already exists',
    };
  }
  if (differs) {
    result.changed = true;
    if (!ctx.check) {
      const parent = path.dirname(dest);
      if (!isDir(parent))
        return {
          failed: true,
          changed: false,
          msg: `Destination directory ${parent} does not exist`,
          checksum,
        };
      const invalid = await validateContent(content, args, ctx, validateStyle, { checksum });
      if (invalid) return invalid;
      if (args.backup === true && before !== undefined) {
        const b = backupName(dest);
        // Ansible's name (predictable by design): created exclusively, never through a planted link.
        await fs.copyFile(dest, b, fsConstants.COPYFILE_EXCL);
        result.backup_file = b;
      }
      const mode =
        args.mode === 'preserve'
          ? srcMode
          : wantedMode(
              args.mode,
              before === undefined ? 0o666 & ~process.umask() : (await fs.stat(dest)).mode,
              false,
            );
      // Not durable, as Ansible's atomic_move (no fsync): 20 templates at boot cost 40 fsyncs otherwise.
      await writeFileAtomic(
        dest,
        content,
        mode === undefined ? { durable: false } : { mode, durable: false },
      );
    }
    result.md5sum = md5(content);
  }
  const attrs =
    ctx.check && differs && before === undefined
      ? false
      : applyAttrs(
          dest,
          { ...args, mode: args.mode === 'preserve' ? srcMode : args.mode },
          ctx.check,
        );
  if (attrs) result.changed = true;
  if (ctx.diff && (differs || attrs)) {
    result.diff = [
      {
        before: before === undefined ? '' : before.toString('utf8'),
        after: content.toString('utf8'),
        ...(before === undefined ? {} : { before_header: dest }),
        after_header: typeof args.src === 'string' ? args.src : 'dynamically generated',
      },
    ];
  }
  if (!ctx.check || !differs) Object.assign(result, fileFacts(dest), { dest });
  delete result.path;
  result.size = content.length;
  return result;
}
