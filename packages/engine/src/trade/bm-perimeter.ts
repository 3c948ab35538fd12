/**
 * Borin–Mancini perimeters and the value added counted once within them.
 *
 * A perimeter is a set of export flows of country s: its rows (all of s's sectors, or one sector
 * n) and its destinations R (all r ≠ s, or one r). Value added is counted once within the
 * perimeter: removing the perimeter's intermediate flows A^P from A gives B^{−P} = (I − A + A^P)⁻¹,
 * whose s-columns are a block update of the global B (no new factorisation):
 *
 *   B^{−P}_{·s} = B_{·s} (I + W)⁻¹,   W = Σ_{r∈R} D P^r,   P^r = A_sr B_rs,
 *
 * D selecting the perimeter's rows. For the exporter perimeter W = M_s = (I − A_ss) B_ss − I;
 * for one sector, (I + W)⁻¹ acts on that sector as 1/(1 + W_nn) (Sherman–Morrison).
 *
 * Source approach (value added counted the first time it leaves s within the perimeter), per
 * flow e_nr of the perimeter, with c_dom' = VBdom_s'(I + W)⁻¹ and c_for' = VBfor_s'(I + W)⁻¹:
 *   DVA = c_dom,n e_nr, FVA = c_for,n e_nr,
 *   VAX = c_dom,n (Y_nr + (A_sr (x_r − (B Y_{·s})_r))_n), DAVAX = c_dom,n (Y_nr + (A_sr L_rr Y_rr)_n).
 * Sink approach (counted the last time), with the part of each flow that does not feed the
 * perimeter's exports again, Φ_r = E_sr − P^r (I + W)⁻¹ e^P:
 *   DVA = VBdom_n Φ_nr, FVA = VBfor_n Φ_nr, REF = VBdom_n (ζ_r − P^r (I + W)⁻¹ Σ_{r'∈R} ζ_r')_n,
 *   VAXIM = VBdom_n (Y_sr + A_sr (B^{−P} Y^{¬P}_{·r})_r)_n (absorbed by the direct importer r),
 * ζ_r = A_sr (B Y_{·s})_r. Borin & Mancini (2019, WB PRWP 8804; 2023), Belotti, Borin & Mancini
 * (2021, Stata Journal 21(3)).
 */
import { LU, Matrix } from '@catena/linalg';
import type { Approach } from './decompose.js';
import { applyP, type BmContext, type ExporterData } from './bm-context.js';

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

/** A perimeter over all of s's sectors (exporter: R = all r ≠ s; bilateral: R = {r}). */
export function blockPerimeter(c: BmContext, d: ExporterData, dests: number[], etaAll: () => Float64Array): Perimeter {
  const { N, GN, A, B } = c;
  const s = d.s;
  const o = s * N;
  const whole = dests.length === c.G - 1;
  const Wm = new Matrix(N, N);
  if (whole) {
    // M_s = Σ_{r≠s} A_sr B_rs = (I − A_ss) B_ss − I
    for (let k = 0; k < N; k++) {
      const bcol = (o + k) * GN + o;
      for (let i = 0; i < N; i++) {
        let acc = B[bcol + i];
        for (let l = 0; l < N; l++) acc -= A[(o + l) * GN + o + i] * B[bcol + l];
        Wm.data[i + k * N] = acc - (i === k ? 1 : 0);
      }
    }
  } else {
    for (const r of dests) {
      const p = r * N;
      for (let k = 0; k < N; k++) {
        const bcol = (o + k) * GN + p;
        for (let l = 0; l < N; l++) {
          const b = B[bcol + l];
          if (b === 0) continue;
          const acol = (p + l) * GN + o;
          for (let i = 0; i < N; i++) Wm.data[i + k * N] += A[acol + i] * b;
        }
      }
    }
  }
  const IW = Wm.clone();
  for (let i = 0; i < N; i++) IW.data[i + i * N] += 1;
  const lu = LU.factor(IW, { context: `I + W of the perimeter of ${c.model.table.countries[s]}`, skipConditionCheck: true });
  return {
    dests,
    solve: (a, trans = false) => lu.solve(a, trans),
    P: (r, a) => applyP(c, s, r, a),
    W: (a) => {
      const out = new Float64Array(N);
      for (let k = 0; k < N; k++) for (let i = 0; i < N; i++) out[i] += Wm.data[i + k * N] * a[k];
      return out;
    },
    etaIn: (r) => (whole ? etaAll().subarray(r * N, (r + 1) * N) : d.etaOwn.subarray(r * N, (r + 1) * N)),
  };
}

/** N one-sector perimeters of s at once (sector: R = all r ≠ s; sector-bilateral: R = {r}). */
export function rowPerimeters(c: BmContext, d: ExporterData, dests: number[], etaAll: () => Float64Array): Perimeter {
  const N = c.N;
  const whole = dests.length === c.G - 1;
  const w = new Float64Array(N);
  for (const r of dests) for (let n = 0; n < N; n++) w[n] += d.pdiag[n + r * N];
  return {
    dests,
    solve: (a) => a.map((x, n) => x / (1 + w[n])),
    P: (r, a) => a.map((x, n) => d.pdiag[n + r * N] * x),
    W: (a) => a.map((x, n) => w[n] * x),
    etaIn: (r) => (whole ? etaAll().subarray(r * N, (r + 1) * N) : d.etaOwn.subarray(r * N, (r + 1) * N)),
  };
}

/** Terms of each flow (n, r) of s, N × G arrays (index n + r·N), zero outside the perimeter. */
export type Cells = Record<string, Float64Array>;

export const SOURCE_TERMS = ['GEXP', 'DC', 'DVA', 'VAX', 'DAVAX', 'REF', 'DDC', 'FC', 'FVA', 'FDC', 'GVC', 'GVCB', 'GVCF'];
export const SINK_TERMS = ['GEXP', 'DC', 'DVA', 'VAX', 'VAXIM', 'REF', 'DDC', 'FC', 'FVA', 'FDC'];

export function emptyCells(c: BmContext, approach: Approach): Cells {
  const out: Cells = {};
  for (const t of approach === 'source' ? SOURCE_TERMS : SINK_TERMS) out[t] = new Float64Array(c.N * c.G);
  return out;
}

/** Fills the cells of the perimeter's flows. */
export function perimeterCells(c: BmContext, d: ExporterData, per: Perimeter, approach: Approach, out: Cells): void {
  const N = c.N;
  const o = d.s * N;
  const VBdom = c.VBdom.subarray(o, o + N);
  const VBfor = c.VBfor.subarray(o, o + N);
  const col = (a: Float64Array, r: number) => a.subarray(r * N, (r + 1) * N);
  if (approach === 'source') {
    const cdom = per.solve(VBdom.slice(), true);
    const cfor = per.solve(VBfor.slice(), true);
    for (const r of per.dests) {
      for (let n = 0; n < N; n++) {
        const k = n + r * N;
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
  const eP = new Float64Array(N);
  const zP = new Float64Array(N);
  for (const r of per.dests) {
    for (let n = 0; n < N; n++) {
      eP[n] += d.E[n + r * N];
      zP[n] += d.zeta[n + r * N];
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
    for (let n = 0; n < N; n++) t[n] -= WY[n];
    const PY = per.P(r, Yr);
    const Pt = per.P(r, per.solve(t));
    for (let n = 0; n < N; n++) {
      const k = n + r * N;
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
