/**
 * The OECD Trade in Value Added (TiVA) set, as R `exvatools` computes it with `method = "oecd"`
 * (output "tiva"), with the OECD codes. For country s, exporting country-sector j of s, partner r,
 * V value-added coefficients, B global and L_ss local Leontief inverses, E_jr gross exports and
 * E_j = Σ_r E_jr, Y final demand by absorbing country:
 *
 *   EXGR, EXGR_FNL, EXGR_INT   gross exports E_jr (final goods, intermediates)
 *   IMGR, IMGR_FNL, IMGR_INT   gross imports of s from partner r of product n (row n of s = row n of r)
 *   BALGR                      EXGR − IMGR
 *   EXGR_DVA  Σ_{k∈s} v_k B_kj E_jr                domestic value added content (= DC)
 *   EXGR_DDC  v_j (L_ss)_jj E_jr                   direct domestic industry content
 *   EXGR_IDC  Σ_{k∈s, k≠j} v_k (L_ss)_kj E_jr      indirect domestic content
 *   EXGR_RIM  Σ_{k∈s} v_k (B_ss − L_ss)_kj E_jr    re-imported domestic content (= DDC)
 *   EXGR_FVA  Σ_{k∉s} v_k B_kj E_jr                foreign value added content (= FC)
 *   FFD_DVA   v_k (B Y)_kr, k = sector n of s       domestic VA in foreign final demand (= VAX; by origin sector)
 *   DFD_FVA   v_k (B Y)_ks, k = sector n of r       foreign VA in domestic final demand (by origin sector)
 *   BALVAFD   FFD_DVA − DFD_FVA
 *   REF       EXGR_DDC + EXGR_IDC − FFD_DVA         domestic VA that returns home
 *   DEXFVAP   Σ_{k∈r} v_k B_kj E_j                  foreign VA of origin r in the exports of s (backward participation, = GVCB)
 *   FEXDVAP   Σ_{j∈r} v_k B_kj E_j, k = sector n of s  VA of s in the exports of r (forward participation, = GVCF)
 *   EXGR_DVASH, EXGR_FVASH  100 · EXGR_DVA / EXGR, 100 · EXGR_FVA / EXGR (percent, per row)
 *
 * and, as "value added in final demand by origin × destination", FD_VA: v_k (B Y)_kd for origin
 * country-sector k and destination d (home included) at the bilateral levels, with its total and
 * home part DXD_DVA at country and sector level.
 *
 * Row keys: `exporter` is s; `sector` is the exporting sector for the export-based terms and the
 * origin sector for FFD_DVA, FEXDVAP and FD_VA, the product for IMGR, the sector of r for
 * DFD_FVA; `importer` is the partner r (for DEXFVAP the country where the foreign VA originates).
 *
 * Guide: OECD (2021), Guide to OECD's Trade in Value Added (TiVA) Indicators, 2021 edition.
 */
import { Matrix, matmul } from '@catena/linalg';
import type { Row } from '../results/result.js';
import { cubeRows, exportingRows, sectorRows, type TermCube } from './cube.js';
import { frameMethod, frameSelection, plus, type SummaryMap } from './scaffold.js';
import { localInverseOf, perFrame, vaByOrigin, vaLocal, type Frame } from './frame.js';
import { registerTradeMethod, type DecomposeOptions, type Level } from './decompose.js';

export const TIVA_TERMS = [
  'EXGR',
  'EXGR_FNL',
  'EXGR_INT',
  'IMGR',
  'IMGR_FNL',
  'IMGR_INT',
  'BALGR',
  'EXGR_DVA',
  'EXGR_DDC',
  'EXGR_IDC',
  'EXGR_RIM',
  'EXGR_FVA',
  'FFD_DVA',
  'DFD_FVA',
  'BALVAFD',
  'REF',
  'DEXFVAP',
  'FEXDVAP',
] as const;

/** Percent shares the OECD publishes, computed per row after aggregation: [code, numerator, denominator]. */
export const TIVA_SHARES: [string, string, string][] = [
  ['EXGR_DVASH', 'EXGR_DVA', 'EXGR'],
  ['EXGR_FVASH', 'EXGR_FVA', 'EXGR'],
];

