/**
 * Borin–Mancini perimeters and the value added counted once within them.
 *
 * A perimeter is a set of export flows of country s: its rows (all of s's rows, or those of one
 * sector n) and its destinations R (all r ≠ s, or one r). Countries are those of the frame
 * (frame.ts): s's rows include its split parts (CHN ∪ CN1 ∪ CN2) or all members of a user block,
 * so one sector of s may be several rows (one per part or member), and so may r. Value added is counted once within the
 * perimeter: removing the perimeter's intermediate flows A^P from A gives B^{−P} = (I − A + A^P)⁻¹,
 * whose s-columns are a block update of the global B (no new factorisation):
 *
 *   B^{−P}_{·s} = B_{·s} (I + W)⁻¹,   W = Σ_{r∈R} D P^r,   P^r = A_sr B_rs,
 *
 * D selecting the perimeter's rows. For the exporter perimeter W = M_s = (I − A_ss) B_ss − I;
 * for one sector, only the block of W over that sector's rows matters: 1/(1 + W_nn) when the
 * sector is one row (Sherman–Morrison), a k × k system when it is k rows (split parts, blocks).
 *
 * Source approach (value added counted the first time it leaves s within the perimeter), per
 * flow e_nr of the perimeter (n now a row of s), with c_dom' = VBdom_s'(I + W)⁻¹ and c_for' = VBfor_s'(I + W)⁻¹:
 *   DVA = c_dom,n e_nr, FVA = c_for,n e_nr,
 *   VAX = c_dom,n (Y_nr + (A_sr (x_r − (B Y_{·s})_r))_n), DAVAX = c_dom,n (Y_nr + (A_sr L_rr Y_rr)_n).
 * Sink approach (counted the last time), with the part of each flow that does not feed the
 * perimeter's exports again, Φ_r = E_sr − P^r (I + W)⁻¹ e^P:
 *   DVA = VBdom_n Φ_nr, FVA = VBfor_n Φ_nr, REF = VBdom_n (ζ_r − P^r (I + W)⁻¹ Σ_{r'∈R} ζ_r')_n,
 *   VAXIM = VBdom_n (Y_sr + A_sr (B^{−P} Y^{¬P}_{·r})_r)_n (absorbed by the direct importer r),
 * ζ_r = A_sr (B Y_{·s})_r. Borin & Mancini (2019, WB PRWP 8804; 2023), Belotti, Borin & Mancini
 * (2021, Stata Journal 21(3)).
 */
import { LU, Matrix, matmul } from '@catena/linalg';
import type { Approach } from './decompose.js';
import { applyP, sectorBlocks, type BmContext, type ExporterData } from './bm-context.js';

/** The linear maps of one perimeter (or, for sector perimeters, of N independent ones). */
export interface Perimeter {
  dests: number[];
  /** (I + W)⁻¹ a, or (I + W)⁻ᵀ a. */
  solve(a: Float64Array, trans?: boolean): Float64Array;
  /** P^r a, restricted to the perimeter's rows. */
  P(r: number, a: Float64Array): Float64Array;
  /** W a. */
  W(a: Float64Array): Float64Array;
  /** Σ_{r'∈R} η_{r',r}: intermediates sent inside the perimeter that end in r's final demand. */
  etaIn(r: number): Float64Array;
}

/** A perimeter over all of s's rows (exporter: R = all r ≠ s; bilateral: R = {r}). */
export function blockPerimeter(c: BmContext, d: ExporterData, dests: number[], etaAll: () => Float64Array): Perimeter {
  const { GN, A, B, f } = c;
  const { rs, ns } = d;
  const whole = dests.length === c.G - 1;
  let Wm = new Matrix(ns, ns);
  if (whole) {
    // M_s = Σ_{r≠s} A_sr B_rs = (I − A_ss) B_ss − I = B_ss − I − A_ss B_ss
    const Ass = new Matrix(ns, ns);
    const Bss = new Matrix(ns, ns);
    for (let k = 0; k < ns; k++) {
      const col = rs[k] * GN;
      for (let i = 0; i < ns; i++) {
        Ass.data[i + k * ns] = A[col + rs[i]];
        Bss.data[i + k * ns] = B[col + rs[i]];
      }
    }
    Wm = matmul(Ass, Bss);
    const M = Wm.data;
    for (let q = 0; q < M.length; q++) M[q] = Bss.data[q] - M[q];
    for (let i = 0; i < ns; i++) M[i + i * ns] -= 1;
  } else {
    for (const r of dests) {
      const rr = f.rows[r];
      for (let k = 0; k < ns; k++) {
        const bcol = rs[k] * GN;
        for (const j of rr) {
          const b = B[bcol + j];
          if (b === 0) continue;
          const acol = j * GN;
          for (let i = 0; i < ns; i++) Wm.data[i + k * ns] += A[acol + rs[i]] * b;
        }
      }
    }
  }
  const IW = Wm.clone();
  for (let i = 0; i < ns; i++) IW.data[i + i * ns] += 1;
  const lu = LU.factor(IW, { context: `I + W of the perimeter of ${f.countries[d.s]}`, skipConditionCheck: true });
  return {
    dests,
    solve: (a, trans = false) => lu.solve(a, trans),
    P: (r, a) => applyP(c, d, r, a),
    W: (a) => {
      const out = new Float64Array(ns);
      for (let k = 0; k < ns; k++) for (let i = 0; i < ns; i++) out[i] += Wm.data[i + k * ns] * a[k];
      return out;
    },
    etaIn: (r) => (whole ? etaAll().subarray(r * ns, (r + 1) * ns) : d.etaOwn.subarray(r * ns, (r + 1) * ns)),
  };
}

