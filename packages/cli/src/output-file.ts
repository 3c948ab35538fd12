/**
 * Output files are published, never written in place: the bytes go to a fresh temporary file in
 * the target's folder (opened with O_EXCL, fsynced), which then becomes the target in one atomic
 * step — a hard link (fails with EEXIST when the target appeared meanwhile, so two runs cannot
 * both think they created it) or, with --force, a rename (the last writer wins, and says so when
 * the file it replaced was not there when the run started). The temporary file is removed on
 * every failure. Before any work, the --out path is checked: not empty, not one of the inputs
 * (by resolved path and inode), its folder exists, not a folder.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError, type Values } from './command.js';
import { systemErrorMessage } from './errors.js';
import { currentRun, note } from './run-context.js';

/** Commands whose --out is a folder, not a file. */
const OUT_IS_FOLDER = new Set(['convert']);

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

/** A file-system failure while publishing, as a UserError that names the target `path` (not the temporary file). */
function failure(e: unknown, path: string): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const m = systemErrorMessage({ code, syscall: (e as NodeJS.ErrnoException).syscall, path } as NodeJS.ErrnoException);
  if (!m) return e as Error;
  return new UserError(`${m} (nothing was written; ${existsSync(path) ? `${path} is unchanged` : `no ${path} was made`})`);
}

/** A fresh temporary name beside `path` (same folder, so the final rename or link is atomic). */
export function tempPathFor(path: string, ext = ''): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}${ext}`);
}

/** Whether `p` names a temporary file of ours (tests look for leftovers with this). */
export const TEMP_PATTERN = /\.tmp-\d+-[0-9a-f]{8}/;

function removeQuietly(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    /* already gone */
  }
}

/**
 * Makes the finished temporary file `tmp` the file `path`. Without `overwrite` the step fails
 * (and `tmp` is removed) when `path` exists; with it, `path` is replaced atomically.
 */
export function publishTemp(tmp: string, path: string, overwrite: boolean): void {
  try {
    if (!overwrite) {
      try {
        linkSync(tmp, path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') {
          const run = currentRun();
          const before = run?.out && resolve(run.out.path) === resolve(path) ? run.out.before : undefined;
          throw new UserError(
            before === null
              ? `${path} was created by another program while this run worked; nothing was written (pass --force to replace it)`
              : `${path} exists; pass --force to replace it`,
          );
        }
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
        // No hard links on this file system: reserve the name with O_EXCL, then rename over the reservation.
        closeSync(openSync(path, 'wx'));
        renameSync(tmp, path);
        return;
      }
      removeQuietly(tmp);
      return;
    }
    const run = currentRun();
    if (run?.out && resolve(run.out.path) === resolve(path)) {
      const before = run.out.before;
      const now = statOrNull(path);
      if (now && (!before || now.ino !== before.ino || now.mtimeMs !== before.mtimeMs || now.size !== before.size)) {
        note(`${path} was written by another program while this run worked; it is replaced by this run's result (the last writer wins)`);
      }
    }
    renameSync(tmp, path);
  } catch (e) {
    removeQuietly(tmp);
    if (e instanceof UserError) throw e;
    throw failure(e, path);
  }
}

/**
 * Writes a file without ever leaving a half-written one (see the module comment). An existing
 * file is replaced only with `overwrite`.
 */
export function publishFile(path: string, data: string | Uint8Array, overwrite: boolean): void {
  checkOutPath(path, overwrite);
  const tmp = tempPathFor(path);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', 0o666);
  } catch (e) {
    throw failure(e, path);
  }
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    removeQuietly(tmp);
    throw failure(e, path);
  }
  closeSync(fd);
  publishTemp(tmp, path, overwrite);
}

