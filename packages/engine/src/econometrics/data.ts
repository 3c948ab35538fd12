/**
 * Panel data for regressions: named columns of equal length, numeric (Float64Array, NaN for
 * missing) or text (string[], '' for missing). Reading a CSV file into one is in read.ts (Node).
 */
import { TableFormatError } from '../errors.js';

export type Column = Float64Array | string[];

/** A data frame: columns by name, all of length `n`; `file` names the source in messages. */
export interface DataFrame {
  n: number;
  columns: Map<string, Column>;
  file?: string;
  /** For text columns read from a file: the first cell that is not a number ("line 17: 'n/a'"). */
  textBecause?: Map<string, string>;
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
