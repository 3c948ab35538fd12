import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { READERS } from '@catena/engine/node';
import { UserError } from './command.js';

/**
 * The tables a batch runs over: each path given, or for a folder each file in it that a reader
 * recognises by name (sorted, so years come in order). A comma-separated list also works.
 */
export function expandTables(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths.flatMap((x) => x.split(',')).filter(Boolean)) {
    if (!existsSync(p)) throw new UserError(`${p}: no such file or folder`);
    const isTableFolder = READERS.some((r) => r.format !== 'wide' && r.detect(p, () => ''));
    if (statSync(p).isDirectory() && !isTableFolder) {
      const files = readdirSync(p)
        .filter((f) => /\.(csv|csv\.gz|xlsx|zip|txt)$/i.test(f) && !/^labels_/i.test(f))
        .sort()
        .map((f) => join(p, f));
      if (files.length === 0) throw new UserError(`${p}: the folder holds no table files (.csv, .csv.gz, .xlsx, .zip, .txt)`);
      out.push(...files);
    } else out.push(p);
  }
  return out;
}
