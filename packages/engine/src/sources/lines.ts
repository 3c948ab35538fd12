/**
 * Text line by line with bounded memory: the bytes of a text source (stream.ts: a plain or gzip
 * file, a zip entry, bytes in memory) are split into lines in one reused buffer, so a
 * multi-gigabyte table (GLORIA, Eora, EXIOBASE, OECD ICIO) never sits in memory as text. Memory
 * held: one chunk plus the longest line, and a line longer than MAX_LINE stops the read with an
 * error. Lines are handed on as byte ranges (read their cells with cells.ts) or, for small label
 * files, as strings.
 *
 * Every reader goes through this one line splitter (LineSplitter), one cell cursor and one number
 * parser (cells.ts), and one first-line helper (firstLine).
 */
import { gunzipSync } from 'node:zlib';
import { statSync } from 'node:fs';
import { TableFormatError } from '../errors.js';
import { Cells } from './cells.js';
import { Joiner, readChunks, readHeadBytes } from './files.js';
import { sourceName, textSource, type Source, type SourceOptions, type TextSource } from './stream.js';
import { inflateLimit, isGzipMagic } from './zip.js';

const utf8 = new TextDecoder('utf-8');

/** The longest line any reader takes (a GLORIA row of 39,360 cells is about 0.4 MB). */
export const MAX_LINE = 64 << 20;

/** A line's bytes [start, end) of `buf` (CR and BOM removed), numbered from 1; return false to stop. */
export type ByteLineSink = (buf: Uint8Array, start: number, end: number, lineNo: number) => boolean | void;

/** A line as text (CR and BOM removed), numbered from 1; return false to stop (any other value goes on). */
export type LineSink = (line: string, lineNo: number) => unknown;

/**
 * Splits pieces of bytes into lines: `push` each piece (the last with final = true) and every
 * complete line is handed to the sink as a byte range, without building strings. A CR before the
 * newline and a UTF-8 BOM at the start are removed; a last line without a newline counts.
 * The partial line at the end of a piece is kept for the next one (in a reused buffer).
 */
export class LineSplitter {
  /** Lines handed on so far. */
  lineNo = 0;
  /** Whether the sink asked to stop. */
  stopped = false;
  private readonly joiner = new Joiner();
  private first = true;

  constructor(
    private readonly onLine: ByteLineSink = () => {},
    /** The source's name, for the error on an over-long line. */
    readonly name = '',
    readonly maxLine = MAX_LINE,
  ) {}

  /** Room for the next piece straight after the partial line (see Joiner.space): read into it, then push it. */
  space(n: number): Uint8Array {
    return this.joiner.space(n);
  }

  /** Splits one more piece; returns false once the sink has asked to stop (a ByteSink). */
  push(chunk: Uint8Array, final: boolean): boolean {
    if (this.stopped) return false;
    const buf = this.joiner.join(chunk);
    // complete lines: up to the last newline (to the end in the final piece)
    const end = final ? buf.length : buf.lastIndexOf(10) + 1;
    let a = 0;
    if (this.first && end > 0) {
      this.first = false;
      if (end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) a = 3;
    }
    if (end > a) this.lines(buf, a, end);
    if (buf.length - end > this.maxLine && !this.stopped)
      throw new TableFormatError(
        this.name,
        `line ${this.lineNo + 1}`,
        `a line longer than ${this.maxLine} bytes (no line end)`,
        'a text table with one row a line (is it a binary file or one without line ends?)',
      );
    this.joiner.keep(end);
    return !this.stopped;
  }

  /** Hands on the lines of bytes [a, end), which end at a newline or at the end of the data. */
  protected lines(buf: Uint8Array, a: number, end: number): void {
    // Buffer's indexOf (memchr) finds newlines in long lines several times faster than Uint8Array's
    const view = Buffer.from(buf.buffer, buf.byteOffset, end);
    for (let p = a; p < end;) {
      let nl = view.indexOf(10, p);
      if (nl < 0) nl = end;
      const b = nl > p && buf[nl - 1] === 13 ? nl - 1 : nl;
      if (this.onLine(buf, p, b, ++this.lineNo) === false) {
        this.stopped = true;
        return;
      }
      p = nl + 1;
    }
  }
}

