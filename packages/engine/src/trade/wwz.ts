/**
 * WWZ: Wang, Wei & Zhu (2013, NBER WP 19677; 2018) decomposition of bilateral sector-level gross
 * exports E_sr into 16 terms, named as R `decompr::wwz` names them. For exporter s, importer r,
 * third countries t, with Y_ab final goods of a absorbed in b, A_sr the imported-input block,
 * B the global and L_ss = (I − A_ss)⁻¹ the local Leontief inverse, V_s value-added coefficients,
 * `#` the element-wise product over the exporting sectors of s and Y_s* = Σ_{r≠s} Y_sr:
 *
 *   DVA_FIN      (V_s B_ss)ᵀ # Y_sr
 *   DVA_INT      (V_s L_ss)ᵀ # (A_sr B_rr Y_rr)
 *   DVA_INTrexI1 (V_s L_ss)ᵀ # (A_sr Σ_{t≠s,r} B_rt Y_tt)
 *   DVA_INTrexF  (V_s L_ss)ᵀ # (A_sr B_rr Σ_{t≠s,r} Y_rt)
 *   DVA_INTrexI2 (V_s L_ss)ᵀ # (A_sr Σ_{t≠s,r} B_rt Σ_{u≠s,t} Y_tu)
 *   RDV_INT      (V_s L_ss)ᵀ # (A_sr B_rs Y_ss)
 *   RDV_FIN      (V_s L_ss)ᵀ # (A_sr B_rr Y_rs)
 *   RDV_FIN2     (V_s L_ss)ᵀ # (A_sr Σ_{t≠s,r} B_rt Y_ts)
 *   OVA_FIN      (Σ_{t≠s,r} V_t B_ts)ᵀ # Y_sr          MVA_FIN  (V_r B_rs)ᵀ # Y_sr
 *   OVA_INT      (Σ_{t≠s,r} V_t B_ts)ᵀ # (A_sr L_rr Y_rr)  MVA_INT  (V_r B_rs)ᵀ # (A_sr L_rr Y_rr)
 *   DDC_FIN      (V_s L_ss)ᵀ # (A_sr B_rs Y_s*)
 *   DDC_INT      (V_s B_ss − V_s L_ss)ᵀ # (A_sr X_r)
 *   ODC          (Σ_{t≠s,r} V_t B_ts)ᵀ # (A_sr L_rr E_r*)  MDC  (V_r B_rs)ᵀ # (A_sr L_rr E_r*)
 *
 * The 16 terms add up to E_sr for every exporting country-sector and importer.
 *
 * Cost: the global inverse B (model.B, computed once from the table's one LU), G local inverses,
 * one product B·Y^m (GN × GN × G) and passes of O(GN²) over A and B: no factorisation per exporter.
 * Countries are the frame's (frame.ts): split parts (CN1, MX1 …) and user blocks share one domestic block.
 */
import { Matrix, matmul } from '@catena/linalg';
import { cubeRows, type TermCube } from './cube.js';
import { frameMethod, plus, type SummaryMap } from './scaffold.js';
import { localInverseOf, perFrame, vaByOrigin, vaLocal, type Frame } from './frame.js';
import { registerTradeMethod } from './decompose.js';

export const WWZ_TERMS = [
  'DVA_FIN',
  'DVA_INT',
  'DVA_INTrexI1',
  'DVA_INTrexF',
  'DVA_INTrexI2',
  'RDV_INT',
  'RDV_FIN',
  'RDV_FIN2',
  'OVA_FIN',
  'MVA_FIN',
  'OVA_INT',
  'MVA_INT',
  'DDC_FIN',
  'DDC_INT',
  'ODC',
  'MDC',
] as const;

