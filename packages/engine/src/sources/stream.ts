/**
 * Text sources: a plain or gzip file, one entry of a zip archive, or bytes already in memory (an
 * HTTP upload: `{ name, bytes }`, plain or gzip), handed on as a stream of bytes with bounded
 * memory. lines.ts splits the bytes into lines, cells.ts into cells and numbers.
 *
 * Compressed data are inflated with Node's zlib in pieces and never past a limit: maxBytes when
 * the caller gives it, else INFLATE_RATIO times the compressed size (at least INFLATE_FLOOR); a
 * zip entry also never past the size its directory declares. A table larger than that stops with
 * an error that says how to raise the limit, before memory runs out.
 */
import { createReadStream, closeSync } from 'node:fs';
import { Readable } from 'node:stream';
import { basename } from 'node:path';
import { constants as zlibConstants, createGunzip, gunzipSync } from 'node:zlib';
import { TableFormatError } from '../errors.js';
import { CHUNK, openFile, pump, readHeadBytes, type ByteSink } from './files.js';
import { inflateLimit, isGzipMagic, isZipMagic, streamZipEntryAsync, tooLarge, zipEntries, zipEntryHead, type ZipEntry } from './zip.js';
import { statSync } from 'node:fs';

/** Where a table's text comes from: a path, or bytes with the name used in messages and for detection. */
export type Source = string | { name: string; bytes: Uint8Array };

/** The name of a source used in messages. */
export const sourceName = (s: Source): string => (typeof s === 'string' ? s : s.name);

/**
 * A text source: `head` gives the first bytes at once (synchronously, for detection); `stream`
 * hands on the whole content in pieces (asynchronously, through Node's zlib for compressed data),
 * the last one with final = true.
 */
export interface TextSource {
  /** The name used in messages: the file, or archive:entry. */
  name: string;
  head(bytes?: number): Uint8Array;
  stream(sink: ByteSink): Promise<void>;
  /** For a plain file: its path, which line readers read synchronously into their own buffer (no copy, no allocation). */
  plainPath?: string;
}

/** Options of a text source. */
export interface SourceOptions {
  /** The most bytes of text a compressed source may inflate to (default: see inflateLimit). */
  maxBytes?: number;
}

const HEAD = 1 << 16;

/**
 * One entry of a zip archive as a text source, inflated in 256 KiB pieces (on a 66 MB entry split
 * into lines, faster than 64 KiB pieces and as fast as 1–4 MiB pieces, with less memory).
 */
export function zipEntrySource(path: string, entry: ZipEntry, o: SourceOptions = {}): TextSource {
  return {
    name: `${path}:${entry.name}`,
    head: (bytes = HEAD) => zipEntryHead(path, entry, bytes),
    stream: (sink) => streamZipEntryAsync(path, entry, sink, 1 << 18, inflateLimit(entry.compressedSize, o.maxBytes)),
  };
}

/**
 * The first `bytes` inflated bytes of gzip data (fewer when the data are shorter), inflating only
 * a prefix: `read(n)` gives the first n compressed bytes. The prefix grows until it gives enough
 * text and shrinks when it would give far more (highly compressible data), so memory stays
 * within a few times `bytes`.
 */
function gzipHead(read: (n: number) => Uint8Array, bytes: number): Uint8Array {
  const most = 4 * bytes + (1 << 16);
  let lo = 0;
  let hi = Infinity;
  let n = Math.max(4096, bytes >> 3);
  for (;;) {
    const raw = read(n);
    let out: Uint8Array | null = null;
    try {
      out = gunzipSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: most });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE' && !(e instanceof RangeError)) throw e;
    }
    if (out && (out.length >= bytes || raw.length < n)) return out.subarray(0, bytes);
    if (out) lo = n;
    else hi = n;
    const next = hi === Infinity ? n * 4 : Math.floor((lo + hi) / 2);
    if (next <= lo || next >= hi) return out ? out.subarray(0, bytes) : new Uint8Array(0);
    n = next;
  }
}

