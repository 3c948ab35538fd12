/**
 * Blocks: the partition of countries that the production decomposition calls "domestic".
 *
 * Nationally each country is its own block. For regional value chains a group of countries
 * (RCEP, EU, any list) forms one block and every other country stays alone. With blocks b and
 * their index sets I_b (country-major, sector-minor indices g·N + n):
 *
 *   A^D = the blocks A[I_b, I_b] (zero elsewhere),  A^F = A − A^D,
 *   L   = (I − A^D)⁻¹, block-diagonal with L_b = (I − A[I_b, I_b])⁻¹.
 *
 * Country blocks reuse the model's cached local factorisations; a group block is factorised
 * once here. Nothing in this file factorises I − A itself: B products go through model.solve.
 */
import { LU, Matrix, matvec } from '@catena/linalg';
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';

export class Blocks {
  /** Country indices of each block. */
  readonly members: number[][];
  /** Block of each country. */
  readonly blockOf: Int32Array;
  /** Country-sector indices of each block, ascending. */
  readonly index: Int32Array[];
  private readonly lus: (LU | null)[];

  private constructor(
    readonly model: Model,
    members: number[][],
  ) {
    this.members = members;
    this.blockOf = new Int32Array(model.G).fill(-1);
    members.forEach((m, b) => m.forEach((g) => (this.blockOf[g] = b)));
    const N = model.N;
    this.index = members.map((m) => {
      const idx = new Int32Array(m.length * N);
      [...m]
        .sort((a, c) => a - c)
        .forEach((g, k) => {
          for (let n = 0; n < N; n++) idx[k * N + n] = g * N + n;
        });
      return idx;
    });
    this.lus = members.map(() => null);
  }

  /** Every country its own block. */
  static national(model: Model): Blocks {
    return new Blocks(
      model,
      Array.from({ length: model.G }, (_, g) => [g]),
    );
  }

  /** The countries `group` (indices) form one block; all others stay alone. */
  static group(model: Model, group: number[], name = 'group'): Blocks {
    const set = new Set(group);
    if (set.size === 0) throw new OptionError(`group ${name} has no country of the table`);
    const members: number[][] = [[...set].sort((a, b) => a - b)];
    for (let g = 0; g < model.G; g++) if (!set.has(g)) members.push([g]);
    return new Blocks(model, members);
  }

  /** Whether country-sectors i and j lie in the same block. */
  same(i: number, j: number): boolean {
    const N = this.model.N;
    return this.blockOf[Math.floor(i / N)] === this.blockOf[Math.floor(j / N)];
  }

  private factor(b: number): LU | null {
    const m = this.members[b];
    if (m.length === 1) return null;
    let f = this.lus[b];
    if (!f) {
      const idx = this.index[b];
      const n = idx.length;
      const GN = this.model.GN;
      const A = this.model.A.data;
      const M = new Matrix(n, n);
      for (let c = 0; c < n; c++) {
        const o = idx[c] * GN;
        for (let r = 0; r < n; r++) M.data[r + c * n] = (r === c ? 1 : 0) - A[o + idx[r]];
      }
      f = LU.factor(M, { context: `I − A of the block of ${m.map((g) => this.model.table.countries[g]).join(', ')}` });
      this.lus[b] = f;
    }
    return f;
  }

  /**
   * L·R (or Lᵀ·R with trans) for a vector or a GN × k matrix R, block by block. Rows of R
   * outside a block are untouched by other blocks, so the result is exact for the block-diagonal L.
   */
  applyL<T extends Float64Array | Matrix>(R: T, trans = false): T {
    const GN = this.model.GN;
    const k = R instanceof Matrix ? R.cols : 1;
    const src: Float64Array = R instanceof Matrix ? R.data : (R as Float64Array);
    const out = new Float64Array(src.length);
    for (let b = 0; b < this.members.length; b++) {
      const idx = this.index[b];
      const n = idx.length;
      const sub = new Matrix(n, k);
      for (let c = 0; c < k; c++) for (let r = 0; r < n; r++) sub.data[r + c * n] = src[idx[r] + c * GN];
      const f = this.factor(b) ?? this.model.localLU(this.members[b][0]);
      const x = f.solve(sub, trans);
      for (let c = 0; c < k; c++) for (let r = 0; r < n; r++) out[idx[r] + c * GN] = x.data[r + c * n];
    }
    return (R instanceof Matrix ? new Matrix(R.rows, R.cols, out) : out) as T;
  }

  /** A^D·x (or xᵀ·A^D with trans) for a vector: the within-block part of A. */
  applyAD(x: Float64Array, trans = false): Float64Array {
    const GN = this.model.GN;
    const A = this.model.A.data;
    const out = new Float64Array(GN);
    for (const idx of this.index) {
      for (const j of idx) {
        const o = j * GN;
        if (trans) {
          let s = 0;
          for (const i of idx) s += A[o + i] * x[i];
          out[j] = s;
        } else {
          const xj = x[j];
          if (xj !== 0) for (const i of idx) out[i] += A[o + i] * xj;
        }
      }
    }
    return out;
  }

  /** A^F·x (or xᵀ·A^F with trans): the cross-block part of A. */
  applyAF(x: Float64Array, trans = false): Float64Array {
    const GN = this.model.GN;
    const out = new Float64Array(GN);
    // Full product through the dense kernel, then remove the within-block part.
    const full = matvec(this.model.A, x, trans);
    const d = this.applyAD(x, trans);
    for (let i = 0; i < GN; i++) out[i] = full[i] - d[i];
    return out;
  }

  /**
   * Final demand absorbed in the producer's own block: y^D_i = Σ_{r in block(i)} Yc[i, r];
   * y^F = y − y^D.
   */
  finalSplit(): { y: Float64Array; yD: Float64Array; yF: Float64Array } {
    const { G, N, GN } = this.model;
    const Yc = this.model.Yc.data;
    const y = new Float64Array(GN);
    const yD = new Float64Array(GN);
    for (let r = 0; r < G; r++) {
      const o = r * GN;
      const br = this.blockOf[r];
      for (let i = 0; i < GN; i++) {
        const v = Yc[o + i];
        y[i] += v;
        if (this.blockOf[Math.floor(i / N)] === br) yD[i] += v;
      }
    }
    const yF = y.map((v, i) => v - yD[i]);
    return { y, yD, yF };
  }
}
