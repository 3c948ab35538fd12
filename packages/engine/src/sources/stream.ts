/**
 * Streaming access to large table files with bounded memory: files are read in 1 MiB chunks,
 * gzip and zip entries are inflated chunk by chunk (fflate), and text is handed on line by line.
 * Nothing here ever holds a whole file in memory.
 *
 * Zip archives are read through their central directory (at the end of the file), so any entry
 * can be inflated on its own without reading the entries before it.
 */
import { closeSync, createReadStream, openSync, readSync, fstatSync } from 'node:fs';
import { constants as zlibConstants, createGunzip, createInflateRaw, gunzipSync, inflateRawSync } from 'node:zlib';
import { basename } from 'node:path';
import { Inflate } from 'fflate';
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
 * Reads `length` bytes of a file from `start` in chunks and passes them on; stops early when the
 * sink returns false. Returns the number of bytes read.
 */
export function readChunks(path: string, sink: ByteSink, start = 0, length = Infinity, chunkSize = CHUNK): number {
  const fd = openFile(path);
  try {
    const size = fstatSync(fd).size;
    const end = Math.min(size, start + length);
    let pos = start;
    if (pos >= end) {
      sink(new Uint8Array(0), true);
      return 0;
    }
    while (pos < end) {
      const want = Math.min(chunkSize, end - pos);
      // A fresh buffer for every chunk: inflaters may keep a reference to unconsumed input.
      const buf = Buffer.allocUnsafe(want);
      const n = readSync(fd, buf, 0, want, pos);
      if (n <= 0) break;
      pos += n;
      if (sink(buf.subarray(0, n), pos >= end) === false) break;
    }
    return pos - start;
  } finally {
    closeSync(fd);
  }
}

/** Reads the first bytes of a file (up to `bytes`). */
export function readHeadBytes(path: string, bytes: number): Buffer {
  const fd = openFile(path);
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
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
  localOffset: number;
}

const isZipMagic = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isGzipMagic = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Whether a file starts like a zip archive. */
export function isZipFile(path: string): boolean {
  try {
    return isZipMagic(readHeadBytes(path, 4));
  } catch {
    return false;
  }
}

