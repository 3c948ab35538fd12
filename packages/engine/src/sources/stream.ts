/**
 * Byte access to large table files with bounded memory: files are read in chunks, gzip files and
 * zip entries are inflated piece by piece with Node's zlib, and a TextSource hands any of them on
 * as a stream of bytes. Nothing here holds a whole file in memory (only zipEntryText holds one
 * small entry, such as a workbook's metadata); lines.ts splits the bytes into lines, CSV rows and
 * numbers.
 *
 * Zip archives are read through their central directory (at the end of the file), so any entry
 * can be inflated on its own without reading the entries before it; ZIP64 sizes and offsets are
 * read from the ZIP64 records (EXIOBASE 3 archives hold 1–2 GB text files). Stored (method 0)
 * and deflated (method 8) entries.
 */
import { closeSync, createReadStream, openSync, readSync, fstatSync } from 'node:fs';
import { constants as zlibConstants, createGunzip, createInflateRaw, gunzipSync, inflateRawSync } from 'node:zlib';
import { basename } from 'node:path';
import { TableFormatError } from '../errors.js';

const CHUNK = 1 << 20;

/** Opens a file for reading, turning the usual errors into a TableFormatError naming the path. */
function openFile(path: string): number {
  try {
    const fd = openSync(path, 'r');
    if (fstatSync(fd).isDirectory()) {
      closeSync(fd);
      throw new TableFormatError(path, '', 'a directory', 'a file');
    }
    return fd;
  } catch (e) {
    if (e instanceof TableFormatError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new TableFormatError(path, '', 'no such file', 'an existing file path');
    if (err.code === 'EISDIR') throw new TableFormatError(path, '', 'a directory', 'a file');
    throw e;
  }
}

/** A sink for bytes: returns false to stop reading. */
export type ByteSink = (chunk: Uint8Array, final: boolean) => boolean | void;

/**
 * Reads a file synchronously in chunks of up to `chunkSize` bytes and passes them on, the last
 * with final = true (an empty file gives one empty final chunk); stops early when the sink returns
 * false. Each chunk is read into `room(n)` (a Joiner's space() reads it straight after the kept
 * tail) or else into one reused buffer, so a chunk is valid only until the sink returns. Returns
 * the number of bytes read.
 */
export function readChunks(path: string, sink: ByteSink, chunkSize = CHUNK, room?: (n: number) => Uint8Array): number {
  const fd = openFile(path);
  try {
    const end = fstatSync(fd).size;
    if (end === 0) {
      sink(new Uint8Array(0), true);
      return 0;
    }
    const own = room ? undefined : new Uint8Array(Math.min(chunkSize, end));
    let pos = 0;
    while (pos < end) {
      const want = Math.min(chunkSize, end - pos);
      const buf = own ?? room!(want);
      const n = readSync(fd, buf, 0, want, pos);
      if (n <= 0) break;
      pos += n;
      if (sink(buf.subarray(0, n), pos >= end) === false) break;
    }
    return pos;
  } finally {
    closeSync(fd);
  }
}

/** Reads `bytes` bytes of a file from `start` (fewer at the end of the file). */
export function readHeadBytes(path: string, bytes: number, start = 0): Buffer {
  const fd = openFile(path);
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, start);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Joins the unconsumed tail of the previous piece with the next piece in one reused buffer, so
 * that streaming parsers allocate nothing per piece (the garbage of per-piece copies is what
 * drives a streaming reader's resident memory up).
 */
export class Joiner {
  private work = new Uint8Array(1 << 17);
  private len = 0;

  /** The kept tail followed by `chunk`, as a view valid until the next call. */
  join(chunk: Uint8Array): Uint8Array {
    const need = this.len + chunk.length;
    // a chunk read into space() already stands after the tail
    if (chunk.buffer !== this.work.buffer || chunk.byteOffset !== this.work.byteOffset + this.len) {
      this.grow(need);
      this.work.set(chunk, this.len);
    }
    this.len = need;
    return this.work.subarray(0, need);
  }

  /** Room for `n` more bytes straight after the kept tail: a chunk read into it is joined without a copy. */
  space(n: number): Uint8Array {
    this.grow(this.len + n);
    return this.work.subarray(this.len, this.len + n);
  }

  /** Keeps bytes [from, end) of the last joined view for the next call. */
  keep(from: number): void {
    this.work.copyWithin(0, from, this.len);
    this.len -= from;
  }

  private grow(need: number): void {
    if (need <= this.work.length) return;
    const w = new Uint8Array(Math.max(need, this.work.length * 2));
    w.set(this.work.subarray(0, this.len));
    this.work = w;
  }
}

/**
 * Feeds a stream to a sink. Errors of the stream (damaged or truncated data) become
 * `streamError(e, bytes so far)`; errors thrown by the sink (the reader's own layout errors)
 * propagate unchanged. Returns the bytes passed on, or −1 when the sink stopped early.
 */
async function pump(
  stream: AsyncIterable<Buffer>,
  sink: ByteSink,
  owned: { destroy(): void }[],
  streamError: (e: Error, got: number) => Error,
): Promise<number> {
  let got = 0;
  const iterator = stream[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Buffer>;
    try {
      next = await iterator.next();
    } catch (e) {
      for (const o of owned) o.destroy();
      throw streamError(e as Error, got);
    }
    if (next.done) return got;
    got += next.value.length;
    let more: boolean | void;
    try {
      more = sink(next.value, false);
    } catch (e) {
      for (const o of owned) o.destroy();
      throw e;
    }
    if (more === false) {
      for (const o of owned) o.destroy();
      return -1;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Zip archives

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  localOffset: number;
}

const isZipMagic = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isGzipMagic = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

function damagedZip(path: string, what: string): TableFormatError {
  return new TableFormatError(path, '', `a damaged zip (${what})`, 'a complete zip archive as downloaded');
}

/** The entries of a zip archive, from its central directory (ZIP64 records honoured). */
export function zipEntries(path: string): ZipEntry[] {
  const fd = openFile(path);
  try {
    const size = fstatSync(fd).size;
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    readSync(fd, tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw damagedZip(path, 'no end-of-central-directory record: truncated?');
    let count = tail.readUInt16LE(eocd + 10);
    let dirSize = tail.readUInt32LE(eocd + 12);
    let dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset === 0xffffffff || count === 0xffff) {
      // the ZIP64 end-of-central-directory locator stands just before the EOCD
      const loc = eocd - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) throw damagedZip(path, 'ZIP64 locator missing');
      const rec = Buffer.alloc(56);
      readSync(fd, rec, 0, 56, Number(tail.readBigUInt64LE(loc + 8)));
      if (rec.readUInt32LE(0) !== 0x06064b50) throw damagedZip(path, 'ZIP64 record missing');
      count = Number(rec.readBigUInt64LE(32));
      dirSize = Number(rec.readBigUInt64LE(40));
      dirOffset = Number(rec.readBigUInt64LE(48));
    }
    if (dirOffset + dirSize > size) throw damagedZip(path, 'central directory beyond the end of the file: truncated?');
    const dir = Buffer.alloc(dirSize);
    readSync(fd, dir, 0, dirSize, dirOffset);
    const out: ZipEntry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50) throw damagedZip(path, `central directory entry ${k + 1}`);
      const method = dir.readUInt16LE(p + 10);
      let compressedSize = dir.readUInt32LE(p + 20);
      let size = dir.readUInt32LE(p + 24);
      const nameLen = dir.readUInt16LE(p + 28);
      const extraLen = dir.readUInt16LE(p + 30);
      const commentLen = dir.readUInt16LE(p + 32);
      let localOffset = dir.readUInt32LE(p + 42);
      const name = dir.toString('utf8', p + 46, p + 46 + nameLen);
      // ZIP64 extended information (id 1): the fields that overflowed, in this order
      let e = p + 46 + nameLen;
      const end = e + extraLen;
      while (e + 4 <= end) {
        const id = dir.readUInt16LE(e);
        const len = dir.readUInt16LE(e + 2);
        if (id === 1) {
          let q = e + 4;
          if (size === 0xffffffff) {
            size = Number(dir.readBigUInt64LE(q));
            q += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(dir.readBigUInt64LE(q));
            q += 8;
          }
          if (localOffset === 0xffffffff) localOffset = Number(dir.readBigUInt64LE(q));
        }
        e += 4 + len;
      }
      out.push({ name, method, compressedSize, size, localOffset });
      p = end + commentLen;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/**
 * Where an entry's data start, after checking its local header, its compression method and that
 * its data lie within the file.
 */
function entryDataStart(path: string, entry: ZipEntry): number {
  const fd = openFile(path);
  try {
    const h = Buffer.alloc(30);
    readSync(fd, h, 0, 30, entry.localOffset);
    if (h.readUInt32LE(0) !== 0x04034b50) throw damagedZip(path, `local header of ${entry.name}`);
    if (entry.method !== 0 && entry.method !== 8)
      throw damagedZip(path, `${entry.name} uses compression method ${entry.method}; expected stored (0) or deflate (8)`);
    const start = entry.localOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
    if (start + entry.compressedSize > fstatSync(fd).size)
      throw damagedZip(path, `${entry.name} runs past the end of the file: truncated?`);
    return start;
  } finally {
    closeSync(fd);
  }
}

/**
 * Inflates one zip entry with Node's zlib, asynchronously, in pieces of `piece` bytes (64 KiB by
 * default: little memory in flight). The sink is called with each piece and finally with an
 * empty piece and final = true; it may return false to stop.
 */
export async function streamZipEntryAsync(path: string, entry: ZipEntry, sink: ByteSink, piece = 1 << 16): Promise<void> {
  const start = entryDataStart(path, entry);
  if (entry.compressedSize === 0) {
    sink(new Uint8Array(0), true);
    return;
  }
  const where = `${path}:${entry.name}`;
  const file = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: Math.max(piece, 1 << 16) });
  const stream = entry.method === 8 ? file.pipe(createInflateRaw({ chunkSize: piece })) : file;
  const got = await pump(
    stream,
    sink,
    [file, stream],
    (e, n) =>
      new TableFormatError(
        where,
        'compressed data',
        `${e.message} after ${n} bytes`,
        'a complete zip entry (was the download interrupted?)',
      ),
  );
  if (got < 0) return;
  if (got < entry.size)
    throw new TableFormatError(
      where,
      'end of data',
      `the data end after ${got} of ${entry.size} bytes`,
      'a complete file (was the download interrupted?)',
    );
  sink(new Uint8Array(0), true);
}

/** Reads the first `bytes` bytes of a zip entry (fewer when the entry is shorter), inflating only its head. */
function zipEntryHead(path: string, entry: ZipEntry, bytes: number): Uint8Array {
  const start = entryDataStart(path, entry);
  const raw = readHeadBytes(path, Math.min(entry.compressedSize, Math.max(bytes, 4096)), start);
  if (entry.method === 0) return raw.subarray(0, bytes);
  return inflateRawSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).subarray(0, bytes);
}

/** Reads a whole (small) zip entry as UTF-8 text. */
export function zipEntryText(path: string, entry: ZipEntry): string {
  const start = entryDataStart(path, entry);
  const raw = readHeadBytes(path, entry.compressedSize, start);
  if (entry.method === 0) return raw.toString('utf8');
  try {
    return inflateRawSync(raw).toString('utf8');
  } catch (e) {
    throw new TableFormatError(
      `${path}:${entry.name}`,
      'zip entry',
      `damaged compressed data (${(e as Error).message})`,
      'a complete zip archive',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Text sources

/**
 * A text source: a plain or gzip file, or one entry of a zip archive. `head` gives the first
 * bytes at once (synchronously, for detection); `stream` hands on the whole content in pieces
 * (asynchronously, through Node's zlib for compressed data), the last one with final = true.
 */
export interface TextSource {
  /** The name used in messages: the file, or archive:entry. */
  name: string;
  head(bytes?: number): Uint8Array;
  stream(sink: ByteSink): Promise<void>;
}

const HEAD = 1 << 16;

/**
 * One entry of a zip archive as a text source, inflated in 256 KiB pieces (on a 66 MB entry split
 * into lines, faster than 64 KiB pieces and as fast as 1–4 MiB pieces, with less memory).
 */
export function zipEntrySource(path: string, entry: ZipEntry): TextSource {
  return {
    name: `${path}:${entry.name}`,
    head: (bytes = HEAD) => zipEntryHead(path, entry, bytes),
    stream: (sink) => streamZipEntryAsync(path, entry, sink, 1 << 18),
  };
}

/**
 * The text source of a path: a plain or gzip file, or for a zip archive the entry `pick`
 * chooses (default: the only .csv/.txt entry).
 */
export function textSource(path: string, pick?: (entries: ZipEntry[]) => ZipEntry | undefined): TextSource {
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
    return zipEntrySource(path, entry);
  }
  if (isGzipMagic(head)) {
    return {
      name: path,
      head: (bytes = HEAD) =>
        gunzipSync(readHeadBytes(path, Math.max(bytes, 4096)), { finishFlush: zlibConstants.Z_SYNC_FLUSH }).subarray(0, bytes),
      stream: async (sink) => {
        const gz = createGunzip({ chunkSize: 1 << 16 });
        const file = createReadStream(path, { highWaterMark: CHUNK });
        const out = file.pipe(gz);
        const got = await pump(
          out,
          sink,
          [file, gz],
          (e) => new TableFormatError(path, 'gzip stream', e.message, 'a complete gzip file (was the download interrupted?)'),
        );
        if (got < 0) return;
        sink(new Uint8Array(0), true);
      },
    };
  }
  return {
    name: path,
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