/**
 * The same splitting, handing lines on as strings: the complete lines of each piece are decoded
 * at once (a newline byte never stands inside a UTF-8 character) and split as text, which is
 * much faster than decoding line by line when lines are short.
 */
export class TextLineSplitter extends LineSplitter {
  constructor(
    private readonly onText: LineSink,
    name = '',
  ) {
    super(undefined, name);
  }

  protected override lines(buf: Uint8Array, a: number, end: number): void {
    const s = utf8.decode(buf.subarray(a, end));
    for (let p = 0; p < s.length;) {
      let nl = s.indexOf('\n', p);
      if (nl < 0) nl = s.length;
      const line = nl > p && s.charCodeAt(nl - 1) === 13 ? s.slice(p, nl - 1) : s.slice(p, nl);
      if (this.onText(line, ++this.lineNo) === false) {
        this.stopped = true;
        return;
      }
      p = nl + 1;
    }
  }
}

/**
 * Splits a file, read synchronously straight into the splitter's buffer. Gzip data are inflated
 * at once (bounded by maxBytes or the inflate ratio): this synchronous path is for small label,
 * concordance and panel files; tables stream through forEachSourceLine and forEachRow.
 */
function readLines(path: string, lines: LineSplitter, o: SourceOptions = {}): void {
  if (isGzipMagic(readHeadBytes(path, 2))) {
    const raw = readHeadBytes(path, statSync(path).size);
    let text: Uint8Array;
    try {
      text = gunzipSync(raw, { maxOutputLength: inflateLimit(raw.length, o.maxBytes) });
    } catch (e) {
      throw new TableFormatError(path, 'gzip stream', (e as Error).message, 'a complete gzip file of reasonable size');
    }
    lines.push(text, true);
    return;
  }
  readChunks(
    path,
    (chunk, final) => lines.push(chunk, final),
    undefined,
    (n) => lines.space(n),
  );
}

/**
 * Calls `onLine(line, lineNo)` (numbered from 1, CR and BOM removed) for every line of a plain
 * or gzip file or of a buffer, synchronously; `onLine` may return false to stop. Returns the
 * number of lines handed on.
 */
export function forEachLine(source: string | Uint8Array, onLine: LineSink): number {
  const lines = new TextLineSplitter(onLine, typeof source === 'string' ? source : '');
  if (typeof source !== 'string') {
    lines.push(source, true);
    return lines.lineNo;
  }
  readLines(source, lines);
  return lines.lineNo;
}

/**
 * Calls `onLine(line, lineNo)` (numbered from 1, CR and BOM removed) for every line of a text
 * source (plain, gzip or a zip entry); `onLine` may return false to stop.
 */
export async function forEachSourceLine(src: TextSource, onLine: LineSink): Promise<void> {
  const lines = new TextLineSplitter(onLine, src.name);
  await feed(src, lines);
}

/** The most bytes read to find the end of the first line (layout detection). */
export const MAX_HEAD = 16 << 20;

/**
 * The first `n` complete lines of a text source (fewer when the file is shorter), reading its head
 * until they end: 64 KiB first, then more, up to MAX_HEAD (16 MiB); a first line longer than
 * that is an error.
 */
export function headLines(src: TextSource, n: number): string[] {
  for (let bytes = 1 << 16; ; bytes *= 4) {
    const h = src.head(Math.min(bytes, MAX_HEAD));
    const out: string[] = [];
    const lines = new TextLineSplitter((line) => {
      out.push(line);
      return out.length < n;
    }, src.name);
    // the last line may be cut where the head ends: only a file shorter than the head ends there
    const whole = h.length < Math.min(bytes, MAX_HEAD);
    lines.push(h, whole);
    if (out.length >= n || whole) return out;
    if (bytes >= MAX_HEAD) {
      if (out.length > 0) return out;
      throw new TableFormatError(
        src.name,
        'line 1',
        `no line end in the first ${MAX_HEAD} bytes`,
        'a text table whose header line is shorter than 16 MiB (is it a binary file?)',
      );
    }
  }
}

