/**
 * Reading text entries of a zip archive line by line without unpacking the archive: the central
 * directory is read from the end of the file, and one entry's bytes are streamed from disk through
 * zlib's raw inflate. Memory: the directory plus one chunk, whatever the archive's size (EXIOBASE 3
 * archives hold 1–2 GB text files). Stored (method 0) and deflated (method 8) entries; ZIP64
 * sizes and offsets are read from the ZIP64 records.
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { createInflateRaw } from 'node:zlib';
import { TableFormatError } from '../errors.js';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
}

function damaged(file: string, what: string): TableFormatError {
  return new TableFormatError(file, '', `a damaged zip (${what})`, 'a complete zip archive as downloaded');
}

/** The entries of a zip archive (from its central directory). */
export function zipEntries(file: string): ZipEntry[] {
  const fd = openSync(file, 'r');
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
    if (eocd < 0) throw damaged(file, 'no end-of-central-directory record: truncated?');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || count === 0xffff) {
      // ZIP64 end-of-central-directory locator just before the EOCD
      const loc = eocd - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) throw damaged(file, 'ZIP64 locator missing');
      const rec = Buffer.alloc(56);
      readSync(fd, rec, 0, 56, Number(tail.readBigUInt64LE(loc + 8)));
      if (rec.readUInt32LE(0) !== 0x06064b50) throw damaged(file, 'ZIP64 record missing');
      count = Number(rec.readBigUInt64LE(32));
      cdSize = Number(rec.readBigUInt64LE(40));
      cdOffset = Number(rec.readBigUInt64LE(48));
    }
    if (cdOffset + cdSize > size) throw damaged(file, 'central directory beyond the end of the file: truncated?');
    const cd = Buffer.alloc(cdSize);
    readSync(fd, cd, 0, cdSize, cdOffset);
    const out: ZipEntry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw damaged(file, `central directory entry ${k + 1}`);
      const method = cd.readUInt16LE(p + 10);
      let compressedSize = cd.readUInt32LE(p + 20);
      let usize = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let offset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      // ZIP64 extended information (id 1): the fields that overflowed, in this order
      let e = p + 46 + nameLen;
      const end = e + extraLen;
      while (e + 4 <= end) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 1) {
          let q = e + 4;
          if (usize === 0xffffffff) {
            usize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (offset === 0xffffffff) offset = Number(cd.readBigUInt64LE(q));
        }
        e += 4 + len;
      }
      out.push({ name, method, compressedSize, size: usize, offset });
      p = end + commentLen;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** Streams one entry's lines (CR stripped, 1-based numbers) to `onLine`. */
export async function forEachZipLine(file: string, entry: ZipEntry, onLine: (line: string, lineNo: number) => void): Promise<number> {
  const fd = openSync(file, 'r');
  let start: number;
  try {
    const h = Buffer.alloc(30);
    readSync(fd, h, 0, 30, entry.offset);
    if (h.readUInt32LE(0) !== 0x04034b50) throw damaged(file, `local header of ${entry.name}`);
    start = entry.offset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
    if (start + entry.compressedSize > fstatSync(fd).size) throw damaged(file, `${entry.name} runs past the end of the file: truncated?`);
  } finally {
    closeSync(fd);
  }
  if (entry.method !== 0 && entry.method !== 8)
    throw damaged(file, `${entry.name} uses compression method ${entry.method}; expected stored or deflate`);
  const raw = createReadStream(file, { start, end: start + entry.compressedSize - 1, highWaterMark: 1 << 22 });
  const stream = entry.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 1 << 20 })) : raw;
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let lineNo = 0;
  const emit = (text: string) => {
    let s = 0;
    for (;;) {
      const nl = text.indexOf('\n', s);
      if (nl < 0) break;
      let line = text.slice(s, nl);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (lineNo === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      onLine(line, ++lineNo);
      s = nl + 1;
    }
    rest = text.slice(s);
  };
  try {
    for await (const chunk of stream) emit(rest + decoder.decode(chunk as Buffer, { stream: true }));
  } catch (e) {
    if (e instanceof TableFormatError) throw e;
    throw damaged(file, `${entry.name}: ${(e as Error).message}`);
  } finally {
    raw.destroy();
    stream.destroy();
  }
  emit(rest + decoder.decode());
  if (rest.length) {
    onLine(rest.endsWith('\r') ? rest.slice(0, -1) : rest, ++lineNo);
    rest = '';
  }
  return lineNo;
}
