/**
 * What every Borin–Mancini perimeter shares, computed once per frame (and cached with it). The
 * frame (frame.ts) says which rows of the model make up each country's domestic block: a
 * country's own N rows, plus its split parts (CN1/CN2 in CHN, MX1/MX2 in MEX) on a table read with
 * `keepSplits`, or all the members of a user block ({ NAFTA: ['MEX', 'USA'] }). Everything below
 * is over those row sets; "s" is a frame country and s's rows are `f.rows[s]`.
 *
 *   VB = v B (1 where x > 0), VBdom_j = Σ_{i∈c(j)} v_i B_ij (domestic content multiplier),
 *   VBfor = VB − VBdom, VLdom_j = Σ_{i∈c(j)} v_i L_ij (local multiplier, L_ss = (I − A_ss)⁻¹),
 *   BY = B Y (output driven by each frame country's final demand), Wcol_r = L_rr Y_rr.
 *
 * B comes from the model's one factorisation of I − A; local inverses from the frame's cache
 * (the model's local LUs when nothing is folded). Per exporter s, `exporterData` gathers the
 * n_s × G blocks the perimeters need (column r, row a = the a-th row of s). Column-major arrays.
 */
import { Matrix } from '@catena/linalg';
import type { Frame } from './frame.js';
import { localInverseOf, perFrame, vaLocal } from './frame.js';

export interface BmContext {
  f: Frame;
  /** Frame countries, sectors, model rows. */
  G: number;
  N: number;
  GN: number;
  A: Float64Array;
  B: Float64Array;
  VB: Float64Array;
  VBdom: Float64Array;
  VBfor: Float64Array;
  VLdom: Float64Array;
  /** GN × G, column-major: output of each row for each frame country's final demand. */
  BY: Float64Array;
  /** Stacked L_rr Y_rr (output each country produces locally for its own final demand). */
  Wcol: Float64Array;
}

/** L a for the local inverse L (n × n, column-major) and an n-vector a (or Lᵀ a). */
export function localApply(L: Matrix, a: Float64Array, trans = false): Float64Array {
  const n = L.rows;
  const d = L.data;
  const out = new Float64Array(n);
  if (trans) {
    for (let b = 0; b < n; b++) {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += d[i + b * n] * a[i];
      out[b] = acc;
    }
  } else {
    for (let b = 0; b < n; b++) {
      const ab = a[b];
      if (ab === 0) continue;
      for (let i = 0; i < n; i++) out[i] += d[i + b * n] * ab;
    }
  }
  return out;
}

/** Gathers x[rows] into a new array. */
export function gather(x: Float64Array, rows: Int32Array, offset = 0): Float64Array {
  const out = new Float64Array(rows.length);
  for (let a = 0; a < rows.length; a++) out[a] = x[offset + rows[a]];
  return out;
}

/** The shared Borin–Mancini coefficients of a frame (computed on first use, then cached). */
export const bmContext = perFrame((f: Frame): BmContext => {
  const { model, G, N, GN } = f;
  const B = model.B.data;
  const v = model.vTrace;
  const VB = model.solve(v.slice(), true);
  const VBdom = new Float64Array(GN);
  const Wcol = new Float64Array(GN);
  for (let s = 0; s < G; s++) {
    const rs = f.rows[s];
    const ns = rs.length;
    for (let b = 0; b < ns; b++) {
      const col = rs[b] * GN;
      let acc = 0;
      for (let a = 0; a < ns; a++) acc += v[rs[a]] * B[col + rs[a]];
      VBdom[rs[b]] = acc;
    }
    const w = localApply(localInverseOf(f, s), gather(f.Y, rs, s * GN));
    for (let a = 0; a < ns; a++) Wcol[rs[a]] = w[a];
  }
  const VBfor = VB.map((x, j) => x - VBdom[j]);
  const BY = model.solve(new Matrix(GN, G, f.Y)).data;
  return { f, G, N, GN, A: model.A.data, B, VB, VBdom, VBfor, VLdom: vaLocal(f), BY, Wcol };
});

/** n_s × G blocks (index a + r·n_s, a the a-th row of s) about the exports of one frame country s. */
export interface ExporterData {
  s: number;
  /** Rows of s (model indices) and their number. */
  rs: Int32Array;
  ns: number;
  /** Local indices of s's rows by sector: groups[n] = the rows of sector n (one, or one per part). */
  groups: Int32Array[];
  /** Gross, final and intermediate bilateral exports of s's rows. */
  E: Float64Array;
  Efin: Float64Array;
  Eint: Float64Array;
  /** ζ_r = A_sr (BY)_{r,s}: intermediates sent to r that end in s's own final demand. */
  zeta: Float64Array;
  /** A_sr L_rr Y_rr: intermediates sent to r, processed there and absorbed there. */
  dae: Float64Array;
  /** η_rr = A_sr (BY)_{r,r}: intermediates sent to r that end in r's final demand. */
  etaOwn: Float64Array;
  /** Offsets of the same-sector blocks (sector n at off[n], k_n² entries), and their total K2. */
  off: Int32Array;
  K2: number;
  /** Cache of sectorBlocks() (the same-sector blocks of P^r). */
  pblk?: Float64Array;
}

