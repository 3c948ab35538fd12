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
import type { Partition } from '../model/partition.js';

/**
 * Value added by origin in each country-sector's output: G × GN (column j; the home row holds
 * domestic value added). Origins are the table's countries, or the blocks of a partition (a
 * country with its OECD split parts). One transposed solve with G right-hand sides.
 */
export function valueAddedOrigins(model: Model, p?: Partition): Matrix {
  const { N, GN, v, x } = model;
  const G = p ? p.G : model.G;
  const V = new Matrix(GN, G);
  for (let i = 0; i < GN; i++) V.data[i + (p ? p.blockOf[i] : Math.floor(i / N)) * GN] = v[i];
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

/**
 * Shape of the summed origin vectors of a unit (columns idx of O; home origins excluded). `home`
 * is the origin of each row: N (row j's home is ⌊j/N⌋, the table's countries) or a partition's blockOf.
 */
export function chainShape(O: Matrix, home: number | Int32Array, idx: ArrayLike<number>, threshold = 0.01): ChainShape {
  const G = O.rows;
  const foreign = new Float64Array(G);
  let domestic = 0;
  for (let k = 0; k < idx.length; k++) {
    const j = idx[k];
    const h = typeof home === 'number' ? Math.floor(j / home) : home[j];
    for (let r = 0; r < G; r++) {
      const val = O.data[r + j * G];
      if (r === h) domestic += val;
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