/** Inverse of a small dense k × k matrix (column-major), Gauss–Jordan with partial pivoting. */
function smallInverse(m: Float64Array, k: number): Float64Array {
  const a = m.slice();
  const inv = new Float64Array(k * k);
  for (let i = 0; i < k; i++) inv[i + i * k] = 1;
  for (let col = 0; col < k; col++) {
    let p = col;
    for (let i = col + 1; i < k; i++) if (Math.abs(a[i + col * k]) > Math.abs(a[p + col * k])) p = i;
    if (p !== col) {
      for (let j = 0; j < k; j++) {
        [a[col + j * k], a[p + j * k]] = [a[p + j * k], a[col + j * k]];
        [inv[col + j * k], inv[p + j * k]] = [inv[p + j * k], inv[col + j * k]];
      }
    }
    const piv = a[col + col * k];
    for (let j = 0; j < k; j++) {
      a[col + j * k] /= piv;
      inv[col + j * k] /= piv;
    }
    for (let i = 0; i < k; i++) {
      if (i === col) continue;
      const x = a[i + col * k];
      if (x === 0) continue;
      for (let j = 0; j < k; j++) {
        a[i + j * k] -= x * a[col + j * k];
        inv[i + j * k] -= x * inv[col + j * k];
      }
    }
  }
  return inv;
}

/**
 * N one-sector perimeters of s at once (sector: R = all r ≠ s; sector-bilateral: R = {r}). Each
 * acts only on its sector's rows, so together they are block-diagonal over the sector groups
 * (scalars when each sector is one row).
 */
export function rowPerimeters(c: BmContext, d: ExporterData, dests: number[], etaAll: () => Float64Array): Perimeter {
  const { N } = c;
  const { ns, groups, off, K2 } = d;
  const pblk = sectorBlocks(c, d);
  const whole = dests.length === c.G - 1;
  const w = new Float64Array(K2);
  for (const r of dests) for (let q = 0; q < K2; q++) w[q] += pblk[q + r * K2];
  // (I + W_n)⁻¹ for each sector group
  const inv = new Float64Array(K2);
  for (let n = 0; n < N; n++) {
    const k = groups[n].length;
    if (k === 1) inv[off[n]] = 1 / (1 + w[off[n]]);
    else if (k > 1) {
      const m = w.slice(off[n], off[n + 1]);
      for (let i = 0; i < k; i++) m[i + i * k] += 1;
      inv.set(smallInverse(m, k), off[n]);
    }
  }
  /** Block-diagonal M a (or Mᵀ a) with the blocks of M stored like pblk at `base`. */
  const apply = (M: Float64Array, base: number, a: Float64Array, trans = false): Float64Array => {
    const out = new Float64Array(ns);
    for (let n = 0; n < N; n++) {
      const g = groups[n];
      const k = g.length;
      const o = base + off[n];
      if (k === 1) {
        out[g[0]] = M[o] * a[g[0]];
        continue;
      }
      for (let ib = 0; ib < k; ib++) {
        for (let ia = 0; ia < k; ia++) {
          const m = M[o + ia + ib * k];
          if (trans) out[g[ib]] += m * a[g[ia]];
          else out[g[ia]] += m * a[g[ib]];
        }
      }
    }
    return out;
  };
  return {
    dests,
    solve: (a, trans = false) => apply(inv, 0, a, trans),
    P: (r, a) => apply(pblk, r * K2, a),
    W: (a) => apply(w, 0, a),
    etaIn: (r) => (whole ? etaAll().subarray(r * ns, (r + 1) * ns) : d.etaOwn.subarray(r * ns, (r + 1) * ns)),
  };
}

/** Terms of each flow (a, r) of s, n_s × G arrays (index a + r·n_s), zero outside the perimeter. */
export type Cells = Record<string, Float64Array>;

