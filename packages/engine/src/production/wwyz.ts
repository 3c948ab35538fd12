/**
 * Production-based decomposition of Wang, Wei, Yu & Zhu (2017a), "Measures of participation in
 * global value chains and global business cycles", NBER WP 23222.
 *
 * With L = (I − A^D)⁻¹ (block-diagonal over the blocks of a model's partition, model/partition.ts), A^F = A − A^D, y the final goods output
 * of each country-sector, y^D its part absorbed in the producer's own block and y^F = y − y^D:
 *
 *   V̂ B Ŷ = V̂ L Ŷ^D            pure domestic (never crosses a border)
 *         + V̂ L Ŷ^F            traditional trade (crosses once, as final goods)
 *         + V̂ L A^F L Ŷ^D      simple GVC (crosses once, as intermediates, absorbed by the importer)
 *         + V̂ L A^F (B Ŷ − L Ŷ^D)   complex GVC (crosses at least twice)
 *
 * Row sums (forward, by producing sector i) add up to v_i (B y)_i = VA_i; column sums (backward,
 * by final-goods sector j) to (v B)_j y_j = y_j. Everything is done with vectors: block solves
 * with L, products with A^F and solves with the model's one factorisation of I − A.
 * Layout: country-major, sector-minor.
 */
import type { Model } from '../model/model.js';
import type { Partition } from '../model/partition.js';

/** The four WWYZ terms for each country-sector (GN each). */
export interface WwyzTerms {
  pureDomestic: Float64Array;
  traditionalTrade: Float64Array;
  gvcSimple: Float64Array;
  gvcComplex: Float64Array;
}

export interface ProductionDecomposition {
  /** Value added v_i·(B y)_i that the forward terms decompose (= VA_i where x_i > 0). */
  va: Float64Array;
  /** Final goods output y_j that the backward terms decompose (times (v B)_j = 1 where x_j > 0). */
  y: Float64Array;
  /** Final goods absorbed in the producer's own block. */
  yD: Float64Array;
  /** Forward decomposition: value added of producing sector i. */
  forward: WwyzTerms;
  /** Backward decomposition: value added embodied in the final goods of sector j. */
  backward: WwyzTerms;
}

const add = (a: Float64Array, b: Float64Array): Float64Array => a.map((v, i) => v + b[i]);
const mul = (a: Float64Array, b: Float64Array): Float64Array => a.map((v, i) => v * b[i]);

/**
 * The WWYZ (2017a) forward and backward production decompositions, with the blocks of a partition
 * of the model as "domestic" (default model.partition(): every country its own block, OECD split
 * parts with their parent).
 */
export function productionDecomposition(model: Model, blocks: Partition = model.partition()): ProductionDecomposition {
  const v = model.v;
  const { y, yD, yF } = blocks.finalSplit();

  // Forward: v ∘ (column vector).
  const LyD = blocks.applyL(yD);
  const LyF = blocks.applyL(yF);
  const By = model.solve(y);
  const LAFLyD = blocks.applyL(blocks.applyAF(LyD));
  // B y − L y^D = L y^F + L A^F (B y): written without the difference, so no cancellation.
  const rest = add(LyF, blocks.applyL(blocks.applyAF(By)));
  const LAFrest = blocks.applyL(blocks.applyAF(rest));
  const forward: WwyzTerms = {
    pureDomestic: mul(v, LyD),
    traditionalTrade: mul(v, LyF),
    gvcSimple: mul(v, LAFLyD),
    gvcComplex: mul(v, LAFrest),
  };

  // Backward: (row vector) ∘ y.
  const vL = blocks.applyL(v, true);
  const sL = blocks.applyL(blocks.applyAF(vL, true), true); // v L A^F L
  const tB = model.solve(blocks.applyAF(sL, true), true); // v L A^F L A^F B
  const sB = add(sL, tB); // v L A^F B = v L A^F L + v L A^F L A^F B
  const backward: WwyzTerms = {
    pureDomestic: mul(vL, yD),
    traditionalTrade: mul(vL, yF),
    gvcSimple: mul(sL, yD),
    // (v L A^F B)∘y − (v L A^F L)∘y^D = (v L A^F B)∘y^F + (v L A^F L A^F B)∘y^D
    gvcComplex: add(mul(sB, yF), mul(tB, yD)),
  };
  return { va: mul(v, By), y, yD, forward, backward };
}
