/**
 * Production lengths and positions, as numerator/denominator pairs per country-sector so that
 * countries and sectors aggregate by summing both (never by averaging ratios).
 *
 * - PLv_i = (B x)_i / x_i: average number of production stages between the value added of i and
 *   final goods (forward), Wang, Wei, Yu & Zhu (2017b, NBER WP 23261). It equals the row sums of
 *   the Ghosh inverse (I − x̂⁻¹Z)⁻¹ = x̂⁻¹ B x̂, i.e. the upstreamness of Antràs, Chor, Fally &
 *   Hillberry (2012) in a global table (Miller & Temurshoev 2017).
 * - PLy_j = (v B B)_j / (v B)_j = Σ_i B_ij: stages embodied in the final goods of j (backward);
 *   Fally (2012)'s downstreamness D = 1ᵀB (number of stages) is the same per sector.
 * - GVC lengths (WWYZ 2017b): the output induced by GVC activities over the value added they
 *   generate, X_GVC = V̂ (B B − L L) Ŷ, V_GVC = V̂ (B − L) Ŷ, with B − L = L A^F B and
 *   B B − L L = L L A^F B + L A^F B B. Forward (rows) and backward (columns):
 *     PLv_GVC_i = (L L A^F x + L A^F B x)_i / (L A^F x)_i,
 *     PLy_GVC_j = (v L L A^F B + v L A^F B B)_j / (v L A^F B)_j.
 * - GVC position (WWYZ 2017b) = PLv_GVC / PLy_GVC, formed after aggregation.
 *
 * Country aggregates weight as the papers do: PLv and PLv_GVC by value added, PLy and PLy_GVC by
 * final goods output, upstreamness and downstreamness by gross output.
 */
import type { Model } from '../model/model.js';
import type { Partition } from '../model/partition.js';

/** num/den per country-sector; aggregates are Σ w·num / Σ w·den (w = 1 when absent). */
export interface RatioParts {
  num: Float64Array;
  den: Float64Array;
  w?: Float64Array;
}

export interface Lengths {
  plv: RatioParts;
  ply: RatioParts;
  upstreamness: RatioParts;
  downstreamness: RatioParts;
  plvGvc: RatioParts;
  plyGvc: RatioParts;
}

/** Row sums of the Ghosh inverse weighted by w: (G w)_i = (B (x ∘ w))_i / x_i (0 where x_i ≤ 0). */
export function ghoshTimes(model: Model, w: Float64Array): Float64Array {
  const x = model.x;
  const Bxw = model.solve(x.map((xi, i) => (xi > 0 ? xi * w[i] : 0)));
  return Bxw.map((b, i) => (x[i] > 0 ? b / x[i] : 0));
}

/** All production lengths of the model, with the blocks of a partition as domestic (default: every country its own block). */
export function productionLengths(model: Model, blocks: Partition = model.partition()): Lengths {
  const { x, v, GN } = model;
  const pos = x.map((xi) => (xi > 0 ? 1 : 0));
  const xPos = x.map((xi) => (xi > 0 ? xi : 0));
  const y = blocks.finalSplit().y;
  const ones = new Float64Array(GN).fill(1);

  const Bx = model.solve(xPos);
  const colB = model.solve(ones, true); // 1ᵀ B
  const vB = model.solve(v, true);

  // Forward GVC: p = A^F x, q = A^F B x.
  const Lp = blocks.applyL(blocks.applyAF(xPos));
  const LLp = blocks.applyL(Lp);
  const Lq = blocks.applyL(blocks.applyAF(Bx));
  // Backward GVC: r = v L, s = v L L, u = v L A^F.
  const vL = blocks.applyL(v, true);
  const vLL = blocks.applyL(vL, true);
  const uB = model.solve(blocks.applyAF(vL, true), true);
  const uBB = model.solve(uB, true);
  const tB = model.solve(blocks.applyAF(vLL, true), true);

  return {
    plv: { num: Bx, den: xPos, w: v },
    upstreamness: { num: Bx, den: xPos },
    ply: { num: colB.map((c, j) => c * pos[j]), den: vB, w: y },
    downstreamness: { num: colB.map((c, j) => c * pos[j]), den: pos, w: xPos },
    plvGvc: { num: LLp.map((a, i) => a + Lq[i]), den: Lp, w: v },
    plyGvc: { num: tB.map((a, j) => (a + uBB[j]) * pos[j]), den: uB.map((a, j) => a * pos[j]), w: y },
  };
}
