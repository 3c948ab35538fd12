/**
 * Downloads a catalogued database file into a cache folder: resumable (an interrupted download
 * is kept as `<file>.part` and continued with an HTTP Range request), checked against the MD5 the
 * publisher lists where it gives one (Zenodo), and refused with a clear message where the site
 * needs a licence or login (Eora) or offers no stable file address.
 *
 * The host of every address can be replaced (`base`, or the CATENA_DOWNLOAD_BASE environment
 * variable): the path of the official address is kept and appended to the base, so a mirror or a
 * local test server serves the same paths.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, openSync, closeSync, writeSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fillTemplate, type CatalogEntry } from './catalog.js';

/** A download that cannot go ahead: the message says why and what to do. */
export class DownloadError extends Error {
  override name = 'DownloadError';
}

export interface DownloadOptions {
  year: number;
  /** Folder for the file (created if absent). */
  dir: string;
  /** Values of the entry's options (e.g. { system: 'pxp' }); the first listed value is the default. */
  options?: Record<string, string>;
  /** Replaces scheme and host of the official addresses (default: $CATENA_DOWNLOAD_BASE). */
  base?: string;
  /** Called as bytes arrive: (bytes so far, total or 0 when unknown). */
  onProgress?: (done: number, total: number) => void;
}

export interface DownloadResult {
  path: string;
  url: string;
  bytes: number;
  /** 'verified' (publisher's MD5 matched), or 'none' (the publisher gives none). */
  checksum: 'verified' | 'none';
  /** Whether an earlier partial download was continued, or the file was already complete. */
  resumed: boolean;
  cached: boolean;
}

function rebase(url: string, base: string | undefined): string {
  if (!base) return url;
  const u = new URL(url);
  return `${base.replace(/\/+$/, '')}${u.pathname}${u.search}`;
}

async function md5Of(path: string): Promise<string> {
  const h = createHash('md5');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** fetch, with network failures turned into a DownloadError that names the address. */
async function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await fetch(url, { headers });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new DownloadError(
      `${url}: the server could not be reached (${cause?.code ?? cause?.message ?? (e as Error).message}); check the network, or give a mirror with --base / CATENA_DOWNLOAD_BASE`,
    );
  }
}

/** The publisher's MD5 of a file name from a Zenodo record API response, or undefined. */
async function zenodoMd5(api: string, file: string): Promise<string | undefined> {
  const res = await get(api, { accept: 'application/json' });
  if (!res.ok)
    throw new DownloadError(
      `${api}: HTTP ${res.status} when asking for the checksums; expected the Zenodo record (try again, or check the address)`,
    );
  type ZenodoFile = { key?: string; filename?: string; checksum?: string };
  // the record lists its files as an array (legacy serialisation) or under files.entries (InvenioRDM)
  const rec = (await res.json()) as { files?: ZenodoFile[] | { entries?: Record<string, ZenodoFile> } };
  const list = Array.isArray(rec.files) ? rec.files : Object.values(rec.files?.entries ?? {});
  const f = list.find((x) => (x.key ?? x.filename) === file);
  const c = f?.checksum;
  return c ? c.replace(/^md5:/, '') : undefined;
}

/** Downloads the entry's file for a year (see the module comment). */
export async function downloadSource(entry: CatalogEntry, o: DownloadOptions): Promise<DownloadResult> {
  const spec = entry.download;
  const [y0, y1] = entry.years;
  if (!Number.isInteger(o.year) || o.year < y0 || o.year > y1) {
    throw new DownloadError(`${entry.id}: no table for year ${o.year}; ${entry.database} ${entry.vintage} covers ${y0}–${y1}`);
  }
  if (spec.kind === 'login') {
    throw new DownloadError(
      `${entry.database} needs a licence or login: ${spec.note}.\n  page: ${spec.page}\n  file: ${fillTemplate(spec.file, o.year)}\n  then: unzip it into ${o.dir} and run \`catena info ${o.dir}\``,
    );
  }
  if (spec.kind === 'page') {
    throw new DownloadError(
      `${entry.database} ${entry.vintage} has no stable file address to fetch automatically: ${spec.note}.\n  page: ${spec.page}`,
    );
  }
  const options: Record<string, string> = {};
  for (const [k, values] of Object.entries(spec.options ?? {})) {
    const v = o.options?.[k] ?? values[0];
    if (!values.includes(v)) throw new DownloadError(`${entry.id}: --${k} ${v} is not known; expected one of ${values.join(', ')}`);
    options[k] = v;
  }
  const base = o.base ?? process.env.CATENA_DOWNLOAD_BASE;
  const url = rebase(fillTemplate(spec.url, o.year, options), base);
  const file = fillTemplate(spec.file, o.year, options);
  mkdirSync(o.dir, { recursive: true });
  const dest = join(o.dir, file);
  const part = `${dest}.part`;
  const expected = spec.checksum === 'zenodo-md5' && spec.api ? await zenodoMd5(rebase(spec.api, base), file) : undefined;

  const verify = async (path: string): Promise<'verified' | 'none'> => {
    if (!expected) return 'none';
    const got = await md5Of(path);
    if (got !== expected) {
      unlinkSync(path);
      throw new DownloadError(
        `${file}: MD5 ${got} does not match the publisher's ${expected}; the damaged file was removed — run the download again`,
      );
    }
    return 'verified';
  };
  if (existsSync(dest)) {
    return { path: dest, url, bytes: statSync(dest).size, checksum: await verify(dest), resumed: false, cached: true };
  }
  let have = existsSync(part) ? statSync(part).size : 0;
  const res = await get(url, have > 0 ? { range: `bytes=${have}-` } : {});
  let resumed = false;
  if (res.status === 416 && have > 0) {
    // The partial file is already complete.
    resumed = true;
  } else if (res.status === 206 || res.status === 200) {
    if (res.status === 200) have = 0;
    else {
      const from = /bytes (\d+)-/.exec(res.headers.get('content-range') ?? '');
      if (from && Number(from[1]) !== have) {
        throw new DownloadError(
          `${url}: asked to resume at byte ${have}, the server sent from byte ${from[1]}; delete ${part} and run again`,
        );
      }
      resumed = true;
    }
    const len = Number(res.headers.get('content-length') ?? 0);
    const total = len > 0 ? have + len : 0;
    const fd = openSync(part, res.status === 200 ? 'w' : 'a');
    let done = have;
    try {
      if (!res.body) throw new DownloadError(`${url}: empty response`);
      const reader = res.body.getReader();
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) break;
        writeSync(fd, value);
        done += value.length;
        o.onProgress?.(done, total);
      }
    } finally {
      closeSync(fd);
    }
    if (total > 0 && done !== total)
      throw new DownloadError(`${url}: the connection ended after ${done} of ${total} bytes; run the command again to resume`);
  } else {
    throw new DownloadError(
      `${url}: HTTP ${res.status} ${res.statusText}; expected the file ${file} (the publisher may have moved it: see ${entry.homepage})`,
    );
  }
  const checksum = await verify(part);
  renameSync(part, dest);
  return { path: dest, url, bytes: statSync(dest).size, checksum, resumed, cached: false };
}