/** The entries of a zip archive, from its central directory. */
export function zipEntries(path: string): ZipEntry[] {
  const fd = openFile(path);
  try {
    const size = fstatSync(fd).size;
    const tail = Math.min(size, 65557);
    const buf = Buffer.alloc(tail);
    readSync(fd, buf, 0, tail, size - tail);
    let eocd = -1;
    for (let i = tail - 22; i >= 0; i--) {
      if (buf.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0)
      throw new TableFormatError(
        path,
        'end of the archive',
        'no zip directory (the file is truncated or not a zip archive)',
        'a complete zip archive',
      );
    const count = buf.readUInt16LE(eocd + 10);
    const dirSize = buf.readUInt32LE(eocd + 12);
    const dirOffset = buf.readUInt32LE(eocd + 16);
    if (dirOffset + dirSize > size)
      throw new TableFormatError(path, 'zip directory', `a directory beyond the end of the file (${size} bytes)`, 'a complete zip archive');
    const dir = Buffer.alloc(dirSize);
    readSync(fd, dir, 0, dirSize, dirOffset);
    const out: ZipEntry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50)
        throw new TableFormatError(path, `zip directory entry ${k + 1}`, 'a damaged entry', 'a complete zip archive');
      const method = dir.readUInt16LE(p + 10);
      const compressedSize = dir.readUInt32LE(p + 20);
      const sizeU = dir.readUInt32LE(p + 24);
      const nameLen = dir.readUInt16LE(p + 28);
      const extraLen = dir.readUInt16LE(p + 30);
      const commentLen = dir.readUInt16LE(p + 32);
      const localOffset = dir.readUInt32LE(p + 42);
      const name = dir.toString('utf8', p + 46, p + 46 + nameLen);
      out.push({ name, method, compressedSize, size: sizeU, localOffset });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/**
 * Inflates one zip entry chunk by chunk; the sink may return false to stop. `chunkSize` is the
 * compressed bytes read at a time (each inflates to about ten times as much text).
 */
export function streamZipEntry(path: string, entry: ZipEntry, sink: ByteSink, chunkSize = CHUNK): void {
  const head = Buffer.alloc(30);
  const fd = openFile(path);
  try {
    readSync(fd, head, 0, 30, entry.localOffset);
  } finally {
    closeSync(fd);
  }
  if (head.readUInt32LE(0) !== 0x04034b50)
    throw new TableFormatError(`${path}:${entry.name}`, 'zip local header', 'a damaged entry', 'a complete zip archive');
  const dataStart = entry.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  const where = `${path}:${entry.name}`;
  let done = false;
  let stopped = false;
  let got = 0;
  if (entry.method === 0) {
    got = readChunks(
      path,
      (c, final) => {
        if (final) done = true;
        if (sink(c, final) === false) stopped = true;
        return !stopped;
      },
      dataStart,
      entry.compressedSize,
      chunkSize,
    );
    if (got < entry.compressedSize && !stopped && !done) throw truncated(where, got, entry.compressedSize);
    return;
  }
  if (entry.method !== 8) throw new TableFormatError(where, 'zip entry', `compression method ${entry.method}`, 'stored (0) or deflate (8)');
  const inf = new Inflate((d, final) => {
    if (stopped) return;
    if (final) done = true;
    if (sink(d, final) === false) stopped = true;
  });
  try {
    got = readChunks(
      path,
      (c, final) => {
        inf.push(c, final);
        return !stopped;
      },
      dataStart,
      entry.compressedSize,
      chunkSize,
    );
  } catch (e) {
    if (e instanceof TableFormatError) throw e;
    throw new TableFormatError(where, 'zip entry', `damaged compressed data (${(e as Error).message})`, 'a complete zip archive');
  }
  if (!done && !stopped) throw truncated(where, got, entry.compressedSize);
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

/**
 * Inflates one zip entry with Node's zlib, asynchronously, in 64 KiB pieces (several times
 * faster than fflate for large entries, and with less memory in flight). The sink is called
 * with each piece and finally with an empty piece and final = true; it may return false to stop.
 */
export async function streamZipEntryAsync(path: string, entry: ZipEntry, sink: ByteSink): Promise<void> {
  const head = Buffer.alloc(30);
  const fd = openFile(path);
  try {
    readSync(fd, head, 0, 30, entry.localOffset);
  } finally {
    closeSync(fd);
  }
  const where = `${path}:${entry.name}`;
  if (head.readUInt32LE(0) !== 0x04034b50)
    throw new TableFormatError(where, 'zip local header', 'a damaged entry', 'a complete zip archive');
  if (entry.method !== 0 && entry.method !== 8)
    throw new TableFormatError(where, 'zip entry', `compression method ${entry.method}`, 'stored (0) or deflate (8)');
  const start = entry.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  const file = createReadStream(path, { start, end: start + Math.max(entry.compressedSize, 1) - 1, highWaterMark: 1 << 16 });
  const stream = entry.method === 8 ? file.pipe(createInflateRaw({ chunkSize: 1 << 16 })) : file;
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

function truncated(where: string, got: number, want: number): TableFormatError {
  return new TableFormatError(
    where,
    'end of data',
    `the data end after ${got} of ${want} compressed bytes`,
    'a complete file (was the download interrupted?)',
  );
}

/** Reads a whole (small) zip entry as UTF-8 text. */
export function zipEntryText(path: string, entry: ZipEntry): string {
  const parts: Uint8Array[] = [];
  streamZipEntry(path, entry, (c) => {
    parts.push(c.slice());
  });
  return Buffer.concat(parts).toString('utf8');
}

// ---------------------------------------------------------------------------------------------
// Text, line by line

/**
 * A text source: a plain or gzip file, or one entry of a zip archive. For a zip archive, the
 * entry is the one `pick` chooses (default: the only .csv/.txt entry). `head` gives the first
 * bytes at once (synchronously, for detection); `stream` hands on the whole content in pieces
 * (asynchronously, through Node's zlib for compressed data).
 */
export interface TextSource {
  /** The name used in messages: the file, or archive:entry. */
  name: string;
  head(bytes?: number): Uint8Array;
  stream(sink: ByteSink): Promise<void>;
}

const HEAD = 1 << 16;

/** Reads a file's bytes [start, start + length) asynchronously in pieces. */
async function streamFile(path: string, sink: ByteSink, start = 0, length = Infinity): Promise<number> {
  const fd = openFile(path);
  closeSync(fd);
  const end = length === Infinity ? undefined : start + Math.max(length, 1) - 1;
  const file = createReadStream(path, { start, end, highWaterMark: CHUNK });
  let got = 0;
  for await (const chunk of file as AsyncIterable<Buffer>) {
    got += chunk.length;
    if (sink(chunk, false) === false) {
      file.destroy();
      return got;
    }
  }
  return got;
}

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
    return {
      name: `${path}:${entry.name}`,
      head: (bytes = HEAD) => {
        const h = Buffer.alloc(30);
        const fd = openFile(path);
        try {
          readSync(fd, h, 0, 30, entry.localOffset);
          const start = entry.localOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
          const n = Math.min(entry.compressedSize, Math.max(bytes, 4096));
          const raw = Buffer.alloc(n);
          readSync(fd, raw, 0, n, start);
          if (entry.method === 0) return raw.subarray(0, bytes);
          return inflateRawSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).subarray(0, bytes);
        } finally {
          closeSync(fd);
        }
      },
      stream: async (sink) => {
        await streamZipEntryAsync(path, entry, sink);
      },
    };
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
      await streamFile(path, sink);
      sink(new Uint8Array(0), true);
    },
  };
}

