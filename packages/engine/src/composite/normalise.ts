/**
 * Normalisation of indicator columns by direction. Input and output: rows × indicators, column-major.
 *
 * Constant indicators (max = min, or standard deviation 0) carry no information; they never
 * produce NaN: min–max gives every unit 1 (each unit equals the best value observed), z-score
 * gives every unit 0. Weighting methods then give such an indicator weight 0.
 */
import { Matrix } from '@catena/linalg';
import type { Direction } from './panel.js';

/**
 * Min–max normalisation by direction:
 * x'_ij = (x_ij − min_j)/(max_j − min_j) for a benefit indicator, (max_j − x_ij)/(max_j − min_j) for a cost one.
 * Every x' lies in [0, 1], 1 being the best unit on that indicator.
 */
export function minMaxNormalise(X: Matrix, directions: readonly Direction[]): Matrix {
  const { rows: n, cols: m, data } = X;
  const out = new Matrix(n, m);
  const o = out.data;
  for (let j = 0; j < m; j++) {
    const off = j * n;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = off; i < off + n; i++) {
      const v = data[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const range = hi - lo;
    if (!(range > 0)) {
      o.fill(1, off, off + n);
      continue;
    }
    const inv = 1 / range;
    if (directions[j] === 'cost') for (let i = off; i < off + n; i++) o[i] = (hi - data[i]) * inv;
    else for (let i = off; i < off + n; i++) o[i] = (data[i] - lo) * inv;
  }
  return out;
}

/**
 * z-score standardisation by direction: z_ij = ±(x_ij − mean_j)/s_j, with s_j the sample standard
 * deviation (divisor n − 1) and the sign − for a cost indicator, so that higher is better throughout.
 */
export function zScoreNormalise(X: Matrix, directions: readonly Direction[]): Matrix {
  const { rows: n, cols: m, data } = X;
  const out = new Matrix(n, m);
  const o = out.data;
  for (let j = 0; j < m; j++) {
    const off = j * n;
    if (isConstant(data, off, n)) continue; // all zero
    const { mean, sd } = meanSd(data, off, n);
    const f = (directions[j] === 'cost' ? -1 : 1) / sd;
    for (let i = off; i < off + n; i++) o[i] = (data[i] - mean) * f;
  }
  return out;
}

/** Mean and sample standard deviation (divisor n − 1; 0 when n < 2) of data[off, off + n), two-pass. */
export function meanSd(data: Float64Array, off: number, n: number): { mean: number; sd: number } {
  let s = 0;
  for (let i = off; i < off + n; i++) s += data[i];
  const mean = s / n;
  let ss = 0;
  for (let i = off; i < off + n; i++) {
    const d = data[i] - mean;
    ss += d * d;
  }
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

/** Whether data[off, off + n) holds one value only (checked exactly, not through a rounded variance). */
export function isConstant(data: Float64Array, off: number, n: number): boolean {
  const v = data[off];
  for (let i = off + 1; i < off + n; i++) if (data[i] !== v) return false;
  return true;
}