/** Checks an output file path before writing: a file name, its folder present, not a folder, absent unless `overwrite`. */
export function checkOutPath(path: string, overwrite: boolean): void {
  if (path.trim() === '') throw new UserError('--out is empty; give a file name');
  const st = statOrNull(path);
  if (st?.isDirectory()) throw new UserError(`--out ${path} is a folder; give a file name (e.g. ${join(path, 'result.csv')})`);
  if (st && !overwrite) throw new UserError(`${path} exists; pass --force to replace it`);
  const dir = dirname(resolve(path));
  const dst = statOrNull(dir);
  if (!dst) throw new UserError(`--out ${path}: the folder ${dirname(path)} does not exist; create it first (mkdir -p ${dirname(path)})`);
  if (!dst.isDirectory()) throw new UserError(`--out ${path}: ${dirname(path)} is a file, not a folder; check the path`);
}

/** The same file by device and inode (hard links and symbolic links included), or by resolved path. */
function sameFile(a: string, b: string): boolean {
  const sa = statOrNull(a);
  const sb = statOrNull(b);
  if (sa && sb && sa.dev === sb.dev && sa.ino === sb.ino) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/** Paths a command reads: its positionals (also comma lists) and every option value naming an existing file. */
function inputCandidates(values: Values, positionals: string[]): string[] {
  const out: string[] = [];
  const add = (s: string) => {
    for (const p of [s, ...s.split(',')]) if (p && statOrNull(p)?.isFile()) out.push(p);
  };
  positionals.forEach(add);
  for (const [k, v] of Object.entries(values)) {
    if (k === 'out') continue;
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string') add(x);
  }
  return out;
}

/**
 * Checks --out before the command runs (so no work is lost to a path that cannot be written)
 * and records what the path held, for publishTemp's report on concurrent writers.
 */
export function preflightOut(command: string, values: Values, positionals: string[]): { path: string; before: Stats | null } | undefined {
  const out = values.out;
  if (out === undefined || typeof out !== 'string') return undefined;
  const force = values.force === true;
  if (out.trim() === '') throw new UserError('--out is empty; give a file name');
  for (const input of inputCandidates(values, positionals)) {
    if (sameFile(input, out))
      throw new UserError(
        `--out ${out} is the input ${input}${resolve(input) !== resolve(out) ? ` (the same file: ${realpathOr(input)})` : ''}; writing there would destroy the input — choose another path${force ? ' (--force does not allow this)' : ''}`,
      );
  }
  if (OUT_IS_FOLDER.has(command)) {
    const st = statOrNull(out);
    if (st && !st.isDirectory()) throw new UserError(`--out ${out} is a file; ${command} writes into a folder: give a folder name`);
    return undefined;
  }
  // Whether an existing file may be replaced is settled when the result is published (atomically).
  checkOutPath(out, true);
  return { path: out, before: statOrNull(out) };
}

function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** Writes a Result as Parquet through a temporary file beside `path`, then publishes it (see publishTemp). */
export async function publishParquet(write: (tmp: string) => Promise<void>, path: string, overwrite: boolean): Promise<void> {
  checkOutPath(path, overwrite);
  const tmp = tempPathFor(path, '.parquet');
  try {
    // DuckDB's own error for an unwritable folder does not carry an errno: try the folder first.
    closeSync(openSync(tmp, 'wx', 0o666));
    unlinkSync(tmp);
  } catch (e) {
    removeQuietly(tmp);
    throw failure(e, path);
  }
  try {
    await write(tmp);
  } catch (e) {
    removeQuietly(tmp);
    throw failure(e, path);
  }
  publishTemp(tmp, path, overwrite);
}

const EXTENSION_FORMATS: Record<string, string> = {
  csv: 'csv',
  json: 'json',
  parquet: 'parquet',
  pq: 'parquet',
  md: 'md',
  markdown: 'md',
  tex: 'tex',
  html: 'html',
  htm: 'html',
  txt: 'text',
};

/**
 * The default output format: the one --out's extension names (`--out x.parquet` writes
 * Parquet), when the command writes it; otherwise `fallback`. An explicit --format always wins.
 */
export function formatFromOut<T extends string>(values: Values, choices: readonly T[], fallback: T): T {
  const out = values.out;
  if (typeof out !== 'string') return fallback;
  const ext = /\.([a-z]+)(?:\.gz)?$/i.exec(out)?.[1]?.toLowerCase();
  const f = ext ? EXTENSION_FORMATS[ext] : undefined;
  return f && (choices as readonly string[]).includes(f) ? (f as T) : fallback;
}
