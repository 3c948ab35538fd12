/**
 * Zip archives, read through their central directory (at the end of the file), so any entry can
 * be inflated on its own without reading the entries before it; ZIP64 sizes and offsets are read
 * from the ZIP64 records (EXIOBASE 3 archives hold 1–2 GB text files). Stored (method 0) and
 * deflated (method 8) entries. An entry is never inflated past the size its directory declares.
 */
import { closeSync, createReadStream, readSync, fstatSync } from 'node:fs';
import { constants as zlibConstants, createInflateRaw, inflateRawSync } from 'node:zlib';
import { TableFormatError } from '../errors.js';
import { openFile, pump, readHeadBytes, type ByteSink } from './files.js';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  localOffset: number;
}

export const isZipMagic = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
export const isGzipMagic = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

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
export async function streamZipEntryAsync(path: string, entry: ZipEntry, sink: ByteSink, piece = 1 << 16, limit = Infinity): Promise<void> {
  const start = entryDataStart(path, entry);
  const where = `${path}:${entry.name}`;
  const cap = Math.min(limit, entry.size);
  if (entry.size > limit) throw tooLarge(where, `an entry that declares ${entry.size} bytes`, limit);
  if (entry.compressedSize === 0) {
    sink(new Uint8Array(0), true);
    return;
  }
  const file = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: Math.max(piece, 1 << 16) });
  const stream = entry.method === 8 ? file.pipe(createInflateRaw({ chunkSize: piece })) : file;
  let total = 0;
  const got = await pump(
    stream,
    (chunk, final) => {
      total += chunk.length;
      if (total > cap)
        throw total > entry.size
          ? new TableFormatError(
              where,
              'compressed data',
              `more than the ${entry.size} bytes the archive's directory declares for it`,
              'an entry that inflates to its declared size (a damaged or hostile archive)',
            )
          : tooLarge(where, `more than ${cap} bytes of text`, limit);
      return sink(chunk, final);
    },
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

/** The error for text beyond the read limit (maxBytes). */
export function tooLarge(where: string, found: string, limit: number): TableFormatError {
  return new TableFormatError(
    where,
    'size',
    found,
    `at most ${limit} bytes of text (the read limit: a compressed file may inflate to ${INFLATE_RATIO} times its size; pass maxBytes, --max-bytes on the command line, to raise it)`,
  );
}

/** How many times its compressed size a compressed file may inflate to unless maxBytes says otherwise. */
export const INFLATE_RATIO = 200;
/** The least inflate limit of a compressed file (small, very sparse tables compress better than INFLATE_RATIO). */
export const INFLATE_FLOOR = 64 << 20;

/** The read limit of compressed data: maxBytes when given, else INFLATE_RATIO × the compressed size (at least INFLATE_FLOOR). */
export function inflateLimit(compressed: number, maxBytes?: number): number {
  return maxBytes ?? Math.max(INFLATE_FLOOR, INFLATE_RATIO * compressed);
}

/** Reads the first `bytes` bytes of a zip entry (fewer when the entry is shorter), inflating only its head. */
export function zipEntryHead(path: string, entry: ZipEntry, bytes: number): Uint8Array {
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
    return inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) }).toString('utf8');
  } catch (e) {
    throw new TableFormatError(
      `${path}:${entry.name}`,
      'zip entry',
      `damaged compressed data (${(e as Error).message})`,
      'a complete zip archive',
    );
  }
}