/** The first line of a plain, gzip or zipped text file or of bytes, or '' when it cannot be read. */
export function firstLine(source: Source): string {
  try {
    return headLines(textSource(source), 1)[0] ?? '';
  } catch (e) {
    if (e instanceof TableFormatError && /no line end/.test(e.found)) throw e;
    return '';
  }
}

/** Options of a row-by-row read. */
export interface RowOptions extends SourceOptions {
  /** The separator byte (default: a comma). */
  sep?: number;
  /** How column j (0-based) is named in messages (default: its 1-based number). */
  columnName?: (j: number) => string;
  /** Keep blank lines (default: skipped). */
  blankLines?: boolean;
}

/**
 * Calls `onRow(cells)` with a cursor on each line of a delimited source (a path, bytes or a text
 * source), asynchronously; `onRow` reads the cells it needs in order (cells.number(),
 * cells.text()) and may return false to stop. The cursor is reused: set its width and
 * columnName as the header says. Blank lines are skipped. Returns the number of lines.
 */
export async function forEachRow(
  source: Source | TextSource,
  onRow: (cells: Cells) => boolean | void,
  o: RowOptions = {},
): Promise<number> {
  const src = typeof source === 'string' || 'bytes' in source ? textSource(source, undefined, o) : source;
  const cells = new Cells(src.name, o.sep ?? 44, o.columnName);
  const keepBlank = o.blankLines ?? false;
  const lines = new LineSplitter((buf, a, b, lineNo) => {
    if (a === b && !keepBlank) return;
    return onRow(cells.line(buf, a, b, lineNo));
  }, src.name);
  await feed(src, lines);
  return lines.lineNo;
}

/** Feeds a source to a splitter: a plain file read synchronously into the splitter's own buffer, anything else streamed. */
async function feed(src: TextSource, lines: LineSplitter): Promise<void> {
  if (src.plainPath !== undefined)
    readChunks(
      src.plainPath,
      (chunk, final) => lines.push(chunk, final),
      undefined,
      (n) => lines.space(n),
    );
  else await src.stream((chunk, final) => lines.push(chunk, final));
}

/**
 * Reads a headerless numeric delimited source (GLORIA, Eora matrices) row by row into one reused
 * row of `width` numbers (copy what you keep), with the one number grammar (cells.ts). Blank
 * lines are skipped. Returns the number of rows.
 */
export async function forEachNumericRow(
  source: Source | TextSource,
  sep: string,
  width: number,
  onRow: (row: Float64Array, lineNo: number) => void,
  o: SourceOptions = {},
): Promise<number> {
  const row = new Float64Array(width);
  let rows = 0;
  await forEachRow(
    source,
    (c) => {
      c.width = width;
      c.headerless = true;
      c.numbers(row, 0, width);
      if (!c.done) {
        if (c.p < c.b) {
          let n = width;
          while (!c.done) {
            c.skip();
            n++;
          }
          throw new TableFormatError(c.file, `line ${c.lineNo}`, `more than ${width} cells (${n})`, `${width} cells`);
        }
      }
      rows++;
      onRow(row, c.lineNo);
    },
    { ...o, sep: sep.charCodeAt(0) },
  );
  return rows;
}

/** A delimited table read whole: its header lines, the label cells and the numbers of each row. */
export interface LabelledRows {
  /** The source's name. */
  file: string;
  /** The header lines' cells (trimmed). */
  header: string[][];
  /** The label cells of each data row (trimmed). */
  labels: string[][];
  /** The numbers of each data row, after its label cells. */
  values: Float64Array[];
  /** 1-based line number of each data row. */
  lines: number[];
  /** The number of label columns. */
  labelColumns: number;
}

/**
 * Reads a delimited table with `headerLines` header lines, then rows of `labelColumns` label
 * cells followed by numbers (one grammar, cells.ts), every row as wide as the first header line.
 * An empty file and a file with a header and no rows are errors that say so. Numbers are kept as
 * one Float64Array a row (the caller places them), so memory is the table's numbers once.
 */
