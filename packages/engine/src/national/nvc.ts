/**
 * National value chain measures on a NationalTable (single country, imports as their own block).
 *
 * With x output, Ad = Zd x̂⁻¹ and Am = Zm x̂⁻¹ the domestic and imported input coefficients
 * (zero columns where x ≤ 0), v = VA / x and Ld = (I − Ad)⁻¹ the domestic Leontief inverse
 * (one factorisation of I − Ad, the domestic block of model.partition(), reused for every measure):
 * - DVA share of exports of sector j: (v Ld)_j — the domestic value added induced per unit of
 *   exports (Hummels, Ishii & Yi 2001; Koopman, Wang & Wei 2012, J. Dev. Econ. 99). DVA in
 *   exports: (v Ld)_j · e_j; national total Σ_j and DVAR = DVA / E.
 * - Imported content (vertical specialisation, VS) share: (1ᵀ Am Ld)_j. With VA = x − colsums
 *   of Zd and Zm, DVA share + VS share = 1 for every sector with x > 0.
 * - Domestic production length, backward: PLy_j = Σ_i Ld_ij, the number of domestic production
 *   stages embodied in a unit of sector j's output (Fally 2012 downstreamness on the domestic
 *   block), ≥ 1. Forward: PLv_i = (Ld x)_i / x_i, the number of domestic stages before the
 *   output of i reaches final use or exports (Antràs, Chor, Fally & Hillberry 2012
 *   upstreamness on the domestic block), ≥ 1.
 * - Import dependence: direct — imported intermediates over all intermediates of sector j,
 *   Σ_i Zm_ij / Σ_i (Zd_ij + Zm_ij); total — the VS share above (imports embodied directly and
 *   through domestic suppliers per unit of output); and import penetration of product i —
 *   imports over domestic use, m_i / (x_i − e_i + m_i).
 */
import { Model } from '../model/model.js';
import type { Result, Row } from '../results/result.js';
import type { NationalTable } from './table.js';

export const NVC_MEASURES = [
  'output',
  'exports',
  'value_added',
  'dva_share',
  'dva_exports',
  'vs_share',
  'length_backward',
  'length_forward',
  'import_direct_share',
  'import_penetration',
] as const;
export type NvcMeasure = (typeof NVC_MEASURES)[number];

export interface NvcResultData {
  /** Per sector, one array per measure. */
  bySector: Record<NvcMeasure, Float64Array>;
  /** National totals: exports E, DVA in exports, DVAR = DVA / E, output-weighted lengths, import shares. */
  total: {
    exports: number;
    dva: number;
    dvar: number;
    vs: number;
    vsShare: number;
    lengthBackward: number;
    lengthForward: number;
    importDirectShare: number;
  };
  /** Sectors with x ≤ 0 (excluded from ratios: their ratios are 0). */
  zeroOutput: string[];
}