interface TivaParts {
  cube: TermCube;
  /** V̂ B Y (GN × G): value added of origin row k absorbed in the final demand of d. */
  VBY: Float64Array;
}

/** The TiVA term cube and V̂ B Y of a frame (cached per frame). */
const tivaParts = perFrame((f: Frame): TivaParts => {
  const { G, N, GN, cOf, nOf, Esr, E } = f;
  const model = f.model;
  const v = model.vTrace;
  const size = GN * G;
  const B = model.B.data;
  const W = vaByOrigin(f);
  const w = vaLocal(f);
  const Efin = f.EsrFin;
  const Eint = f.EsrInt;
  const BY = matmul(model.B, new Matrix(GN, G, f.Y)).data;
  const VBY = new Float64Array(size);
  for (let d = 0; d < G; d++) for (let k = 0; k < GN; k++) VBY[k + d * GN] = v[k] * BY[k + d * GN];

  const t = Object.fromEntries(TIVA_TERMS.map((name) => [name, new Float64Array(size)])) as Record<
    (typeof TIVA_TERMS)[number],
    Float64Array
  >;
  // Direct domestic coefficient v_j (L_ss)_jj; the industry of row j is its sector in its country,
  // split parts included (Σ_k v_k (L_ss)_kj over the parts k of j's country-sector), so the value
  // does not depend on whether a table publishes CHN in parts.
  const direct = new Float64Array(GN);
  const nat = f.model.partition().blockOf;
  for (let s = 0; s < G; s++) {
    const rs = f.rows[s];
    const ns = rs.length;
    const L = localInverseOf(f, s).data;
    rs.forEach((j, a) => {
      let acc = 0;
      for (let b = 0; b < ns; b++) {
        const k = rs[b];
        if (nOf[k] === nOf[j] && nat[k] === nat[j]) acc += v[k] * L[b + a * ns];
      }
      direct[j] = acc;
    });
  }
  // FEXDVAP: F[k, r] = Σ_{j∈r} v_k B_kj E_j.
  const F = new Float64Array(size);
  for (let j = 0; j < GN; j++) {
    const ej = E[j];
    if (ej === 0) continue;
    const col = j * GN;
    const o = cOf[j] * GN;
    for (let k = 0; k < GN; k++) F[o + k] += v[k] * B[col + k] * ej;
  }
  // Terms read from the partner's side (what s imports of product n, the partner's VA in the final
  // demand of s) sit on one row per sector of s (its first), so that sums over split rows count them once.
  const first = new Int32Array(GN).fill(-1);
  for (let s = 0; s < G; s++) for (let n = 0; n < N; n++) first[sectorRows(f, s, n)[0]] = 1;
  for (let j = 0; j < GN; j++) {
    const s = cOf[j];
    const ws = W[j + s * GN];
    let wtot = 0;
    for (let r = 0; r < G; r++) wtot += W[j + r * GN];
    const partnerSide = first[j] === 1;
    for (let r = 0; r < G; r++) {
      if (r === s) continue;
      const q = j + r * GN;
      const e = Esr[q];
      t.EXGR[q] = e;
      t.EXGR_FNL[q] = Efin[q];
      t.EXGR_INT[q] = Eint[q];
      t.EXGR_DVA[q] = ws * e;
      t.EXGR_DDC[q] = direct[j] * e;
      t.EXGR_IDC[q] = (w[j] - direct[j]) * e;
      t.EXGR_RIM[q] = (ws - w[j]) * e;
      t.EXGR_FVA[q] = (wtot - ws) * e;
      t.FFD_DVA[q] = VBY[q];
      t.REF[q] = w[j] * e - VBY[q];
      t.DEXFVAP[q] = W[q] * E[j];
      t.FEXDVAP[q] = F[q];
      let im = 0;
      let imFin = 0;
      let imInt = 0;
      let dfd = 0;
      if (partnerSide) {
        for (const m of sectorRows(f, r, nOf[j])) {
          const p = m + s * GN; // row of r's product n, column s: what s imports from r
          im += Esr[p];
          imFin += Efin[p];
          imInt += Eint[p];
          dfd += VBY[p];
        }
      }
      t.IMGR[q] = im;
      t.IMGR_FNL[q] = imFin;
      t.IMGR_INT[q] = imInt;
      t.BALGR[q] = e - im;
      t.DFD_FVA[q] = dfd;
      t.BALVAFD[q] = VBY[q] - dfd;
    }
  }
  return { cube: { terms: [...TIVA_TERMS], data: TIVA_TERMS.map((name) => t[name]) }, VBY };
});

