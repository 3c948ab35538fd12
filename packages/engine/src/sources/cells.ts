/**
 * Cells and numbers straight from bytes, with one number grammar and one NA policy for every
 * reader (delimited text here; the xlsx scanner uses the same number parser).
 *
 * - Grammar: optional blanks, an optional sign, digits with an optional decimal point (or a point
 *   and digits), an optional exponent `e`/`E` with optional sign and digits, optional blanks. The
 *   value is the nearest double, as Number() gives it.
 * - NA policy: an empty or blank cell is 0 (published tables leave zero flows blank). `NA` (any
 *   case, blanks around allowed; China NBS tables mark cells that do not apply so) is a missing
 *   value, NaN: a table keeps it where it stands, IcioTable.validate() reports it as an error and
 *   Model.build refuses it naming the country-sectors, so it is never silently a number. Nothing
 *   else is missing: `NaN`, `Inf`, `Infinity`, `0x10`, `1,5` (a decimal comma), `1e400` (out of
 *   the range of a double) and any other text are errors naming the file, the line and the column.
 *   No cell ever reads as ±Infinity.
 *
 * A row is read with a Cells cursor, cell after cell (number(), text(), skip()), so no reader
 * splits a line into strings or builds a string per numeric cell.
 */
import { TableFormatError } from '../errors.js';

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Where the cell read by the last parseNumberBytes call ended (its stop byte, or b). */
let cellEnd = 0;
/** The exponent read by the last exponentEnd call. */
let exponent = 0;

/** What a number cell must look like (for messages). */
export const NUMBER_GRAMMAR =
  'a number (digits with an optional decimal point and exponent, as 12, -0.5, 1.5E+10; an empty cell reads as 0, NA as missing)';

/**
 * A number from the ASCII bytes of a cell that starts at `a` and ends at the first `stop` byte
 * (a separator; −1 for none) or at `b`: exact for plain decimals with up to 15 digits
 * and a decimal exponent within ±22 (one correctly rounded IEEE operation on exact operands, as
 * Number() gives); other cells go to a strict check of the grammar and Number(). NaN when the
 * cell is empty, blank or not a number of the grammar, or out of range. Where the cell ended is
 * left in the module's `cellEnd`.
 *
 * Only sign, digits and point are read here: kept this small, V8 inlines it into the readers'
 * loops. Exponents and everything else go to otherCell.
 */
export function parseNumberBytes(buf: Uint8Array, a: number, b: number, stop = -1): number {
  let i = a;
  let c = buf[a]; // unguarded: an empty cell with a sign after it is caught by otherCell
  const neg = c === 45;
  if (neg || c === 43) c = buf[++i];
  const from = i;
  let m = 0;
  while (i < b && c >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    c = buf[++i];
  }
  let scale = 0;
  let dot = 0;
  if (i < b && c === 46) {
    dot = 1;
    const f = ++i;
    c = buf[i];
    while (i < b && c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      c = buf[++i];
    }
    scale = f - i;
  }
  // digits read (leading zeros count: more than 15 goes the exact slow way, which is rare)
  const digits = i - from - dot;
  if ((i < b && c !== stop) || digits <= 0 || digits > 15 || scale < -22)
    return otherCell(buf, a, i, b, stop, neg, m, digits, scale, digits);
  cellEnd = i;
  const v = m / POW10[-scale];
  return neg ? -v : v;
}

/**
 * The rest of parseNumberBytes, from where its digits ended (at i): an exponent (exact as above
 * when the cell ends after it), or a cell that runs on to the stop byte and goes to the strict
 * check (NaN when it fails).
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
      if (sig > 15 || p > 22 || p < -22) return strictNumber(buf, a, j);
      const v = p >= 0 ? m * POW10[p] : m / POW10[-p];
      return neg ? -v : v;
    }
  }
  let k = i;
  while (k < b && buf[k] !== stop) k++;
  cellEnd = k < b ? k : b;
  return strictNumber(buf, a, k);
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
    x = x < 1e6 ? x * 10 + (c - 48) : x;
    c = buf[++i];
  }
  exponent = neg ? -x : x;
  return i === from ? e - 1 : i;
}

const GRAMMAR = /^[ \t]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[ \t]*$/;

/** The number of bytes [a, b) when they follow the grammar and are within range, else NaN. */
function strictNumber(buf: Uint8Array, a: number, b: number): number {
  if (b - a > 400) return NaN;
  let s = '';
  for (let k = a; k < b; k++) s += String.fromCharCode(buf[k]);
  if (!GRAMMAR.test(s)) return NaN;
  const v = +s;
  return Number.isFinite(v) ? v : NaN;
}

