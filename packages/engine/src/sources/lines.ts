/**
 * Text line by line, CSV rows and numbers straight from bytes, with bounded memory: the bytes of
 * a file, a buffer or a text source (stream.ts: plain, gzip or a zip entry) are split into lines
 * in one reused buffer, so a multi-gigabyte table (GLORIA, Eora, EXIOBASE, OECD ICIO) never sits
 * in memory as text. Memory held: one chunk plus the longest line.
 *
 * Every reader goes through one line splitter (LineSplitter) and one number parser
 * (parseNumberBytes).
 */
import { TableFormatError } from '../errors.js';
import { Joiner, readChunks, textSource, type TextSource } from './stream.js';

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

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

  constructor(private readonly onLine: ByteLineSink = () => {}) {}

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
  constructor(private readonly onText: LineSink) {
    super();
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

/** Decodes bytes [a, b) as UTF-8. */
const text = (buf: Uint8Array, a: number, b: number): string => utf8.decode(buf.subarray(a, b));

/** Splits a plain text file, read synchronously straight into the splitter's buffer; gzip data are refused. */
function readLines(path: string, lines: LineSplitter): void {
  let head = true;
  readChunks(
    path,
    (chunk, final) => {
      if (head && chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b)
        throw new TableFormatError(path, '', 'a gzip file', 'plain text (unpack it first)');
      head = false;
      return lines.push(chunk, final);
    },
    undefined,
    (n) => lines.space(n),
  );
}

/**
 * Calls `onLine(line, lineNo)` (numbered from 1, CR and BOM removed) for every line of a plain
 * text file or of a buffer, synchronously; `onLine` may return false to stop. Returns the number
 * of lines handed on.
 */
export function forEachLine(source: string | Uint8Array, onLine: LineSink): number {
  const lines = new TextLineSplitter(onLine);
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
  const lines = new TextLineSplitter(onLine);
  await src.stream((chunk, final) => lines.push(chunk, final));
}

/** The first `n` complete lines within the first `bytes` of a text source (fewer when the file is shorter). */
export function headLines(src: TextSource, n: number, bytes = 1 << 16): string[] {
  const h = src.head(bytes);
  const out: string[] = [];
  const lines = new TextLineSplitter((line) => {
    out.push(line);
    return out.length < n;
  });
  // the last line may be cut where the head ends: only a file shorter than `bytes` ends there
  lines.push(h, h.length < bytes);
  return out;
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
// Numbers straight from bytes

const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Where the cell read by the last parseNumberBytes call ended (its stop byte, or b). */
let cellEnd = 0;
/** The exponent read by the last exponentEnd call. */
let exponent = 0;

/**
 * A number from the ASCII bytes of a cell that starts at `a` and ends at the first `stop` byte
 * (a separator; −1 for none) or at `b`: exact for plain decimals with up to 15 significant digits
 * and a decimal exponent within ±22 (one correctly rounded IEEE operation on exact operands, as
 * Number() gives); a cell with other characters after a digit goes to Number(). NaN when the
 * cell is empty or not a number (the caller decides what an empty, NA or blank-padded cell
 * means). Where the cell ended (its stop byte or b) is left in the module's `cellEnd`, for
 * forEachNumericRow.
 *
 * Only sign, digits and point are read here: kept this small, V8 inlines it into the readers'
 * loops. Exponents and everything else go to otherCell.
 */
export function parseNumberBytes(buf: Uint8Array, a: number, b: number, stop = -1): number {
  let i = a;
  let c = buf[a]; // unguarded: an empty cell with a sign after it is caught by otherCell
  const neg = c === 45;
  if (neg || c === 43) c = buf[++i];
  let m = 0;
  let sig = 0;
  let scale = 0;
  let digits = 0;
  while (i < b && c >= 48 && c <= 57) {
    if (sig > 0 || c !== 48) sig++;
    m = m * 10 + (c - 48);
    digits++;
    c = buf[++i];
  }
  if (i < b && c === 46) {
    c = buf[++i];
    while (i < b && c >= 48 && c <= 57) {
      if (sig > 0 || c !== 48) sig++;
      m = m * 10 + (c - 48);
      scale--;
      digits++;
      c = buf[++i];
    }
  }
  if ((i < b && c !== stop) || digits === 0 || sig > 15 || scale < -22) return otherCell(buf, a, i, b, stop, neg, m, sig, scale, digits);
  cellEnd = i;
  const v = m / POW10[-scale];
  return neg ? -v : v;
}

/**
 * The rest of parseNumberBytes, from where its digits ended (at i): an exponent (exact as above
 * when the cell ends after it), or a cell that runs on to the stop byte and goes to Number() (NaN
 * without a digit).
 */
function otherCell(
  buf: Uint8Array,
  a: number,
  i: number,
  b: number,
  stop: number,
  neg: boolean,
  m: number,
  sig: number,
  scale: number,
  digits: number,
): number {
  if (digits > 0 && i < b && (buf[i] === 101 || buf[i] === 69)) {
    const j = exponentEnd(buf, i + 1, b);
    if (j > i && (j >= b || buf[j] === stop)) {
      cellEnd = j;
      const p = scale + exponent;
      if (sig > 15 || p > 22 || p < -22) return slowNumber(buf, a, j);
      const v = p >= 0 ? m * POW10[p] : m / POW10[-p];
      return neg ? -v : v;
    }
  }
  let k = i;
  while (k < b && buf[k] !== stop) k++;
  cellEnd = k < b ? k : b;
  return digits === 0 ? NaN : slowNumber(buf, a, k);
}

/**
 * Reads an exponent's sign and digits from `e` (just after the E) into `exponent`; returns where
 * they end, or the E's place when there are no digits (the cell is then not a plain number).
 */
function exponentEnd(buf: Uint8Array, e: number, b: number): number {
  let i = e;
  let c = buf[i];
  const neg = c === 45;
  if (i < b && (neg || c === 43)) c = buf[++i];
  const from = i;
  let x = 0;
  while (i < b && c >= 48 && c <= 57) {
    x = x * 10 + (c - 48);
    c = buf[++i];
  }
  exponent = neg ? -x : x;
  return i === from ? e - 1 : i;
}

function slowNumber(buf: Uint8Array, a: number, b: number): number {
  let s = '';
  for (let k = a; k < b; k++) s += String.fromCharCode(buf[k]);
  return s.trim() === '' ? NaN : +s;
}

// ---------------------------------------------------------------------------------------------
// CSV rows

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
    const t = text(this.buf, this.start[k], this.end[k]);
    return this.quoted[k] ? t.replace(/""/g, '"') : t;
  }

  /** Cell k as a number: 0 when empty or NA, NaN when it is not a number. */
  number(k: number): number {
    const s = this.start[k];
    const e = this.end[k];
    if (s === e) return 0;
    const v = parseNumberBytes(this.buf, s, e);
    if (v === v) return v;
    const t = this.raw(k).trim().toUpperCase();
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
  const lines = new LineSplitter((buf, a, b, lineNo) => {
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
    return onRow(row);
  });
  await src.stream((chunk, final) => lines.push(chunk, final));
}

// ---------------------------------------------------------------------------------------------
// Numeric matrices

/**
 * Reads a headerless numeric delimited file (GLORIA, Eora matrices) row by row, synchronously,
 * with parseNumberBytes. Empty cells are 0, NA and NaN are NaN, anything else that Number() does
 * not read is an error naming line and column. `onRow` gets the same buffer each time (copy what
 * you keep). Blank lines are skipped. Returns the number of rows. Memory: one chunk plus the
 * longest line.
 */
export function forEachNumericRow(path: string, sep: string, width: number, onRow: (row: Float64Array, lineNo: number) => void): number {
  const sepByte = sep.charCodeAt(0);
  const row = new Float64Array(width);
  let rows = 0;
  const slowCell = (b: Uint8Array, s: number, e: number, lineNo: number, j: number): number => {
    const t = text(b, s, e).trim();
    if (t === '') return 0;
    const v = Number(t);
    if (v === v) return v;
    const u = t.toUpperCase();
    if (u === 'NA' || u === 'NAN') return NaN;
    throw new TableFormatError(path, `line ${lineNo}, column ${j + 1}`, `'${t.slice(0, 40)}'`, 'a number');
  };
  const lines = new LineSplitter((b, s, e, lineNo) => {
    if (e === s) return;
    let p = s;
    let j = 0;
    for (;;) {
      let v = parseNumberBytes(b, p, e, sepByte);
      const q = cellEnd;
      if (v !== v) v = q === p ? 0 : slowCell(b, p, q, lineNo, j);
      if (j >= width) {
        if (v !== 0 || q !== p) throw new TableFormatError(path, `line ${lineNo}`, `more than ${width} cells`, `${width} cells`);
      } else row[j] = v;
      j++;
      if (q >= e) break;
      p = q + 1; // past the separator
      if (p >= e) {
        // trailing separator: an empty last cell
        if (j < width) row[j] = 0;
        j++;
        break;
      }
    }
    if (j < width) throw new TableFormatError(path, `line ${lineNo}`, `${j} cells (a truncated line?)`, `${width} cells`);
    rows++;
    onRow(row, lineNo);
  });
  readLines(path, lines);
  return rows;
}
