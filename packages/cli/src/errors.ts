/**
 * File-system and system errors, in words: every errno a user can cause (a path that is not
 * there, not allowed, full, read-only, a folder where a file was meant …) becomes one line that
 * names the path and says what to do. Anything not listed stays an internal error.
 */

/** What the error was doing to the path, when Node says (`open`, `rename`, `mkdir` …). */
function verb(syscall: string | undefined): string {
  switch (syscall) {
    case 'open':
    case 'read':
    case 'stat':
    case 'lstat':
    case 'scandir':
    case 'opendir':
    case 'access':
      return 'opening';
    case 'write':
    case 'fsync':
    case 'close':
      return 'writing';
    case 'rename':
    case 'link':
    case 'copyfile':
      return 'publishing';
    case 'mkdir':
      return 'creating the folder';
    case 'unlink':
    case 'rmdir':
      return 'removing';
    default:
      return syscall ? `${syscall}` : 'using';
  }
}

const ADVICE: Record<string, (path: string) => string> = {
  ENOENT: (p) => `${p}: no such file or folder; check the path (relative paths start at the current folder)`,
  ENOTDIR: (p) => `${p}: a part of the path is a file, not a folder; check the path`,
  EISDIR: (p) => `${p} is a folder; give a file name (e.g. ${p.replace(/\/+$/, '')}/result.csv)`,
  EACCES: (p) => `${p}: permission denied; choose a path you may use, or change its permissions`,
  EPERM: (p) => `${p}: operation not permitted; choose a path you may use, or change its permissions`,
  EROFS: (p) => `${p}: the file system is read-only; write somewhere else`,
  ENOSPC: (p) => `${p}: no space left on the device; free some space or write somewhere else`,
  EDQUOT: (p) => `${p}: disk quota exceeded; free some space or write somewhere else`,
  EFBIG: (p) => `${p}: the file is too large for this file system; write somewhere else`,
  EEXIST: (p) => `${p} exists; pass --force to replace it, or choose another path`,
  ENOTEMPTY: (p) => `${p}: the folder is not empty; choose another folder`,
  ENAMETOOLONG: (p) => `${p.length > 80 ? `${p.slice(0, 77)}…` : p}: the path is too long; choose a shorter one`,
  ELOOP: (p) => `${p}: too many symbolic links; check the path`,
  EMFILE: (p) => `${p}: too many open files; raise the limit (ulimit -n) and run again`,
  ENFILE: (p) => `${p}: too many open files on the system; close some programs and run again`,
  EBUSY: (p) => `${p}: the file is busy (in use by another program); close it and run again`,
  ETXTBSY: (p) => `${p}: the file is busy (in use by another program); close it and run again`,
  EXDEV: (p) => `${p}: cannot move across file systems; write the result in the same file system`,
  EIO: (p) => `${p}: input/output error from the device; check the disk and run again`,
  EPIPE: (p) => `${p}: the reader closed the pipe`,
  EINVAL: (p) => `${p}: the path is not valid here; choose another one`,
};

/** Whether an error is one of Node's system errors with a code. */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  const c = (e as NodeJS.ErrnoException | null)?.code;
  return typeof c === 'string' && /^E[A-Z]+$/.test(c);
}

/**
 * One line for a system error: the path, what went wrong and what to do; undefined when the
 * error is not one a user can fix (then it is an internal error).
 */
export function systemErrorMessage(e: unknown, fallbackPath?: string): string | undefined {
  if (!isSystemError(e)) return undefined;
  const advice = ADVICE[e.code!];
  if (!advice) return undefined;
  const path = e.path ?? fallbackPath ?? (e.syscall ? `(${e.syscall})` : 'a file');
  const dest = (e as { dest?: string }).dest;
  if (dest && (e.code === 'EEXIST' || e.syscall === 'rename' || e.syscall === 'link'))
    return `${advice(dest)} (while ${verb(e.syscall)} ${path})`;
  return advice(path);
}