/** A number from text by the same grammar (NaN when it is not one); '' and blanks are NaN too. */
export function parseNumberText(s: string): number {
  if (!GRAMMAR.test(s)) return NaN;
  const v = +s;
  return Number.isFinite(v) ? v : NaN;
}

/** Whether bytes [a, b) are blanks only (spaces, tabs). */
function blank(buf: Uint8Array, a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (buf[k] !== 32 && buf[k] !== 9) return false;
  return true;
}

/** Whether bytes [a, b) are NA (any case), blanks around allowed. */
function isNA(buf: Uint8Array, a: number, b: number): boolean {
  while (a < b && (buf[a] === 32 || buf[a] === 9)) a++;
  while (b > a && (buf[b - 1] === 32 || buf[b - 1] === 9)) b--;
  return b - a === 2 && (buf[a] | 32) === 110 && (buf[a + 1] | 32) === 97;
}

/** Why a cell is not a number, in words (for the error). */
function notANumber(t: string): string {
  const s = t.trim();
  const shown = `'${s.length > 40 ? s.slice(0, 40) + '…' : s}'`;
  if (/^[+-]?(inf|infinity|nan)$/i.test(s)) return `${shown} (not a finite number)`;
  if (/^[+-]?0x[0-9a-f]+$/i.test(s)) return `${shown} (hexadecimal)`;
  if (/^[+-]?\d+,\d+$/.test(s)) return `${shown} (a decimal comma? numbers use a decimal point)`;
  if (GRAMMAR.test(s)) return `${shown} (out of the range of a double)`;
  return shown;
}

/**
 * A cursor over the cells of one line, read in order: number() and text() return the next cell
 * and move past it. A line ends where its last cell ends; asking for a cell past it is an error
 * naming the line, the cell count found and the one expected (`width`). Quotes are honoured
 * ("a,b" and "" escapes) in text cells and number cells alike.
 */
export class Cells {
  buf: Uint8Array = new Uint8Array(0);
  /** The next cell starts here. */
  p = 0;
  /** The line ends here. */
  b = 0;
  lineNo = 0;
  /** The index of the next cell. */
  j = 0;
  /** No cell is left. */
  done = true;
  /** The number of cells a line should have (for messages; 0: not known). */
  width = 0;
  /** Whether the lines have no header (a short line is then called truncated). */
  headerless = false;

  constructor(
    readonly file: string,
    readonly sep: number,
    /** How column j (0-based) is named in messages. */
    public columnName: (j: number) => string = (j) => String(j + 1),
  ) {}

  /** Starts on the line of bytes [a, b) of buf. */
  line(buf: Uint8Array, a: number, b: number, lineNo: number): this {
    this.buf = buf;
    this.p = a;
    this.b = b;
    this.lineNo = lineNo;
    this.j = 0;
    this.done = false;
    return this;
  }

  /** The next cell as a number (empty or blank: 0; anything else not of the grammar: an error). */
  number(): number {
    if (this.done) throw this.short();
    const v = parseNumberBytes(this.buf, this.p, this.b, this.sep);
    if (v === v) {
      this.move(cellEnd);
      return v;
    }
    return this.slowNumber();
  }

  /**
   * The next `count` cells as numbers into out[at…] (as number() each, in one loop with the
   * cursor in locals: the readers' hot path).
   */
  numbers(out: Float64Array, at: number, count: number): void {
    const buf = this.buf;
    const b = this.b;
    const sep = this.sep;
    let p = this.p;
    for (let k = 0; k < count; k++) {
      if (this.done) throw this.short();
      const v = parseNumberBytes(buf, p, b, sep);
      if (v === v) {
        out[at + k] = v;
        this.j++;
        if (cellEnd >= b) this.done = true;
        else p = cellEnd + 1;
        continue;
      }
      this.p = p;
      out[at + k] = this.slowNumber();
      p = this.p;
    }
    this.p = p;
  }

