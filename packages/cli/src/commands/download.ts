import { accessSync, constants, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CATALOG, catalogEntry, DownloadError, downloadSource } from '@catena/engine';
import { stringOpt, UserError, type Command } from '../command.js';
import { systemErrorMessage } from '../errors.js';
import { fmt } from '../format.js';
import { Progress } from '../progress.js';

/** The cache folder: $CATENA_CACHE, else $XDG_CACHE_HOME/catena, else ~/.cache/catena. */
export function cacheDir(): string {
  // an empty variable counts as unset (as in the XDG base-directory specification)
  return process.env.CATENA_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'catena');
}

/** --timeout in seconds (a positive number) → milliseconds. */
function timeoutOpt(t: string | undefined): number | undefined {
  if (t === undefined) return undefined;
  const v = Number(t);
  if (!Number.isFinite(v) || v <= 0 || v > 86400) throw new UserError(`--timeout ${t}: expected seconds, a number above 0 (at most 86400)`);
  return Math.round(v * 1000);
}

/** Creates the target folder, or says which folder cannot be made and what to do instead. */
function ensureFolder(dir: string, isCache: boolean): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    const failed = (e as NodeJS.ErrnoException).path;
    const why = (systemErrorMessage(e, dir) ?? (e as Error).message).replace(
      `${failed ?? dir}: `,
      failed && failed !== dir ? `${failed} ` : '',
    );
    const instead = isCache ? '; give a folder you may write with --dir DIR, or set CATENA_CACHE' : '; give another folder with --dir';
    throw new UserError(`cannot use the download folder ${dir}: ${why.replace(/;.*$/, '')}${instead}`);
  }
}

export const downloadCommand: Command = {
  name: 'download',
  summary: 'Download a database table from its official address (resumable, checksummed)',
  usage: '<source> --year YYYY [--dir DIR] [--system ixi|pxp] [--base URL] [--timeout SECONDS]',
  help: `Fetches the file of a catalogued source (catena sources lists them) into DIR (default:
the cache folder $CATENA_CACHE, or ~/.cache/catena, then <source>/). An interrupted download
is kept as FILE.part and continued on the next run (HTTP Range). Where the publisher lists a
checksum (EXIOBASE on Zenodo: MD5) the file is checked and removed when it does not match.
Sources that need a licence or login (Eora) or have no stable file address say where to go.

Options:
  --year YYYY      the year (required)
  --dir DIR        target folder
  --system S       EXIOBASE: ixi (industry by industry, default) or pxp (product by product)
  --base URL       replace the scheme and host of the official address (a mirror; also
                   CATENA_DOWNLOAD_BASE)
  --timeout S      give up when the server sends nothing for S seconds (default 60); the
                   partial file is kept for the next run

A file already at the target that does not match the publisher's checksum is never deleted:
it is moved aside as FILE.mismatch-<time> (the message says so) and the file is fetched.`,
  options: {
    year: { type: 'string' },
    dir: { type: 'string' },
    system: { type: 'string' },
    base: { type: 'string' },
    timeout: { type: 'string' },
  },
  positionals: true,
  async run(values, positionals, io) {
    const id = positionals[0];
    if (!id) throw new UserError(`missing the source; one of ${CATALOG.map((e) => e.id).join(', ')}`);
    const entry = catalogEntry(id);
    if (!entry) throw new UserError(`source '${id}' is not known; expected one of ${CATALOG.map((e) => e.id).join(', ')} (catena sources)`);
    const yearText = stringOpt(values, 'year', true);
    const year = Number(yearText);
    if (!Number.isInteger(year)) throw new UserError(`--year ${yearText} is not a year`);
    const dirOpt = stringOpt(values, 'dir');
    if (dirOpt !== undefined && dirOpt.trim() === '') throw new UserError('--dir is empty; give a folder');
    const dir = dirOpt ?? join(cacheDir(), entry.id);
    ensureFolder(dir, dirOpt === undefined);
    const system = stringOpt(values, 'system');
    const progress = new Progress(io, `downloading ${entry.id} ${year}`);
    let last = 0;
    try {
      const r = await downloadSource(entry, {
        year,
        dir,
        options: system ? { system } : undefined,
        base: stringOpt(values, 'base'),
        timeoutMs: timeoutOpt(stringOpt(values, 'timeout')),
        onProgress: (done, total) => {
          progress.tick(done - last, total || undefined);
          last = done;
        },
      });
      progress.end();
      const how = r.cached ? 'already complete' : r.resumed ? 'resumed and completed' : 'downloaded';
      if (r.movedAside)
        io.err(`catena download: ${r.path} was there but does not match the publisher's checksum; it was moved to ${r.movedAside}\n`);
      io.out(
        `${r.path}: ${how}, ${fmt(r.bytes, 0)} bytes; checksum ${r.checksum === 'verified' ? "matches the publisher's MD5" : 'not published'}\n`,
      );
      return 0;
    } catch (e) {
      // a download that cannot go ahead is for the user to fix (licence, address, network, checksum)
      if (e instanceof DownloadError) throw new UserError(e.message);
      throw e;
    } finally {
      progress.end();
    }
  },
};