/** Adds the percent shares to rows grouped by their keys (after aggregation to the level). */
function addShares(rows: Row[]): Row[] {
  const out: Row[] = [];
  let i = 0;
  while (i < rows.length) {
    const key = rows[i];
    const group: Row[] = [];
    while (i < rows.length && rows[i].exporter === key.exporter && rows[i].sector === key.sector && rows[i].importer === key.importer)
      group.push(rows[i++]);
    out.push(...group);
    const val = (term: string) => Number(group.find((r) => r.term === term)?.value ?? NaN);
    for (const [code, num, den] of TIVA_SHARES) {
      const d = val(den);
      if (!(d !== 0 && Number.isFinite(d))) continue; // no exports: the share is undefined, not reported
      out.push({ ...key, term: code, value: (100 * val(num)) / d });
    }
  }
  return out;
}

/** FD_VA (origin × destination, home included) at the bilateral levels; FD_VA and DXD_DVA otherwise. */
function finalDemandRows(f: Frame, VBY: Float64Array, level: Level, o: DecomposeOptions): Row[] {
  const { G, GN, countries } = f;
  const year = f.model.table.year ?? null;
  const { exporters: exps, importers: imps, sectors: secs } = frameSelection(f, o);
  const byDest = level === 'bilateral' || level === 'sector-bilateral';
  const rows: Row[] = [];
  for (const { s, exporter, sector, rows: jset } of exportingRows(f, level, exps, secs)) {
    const sum = (d: number) => jset.reduce((a, j) => a + VBY[j + d * GN], 0);
    if (byDest) {
      for (const d of imps) rows.push({ year, exporter, sector, importer: countries[d], term: 'FD_VA', value: sum(d) });
    } else {
      let tot = 0;
      for (let d = 0; d < G; d++) tot += sum(d);
      rows.push({ year, exporter, sector, importer: null, term: 'FD_VA', value: tot });
      rows.push({ year, exporter, sector, importer: null, term: 'DXD_DVA', value: sum(s) });
    }
  }
  return rows;
}

/** TiVA codes onto the common components, as `exvatools` method "oecd" reports them. */
export const TIVA_SUMMARY: SummaryMap = {
  GEXP: plus('EXGR'),
  DC: plus('EXGR_DVA'),
  DVA: plus('EXGR_DDC', 'EXGR_IDC'),
  VAX: plus('FFD_DVA'),
  REF: plus('REF'),
  DDC: plus('EXGR_RIM'),
  FC: plus('EXGR_FVA'),
  GVC: plus('DEXFVAP', 'FEXDVAP'),
  GVCB: plus('DEXFVAP'),
  GVCF: plus('FEXDVAP'),
};

export const tivaMethod = frameMethod({
  id: 'tiva',
  name: 'OECD TiVA indicators',
  paper: "OECD (2021), Guide to OECD's Trade in Value Added (TiVA) Indicators",
  levels: ['country', 'sector', 'bilateral', 'sector-bilateral'],
  terms: [...TIVA_TERMS, ...TIVA_SHARES.map((s) => s[0]), 'FD_VA', 'DXD_DVA'],
  rows(f, level, o) {
    const { cube, VBY } = tivaParts(f);
    return [...addShares(cubeRows(f, cube, level, o)), ...finalDemandRows(f, VBY, level, o)];
  },
  summary: TIVA_SUMMARY,
});

registerTradeMethod(tivaMethod);
