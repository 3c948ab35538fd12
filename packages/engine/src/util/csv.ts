import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { TableFormatError } from '../errors.js';

/** Reads a text file, gunzipping it when it is gzip (by its magic bytes, not its name). */
export function readText(path: string): string {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new TableFormatError(path, '', 'no such file', 'an existing file path');
    if (err.code === 'EISDIR') throw new TableFormatError(path, '', 'a directory', 'a file');
    throw e;
  }
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf);
    } catch (e) {
      throw new TableFormatError(path, '', `a damaged gzip stream (${(e as Error).message})`, 'a complete gzip file');
    }
  }
  let s = buf.toString('utf8');
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  return s;
}

/** Splits one CSV line; quotes are honoured ("a,b" and "" escapes), with a fast path for lines without them. */
export function splitCsvLine(line: string, sep = ','): string[] {
  if (line.indexOf('"') < 0) return line.split(sep);
  const out: string[] = [];
  let cur = '';
  let inQ = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inQ) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else inQ = false;
      } else cur += ch;
    } else if (ch === '"') inQ = true;
    else if (ch === sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Lines of a text, without a trailing empty line, CR stripped. */
export function textLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
}

/** Parses a numeric cell; an empty cell is 0; anything else that is not a number is an error naming the place. */
export function parseNumber(cell: string, file: string, line: number, column: string): number {
  const v = +cell;
  if (v === v && cell.trim() !== '') return v; // fast path: a finite or infinite numeric literal
  const t = cell.trim();
  if (t === '') return 0;
  const u = t.toUpperCase();
  if (u === 'NA' || u === 'NAN') return NaN;
  throw new TableFormatError(file, `line ${line}, column ${column}`, `'${cell.length > 40 ? cell.slice(0, 40) + '…' : cell}'`, 'a number');
}

/** A parsed delimited file: header cells and rows of raw cells, with the line number of each row. */
export interface RawTable {
  file: string;
  header: string[];
  rows: string[][];
  /** 1-based line number in the file of each row. */
  lines: number[];
}

/** Reads a delimited file with one header line; every row must have as many cells as the header. */
export function readDelimited(path: string, sep = ','): RawTable {
  const lines = textLines(readText(path));
  if (lines.length === 0) throw new TableFormatError(path, '', 'an empty file', 'a header line and data rows');
  const header = splitCsvLine(lines[0], sep).map((h) => h.trim());
  const rows: string[][] = [];
  const nums: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const cells = splitCsvLine(lines[i], sep);
    if (cells.length !== header.length) {
      throw new TableFormatError(path, `line ${i + 1}`, `${cells.length} cells`, `${header.length} cells, as in the header`);
    }
    rows.push(cells);
    nums.push(i + 1);
  }
  return { file: path, header, rows, lines: nums };
}
