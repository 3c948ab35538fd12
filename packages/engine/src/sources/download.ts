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
  /** Read timeout: give up when no byte arrives for this long (ms; default 60 000). */
  timeoutMs?: number;
}

/** The default read timeout (ms). */
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface DownloadResult {
  path: string;
  url: string;
  bytes: number;
  /** 'verified' (publisher's MD5 matched), or 'none' (the publisher gives none). */
  checksum: 'verified' | 'none';
  /** Whether an earlier partial download was continued, or the file was already complete. */
  resumed: boolean;
  cached: boolean;
  /** A file that was at the target path but did not match the publisher's checksum, and where it was moved. */
  movedAside?: string;
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

/**
 * A read timer: aborts the request when no byte has arrived for `ms` (reset with `touch`).
 * `timedOut` says whether an abort was ours.
 */
class ReadTimer {
  readonly controller = new AbortController();
  timedOut = false;
  private timer: NodeJS.Timeout | undefined;
  constructor(readonly ms: number) {
    this.touch();
  }
  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.ms);
    this.timer.unref?.();
  }
  stop(): void {
    clearTimeout(this.timer);
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** fetch, with network failures and a stalled server turned into a DownloadError that names the address. */
async function get(url: string, headers: Record<string, string>, timer: ReadTimer): Promise<Response> {
  try {
    const res = await fetch(url, { headers, signal: timer.controller.signal });
    timer.touch();
    return res;
  } catch (e) {
    if (timer.timedOut)
      throw new DownloadError(
        `${url}: the server did not answer within ${seconds(timer.ms)} (read timeout); try again later, or allow longer with --timeout SECONDS`,
      );
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new DownloadError(
      `${url}: the server could not be reached (${cause?.code ?? cause?.message ?? (e as Error).message}); check the network, or give a mirror with --base / CATENA_DOWNLOAD_BASE`,
    );
  }
}

/** The publisher's MD5 of a file name from a Zenodo record API response, or undefined. */
async function zenodoMd5(api: string, file: string, timeoutMs: number): Promise<string | undefined> {
  const timer = new ReadTimer(timeoutMs);
  try {
    const res = await get(api, { accept: 'application/json' }, timer);
    if (!res.ok)
      throw new DownloadError(
        `${api}: HTTP ${res.status} when asking for the checksums; expected the Zenodo record (try again, or check the address)`,
      );
    let text: string;
    try {
      text = await res.text();
    } catch {
      throw new DownloadError(
        timer.timedOut
          ? `${api}: the checksum record stopped arriving (no data for ${seconds(timeoutMs)}); try again later, or allow longer with --timeout SECONDS`
          : `${api}: the connection dropped while reading the checksum record; try again`,
      );
    }
    type ZenodoFile = { key?: string; filename?: string; checksum?: string };
    let rec: { files?: ZenodoFile[] | { entries?: Record<string, ZenodoFile> } };
    try {
      rec = JSON.parse(text);
    } catch {
      const type = res.headers.get('content-type') ?? 'no content type';
      const looks = /^\s*</.test(text) ? 'an HTML or XML page' : `${text.length} bytes that are not JSON`;
      throw new DownloadError(
        `${api}: expected the Zenodo record with the checksums (JSON), got ${looks} (${type.split(';')[0]}); the address may be wrong or the site down — try again, or check --base / CATENA_DOWNLOAD_BASE`,
      );
    }
    // the record lists its files as an array (legacy serialisation) or under files.entries (InvenioRDM)
    const list = Array.isArray(rec?.files) ? rec.files : Object.values(rec?.files?.entries ?? {});
    const f = list.find((x) => (x?.key ?? x?.filename) === file);
    const c = f?.checksum;
    if (c !== undefined && !/^(md5:)?[0-9a-f]{32}$/i.test(c))
      throw new DownloadError(`${api}: the checksum of ${file} is '${c}'; expected an MD5 (32 hexadecimal digits)`);
    return c ? c.replace(/^md5:/, '').toLowerCase() : undefined;
  } finally {
    timer.stop();
  }
}

/** A free name beside `path` for a file that is moved aside: NAME.mismatch-<UTC time>. */
function asideName(path: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  let p = `${path}.mismatch-${stamp}`;
  for (let k = 1; existsSync(p); k++) p = `${path}.mismatch-${stamp}-${k}`;
  return p;
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
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const expected = spec.checksum === 'zenodo-md5' && spec.api ? await zenodoMd5(rebase(spec.api, base), file, timeoutMs) : undefined;

  const verify = async (path: string): Promise<'verified' | 'none'> => {
    if (!expected) return 'none';
    const got = await md5Of(path);
    if (got !== expected) {
      // only our own partial download is removed; a file the user had is never deleted here
      unlinkSync(path);
      throw new DownloadError(
        `${file}: MD5 ${got} does not match the publisher's ${expected}; the damaged download was removed — run the download again`,
      );
    }
    return 'verified';
  };
  let movedAside: string | undefined;
  if (existsSync(dest)) {
    if (!expected) return { path: dest, url, bytes: statSync(dest).size, checksum: 'none', resumed: false, cached: true };
    if ((await md5Of(dest)) === expected)
      return { path: dest, url, bytes: statSync(dest).size, checksum: 'verified', resumed: false, cached: true };
    // a file already there that is not the publisher's: keep it under another name, then fetch
    movedAside = asideName(dest);
    renameSync(dest, movedAside);
  }
  let have = existsSync(part) ? statSync(part).size : 0;
  const timer = new ReadTimer(timeoutMs);
  const res = await get(url, have > 0 ? { range: `bytes=${have}-` } : {}, timer);
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
    const kept = () =>
      `the partial file ${part} is kept (${done} of ${total > 0 ? `${total} bytes` : 'an unknown number of bytes'}): run the command again to resume`;
    try {
      if (!res.body) throw new DownloadError(`${url}: empty response`);
      const reader = res.body.getReader();
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (e) {
          if (timer.timedOut)
            throw new DownloadError(
              `${url}: no data for ${seconds(timeoutMs)} (read timeout); ${kept()}, or allow longer with --timeout SECONDS`,
            );
          const cause = (e as { cause?: { code?: string } }).cause?.code;
          throw new DownloadError(`${url}: the connection dropped${cause ? ` (${cause})` : ''}; ${kept()}`);
        }
        if (chunk.done) break;
        timer.touch();
        writeSync(fd, chunk.value);
        done += chunk.value.length;
        o.onProgress?.(done, total);
      }
    } finally {
      timer.stop();
      closeSync(fd);
    }
    if (total > 0 && done !== total) throw new DownloadError(`${url}: the connection ended early; ${kept()}`);
  } else {
    timer.stop();
    throw new DownloadError(
      `${url}: HTTP ${res.status} ${res.statusText}; expected the file ${file} (the publisher may have moved it: see ${entry.homepage})`,
    );
  }
  timer.stop();
  const checksum = await verify(part);
  renameSync(part, dest);
  return { path: dest, url, bytes: statSync(dest).size, checksum, resumed, cached: false, movedAside };
}