export async function readLabelledRows(
  source: Source,
  o: SourceOptions & {
    sep?: number;
    headerLines?: number;
    labelColumns: number | ((header: string[]) => number);
    expected: string;
    /** Checks a row's labels as it is read (so a wrong file stops at its first bad row). */
    check?: (labels: string[], lineNo: number, header: string[][]) => void;
  },
): Promise<LabelledRows> {
  const nh = o.headerLines ?? 1;
  let nl = typeof o.labelColumns === 'number' ? o.labelColumns : 0;
  const header: string[][] = [];
  const labels: string[][] = [];
  const values: Float64Array[] = [];
  const lines: number[] = [];
  let width = 0;
  let slab = new Float64Array(0);
  let slabUsed = 0;
  const name = (j: number) => header.map((h) => h[j] ?? '').join('/') || String(j + 1);
  const file = await forEachRow(
    source,
    (c) => {
      if (header.length < nh) {
        const h = c.rest().map((x) => x.trim());
        if (header.length === 0) {
          width = h.length;
          if (typeof o.labelColumns === 'function') nl = o.labelColumns(h);
          c.width = width;
          c.columnName = name;
        } else if (h.length !== width)
          throw new TableFormatError(c.file, `line ${c.lineNo}`, `${h.length} cells`, `${width} cells, as line 1`);
        header.push(h);
        return;
      }
      const l: string[] = new Array(nl);
      for (let k = 0; k < nl; k++) l[k] = c.text().trim();
      o.check?.(l, c.lineNo, header);
      // rows are views into 8 MiB slabs: few large allocations instead of one per row
      const w = width - nl;
      if (slabUsed + w > slab.length) {
        slab = new Float64Array(Math.max(w, 1 << 20));
        slabUsed = 0;
      }
      const v = slab.subarray(slabUsed, slabUsed + w);
      slabUsed += w;
      c.numbers(v, 0, w);
      c.end();
      labels.push(l);
      values.push(v);
      lines.push(c.lineNo);
    },
    { ...o, columnName: name },
  ).then(() => sourceName(source));
  if (header.length === 0) throw new TableFormatError(file, '', 'an empty file', o.expected);
  if (values.length === 0)
    throw new TableFormatError(
      file,
      '',
      `${header.length === 1 ? 'a header line' : `${header.length} header lines`} and no data rows`,
      o.expected,
    );
  return { file, header, labels, values, lines, labelColumns: nl };
}

/** A small delimited text file read whole as strings (panels, records): header and rows of cells. */
export interface RawTable {
  file: string;
  header: string[];
  rows: string[][];
  /** 1-based line number in the file of each row. */
  lines: number[];
}

/**
 * The lines of a small text file (plain or gzip), CR and BOM removed, without trailing blank
 * lines: for concordances and panels, not for tables (those stream through forEachRow).
 */
export function textLines(path: string): string[] {
  const out: string[] = [];
  forEachLine(path, (l) => void out.push(l));
  while (out.length && out[out.length - 1].trim() === '') out.pop();
  return out;
}

/** Reads a small delimited file with one header line; every row must have as many cells as the header. */
export function readDelimited(path: string, sep = ','): RawTable {
  const header: string[] = [];
  const rows: string[][] = [];
  const lines: number[] = [];
  const s = sep.charCodeAt(0);
  const cells = new Cells(path, s);
  const splitter = new LineSplitter((buf, a, b, lineNo) => {
    if (a === b) return;
    cells.line(buf, a, b, lineNo);
    const c = cells.rest();
    if (header.length === 0) {
      for (const h of c) header.push(h.trim());
      return;
    }
    if (c.length !== header.length)
      throw new TableFormatError(path, `line ${lineNo}`, `${c.length} cells`, `${header.length} cells, as in the header`);
    rows.push(c);
    lines.push(lineNo);
  }, path);
  readLines(path, splitter);
  if (header.length === 0) throw new TableFormatError(path, '', 'an empty file', 'a header line and data rows');
  return { file: path, header, rows, lines };
}
