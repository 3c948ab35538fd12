/**
 * What every Borin–Mancini perimeter shares, computed once per model (and cached with it):
 *
 *   VB = v B (1 where x > 0), VBdom_j = Σ_{i∈c(j)} v_i B_ij (domestic content multiplier),
 *   VBfor = VB − VBdom, VLdom_j = Σ_{i∈c(j)} v_i L_ij (local multiplier, L_ss = (I − A_ss)⁻¹),
 *   BY = B Yc (output driven by each country's final demand), Wcol_r = L_rr Y_rr.
 *
 * B comes from the model's one factorisation of I − A; local inverses from the model's cached
 * local LUs. Per exporter s, `exporterData` gathers the N × G blocks the perimeters need
 * (column r, row n = sector n of s). Layout: country-major, sector-minor; column-major arrays.
 */
import type { Model } from '../model/model.js';

export interface BmContext {
  model: Model;
  G: number;
  N: number;
  GN: number;
  A: Float64Array;
  B: Float64Array;
  VB: Float64Array;
  VBdom: Float64Array;
  VBfor: Float64Array;
  VLdom: Float64Array;
  /** GN × G, column-major: output of each country-sector for each country's final demand. */
  BY: Float64Array;
  /** Stacked L_rr Y_rr (output each country produces locally for its own final demand). */
  Wcol: Float64Array;
}

const contexts = new WeakMap<Model, BmContext>();

/** The shared Borin–Mancini coefficients of a model (computed on first use, then cached). */
export function bmContext(model: Model): BmContext {
  const hit = contexts.get(model);
  if (hit) return hit;
  const { G, N, GN } = model;
  const B = model.B.data;
  const v = model.v;
  const VB = model.solve(v.slice(), true);
  const VBdom = new Float64Array(GN);
  const VLdom = new Float64Array(GN);
  const Wcol = new Float64Array(GN);
  const Yc = model.Yc.data;
  for (let s = 0; s < G; s++) {
    const o = s * N;
    for (let k = 0; k < N; k++) {
      const col = (o + k) * GN;
      let acc = 0;
      for (let i = 0; i < N; i++) acc += v[o + i] * B[col + o + i];
      VBdom[o + k] = acc;
    }
    const lu = model.localLU(s);
    VLdom.set(lu.solve(v.slice(o, o + N), true), o);
    Wcol.set(lu.solve(Yc.slice(s * GN + o, s * GN + o + N)), o);
  }
  const VBfor = VB.map((x, j) => x - VBdom[j]);
  const BY = model.solve(model.Yc).data;
  const ctx: BmContext = { model, G, N, GN, A: model.A.data, B, VB, VBdom, VBfor, VLdom, BY, Wcol };
  contexts.set(model, ctx);
  return ctx;
}

/** N × G blocks (index n + r·N) about the exports of one country s. */
export interface ExporterData {
  s: number;
  /** Gross, final and intermediate bilateral exports of s's sectors. */
  E: Float64Array;
  Efin: Float64Array;
  Eint: Float64Array;
  /** ζ_r = A_sr (BY)_{r,s}: intermediates sent to r that end in s's own final demand. */
  zeta: Float64Array;
  /** A_sr L_rr Y_rr: intermediates sent to r, processed there and absorbed there. */
  dae: Float64Array;
  /** η_rr = A_sr (BY)_{r,r}: intermediates sent to r that end in r's final demand. */
  etaOwn: Float64Array;
  /** Diagonals of P^r = A_sr B_rs (the flows' own re-import coefficients). */
  pdiag: Float64Array;
}

export function exporterData(c: BmContext, s: number): ExporterData {
  const { model, G, N, GN, A, B, BY, Wcol } = c;
  const o = s * N;
  const NG = N * G;
  const E = new Float64Array(NG);
  const Efin = new Float64Array(NG);
  const Eint = new Float64Array(NG);
  for (let r = 0; r < G; r++) {
    for (let n = 0; n < N; n++) {
      E[n + r * N] = model.Esr.data[o + n + r * GN];
      Efin[n + r * N] = model.EsrFin.data[o + n + r * GN];
      Eint[n + r * N] = model.EsrInt.data[o + n + r * GN];
    }
  }
  const zeta = new Float64Array(NG);
  const dae = new Float64Array(NG);
  const etaOwn = new Float64Array(NG);
  const pdiag = new Float64Array(NG);
  for (let j = 0; j < GN; j++) {
    const r = Math.floor(j / N);
    if (r === s) continue;
    const bys = BY[j + s * GN];
    const byr = BY[j + r * GN];
    const w = Wcol[j];
    const acol = j * GN + o;
    for (let n = 0; n < N; n++) {
      const a = A[acol + n];
      if (a === 0) continue;
      const k = n + r * N;
      zeta[k] += a * bys;
      dae[k] += a * w;
      etaOwn[k] += a * byr;
      pdiag[k] += a * B[j + (o + n) * GN];
    }
  }
  return { s, E, Efin, Eint, zeta, dae, etaOwn, pdiag };
}

/** P^r a = A_sr (B_rs a) for an N-vector a over s's sectors. */
export function applyP(c: BmContext, s: number, r: number, a: Float64Array): Float64Array {
  const { N, GN, A, B } = c;
  const o = s * N;
  const p = r * N;
  const t = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    const ak = a[k];
    if (ak === 0) continue;
    const col = (o + k) * GN + p;
    for (let i = 0; i < N; i++) t[i] += B[col + i] * ak;
  }
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const ti = t[i];
    if (ti === 0) continue;
    const col = (p + i) * GN + o;
    for (let n = 0; n < N; n++) out[n] += A[col + n] * ti;
  }
  return out;
}