/** The 16 WWZ terms for every exporting row and importer (cached per frame). */
export const wwzCube = perFrame((f: Frame): TermCube => {
  const { G, GN, cOf, rows } = f;
  const model = f.model;
  const x = model.x;
  const A = model.A.data;
  const B = model.B.data;
  const Y = f.Y;
  const E = f.E;
  const size = GN * G;

  const W = vaByOrigin(f); // W[j, t] = Σ_{k∈t} v_k B_kj
  const w = vaLocal(f); // w[j] = (V_s L_ss) column sums
  const Wtot = new Float64Array(GN);
  for (let t = 0; t < G; t++) for (let j = 0; j < GN; j++) Wtot[j] += W[j + t * GN];

  // Final demand split: yd = own country's absorption, yexp = final exports, Ym = Y with home zeroed.
  const yd = new Float64Array(GN);
  const yexp = new Float64Array(GN);
  const Ym = new Matrix(GN, G);
  for (let k = 0; k < GN; k++) {
    const c = cOf[k];
    for (let u = 0; u < G; u++) {
      const y = Y[k + u * GN];
      if (u === c) yd[k] = y;
      else {
        yexp[k] += y;
        Ym.data[k + u * GN] = y;
      }
    }
  }

  // P[m, t] = Σ_{k∈t} B_mk yd_k;  R1[m, t] = Σ_{k∈t} B_mk yexp_k  (axpy over the columns of B).
  const P = new Float64Array(size);
  const R1 = new Float64Array(size);
  for (let k = 0; k < GN; k++) {
    const a = yd[k];
    const b = yexp[k];
    const col = k * GN;
    const po = cOf[k] * GN;
    for (let m = 0; m < GN; m++) {
      const bmk = B[col + m];
      P[po + m] += bmk * a;
      R1[po + m] += bmk * b;
    }
  }
  const Ptot = new Float64Array(GN);
  const Byexp = new Float64Array(GN);
  for (let t = 0; t < G; t++) {
    for (let m = 0; m < GN; m++) {
      Ptot[m] += P[m + t * GN];
      Byexp[m] += R1[m + t * GN];
    }
  }
  // BYm = B Y^m (GN × G), BdYm[m, u] = Σ_{k∈c(m)} B_mk Y^m_ku (the domestic blocks of B only).
  const BYm = matmul(model.B, Ym).data;
  const BdYm = new Float64Array(size);
  for (let k = 0; k < GN; k++) {
    const dom = rows[cOf[k]];
    const col = k * GN;
    for (let u = 0; u < G; u++) {
      const y = Ym.data[k + u * GN];
      if (y === 0) continue;
      const o = u * GN;
      for (const m of dom) BdYm[o + m] += B[col + m] * y;
    }
  }
  // Local Leontief of the importer applied to its domestic final demand and to its exports.
  const LY = new Float64Array(GN);
  const LE = new Float64Array(GN);
  for (let r = 0; r < G; r++) {
    const rs = rows[r];
    const n = rs.length;
    const L = localInverseOf(f, r).data;
    for (let kk = 0; kk < n; kk++) {
      const a = yd[rs[kk]];
      const b = E[rs[kk]];
      for (let mm = 0; mm < n; mm++) {
        const l = L[mm + kk * n];
        LY[rs[mm]] += l * a;
        LE[rs[mm]] += l * b;
      }
    }
  }

  const out = WWZ_TERMS.map(() => new Float64Array(size));
  const [DVA_FIN, DVA_INT, REXI1, REXF, REXI2, RDV_INT, RDV_FIN, RDV_FIN2, OVA_FIN, MVA_FIN, OVA_INT, MVA_INT, DDC_FIN, DDC_INT, ODC, MDC] =
    out;
  // One pass over the imported-input coefficients A_sr: column m of A belongs to importer r.
  // Accumulators first hold A_sr·(inner vector); the exporter-side weights are applied after.
  const ALY = new Float64Array(size);
  const ALE = new Float64Array(size);
  for (let m = 0; m < GN; m++) {
    const r = cOf[m];
    const col = m * GN;
    const o = r * GN;
    const pr = P[m + r * GN];
    const r1r = R1[m + r * GN];
    const ptot = Ptot[m];
    const byx = Byexp[m];
    const xm = x[m];
    const ly = LY[m];
    const le = LE[m];
    for (let s = 0; s < G; s++) {
      if (s === r) continue;
      const ps = P[m + s * GN];
      const r1s = R1[m + s * GN];
      const bym = BYm[m + s * GN];
      const bdym = BdYm[m + s * GN];
      const f3 = ptot - pr - ps;
      const f4 = r1r - bdym;
      const f5 = byx - r1r - r1s - bym + bdym;
      for (const i of rows[s]) {
        const a = A[col + i];
        if (a === 0) continue;
        const q = i + o;
        DVA_INT[q] += a * pr;
        REXI1[q] += a * f3;
        REXF[q] += a * f4;
        REXI2[q] += a * f5;
        RDV_INT[q] += a * ps;
        RDV_FIN[q] += a * bdym;
        RDV_FIN2[q] += a * (bym - bdym);
        DDC_FIN[q] += a * r1s;
        DDC_INT[q] += a * xm;
        ALY[q] += a * ly;
        ALE[q] += a * le;
      }
    }
  }
  for (let j = 0; j < GN; j++) {
    const s = cOf[j];
    const wj = w[j];
    const ws = W[j + s * GN];
    for (let r = 0; r < G; r++) {
      const q = j + r * GN;
      if (r === s) continue;
      DVA_INT[q] *= wj;
      REXI1[q] *= wj;
      REXF[q] *= wj;
      REXI2[q] *= wj;
      RDV_INT[q] *= wj;
      RDV_FIN[q] *= wj;
      RDV_FIN2[q] *= wj;
      DDC_FIN[q] *= wj;
      DDC_INT[q] *= ws - wj;
      const y = Y[q];
      const wr = W[q];
      const wo = Wtot[j] - ws - wr;
      DVA_FIN[q] = ws * y;
      MVA_FIN[q] = wr * y;
      OVA_FIN[q] = wo * y;
      MVA_INT[q] = wr * ALY[q];
      OVA_INT[q] = wo * ALY[q];
      MDC[q] = wr * ALE[q];
      ODC[q] = wo * ALE[q];
    }
  }
  return { terms: [...WWZ_TERMS], data: out };
});