/** Computes the national value chain measures of a table (one LU of I − Ad). */
export function nationalMeasures(t: NationalTable): NvcResultData {
  const N = t.N;
  const x = t.x;
  const va = t.va;
  const e = t.exports;
  const imports = t.imports;
  const zeroOutput: string[] = [];
  const colAm = new Float64Array(N);
  const v = new Float64Array(N);
  const zdCol = t.Zd.colSums();
  const zmCol = t.Zm.colSums();
  for (let j = 0; j < N; j++) {
    if (!(x[j] > 0)) {
      zeroOutput.push(t.sectors[j]);
      continue;
    }
    colAm[j] = zmCol[j] / x[j];
    v[j] = va[j] / x[j];
  }
  // I − Ad is the country's domestic block in the partition of the table as [country, ROW]
  // (ROW = the imports): its factorisation comes from model.partition(), as for every analysis.
  const model = Model.build(t.toIcioTable());
  const p = model.partition();
  const f = p.lu(p.indexOf(t.country));
  const vLd = f.solve(v, true); // (I − Ad)ᵀ w = vᵀ → w = (v Ld)ᵀ
  const vs = f.solve(colAm, true);
  const plb = f.solve(new Float64Array(N).fill(1), true); // column sums of Ld
  const Ldx = f.solve(x);
  const by = {} as Record<NvcMeasure, Float64Array>;
  for (const m of NVC_MEASURES) by[m] = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    const ok = x[j] > 0;
    by.output[j] = x[j];
    by.exports[j] = e[j];
    by.value_added[j] = va[j];
    by.dva_share[j] = ok ? vLd[j] : 0;
    by.dva_exports[j] = ok ? vLd[j] * e[j] : 0;
    by.vs_share[j] = ok ? vs[j] : 0;
    by.length_backward[j] = ok ? plb[j] : 0;
    by.length_forward[j] = ok ? Ldx[j] / x[j] : 0;
    const inter = zdCol[j] + zmCol[j];
    by.import_direct_share[j] = ok && inter > 0 ? zmCol[j] / inter : 0;
    const use = x[j] - e[j] + imports[j];
    by.import_penetration[j] = use > 0 ? imports[j] / use : 0;
  }
  const sum = (a: Float64Array) => a.reduce((s, y) => s + y, 0);
  const E = sum(e);
  const dva = sum(by.dva_exports);
  let vsTot = 0;
  let wx = 0;
  let lb = 0;
  let lf = 0;
  for (let j = 0; j < N; j++) {
    vsTot += by.vs_share[j] * e[j];
    if (x[j] > 0) {
      wx += x[j];
      lb += x[j] * by.length_backward[j];
      lf += x[j] * by.length_forward[j];
    }
  }
  const zm = sum(zmCol);
  const zd = sum(zdCol);
  return {
    bySector: by,
    total: {
      exports: E,
      dva,
      dvar: E > 0 ? dva / E : 0,
      vs: vsTot,
      vsShare: E > 0 ? vsTot / E : 0,
      lengthBackward: wx > 0 ? lb / wx : 0,
      lengthForward: wx > 0 ? lf / wx : 0,
      importDirectShare: zm + zd > 0 ? zm / (zm + zd) : 0,
    },
    zeroOutput,
  };
}

/** The measures as a tidy Result: rows (year, country, sector, sector_name, measure, value), then TOTAL rows. */
export function nationalValueChains(t: NationalTable): Result {
  const d = nationalMeasures(t);
  const rows: Row[] = [];
  const year = t.year ?? null;
  t.sectors.forEach((s, j) => {
    for (const m of NVC_MEASURES)
      rows.push({ year, country: t.country, sector: s, sector_name: t.sectorNames[j], measure: m, value: d.bySector[m][j] });
  });
  const tot: [string, number][] = [
    ['exports', d.total.exports],
    ['dva_exports', d.total.dva],
    ['dva_share', d.total.dvar],
    ['vs_exports', d.total.vs],
    ['vs_share', d.total.vsShare],
    ['length_backward', d.total.lengthBackward],
    ['length_forward', d.total.lengthForward],
    ['import_direct_share', d.total.importDirectShare],
  ];
  for (const [m, value] of tot) rows.push({ year, country: t.country, sector: 'TOTAL', sector_name: 'all sectors', measure: m, value });
  return {
    columns: ['year', 'country', 'sector', 'sector_name', 'measure', 'value'],
    rows,
    meta: {
      kind: 'national',
      method: 'national value chains (domestic Leontief inverse Ld = (I − Ad)⁻¹)',
      unit: t.unit,
      source: t.source,
      year: t.year,
      importSplit:
        t.importSplit === 'table' ? 'import block as published' : 'imports split from the imports column by the proportionality assumption',
      conventions: {
        output: 'x = row sums of Zd + row sums of Yd + exports',
        valueAdded: 'VA = x − column sums of Zd − column sums of Zm (all primary inputs, net taxes included)',
        shares: 'dva_share = (v Ld)_j, vs_share = (1ᵀ Am Ld)_j per unit of sector output/exports; TOTAL dva_share = DVA / exports',
        lengths: 'length_backward = column sums of Ld; length_forward = (Ld x)_i / x_i; TOTAL = output-weighted means',
        zeroOutput: 'sectors with x ≤ 0 get zero coefficients and ratios of 0',
      },
      diagnostics: d.zeroOutput.length ? [{ message: 'sectors with output x ≤ 0', items: d.zeroOutput }] : [],
    },
  };
}
