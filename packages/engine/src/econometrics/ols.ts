/**
 * Least squares on a dense design: β = (XᵀX)⁻¹Xᵀy, with XᵀX from one BLAS product and its
 * inverse from one LU factorisation (@catena/linalg). Collinear columns are found first by a
 * Cholesky elimination of the scaled XᵀX and dropped (as `fixest` does, tolerance 1e-10), so the
 * remaining XᵀX is well conditioned.
 */
import { Matrix, lu, matmul, matvec } from '@catena/linalg';

/** Columns to a column-major n × k matrix. */
export function designMatrix(cols: readonly Float64Array[], n: number): Matrix {
  const X = new Matrix(n, cols.length);
  cols.forEach((c, j) => X.data.set(c.length === n ? c : c.subarray(0, n), j * n));
  return X;
}

/**
 * Indices of the columns of X to keep: a column whose squared norm, after removing its
 * projection on the earlier kept columns, is below tol times its own squared norm is collinear.
 */
export function collinearColumns(XtX: Matrix, tol = 1e-10): { keep: number[]; dropped: number[] } {
  const k = XtX.rows;
  const keep: number[] = [];
  const dropped: number[] = [];
  // L holds the Cholesky factor of the kept block, row by row (k small: plain loops).
  const L: number[][] = [];
  for (let j = 0; j < k; j++) {
    const ajj = XtX.get(j, j);
    if (!(ajj > 0)) {
      dropped.push(j);
      continue;
    }
    const row: number[] = [];
    for (let p = 0; p < keep.length; p++) {
      let s = XtX.get(keep[p], j);
      for (let q = 0; q < p; q++) s -= L[p][q] * row[q];
      row.push(s / L[p][p]);
    }
    let d = ajj;
    for (const r of row) d -= r * r;
    if (d <= tol * ajj) {
      dropped.push(j);
      continue;
    }
    row.push(Math.sqrt(d));
    L.push(row);
    keep.push(j);
  }
  return { keep, dropped };
}

export interface LeastSquares {
  beta: Float64Array;
  /** (XᵀX)⁻¹, the bread of every sandwich. */
  bread: Matrix;
  resid: Float64Array;
  rss: number;
}

/** β = (XᵀX)⁻¹Xᵀy for a design with full column rank, residuals y − Xβ. */
export function leastSquares(X: Matrix, y: Float64Array, context = 'XᵀX'): LeastSquares {
  const XtX = matmul(X, X, { transA: true });
  const bread = lu(XtX, { context, rcondMin: 1e-15 }).inverse();
  const Xty = matvec(X, y, true);
  const beta = matvec(bread, Xty);
  const fit = matvec(X, beta);
  const resid = new Float64Array(y.length);
  let rss = 0;
  for (let i = 0; i < y.length; i++) {
    const e = y[i] - fit[i];
    resid[i] = e;
    rss += e * e;
  }
  return { beta, bread, resid, rss };
}

/** Residual sum of squares of y regressed on X (0 columns: Σ y²). */
export function residualSS(X: Matrix, y: Float64Array): number {
  if (X.cols === 0) {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] * y[i];
    return s;
  }
  return leastSquares(X, y).rss;
}
