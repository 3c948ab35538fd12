import { DimensionError } from './errors.js';

/** A dense matrix stored column-major in a Float64Array: entry (i, j) is data[i + j·rows]. */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new DimensionError(`matrix dimensions must be non-negative integers, got ${rows} × ${cols}`);
    }
    if (data && data.length !== rows * cols) {
      throw new DimensionError(`data has ${data.length} entries, expected ${rows} × ${cols} = ${rows * cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(rows * cols);
  }

  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  static identity(n: number): Matrix {
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) m.data[i + i * n] = 1;
    return m;
  }

  /** From an array of rows (row-major nested arrays, as written on paper). */
  static fromRows(rows: readonly (readonly number[])[]): Matrix {
    const r = rows.length;
    const c = r === 0 ? 0 : rows[0].length;
    const m = new Matrix(r, c);
    rows.forEach((row, i) => {
      if (row.length !== c) throw new DimensionError(`row ${i} has ${row.length} entries, expected ${c}`);
      row.forEach((v, j) => (m.data[i + j * r] = v));
    });
    return m;
  }

  /** A diagonal matrix with v on its diagonal. */
  static diag(v: ArrayLike<number>): Matrix {
    const n = v.length;
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) m.data[i + i * n] = v[i];
    return m;
  }

  get(i: number, j: number): number {
    return this.data[i + j * this.rows];
  }

  set(i: number, j: number, v: number): void {
    this.data[i + j * this.rows] = v;
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /** Column j as a view (no copy). */
  col(j: number): Float64Array {
    return this.data.subarray(j * this.rows, (j + 1) * this.rows);
  }

  /** Row i as a new array. */
  row(i: number): Float64Array {
    const out = new Float64Array(this.cols);
    for (let j = 0; j < this.cols; j++) out[j] = this.data[i + j * this.rows];
    return out;
  }

  transpose(): Matrix {
    const t = new Matrix(this.cols, this.rows);
    const { rows, cols, data } = this;
    for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) t.data[j + i * cols] = data[i + j * rows];
    return t;
  }

  rowSums(): Float64Array {
    const out = new Float64Array(this.rows);
    for (let j = 0; j < this.cols; j++) {
      const o = j * this.rows;
      for (let i = 0; i < this.rows; i++) out[i] += this.data[o + i];
    }
    return out;
  }

  colSums(): Float64Array {
    const out = new Float64Array(this.cols);
    for (let j = 0; j < this.cols; j++) {
      const o = j * this.rows;
      let s = 0;
      for (let i = 0; i < this.rows; i++) s += this.data[o + i];
      out[j] = s;
    }
    return out;
  }

  /** The sub-block rows [r0, r0+nr) × columns [c0, c0+nc), copied. */
  block(r0: number, c0: number, nr: number, nc: number): Matrix {
    const b = new Matrix(nr, nc);
    for (let j = 0; j < nc; j++) {
      const src = r0 + (c0 + j) * this.rows;
      b.data.set(this.data.subarray(src, src + nr), j * nr);
    }
    return b;
  }

  /** Nested rows, for printing and JSON. */
  toRows(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }
}