  private slowNumber(): number {
    const buf = this.buf;
    let a = this.p;
    let e: number;
    let q: number;
    if (buf[a] === 34) {
      e = this.closingQuote(a + 1);
      q = this.sepFrom(e + 1);
      a++;
    } else {
      e = q = cellEnd;
    }
    let v: number;
    if (blank(buf, a, e)) v = 0;
    else if (isNA(buf, a, e)) v = NaN;
    else {
      v = parseNumberBytes(buf, a, e);
      if (v !== v) throw this.bad(latin1.decode(buf.subarray(a, e)));
    }
    this.move(q);
    return v;
  }

  /** The next cell as text (UTF-8, quotes removed, doubled quotes undone; not trimmed). */
  text(): string {
    if (this.done) throw this.short();
    const buf = this.buf;
    const p = this.p;
    if (buf[p] === 34) {
      const e = this.closingQuote(p + 1);
      const t = utf8.decode(buf.subarray(p + 1, e));
      this.move(this.sepFrom(e + 1));
      return t.indexOf('""') >= 0 ? t.replace(/""/g, '"') : t;
    }
    const q = this.sepFrom(p);
    this.move(q);
    return utf8.decode(buf.subarray(p, q));
  }

  /** Moves past the next cell. */
  skip(): void {
    if (this.done) throw this.short();
    const p = this.p;
    this.move(this.buf[p] === 34 ? this.sepFrom(this.closingQuote(p + 1) + 1) : this.sepFrom(p));
  }

  /** All cells left, as text (for headers and label files). */
  rest(): string[] {
    const out: string[] = [];
    while (!this.done) out.push(this.text());
    return out;
  }

  /** Checks that no cell is left (one empty cell after a trailing separator is allowed). */
  end(): void {
    if (this.done) return;
    if (this.p === this.b) return;
    let n = this.j;
    while (!this.done) {
      this.skip();
      n++;
    }
    throw new TableFormatError(
      this.file,
      `line ${this.lineNo}`,
      `${n} cells`,
      this.width ? `${this.width} cells, as in the header` : `${this.j} cells`,
    );
  }

  /** The error for a cell that is not a number (names file, line and column). */
  bad(cell: string): TableFormatError {
    return new TableFormatError(this.file, `line ${this.lineNo}, column ${this.columnName(this.j)}`, notANumber(cell), NUMBER_GRAMMAR);
  }

  private short(): TableFormatError {
    if (this.headerless)
      return new TableFormatError(this.file, `line ${this.lineNo}`, `${this.j} cells (a truncated line?)`, `${this.width} cells`);
    return new TableFormatError(
      this.file,
      `line ${this.lineNo}`,
      `${this.j} cells`,
      this.width ? `${this.width} cells, as in the header` : 'more cells',
    );
  }

  private move(q: number): void {
    this.j++;
    if (q >= this.b) this.done = true;
    else this.p = q + 1;
  }

  private sepFrom(p: number): number {
    const buf = this.buf;
    const b = this.b;
    const sep = this.sep;
    while (p < b && buf[p] !== sep) p++;
    return p;
  }

  /** Where the quoted cell whose text starts at p ends (its closing quote, or the end of the line). */
  private closingQuote(p: number): number {
    const buf = this.buf;
    const b = this.b;
    for (; p < b; p++) {
      if (buf[p] === 34) {
        if (p + 1 < b && buf[p + 1] === 34) p++;
        else return p;
      }
    }
    return b;
  }
}

/** Splits one line of text into cells (quotes honoured): for headers and small label files. */
export function splitCells(line: string, sep = ','): string[] {
  const bytes = new TextEncoder().encode(line);
  return new Cells('', sep.charCodeAt(0)).line(bytes, 0, bytes.length, 1).rest();
}
