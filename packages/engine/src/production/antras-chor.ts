/**
 * Upstreamness and downstreamness corrected for net inventories: Antràs & Chor (2018), "On the
 * Measurement of Upstreamness and Downstreamness in Global Value Chains" (in World Trade
 * Evolution, Routledge; NBER WP 24185).
 *
 * With gross output Y_i (= x_i), the net inventory change N_i (the inventory final-demand category
 * summed over absorbing countries), final use F_i (every other category) and Z the intermediate flows:
 *
 *   Δ_ij = Z_ij / (Y_i − N_i),            U = (I − Δ)⁻¹ 1                 upstreamness
 *   final_use_share_i = F_i / (Y_i − N_i)
 *   Ã_ij = Z_ij (Y_i / (Y_i − N_i)) / Y_j, D' = 1'(I − Ã)⁻¹              downstreamness
 *   va_output_share_j = 1 − Σ_i Ã_ij
 *
 * Country-sectors with Y_i ≤ 0 (or Y_i − N_i ≤ 0) have zero rows in Δ and zero rows and columns
 * in Ã: U = D = va_output_share = 1 and the final-use share is empty. One factorisation of I − Δ
 * serves both U and D, since Ã is Δ under a diagonal similarity on those rows (see below); Δ
 * differs from the model's A by row scalings, not a low-rank update, so it is factorised anew.
 *
 * The inventory category per layout (inventoryCategory): INVEN in WIOD (2013, 2016 releases),
 * INVNT in OECD ICIO (every edition), ADB MRIO and FIGARO (P5M), else a category whose name says
 * "inventor…" (EXIOBASE, Eora, GLORIA: "Changes in inventories").
 */
import { LU, Matrix } from '@catena/linalg';
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { RatioParts } from './lengths.js';

const CODES = ['INVEN', 'INVNT', 'INV', 'P52', 'P5M'];

/** Index of the inventory-change category among the table's final-demand categories (OptionError if none or several). */
export function inventoryCategory(fdCategories: readonly string[]): number {
  const hits = fdCategories.map((c, k) => [c, k] as const).filter(([c]) => CODES.includes(c.trim().toUpperCase()) || /inventor/i.test(c));
  if (hits.length === 1) return hits[0][1];
  throw new OptionError(
    `inventoryCorrection: ${hits.length === 0 ? 'no' : 'more than one'} final-demand category is the change in inventories ` +
      `(found ${fdCategories.join(', ')}; expected one of ${CODES.join(', ')} or a name containing "inventor")`,
    'inventoryCorrection',
  );
}

export interface AntrasChor {
  /** U_i (num U_i, den 1, weight x_i⁺). */
  upstreamness: RatioParts;
  /** D_j (num D_j, den 1, weight x_j⁺). */
  downstreamness: RatioParts;
  /** F_i / (Y_i − N_i) (null where Y_i ≤ 0 or Y_i − N_i ≤ 0). */
  finalUseShare: RatioParts;
  /** 1 − Σ_i Ã_ij (num, den 1, weight x_j⁺). */
  vaOutputShare: RatioParts;
  /** Inventory change N_i and final use F_i of each row. */
  N: Float64Array;
  F: Float64Array;
}

/**
 * The Antràs–Chor measures of a model. With `inventories: false` N = 0 (no correction): U is then
 * the row sums of the Ghosh inverse and D the column sums of B, as the uncorrected ids.
 */
export function antrasChor(model: Model, inventories = true): AntrasChor {
  const { GN, x } = model;
  const t = model.table;
  const F_ = t.F;
  const N = new Float64Array(GN);
  const y = new Float64Array(GN);
  const inv = inventories ? inventoryCategory(t.fdCategories) : -1;
  const Y = t.Y.data;
  for (let c = 0; c < t.Y.cols; c++) {
    const o = c * GN;
    const isInv = c % F_ === inv;
    for (let i = 0; i < GN; i++) {
      y[i] += Y[o + i];
      if (isInv) N[i] += Y[o + i];
    }
  }
  const F = y.map((v, i) => v - N[i]);
  const D = x.map((xi, i) => xi - N[i]);
  const ok = Uint8Array.from(x, (xi, i) => (xi > 0 && D[i] > 0 ? 1 : 0));
  const Z = t.Z.data;
  // I − Δ, column-major; and Σ_i Ã_ij, straight from Z.
  const Md = new Matrix(GN, GN);
  const colA = new Float64Array(GN);
  for (let j = 0; j < GN; j++) {
    const o = j * GN;
    let s = 0;
    for (let i = 0; i < GN; i++) {
      if (!ok[i]) continue;
      const z = Z[o + i];
      if (z === 0) continue;
      Md.data[o + i] = -z / D[i];
      if (ok[j]) s += (z * (x[i] / D[i])) / x[j];
    }
    Md.data[o + j] += 1;
    colA[j] = s;
  }
  // On the rows P with Y > 0 and Y − N > 0, Ã = X̂ Δ_PP X̂⁻¹ and Ã is zero elsewhere, so
  // (I − Ã)⁻¹ = X̂ (I − Δ_PP)⁻¹ X̂⁻¹ there, and (I − Δ)⁻¹ is block triangular with (I − Δ_PP)⁻¹ on P
  // (rows outside P of Δ are zero). Hence D_j = ((I − Δ)⁻ᵀ x)_j / x_j on P: one factorisation serves U and D.
  const ones = () => new Float64Array(GN).fill(1);
  const lu = LU.factor(Md, { context: `I − Δ (Antràs–Chor) of ${t.source}`, overwrite: true });
  const U = lu.solve(ones());
  const Dn = lu.solve(
    Float64Array.from(x, (xi, i) => (ok[i] ? xi : 0)),
    true,
  );
  const w = x.map((xi) => (xi > 0 ? xi : 0));
  const one = ones();
  for (let i = 0; i < GN; i++) {
    if (ok[i]) Dn[i] /= x[i];
    else {
      U[i] = 1;
      Dn[i] = 1;
    }
  }
  return {
    upstreamness: { num: U, den: one, w },
    downstreamness: { num: Dn, den: one, w },
    finalUseShare: { num: F.map((f, i) => (ok[i] ? f : 0)), den: D.map((d, i) => (ok[i] ? d : 0)) },
    vaOutputShare: { num: colA.map((a, j) => (ok[j] ? 1 - a : 1)), den: one, w },
    N,
    F,
  };
}
