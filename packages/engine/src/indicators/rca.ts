/**
 * Value-added ("new") revealed comparative advantage: Koopman, Wang & Wei (2014, AER) §V and
 * Wang, Wei & Zhu (2013, NBER WP 19677).
 *
 * The forward-linkage domestic value added in exports of country-sector i (in country s) is the
 * value added of i embodied in all of country s's gross exports, directly or through other
 * domestic sectors:  f_i = v_i Σ_{j in s} B_ij E_j.
 * RCA_i = (f_i / Σ_{k in s} f_k) / (Σ_{r} f_{r,n} / Σ_all f), n the sector of i — the sector's
 * share in its country's value-added exports over the world's same share (Balassa's ratio on
 * value added instead of gross exports).
 */
import { Matrix } from '@catena/linalg';
import type { Model } from '../model/model.js';
import type { Partition } from '../model/partition.js';

/**
 * f_i = v_i Σ_{j in country(i)} B_ij E_j, from one solve with G right-hand sides. Countries and
 * exports are those of a partition (default model.partition(): OECD split parts with their parent,
 * trade among them not exports).
 */
export function vaExportsForward(model: Model, p: Partition = model.partition()): Float64Array {
  const { GN, v } = model;
  const { G, E, blockOf } = p;
  const R = new Matrix(GN, G);
  for (let i = 0; i < GN; i++) R.data[i + blockOf[i] * GN] = E[i];
  const X = model.solve(R);
  const f = new Float64Array(GN);
  for (let i = 0; i < GN; i++) f[i] = v[i] * X.data[i + blockOf[i] * GN];
  return f;
}
