/**
 * Entropy weight method (Shannon entropy of each indicator's distribution over the units; see
 * docs/index-systems.md): indicators on which units differ more carry more weight.
 */
import type { Matrix } from '@catena/linalg';
import { OptionError } from '../errors.js';
import { isConstant } from './normalise.js';

/**
 * Entropy e_j and weight w_j of each column of a normalised, non-negative matrix X' (n rows):
 *   p_ij = x'_ij / Σ_i x'_ij,   e_j = −(1/ln n) Σ_i p_ij ln p_ij  (0·ln 0 = 0),
 *   w_j = (1 − e_j) / Σ_k (1 − e_k).
 * A constant column, or one summing to 0, is uniform: e_j = 1, weight 0.
 * When every e_j = 1 (no indicator discriminates) the weights are equal, 1/m.
 * Needs n ≥ 2 (ln n is the divisor).
 */
export function entropyWeights(X: Matrix): { weights: Float64Array; entropy: Float64Array } {
  const { rows: n, cols: m, data } = X;
  if (n < 2) throw new OptionError(`entropy weights need at least 2 rows (the divisor is ln n); found ${n}`);
  const k = 1 / Math.log(n);
  const entropy = new Float64Array(m);
  const d = new Float64Array(m);
  let dsum = 0;
  for (let j = 0; j < m; j++) {
    const off = j * n;
    let s = 0;
    for (let i = off; i < off + n; i++) {
      const v = data[i];
      if (!(v >= 0)) {
        throw new OptionError(`entropy weights need non-negative normalised values; column ${j + 1}, row ${i - off + 1} is ${v}`);
      }
      s += v;
    }
    let e = 1; // a constant column is exactly uniform
    if (s > 0 && !isConstant(data, off, n)) {
      // Σ p ln p with p = v/s equals (Σ v ln v)/s − ln s: one log per non-zero cell.
      let h = 0;
      for (let i = off; i < off + n; i++) {
        const v = data[i];
        if (v > 0) h += v * Math.log(v);
      }
      e = -k * (h / s - Math.log(s));
      // Rounding can push e a hair outside [0, 1]; the exact value lies inside.
      e = e < 0 ? 0 : e > 1 ? 1 : e;
    }
    entropy[j] = e;
    d[j] = 1 - e;
    dsum += d[j];
  }
  const weights = new Float64Array(m);
  for (let j = 0; j < m; j++) weights[j] = dsum > 0 ? d[j] / dsum : 1 / m;
  return { weights, entropy };
}
