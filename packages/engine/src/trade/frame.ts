/**
 * Frame: the country blocks a decomposition works with — the model's partition (model/partition.ts).
 *
 * Normally a country's block is its N rows. A table read with `keepSplits` (OECD ICIO with
 * CN1–CN4 and MX1–MX3) keeps the split parts as rows of their own, and the partition puts them in
 * their parent's domestic block (CHN = CHN ∪ CN1 ∪ CN2, MEX = MEX ∪ MX1 ∪ MX2), as the OECD TiVA
 * indicators and R `exvatools` do: the local inverse, "domestic" and "exports" are then those of
 * the whole country, and results are reported for the parent with the parts summed by sector.
 * (Melding the rows and columns first, the default of the readers, changes A and gives slightly
 * different multipliers: aggregation is not neutral in input-output analysis.) User blocks
 * ({ NAFTA: ['MEX', 'USA'] }) are blocks of the same partition.
 *
 * Every array is over the model's rows (index i < GN, country-major as in the table); the
 * country of row i is cOf[i] (a frame country), its sector nOf[i].
 */
import type { Matrix } from '@catena/linalg';
import type { Model } from '../model/model.js';
import type { BlockSpec, Partition } from '../model/partition.js';

export { resolveBlocks } from '../model/partition.js';

/** The partition a decomposition runs on. */
export type Frame = Partition<Model>;

/** The frame of a model: model.partition(blocks) (cached by the model). */
export function frameOf(model: Model, blocks: BlockSpec = {}): Frame {
  return model.partition(blocks);
}

/**
 * `build` computed once per frame: the returned function keeps its value in a WeakMap keyed by
 * the frame (dropped with it). The decompositions' per-frame tables (local inverses, W and w,
 * term cubes, the Borin–Mancini context) are cached with it.
 */
export function perFrame<T>(build: (f: Frame) => T): (f: Frame) => T {
  const cache = new WeakMap<Frame, T>();
  return (f) => {
    let value = cache.get(f);
    if (value === undefined) {
      value = build(f);
      cache.set(f, value);
    }
    return value;
  };
}

/** Local Leontief inverse (I − A_ss)⁻¹ over the rows of frame country s (n_s × n_s): the partition's, cached there. */
export function localInverseOf(f: Frame, s: number): Matrix {
  return f.localInverse(s);
}

/**
 * W (GN × G): W[j, t] = Σ_{k ∈ t} v_k B_kj, the value added of country t embodied in one unit of
 * output of row j (from the global inverse B). Σ_t W[j, t] = 1 where x_j > 0. Cached per frame.
 */
export const vaByOrigin = perFrame((f: Frame): Float64Array => {
  const { G, GN, cOf } = f;
  const v = f.model.vTrace;
  const B = f.model.B.data;
  const W = new Float64Array(GN * G);
  for (let j = 0; j < GN; j++) {
    const o = j * GN;
    for (let k = 0; k < GN; k++) W[j + cOf[k] * GN] += v[k] * B[o + k];
  }
  return W;
});

/** w[j] = Σ_{k ∈ s} v_k (L_ss)_kj for row j of country s: domestic value added through local loops (cached per frame). */
export const vaLocal = perFrame((f: Frame): Float64Array => {
  const v = f.model.vTrace;
  const w = new Float64Array(f.GN);
  for (let s = 0; s < f.G; s++) {
    const rs = f.rows[s];
    const n = rs.length;
    const L = localInverseOf(f, s).data;
    for (let b = 0; b < n; b++) {
      let sum = 0;
      for (let a = 0; a < n; a++) sum += v[rs[a]] * L[a + b * n];
      w[rs[b]] = sum;
    }
  }
  return w;
});
