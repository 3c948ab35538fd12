/**
 * Files read in chunks with bounded memory: the chunked synchronous read, the head of a file,
 * the Joiner that glues a piece's unconsumed tail to the next piece without allocating, and the
 * pump that feeds a Node stream to a byte sink. zip.ts reads archives on top of this, stream.ts
 * turns files, gzip data, zip entries and in-memory bytes into text sources.
 */
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { TableFormatError } from '../errors.js';

export const CHUNK = 1 << 20;

/** Opens a file for reading, turning the usual errors into a TableFormatError naming the path. */
export function openFile(path: string): number {
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
export async function pump(
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
