/**
 * errno errors (ENOENT, EACCES, EISDIR, …) as users should see them: one line naming the path
 * and the C library's wording ("No such file or directory"), as coreutils print them. Node's own
 * messages ("ENOENT: no such file or directory, open '/x'") and stacks are for bosun's developers.
 */
import { errnoCode } from '../errors.js';

/** strerror(3) texts of the errors a user's path or stream can cause. */
const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ENOSPC: 'No space left on device',
  EDQUOT: 'Disk quota exceeded',
  EROFS: 'Read-only file system',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  ENAMETOOLONG: 'File name too long',
  ELOOP: 'Too many levels of symbolic links',
  EXDEV: 'Invalid cross-device link',
  EFBIG: 'File too large',
  EIO: 'Input/output error',
  EPIPE: 'Broken pipe',
  EBADF: 'Bad file descriptor',
  EMFILE: 'Too many open files',
};

/**
 * `PATH: Description` for an errno error about a path (or `what: Description` for a stream),
 * or undefined when `err` is not one (then it is an internal error and keeps its stack).
 */
export function errnoMessage(err: unknown, what?: string): string | undefined {
  const code = errnoCode(err);
  const text = code === undefined ? undefined : STRERROR[code];
  if (text === undefined || typeof err !== 'object' || err === null) return undefined;
  const e = err as { path?: unknown; dest?: unknown; syscall?: unknown };
  const where = what ?? (typeof e.path === 'string' ? e.path : undefined);
  if (where === undefined) return undefined;
  return `${where}: ${text}`;
}

/**
 * The same errno error, about the path the user named rather than the one the system call saw
 * (a temporary file next to it, a rename's source): rethrow with `aboutPath(err, dest)`.
 */
export function aboutPath(err: unknown, userPath: string): unknown {
  const code = errnoCode(err);
  if (code === undefined || STRERROR[code] === undefined) return err;
  return Object.assign(new Error(`${code}: ${userPath}`), { code, path: userPath, cause: err });
}
