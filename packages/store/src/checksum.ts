/**
 * The sha256 of a table's source: a file's bytes, streamed (GLORIA files are gigabytes); for a
 * folder (pymrio, Eora26, EXIOBASE) the names and bytes of every file under it, in sorted order.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

async function feedFile(h: Hash, path: string): Promise<void> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** sha256 (hex) of a file, or of a folder's file names and contents. */
export async function checksumPath(path: string): Promise<string> {
  const h = createHash('sha256');
  if (statSync(path).isDirectory()) {
    for (const f of filesUnder(path)) {
      h.update(`${relative(path, f)}\0${statSync(f).size}\0`);
      await feedFile(h, f);
    }
  } else {
    await feedFile(h, path);
  }
  return h.digest('hex');
}

/** sha256 (hex) of bytes in memory (an upload): the checksum of a file holding them. */
export function checksumBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