function onlyDataEntry(entries: ZipEntry[]): ZipEntry | undefined {
  const data = entries.filter((e) => /\.(csv|txt)$/i.test(e.name) && !/readme/i.test(basename(e.name)));
  return data.length === 1 ? data[0] : undefined;
}

/**
 * Calls `onLine` with each line of a text source (CR stripped, BOM removed), numbered from 1.
 * `onLine` returns false to stop. The decoder keeps at most one chunk and one partial line.
 */
export async function forEachLine(src: TextSource, onLine: (line: string, lineNo: number) => boolean | void): Promise<void> {
  const dec = new TextDecoder('utf-8');
  let carry = '';
  let lineNo = 0;
  let stop = false;
  let first = true;
  const emit = (text: string, final: boolean) => {
    let s = carry + text;
    if (first && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl < 0) break;
      let line = s.slice(start, nl);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      start = nl + 1;
      if (onLine(line, ++lineNo) === false) {
        stop = true;
        return;
      }
    }
    carry = s.slice(start);
    if (final && carry.length > 0) {
      const line = carry.endsWith('\r') ? carry.slice(0, -1) : carry;
      carry = '';
      if (onLine(line, ++lineNo) === false) stop = true;
    }
  };
  await src.stream((chunk, final) => {
    if (stop) return false;
    emit(dec.decode(chunk, { stream: !final }), final);
    return !stop;
  });
}