export const SOURCE_TERMS = ['GEXP', 'DC', 'DVA', 'VAX', 'DAVAX', 'REF', 'DDC', 'FC', 'FVA', 'FDC', 'GVC', 'GVCB', 'GVCF'];
export const SINK_TERMS = ['GEXP', 'DC', 'DVA', 'VAX', 'VAXIM', 'REF', 'DDC', 'FC', 'FVA', 'FDC'];

/** Zero cells for `size` = n_s × G flows. */
export function emptyCells(size: number, approach: Approach): Cells {
  const out: Cells = {};
  for (const t of approach === 'source' ? SOURCE_TERMS : SINK_TERMS) out[t] = new Float64Array(size);
  return out;
}

/** Fills the cells of the perimeter's flows. */
export function perimeterCells(c: BmContext, d: ExporterData, per: Perimeter, approach: Approach, out: Cells): void {
  const { ns, rs } = d;
  const VBdom = new Float64Array(ns);
  const VBfor = new Float64Array(ns);
  for (let a = 0; a < ns; a++) {
    VBdom[a] = c.VBdom[rs[a]];
    VBfor[a] = c.VBfor[rs[a]];
  }
  const col = (a: Float64Array, r: number) => a.subarray(r * ns, (r + 1) * ns);
  if (approach === 'source') {
    const cdom = per.solve(VBdom.slice(), true);
    const cfor = per.solve(VBfor.slice(), true);
    for (const r of per.dests) {
      for (let n = 0; n < ns; n++) {
        const k = n + r * ns;
        const e = d.E[k];
        const dc = VBdom[n] * e;
        const fc = VBfor[n] * e;
        const dva = cdom[n] * e;
        const fva = cfor[n] * e;
        const vax = cdom[n] * (d.Efin[k] + d.Eint[k] - d.zeta[k]);
        const davax = cdom[n] * (d.Efin[k] + d.dae[k]);
        out.GEXP[k] = e;
        out.DC[k] = dc;
        out.DVA[k] = dva;
        out.VAX[k] = vax;
        out.DAVAX[k] = davax;
        out.REF[k] = dva - vax;
        out.DDC[k] = dc - dva;
        out.FC[k] = fc;
        out.FVA[k] = fva;
        out.FDC[k] = fc - fva;
        out.GVC[k] = e - davax;
        out.GVCB[k] = fc + dc - dva;
        out.GVCF[k] = e - davax - (fc + dc - dva);
      }
    }
    return;
  }
  const eP = new Float64Array(ns);
  const zP = new Float64Array(ns);
  for (const r of per.dests) {
    for (let n = 0; n < ns; n++) {
      eP[n] += d.E[n + r * ns];
      zP[n] += d.zeta[n + r * ns];
    }
  }
  const g = per.solve(eP);
  const h = per.solve(zP);
  for (const r of per.dests) {
    const Pg = per.P(r, g);
    const Ph = per.P(r, h);
    const Yr = col(d.Efin, r);
    const t = per.etaIn(r).slice();
    const WY = per.W(Yr);
    for (let n = 0; n < ns; n++) t[n] -= WY[n];
    const PY = per.P(r, Yr);
    const Pt = per.P(r, per.solve(t));
    for (let n = 0; n < ns; n++) {
      const k = n + r * ns;
      const e = d.E[k];
      const phi = e - Pg[n];
      const phiRef = d.zeta[k] - Ph[n];
      const phiIm = Yr[n] + d.etaOwn[k] - PY[n] - Pt[n];
      const dc = VBdom[n] * e;
      const fc = VBfor[n] * e;
      const dva = VBdom[n] * phi;
      const fva = VBfor[n] * phi;
      const ref = VBdom[n] * phiRef;
      out.GEXP[k] = e;
      out.DC[k] = dc;
      out.DVA[k] = dva;
      out.VAX[k] = dva - ref;
      out.VAXIM[k] = VBdom[n] * phiIm;
      out.REF[k] = ref;
      out.DDC[k] = dc - dva;
      out.FC[k] = fc;
      out.FVA[k] = fva;
      out.FDC[k] = fc - fva;
    }
  }
}

/** Cells over s's rows (n_s × G) summed by sector into N × G cells (index n + r·N). */
export function foldCells(c: BmContext, d: ExporterData, cells: Cells): Cells {
  const { N, G, f } = c;
  const { ns, rs } = d;
  if (ns === N && !f.folded) return cells;
  const out: Cells = {};
  for (const [t, a] of Object.entries(cells)) {
    const b = new Float64Array(N * G);
    for (let r = 0; r < G; r++) for (let k = 0; k < ns; k++) b[f.nOf[rs[k]] + r * N] += a[k + r * ns];
    out[t] = b;
  }
  return out;
}