/** WWZ terms onto the common components (DVA = VAX + REF, DC = DVA + DDC, FC = FVA + FDC). */
export const WWZ_SUMMARY: SummaryMap = {
  GEXP: plus(...WWZ_TERMS),
  DC: plus('DVA_FIN', 'DVA_INT', 'DVA_INTrexI1', 'DVA_INTrexF', 'DVA_INTrexI2', 'RDV_INT', 'RDV_FIN', 'RDV_FIN2', 'DDC_FIN', 'DDC_INT'),
  DVA: plus('DVA_FIN', 'DVA_INT', 'DVA_INTrexI1', 'DVA_INTrexF', 'DVA_INTrexI2', 'RDV_INT', 'RDV_FIN', 'RDV_FIN2'),
  VAX: plus('DVA_FIN', 'DVA_INT', 'DVA_INTrexI1', 'DVA_INTrexF', 'DVA_INTrexI2'),
  REF: plus('RDV_INT', 'RDV_FIN', 'RDV_FIN2'),
  DDC: plus('DDC_FIN', 'DDC_INT'),
  FC: plus('OVA_FIN', 'MVA_FIN', 'OVA_INT', 'MVA_INT', 'ODC', 'MDC'),
  FVA: plus('OVA_FIN', 'MVA_FIN', 'OVA_INT', 'MVA_INT'),
  FDC: plus('ODC', 'MDC'),
};

export const wwzMethod = frameMethod({
  id: 'wwz',
  name: 'Wang–Wei–Zhu (16 terms)',
  paper: 'Wang, Wei & Zhu (2013), NBER WP 19677; (2018) revised',
  levels: ['sector-bilateral', 'bilateral', 'sector', 'country'],
  terms: WWZ_TERMS,
  rows: (f, level, o) => cubeRows(f, wwzCube(f), level, o),
  summary: WWZ_SUMMARY,
});

registerTradeMethod(wwzMethod);
