/**
 * Line-by-line reading with bounded memory: a file is read in fixed-size chunks and each line
 * handed to a callback, so a multi-gigabyte table (GLORIA, Eora) never sits in memory as text.
 * Memory held: one chunk plus the longest line.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { TableFormatError } from '../errors.js';

const CHUNK = 1 << 22;

/** Calls `onLine(line, lineNumber)` (1-based, CR stripped) for every line of a file or a buffer. Returns the number of lines. */
export function forEachLine(
  source: string | Uint8Array,
  onLine: (line: string, lineNo: number) => void,
  label = typeof source === 'string' ? source : 'buffer',
): number {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let lineNo = 0;
  const emit = (text: string, final: boolean) => {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      let line = text.slice(start, nl);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (lineNo === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      onLine(line, ++lineNo);
      start = nl + 1;
    }
    rest = text.slice(start);
    if (final && rest.length) {
      let line = rest.endsWith('\r') ? rest.slice(0, -1) : rest;
      if (lineNo === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      onLine(line, ++lineNo);
      rest = '';
    }
  };
  if (typeof source !== 'string') {
    for (let off = 0; off < source.length; off += CHUNK) {
      emit(rest + decoder.decode(source.subarray(off, Math.min(source.length, off + CHUNK)), { stream: true }), false);
    }
    emit(rest + decoder.decode(), true);
    return lineNo;
  }
  let fd: number;
  try {
    fd = openSync(source, 'r');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new TableFormatError(label, '', 'no such file', 'an existing file');
    throw e;
  }
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let head = true;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      if (head && n >= 2 && buf[0] === 0x1f && buf[1] === 0x8b)
        throw new TableFormatError(label, '', 'a gzip file', 'plain text (unpack it first)');
      head = false;
      emit(rest + decoder.decode(buf.subarray(0, n), { stream: true }), false);
    }
    emit(rest + decoder.decode(), true);
  } finally {
    closeSync(fd);
  }
  return lineNo;
}

const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Reads a headerless numeric delimited file (GLORIA, Eora matrices) row by row, parsing numbers
 * from the bytes without building strings: plain decimals with up to 15 significant digits and a
 * power of ten within ±22 are converted exactly as Number() does (one correctly rounded
 * operation); anything else falls back to Number() on the cell's text. Empty cells are 0.
 * `onRow` gets the same buffer each time (copy what you keep). Blank lines are skipped.
 * Returns the number of rows. Memory: one chunk plus the longest line.
 */
export function forEachNumericRow(
  path: string,
  sep: string,
  width: number,
  onRow: (row: Float64Array, lineNo: number) => void,
  label = path,
): number {
  const sepByte = sep.charCodeAt(0);
  const row = new Float64Array(width);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new TableFormatError(label, '', 'no such file', 'an existing file');
    throw e;
  }
  let buf = Buffer.allocUnsafe(CHUNK);
  let len = 0;
  let lineNo = 0;
  let rows = 0;
  const slowCell = (b: Buffer, s: number, e: number, j: number): number => {
    const text = b.toString('utf8', s, e);
    const t = text.trim();
    if (t === '') return 0;
    const v = Number(t);
    if (v === v) return v;
    const u = t.toUpperCase();
    if (u === 'NA' || u === 'NAN') return NaN;
    throw new TableFormatError(label, `line ${lineNo}, column ${j + 1}`, `'${t.slice(0, 40)}'`, 'a number');
  };
  const parseLine = (b: Buffer, s: number, e: number) => {
    if (e > s && b[e - 1] === 13) e--;
    if (e === s) return;
    let p = s;
    let j = 0;
    for (;;) {
      const start = p;
      let v = 0;
      let ok = true;
      let neg = false;
      if (b[p] === 45) {
        neg = true;
        p++;
      } else if (b[p] === 43) p++;
      let mant = 0;
      let sig = 0;
      let scale = 0;
      let digits = 0;
      let c = b[p];
      while (p < e && c >= 48 && c <= 57) {
        if (sig > 0 || c !== 48) sig++;
        mant = mant * 10 + (c - 48);
        digits++;
        c = b[++p];
      }
      if (p < e && c === 46) {
        c = b[++p];
        while (p < e && c >= 48 && c <= 57) {
          if (sig > 0 || c !== 48) sig++;
          mant = mant * 10 + (c - 48);
          scale--;
          digits++;
          c = b[++p];
        }
      }
      if (p < e && (c === 101 || c === 69)) {
        c = b[++p];
        let eneg = false;
        if (c === 45 || c === 43) {
          eneg = c === 45;
          c = b[++p];
        }
        let ex = 0;
        let ed = 0;
        while (p < e && c >= 48 && c <= 57) {
          ex = ex * 10 + (c - 48);
          ed++;
          c = b[++p];
        }
        if (ed === 0) ok = false;
        scale += eneg ? -ex : ex;
      }
      if (digits === 0 || sig > 15 || scale > 22 || scale < -22 || (p < e && c !== sepByte)) ok = false;
      if (ok) {
        v = scale >= 0 ? mant * POW10[scale] : mant / POW10[-scale];
        if (neg) v = -v;
      } else {
        let q = start;
        while (q < e && b[q] !== sepByte) q++;
        v = start === q ? 0 : slowCell(b, start, q, j);
        p = q;
      }
      if (j >= width) {
        if (v !== 0 || start !== p) throw new TableFormatError(label, `line ${lineNo}`, `more than ${width} cells`, `${width} cells`);
      } else row[j] = v;
      j++;
      if (p >= e) break;
      p++; // separator
      if (p >= e) {
        // trailing separator: an empty last cell
        if (j < width) row[j] = 0;
        j++;
        break;
      }
    }
    if (j < width) throw new TableFormatError(label, `line ${lineNo}`, `${j} cells (a truncated line?)`, `${width} cells`);
    rows++;
    onRow(row, lineNo);
  };
  try {
    let head = true;
    for (;;) {
      if (len === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (head && n >= 2 && buf[0] === 0x1f && buf[1] === 0x8b)
        throw new TableFormatError(label, '', 'a gzip file', 'plain text (unpack it first)');
      if (head && n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf.fill(32, 0, 3);
      head = false;
      const end = len + n;
      let s = 0;
      for (;;) {
        const nl = buf.indexOf(10, s);
        if (nl < 0 || nl >= end) break;
        lineNo++;
        parseLine(buf, s, nl);
        s = nl + 1;
      }
      if (n === 0) {
        if (s < end) {
          lineNo++;
          parseLine(buf, s, end);
        }
        break;
      }
      buf.copy(buf, 0, s, end);
      len = end - s;
    }
  } finally {
    closeSync(fd);
  }
  return rows;
}
