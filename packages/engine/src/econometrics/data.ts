/**
 * Panel data for regressions: named columns of equal length, numeric (Float64Array, NaN for
 * missing) or text (string[], '' for missing). A CSV column is numeric when every non-missing
 * cell parses as a number; empty cells, NA and NaN are missing.
 */
import { TableFormatError } from '../errors.js';
import { splitCells } from '../sources/cells.js';
import { textLines } from '../sources/lines.js';

export type Column = Float64Array | string[];

/** A data frame: columns by name, all of length `n`; `file` names the source in messages. */
export interface DataFrame {
  n: number;
  columns: Map<string, Column>;
  file?: string;
  /** For text columns read from a file: the first cell that is not a number ("line 17: 'n/a'"). */
  textBecause?: Map<string, string>;
}

const MISSING = new Set(['', 'NA', 'NAN', '.', 'NULL']);

function isMissing(cell: string): boolean {
  return MISSING.has(cell.trim().toUpperCase());
}

function cellsOf(line: string, sep: string): string[] {
  return line.indexOf('"') < 0 ? line.split(sep) : splitCells(line, sep);
}

/**
 * Reads a CSV (or TSV with sep '\t') panel into a DataFrame. Cells are parsed straight into
 * numeric columns, line by line; a column falls back to text at its first cell that is neither a
 * number nor missing (that cell is remembered for error messages).
 */
export function readPanel(path: string, sep = ','): DataFrame {
  const lines = textLines(path);
  if (lines.length === 0) throw new TableFormatError(path, '', 'an empty file', 'a header line and data rows');
  const header = splitCells(lines[0], sep).map((h) => h.trim());
  const m = header.length;
  header.forEach((name, j) => {
    if (name === '') throw new TableFormatError(path, `column ${j + 1} of the header`, 'an empty name', 'a column name');
    if (header.indexOf(name) < j)
      throw new TableFormatError(path, `column ${j + 1} of the header`, `'${name}' a second time`, 'distinct column names');
  });
  const lineOf: number[] = [];
  for (let i = 1; i < lines.length; i++) if (lines[i] !== '') lineOf.push(i);
  const n = lineOf.length;
  const num = header.map(() => new Float64Array(n));
  const text: (string[] | null)[] = header.map(() => null);
  const textBecause = new Map<string, string>();
  const toText = (j: number, upTo: number, cell: string) => {
    textBecause.set(header[j], `line ${lineOf[upTo] + 1}: '${cell.length > 30 ? cell.slice(0, 30) + '…' : cell}'`);
    const t = new Array<string>(n);
    for (let r = 0; r < upTo; r++) {
      const c = cellsOf(lines[lineOf[r]], sep)[j];
      t[r] = isMissing(c) ? '' : c.trim();
    }
    text[j] = t;
  };
  for (let r = 0; r < n; r++) {
    const cells = cellsOf(lines[lineOf[r]], sep);
    if (cells.length !== m)
      throw new TableFormatError(path, `line ${lineOf[r] + 1}`, `${cells.length} cells`, `${m} cells, as in the header`);
    for (let j = 0; j < m; j++) {
      const cell = cells[j];
      const t = text[j];
      if (t) {
        t[r] = isMissing(cell) ? '' : cell.trim();
        continue;
      }
      const v = +cell;
      if (v === v && cell.trim() !== '') num[j][r] = v;
      else if (isMissing(cell)) num[j][r] = NaN;
      else {
        toText(j, r, cell);
        text[j]![r] = cell.trim();
      }
    }
  }
  const columns = new Map<string, Column>();
  header.forEach((name, j) => columns.set(name, text[j] ?? num[j]));
  return { n, columns, file: path, textBecause };
}

/** Builds a DataFrame from columns given in memory (arrays of numbers or strings). */
export function dataFrame(cols: Record<string, ArrayLike<number> | readonly string[]>, file?: string): DataFrame {
  const columns = new Map<string, Column>();
  let n = -1;
  for (const [name, v] of Object.entries(cols)) {
    if (n >= 0 && v.length !== n) throw new RangeError(`column '${name}' has ${v.length} values, expected ${n} as the first column`);
    n = v.length;
    if (Array.isArray(v) && typeof v[0] === 'string') columns.set(name, v as string[]);
    else columns.set(name, v instanceof Float64Array ? v : Float64Array.from(v as ArrayLike<number>));
  }
  return { n: Math.max(0, n), columns, file };
}

/** The column `name`, or an error naming the file and the columns there are. */
export function getColumn(df: DataFrame, name: string): Column {
  const c = df.columns.get(name);
  if (!c) {
    const names = [...df.columns.keys()];
    throw new TableFormatError(
      df.file ?? 'the data',
      `column '${name}'`,
      'no such column',
      `one of ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}`,
    );
  }
  return c;
}

/** Whether row i of a column is missing. */
export function missingAt(c: Column, i: number): boolean {
  return c instanceof Float64Array ? !Number.isFinite(c[i]) : c[i] === '';
}

/**
 * Integer codes 0…levels−1 of a factor column (numbers or text), in order of first appearance,
 * for the rows in `rows`. Missing values get code −1.
 */
export function factorCodes(c: Column, rows: Int32Array): { codes: Int32Array; levels: number; labels: string[] } {
  if (c instanceof Float64Array) {
    const dense = denseIntegerCodes(c, rows);
    if (dense) return dense;
  }
  // One pass in order of first appearance; missingAt decides what counts as missing for either kind.
  const codes = new Int32Array(rows.length);
  const labels: string[] = [];
  const seen = new Map<number | string, number>();
  for (let t = 0; t < rows.length; t++) {
    if (missingAt(c, rows[t])) {
      codes[t] = -1;
      continue;
    }
    const v = c[rows[t]];
    let k = seen.get(v);
    if (k === undefined) {
      k = seen.size;
      seen.set(v, k);
      labels.push(String(v));
    }
    codes[t] = k;
  }
  return { codes, levels: seen.size, labels };
}

/**
 * The fast path of factorCodes for integer codes in a range no wider than a few times the number
 * of rows (ids, years): a lookup array instead of a hash map. Undefined when that does not apply.
 */
function denseIntegerCodes(c: Float64Array, rows: Int32Array): { codes: Int32Array; levels: number; labels: string[] } | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < rows.length; t++) {
    const v = c[rows[t]];
    if (v !== Math.floor(v)) return undefined; // fractions, NaN, ±Infinity
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (rows.length === 0 || hi - lo > 4 * rows.length + 1024) return undefined;
  const map = new Int32Array(hi - lo + 1).fill(-1);
  const codes = new Int32Array(rows.length);
  const labels: string[] = [];
  for (let t = 0; t < rows.length; t++) {
    const v = c[rows[t]];
    let k = map[v - lo];
    if (k < 0) {
      k = map[v - lo] = labels.length;
      labels.push(String(v));
    }
    codes[t] = k;
  }
  return { codes, levels: labels.length, labels };
}
