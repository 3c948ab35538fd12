/**
 * Chain shape ("snakes and spiders", Baldwin & Venables 2013): how far the sourcing of a
 * country-sector's output reaches abroad.
 *
 * The value added from country r embodied in the output x_j of country-sector j is
 * O[r, j] = (Σ_{i in r} v_i B_ij) · x_j; foreign value added is O[r, j] for r ≠ home(j). From the
 * foreign origins' shares σ_r: the number of origin countries with σ_r ≥ a threshold (1% by
 * default), the Herfindahl–Hirschman index HHI = Σ σ_r² and the effective number 1 / HHI.
 * Aggregates sum O over the unit's country-sectors before forming shares.
 */
import { Matrix } from '@catena/linalg';
import type { Model } from '../model/model.js';

/**
 * Value added by origin country in each country-sector's output: G × GN (column j; the home
 * country's row holds domestic value added). One transposed solve with G right-hand sides.
 */
export function valueAddedOrigins(model: Model): Matrix {
  const { G, N, GN, v, x } = model;
  const V = new Matrix(GN, G);
  for (let r = 0; r < G; r++) for (let i = r * N; i < (r + 1) * N; i++) V.data[i + r * GN] = v[i];
  const X = model.solve(V, true); // X[j, r] = Σ_{i in r} v_i B_ij
  const O = new Matrix(G, GN);
  for (let j = 0; j < GN; j++) {
    const xj = x[j] > 0 ? x[j] : 0;
    for (let r = 0; r < G; r++) O.data[r + j * G] = X.data[j + r * GN] * xj;
  }
  return O;
}

export interface ChainShape {
  foreignShare: number | null;
  origins: number | null;
  hhi: number | null;
  effectiveOrigins: number | null;
}

/** Shape of the summed origin vectors of a unit (columns idx of O; home countries excluded). */
export function chainShape(O: Matrix, N: number, idx: ArrayLike<number>, threshold = 0.01): ChainShape {
  const G = O.rows;
  const foreign = new Float64Array(G);
  let domestic = 0;
  for (let k = 0; k < idx.length; k++) {
    const j = idx[k];
    const home = Math.floor(j / N);
    for (let r = 0; r < G; r++) {
      const val = O.data[r + j * G];
      if (r === home) domestic += val;
      else foreign[r] += val;
    }
  }
  const fsum = foreign.reduce((a, b) => a + b, 0);
  const total = fsum + domestic;
  const none = { foreignShare: null, origins: null, hhi: null, effectiveOrigins: null };
  if (!(total > 0)) return none;
  if (!(fsum > 0)) return { ...none, foreignShare: fsum / total };
  let hhi = 0;
  let count = 0;
  for (let r = 0; r < G; r++) {
    const s = foreign[r] / fsum;
    hhi += s * s;
    if (s >= threshold) count++;
  }
  return { foreignShare: fsum / total, origins: count, hhi, effectiveOrigins: 1 / hhi };
}
