/**
 * Brute-force references for the shock and extraction tests: the modified matrix built cell by
 * cell and factorised from scratch (an independent dense computation, not the closed forms).
 */
import { LU, Matrix } from '@catena/linalg';
import type { Model } from '../src/model/model.js';

/** Solves (I − M) x = r (or the transpose) with a fresh factorisation of I − M. */
export function freshSolve(M: Matrix, r: Float64Array, trans = false): Float64Array {
  const n = M.rows;
  const I = new Matrix(n, n);
  for (let k = 0; k < n * n; k++) I.data[k] = -M.data[k];
  for (let i = 0; i < n; i++) I.data[i + i * n] += 1;
  return LU.factor(I, { overwrite: true }).solve(r, trans);
}

/** Total final demand. */
export const finalDemand = (m: Model): Float64Array => m.table.Y.rowSums();

/** x̄ − x when the cells `zero(i, j)` of A are removed and final demand is y − dy (Leontief). */
export function bruteLeontief(m: Model, zero: (i: number, j: number) => boolean, dy?: Float64Array): Float64Array {
  const n = m.GN;
  const A = m.A.clone();
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) if (zero(i, j)) A.data[i + j * n] = 0;
  const y = finalDemand(m);
  if (dy) for (let i = 0; i < n; i++) y[i] -= dy[i];
  const x = freshSolve(A, y);
  return x.map((v, i) => v - m.x[i]);
}

/**
 * x̄ − x in the Ghosh model when the cells `zero(i, j)` of B = x̂⁻¹Z are removed, primary inputs
 * kept: x̄' = va' (I − B̄)⁻¹, B built from Z directly (rows of zero-output sectors are zero).
 */
export function bruteGhosh(m: Model, zero: (i: number, j: number) => boolean): Float64Array {
  const n = m.GN;
  const B = new Matrix(n, n);
  const Z = m.table.Z.data;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) if (m.x[i] > 0 && !zero(i, j)) B.data[i + j * n] = Z[i + j * n] / m.x[i];
  }
  const x = freshSolve(B, Float64Array.from(m.va), true);
  return x.map((v, i) => v - m.x[i]);
}