export function exporterData(c: BmContext, s: number): ExporterData {
  const { f, G, N, GN, A, BY, Wcol } = c;
  const rs = f.rows[s];
  const ns = rs.length;
  const cOf = f.cOf;
  const groups: Int32Array[] = Array.from({ length: N }, () => new Int32Array(0));
  {
    const lists: number[][] = Array.from({ length: N }, () => []);
    for (let a = 0; a < ns; a++) lists[f.nOf[rs[a]]].push(a);
    for (let n = 0; n < N; n++) groups[n] = Int32Array.from(lists[n]);
  }
  const off = new Int32Array(N + 1);
  for (let n = 0; n < N; n++) off[n + 1] = off[n] + groups[n].length ** 2;
  const K2 = off[N];
  const NG = ns * G;
  const E = new Float64Array(NG);
  const Efin = new Float64Array(NG);
  const Eint = new Float64Array(NG);
  for (let r = 0; r < G; r++) {
    for (let a = 0; a < ns; a++) {
      const q = rs[a] + r * GN;
      E[a + r * ns] = f.Esr[q];
      Efin[a + r * ns] = f.EsrFin[q];
      Eint[a + r * ns] = f.EsrInt[q];
    }
  }
  const zeta = new Float64Array(NG);
  const dae = new Float64Array(NG);
  const etaOwn = new Float64Array(NG);
  for (let j = 0; j < GN; j++) {
    const r = cOf[j];
    if (r === s) continue;
    const bys = BY[j + s * GN];
    const byr = BY[j + r * GN];
    const w = Wcol[j];
    const acol = j * GN;
    const base = r * ns;
    for (let a = 0; a < ns; a++) {
      const x = A[acol + rs[a]];
      if (x === 0) continue;
      const k = a + base;
      zeta[k] += x * bys;
      dae[k] += x * w;
      etaOwn[k] += x * byr;
    }
  }
  return { s, rs, ns, groups, E, Efin, Eint, zeta, dae, etaOwn, off, K2 };
}

/**
 * The same-sector blocks of P^r = A_sr B_rs (the flows' own re-import coefficients) that the
 * one-sector perimeters need: for each r, for each sector n, the k_n × k_n block over groups[n]
 * (column-major) at r·K2 + off[n] — the diagonal of P^r when each sector is one row. Computed on
 * first use and kept on d.
 */
export function sectorBlocks(c: BmContext, d: ExporterData): Float64Array {
  if (d.pblk) return d.pblk;
  const { f, G, N, GN, A, B } = c;
  const { s, rs, ns, groups, off, K2 } = d;
  const pblk = new Float64Array(K2 * G);
  const simple = K2 === ns;
  for (let j = 0; j < GN; j++) {
    const r = f.cOf[j];
    if (r === s) continue;
    const acol = j * GN;
    const pb = r * K2;
    if (simple) {
      for (let n = 0; n < N; n++) {
        const g = groups[n];
        if (g.length === 0) continue;
        const i = rs[g[0]];
        const x = A[acol + i];
        if (x !== 0) pblk[pb + off[n]] += x * B[j + i * GN];
      }
    } else {
      for (let n = 0; n < N; n++) {
        const g = groups[n];
        const k = g.length;
        for (let ib = 0; ib < k; ib++) {
          const bj = B[j + rs[g[ib]] * GN];
          if (bj === 0) continue;
          for (let ia = 0; ia < k; ia++) pblk[pb + off[n] + ia + ib * k] += A[acol + rs[g[ia]]] * bj;
        }
      }
    }
  }
  d.pblk = pblk;
  return pblk;
}

/** P^r a = A_sr (B_rs a) for an n_s-vector a over s's rows. */
export function applyP(c: BmContext, d: ExporterData, r: number, a: Float64Array): Float64Array {
  const { GN, A, B, f } = c;
  const rs = d.rs;
  const ns = d.ns;
  const rr = f.rows[r];
  const nr = rr.length;
  const t = new Float64Array(nr);
  for (let k = 0; k < ns; k++) {
    const ak = a[k];
    if (ak === 0) continue;
    const col = rs[k] * GN;
    for (let i = 0; i < nr; i++) t[i] += B[col + rr[i]] * ak;
  }
  const out = new Float64Array(ns);
  for (let i = 0; i < nr; i++) {
    const ti = t[i];
    if (ti === 0) continue;
    const col = rr[i] * GN;
    for (let n = 0; n < ns; n++) out[n] += A[col + rs[n]] * ti;
  }
  return out;
}