/** Streams gzip data through zlib into the sink, never past `limit` bytes of text. */
async function gunzipInto(name: string, input: Readable, sink: ByteSink, limit: number): Promise<void> {
  // inflated ahead of the parser (in zlib's thread) by up to 4 MiB, so inflating and parsing overlap on two cores
  const gz = createGunzip({ chunkSize: 1 << 18 });
  const out = input.pipe(gz);
  let total = 0;
  const got = await pump(
    out,
    (chunk, final) => {
      total += chunk.length;
      if (total > limit) throw tooLarge(name, `more than ${limit} bytes of text inflated`, limit);
      return sink(chunk, final);
    },
    [input, gz],
    (e) => new TableFormatError(name, 'gzip stream', e.message, 'a complete gzip file (was the download interrupted?)'),
  );
  if (got < 0) return;
  sink(new Uint8Array(0), true);
}

/** Bytes in memory as a text source (plain or gzip; a zip archive is refused: save it and read the path). */
function bytesSource(name: string, bytes: Uint8Array, o: SourceOptions): TextSource {
  if (isZipMagic(bytes))
    throw new TableFormatError(name, '', 'a zip archive in memory', 'a plain or gzip table (read a zip archive from its path)');
  if (isGzipMagic(bytes)) {
    return {
      name,
      head: (n = HEAD) => gzipHead((k) => bytes.subarray(0, k), n),
      stream: (sink) => {
        const pieces = function* () {
          for (let p = 0; p < bytes.length; p += CHUNK) yield bytes.subarray(p, Math.min(bytes.length, p + CHUNK));
        };
        return gunzipInto(name, Readable.from(pieces()), sink, inflateLimit(bytes.length, o.maxBytes));
      },
    };
  }
  return {
    name,
    head: (n = HEAD) => bytes.subarray(0, n),
    stream: async (sink) => {
      for (let p = 0; p < bytes.length; p += CHUNK) if (sink(bytes.subarray(p, Math.min(bytes.length, p + CHUNK)), false) === false) return;
      sink(new Uint8Array(0), true);
    },
  };
}

/**
 * The text source of a path or of bytes: a plain or gzip file, or for a zip archive the entry
 * `pick` chooses (default: the only .csv/.txt entry).
 */
export function textSource(source: Source, pick?: (entries: ZipEntry[]) => ZipEntry | undefined, o: SourceOptions = {}): TextSource {
  if (typeof source !== 'string') return bytesSource(source.name, source.bytes, o);
  const path = source;
  const head = readHeadBytes(path, 4);
  if (isZipMagic(head)) {
    const entries = zipEntries(path).filter((e) => !e.name.endsWith('/'));
    const entry = pick ? pick(entries) : onlyDataEntry(entries);
    if (!entry) {
      throw new TableFormatError(
        path,
        'zip archive',
        `entries ${entries.map((e) => e.name).join(', ') || '(none)'}`,
        'one CSV or text table in the archive (or name the year with --year)',
      );
    }
    return zipEntrySource(path, entry, o);
  }
  if (isGzipMagic(head)) {
    return {
      name: path,
      head: (bytes = HEAD) => gzipHead((k) => readHeadBytes(path, k), bytes),
      stream: (sink) =>
        gunzipInto(path, createReadStream(path, { highWaterMark: CHUNK }), sink, inflateLimit(statSync(path).size, o.maxBytes)),
    };
  }
  return {
    name: path,
    plainPath: path,
    head: (bytes = HEAD) => readHeadBytes(path, bytes),
    stream: async (sink) => {
      closeSync(openFile(path)); // a missing file is named as such
      const file = createReadStream(path, { highWaterMark: CHUNK });
      const got = await pump(file, sink, [file], (e) => e);
      if (got < 0) return;
      sink(new Uint8Array(0), true);
    },
  };
}

function onlyDataEntry(entries: ZipEntry[]): ZipEntry | undefined {
  const data = entries.filter((e) => /\.(csv|txt)$/i.test(e.name) && !/readme/i.test(basename(e.name)));
  return data.length === 1 ? data[0] : undefined;
}

/**
 * Runs a reader and makes every layout error it throws end with the vintages the reader knows,
 * so a user with a new or different release sees at once what is supported.
 */
export async function withKnownVintages<T>(known: string, read: () => Promise<T> | T): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof TableFormatError && !/known:/.test(e.expected))
      throw new TableFormatError(e.file, e.where, e.found, `${e.expected}; known: ${known}`);
    throw e;
  }
}