/** The first `n` complete lines within the first `bytes` of a text source (fewer when the file is shorter). */
export function headLines(src: TextSource, n: number, bytes = HEAD): string[] {
  const h = src.head(bytes);
  let t = new TextDecoder('utf-8').decode(h);
  if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
  const lines = t.split('\n');
  if (h.length >= bytes) lines.pop(); // the last line may be cut
  return lines.slice(0, n).map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** The first line of a plain, gzip or zipped text file, or '' when it cannot be read. */
export function firstLineOf(path: string): string {
  try {
    return headLines(textSource(path), 1)[0] ?? '';
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Numbers and CSV rows straight from bytes

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A number from ASCII bytes [a, b): exact for up to 15 significant digits and decimal exponents
 * within ±22 (one correctly rounded IEEE operation on exact operands); otherwise the text is
 * handed to Number(). NaN when the bytes are not a number.
 */
export function parseNumberBytes(buf: Uint8Array, a: number, b: number): number {
  let i = a;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
  } else if (buf[i] === 43) i++;
  let m = 0;
  let sig = 0;
  let frac = 0;
  let dot = false;
  let any = false;
  for (; i < b; i++) {
    const ch = buf[i];
    if (ch >= 48 && ch <= 57) {
      any = true;
      if (sig > 0 || ch !== 48) sig++;
      m = m * 10 + (ch - 48);
      if (dot) frac++;
    } else if (ch === 46 && !dot) dot = true;
    else break;
  }
  let e = 0;
  if (i < b && (buf[i] === 69 || buf[i] === 101)) {
    i++;
    let eneg = false;
    if (buf[i] === 45) {
      eneg = true;
      i++;
    } else if (buf[i] === 43) i++;
    let ed = false;
    for (; i < b && buf[i] >= 48 && buf[i] <= 57; i++) {
      e = e * 10 + (buf[i] - 48);
      ed = true;
    }
    if (!ed) return NaN;
    if (eneg) e = -e;
  }
  if (!any || i !== b) return sig === 0 && !any ? NaN : slowNumber(buf, a, b);
  if (sig > 15) return slowNumber(buf, a, b);
  const p = e - frac;
  let v: number;
  if (p === 0) v = m;
  else if (p > 0 && p <= 22) v = m * POW10[p];
  else if (p < 0 && p >= -22) v = m / POW10[-p];
  else return slowNumber(buf, a, b);
  return neg ? -v : v;
}

function slowNumber(buf: Uint8Array, a: number, b: number): number {
  let s = '';
  for (let k = a; k < b; k++) s += String.fromCharCode(buf[k]);
  return s.trim() === '' ? NaN : +s;
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
    if (need > this.work.length) {
      const w = new Uint8Array(Math.max(need, this.work.length * 2));
      w.set(this.work.subarray(0, this.len));
      this.work = w;
    }
    this.work.set(chunk, this.len);
    this.len = need;
    return this.work.subarray(0, need);
  }

  /** Keeps bytes [from, end) of the last joined view for the next call. */
  keep(from: number): void {
    this.work.copyWithin(0, from, this.len);
    this.len -= from;
  }
}

const latin1 = new TextDecoder('latin1');
const utf8dec = new TextDecoder('utf-8');

/**
 * One CSV row, reused from row to row: cell k spans bytes [start[k], end[k]) of `buf` (quotes
 * removed). Read numbers with number(k) and labels with text(k) before returning.
 */
export class CsvRow {
  buf: Uint8Array = new Uint8Array(0);
  lineNo = 0;
  count = 0;
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  quoted = new Uint8Array(1024);

  push(s: number, e: number, q: boolean): void {
    if (this.count === this.start.length) {
      const n = this.count * 2;
      const a = new Int32Array(n);
      a.set(this.start);
      const b = new Int32Array(n);
      b.set(this.end);
      const c = new Uint8Array(n);
      c.set(this.quoted);
      this.start = a;
      this.end = b;
      this.quoted = c;
    }
    this.start[this.count] = s;
    this.end[this.count] = e;
    this.quoted[this.count] = q ? 1 : 0;
    this.count++;
  }

  /** Cell k as text (UTF-8; doubled quotes inside quoted cells undone). */
  text(k: number): string {
    const t = utf8dec.decode(this.buf.subarray(this.start[k], this.end[k]));
    return this.quoted[k] ? t.replace(/""/g, '"') : t;
  }

  /** Cell k as a number: 0 when empty or NA, NaN when it is not a number. */
  number(k: number): number {
    const s = this.start[k];
    const e = this.end[k];
    if (s === e) return 0;
    const v = parseNumberBytes(this.buf, s, e);
    if (v === v) return v;
    const t = latin1.decode(this.buf.subarray(s, e)).trim().toUpperCase();
    return t === '' || t === 'NA' ? 0 : NaN;
  }

  /** Cell k as it is written (for messages). */
  raw(k: number): string {
    return latin1.decode(this.buf.subarray(this.start[k], this.end[k]));
  }
}

/**
 * Calls `onRow` with each line of a comma-separated text source, split into cells without
 * building strings (quotes honoured within a line; a BOM skipped). `onRow` returns false to stop.
 * Memory: one chunk and one partial line.
 */
export async function forEachCsvRow(src: TextSource, onRow: (row: CsvRow) => boolean | void, sep = 44): Promise<void> {
  const row = new CsvRow();
  const joiner = new Joiner();
  let lineNo = 0;
  let stop = false;
  let first = true;
  const emitLine = (buf: Uint8Array, a: number, b: number) => {
    if (b > a && buf[b - 1] === 13) b--;
    if (first) {
      first = false;
      if (b - a >= 3 && buf[a] === 0xef && buf[a + 1] === 0xbb && buf[a + 2] === 0xbf) a += 3;
    }
    lineNo++;
    row.buf = buf;
    row.lineNo = lineNo;
    row.count = 0;
    let p = a;
    for (;;) {
      if (p < b && buf[p] === 34) {
        // quoted cell
        let q = p + 1;
        for (;;) {
          const k = buf.indexOf(34, q);
          if (k < 0 || k >= b) {
            q = b;
            break;
          }
          if (buf[k + 1] === 34 && k + 1 < b) {
            q = k + 2;
            continue;
          }
          q = k;
          break;
        }
        row.push(p + 1, q, true);
        const c = buf.indexOf(sep, q);
        if (c < 0 || c >= b) break;
        p = c + 1;
        continue;
      }
      const c = buf.indexOf(sep, p);
      if (c < 0 || c >= b) {
        row.push(p, b, false);
        break;
      }
      row.push(p, c, false);
      p = c + 1;
    }
    if (onRow(row) === false) stop = true;
  };
  await src.stream((chunk, final) => {
    if (stop) return false;
    const buf = joiner.join(chunk);
    let p = 0;
    for (;;) {
      const nl = buf.indexOf(10, p);
      if (nl < 0) break;
      emitLine(buf, p, nl);
      p = nl + 1;
      if (stop) return false;
    }
    if (final && p < buf.length) {
      emitLine(buf, p, buf.length);
      p = buf.length;
    }
    joiner.keep(p);
    return !stop;
  });
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
