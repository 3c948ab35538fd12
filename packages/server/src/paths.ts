/**
 * Import-by-path is confined to the configured data folders. A path is resolved against each
 * folder (or taken as is when absolute), then its real path — every symlink followed — must lie
 * inside the real path of a folder. So `..` segments and symlinks that point out are refused.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { HttpError } from './errors.js';

/** Real paths of the data folders that exist (missing ones are dropped). */
export function realDataDirs(dirs: string[]): string[] {
  const out: string[] = [];
  for (const d of dirs) {
    try {
      const r = realpathSync(resolve(d));
      if (statSync(r).isDirectory() && !out.includes(r)) out.push(r);
    } catch {
      // a configured folder that does not exist holds nothing to import
    }
  }
  return out;
}

const inside = (root: string, p: string): boolean => {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..'));
};

/** The real path of `path` when it lies inside one of `roots`; otherwise a 403/404 naming `field`. */
export function confinePath(path: string, roots: string[], field = 'body.path'): string {
  if (typeof path !== 'string' || path.length === 0) throw new HttpError(400, `${field}: expected a path, found nothing`, field);
  if (path.includes('\0')) throw new HttpError(400, `${field}: the path contains a NUL byte`, field);
  if (roots.length === 0) throw new HttpError(403, `${field}: import by path is off: the server has no data folders configured`, field);
  const candidates = isAbsolute(path) ? [resolve(path)] : roots.map((r) => resolve(r, path));
  if (!isAbsolute(path) && candidates.every((c, i) => !inside(roots[i], c))) {
    throw new HttpError(403, `${field}: ${path} leads out of the data folders (${roots.join(', ')})`, field);
  }
  let found = false;
  for (const c of candidates) {
    if (!existsSync(c)) continue;
    found = true;
    const real = realpathSync(c);
    if (roots.some((r) => inside(r, real))) return real;
  }
  if (!found) throw new HttpError(404, `${field}: ${path} does not exist in the data folders`, field);
  throw new HttpError(403, `${field}: ${path} lies outside the data folders (${roots.join(', ')})`, field);
}

export interface DataFile {
  /** Path relative to its data folder, with '/' separators. */
  path: string;
  root: string;
  bytes: number;
}

const TABLE_FILE = /\.(csv|csv\.gz|txt|xlsx|zip|parquet)$/i;

/** Table-like files under the data folders, two levels deep, symlinks out of a folder skipped. */
export function listDataFiles(roots: string[], limit = 500): DataFile[] {
  const out: DataFile[] = [];
  const walk = (root: string, dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (out.length >= limit) return;
      const p = join(dir, name);
      let real: string;
      try {
        real = realpathSync(p);
      } catch {
        continue;
      }
      if (!inside(root, real)) continue;
      const st = statSync(real);
      if (st.isDirectory()) {
        if (depth < 2) walk(root, p, depth + 1);
      } else if (TABLE_FILE.test(name)) {
        out.push({ path: relative(root, p).split(sep).join('/'), root, bytes: st.size });
      }
    }
  };
  for (const r of roots) walk(r, r, 0);
  return out;
}
