/**
 * TOPSIS, the Technique for Order Preference by Similarity to an Ideal Solution (Hwang & Yoon
 * 1981): units are ranked by their relative closeness to the ideal unit and distance from the
 * anti-ideal one.
 */
import type { Matrix } from '@catena/linalg';
import type { Direction } from './panel.js';

export interface TopsisResult {
  /** C_i = D⁻_i / (D⁺_i + D⁻_i), in [0, 1]. */
  closeness: Float64Array;
  /** Distance to the ideal unit. */
  dPlus: Float64Array;
  /** Distance to the anti-ideal unit. */
  dMinus: Float64Array;
}

/**
 * TOPSIS on the raw data X (n × m, not min–max normalised):
 *   r_ij = x_ij / √(Σ_i x_ij²)   (vector normalisation; an all-zero column stays 0),
 *   v_ij = w_j r_ij,   A⁺_j = max_i v_ij for benefit, min_i for cost; A⁻_j the reverse,
 *   D⁺_i = ‖v_i − A⁺‖,  D⁻_i = ‖v_i − A⁻‖,  C_i = D⁻_i / (D⁺_i + D⁻_i).
 * A constant indicator has A⁺_j = A⁻_j and adds nothing to either distance. When D⁺_i + D⁻_i = 0
 * (all units equal on every weighted indicator) each unit is the ideal unit and C_i = 1.
 */
export function topsis(X: Matrix, w: ArrayLike<number>, directions: readonly Direction[]): TopsisResult {
  const { rows: n, cols: m, data } = X;
  const d2p = new Float64Array(n);
  const d2m = new Float64Array(n);
  const v = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    const off = j * n;
    let ss = 0;
    for (let i = off; i < off + n; i++) ss += data[i] * data[i];
    if (!(ss > 0) || w[j] === 0) continue;
    const f = w[j] / Math.sqrt(ss);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = data[off + i] * f;
      v[i] = x;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    const best = directions[j] === 'cost' ? lo : hi;
    const worst = directions[j] === 'cost' ? hi : lo;
    for (let i = 0; i < n; i++) {
      const a = v[i] - best;
      const b = v[i] - worst;
      d2p[i] += a * a;
      d2m[i] += b * b;
    }
  }
  const closeness = new Float64Array(n);
  const dPlus = new Float64Array(n);
  const dMinus = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = Math.sqrt(d2p[i]);
    const q = Math.sqrt(d2m[i]);
    dPlus[i] = p;
    dMinus[i] = q;
    closeness[i] = p + q > 0 ? q / (p + q) : 1;
  }
  return { closeness, dPlus, dMinus };
}
