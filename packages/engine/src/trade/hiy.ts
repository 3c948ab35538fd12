/**
 * HIY / VS: the value-added origin of exports, V B Ê (Hummels, Ishii & Yi 2001; the
 * `decompr::leontief` "exports" output). Element (k, j) = v_k B_kj E_j is the value added of
 * origin country-sector k embodied in the gross exports E_j of country-sector j; each column sums
 * to E_j (where x_j > 0).
 *
 * Rows (columns `year, exporter, sector, importer, origin_country, origin_sector, term, value`):
 *   term VA    one row per origin × exporter: at level "sector" origin country-sector k ×
 *              exporting country-sector j; at level "country" origin country × exporting country.
 *   per exporter (origin columns empty):
 *   GEXP       gross exports E
 *   DC         domestic content Σ_{k∈s} v_k B_kj E_j (HIY's domestic value added, with re-imports)
 *   VS         foreign content Σ_{k∉s} v_k B_kj E_j (HIY's vertical specialisation)
 *   VS1        value added of s (of its sector, at level "sector") in other countries' exports,
 *              Σ_{k∈s} Σ_{j∉s} v_k B_kj E_j (Hummels et al.'s VS1, forward)
 *
 * Paper: Hummels, D., Ishii, J. & Yi, K.-M. (2001), "The nature and growth of vertical
 * specialization in world trade", Journal of International Economics 54(1): 75–96.
 */
import type { Result, Row } from '../results/result.js';
import { exportingRows, sectorRows } from './cube.js';
import { blocksOf, checkLevel, frameResult, frameSelection, plus, summarizeRows, type SummaryMap } from './scaffold.js';
import { frameOf, vaByOrigin, type Frame } from './frame.js';
import { Matrix } from '@catena/linalg';
import type { Model } from '../model/model.js';
import { registerTradeMethod, type DecomposeOptions, type Level, type TradeMethod } from './decompose.js';

export const HIY_TERMS = ['VA', 'GEXP', 'DC', 'VS', 'VS1'] as const;
/** Result columns of HIY: the decomposition columns with the origin before `term`. */
export const HIY_COLUMNS = ['year', 'exporter', 'sector', 'importer', 'origin_country', 'origin_sector', 'term', 'value'];

const LEVELS: Level[] = ['country', 'sector'];

/** The value-added origin rows and the per-exporter aggregates. */
export function hiyRows(f: Frame, level: Level, o: DecomposeOptions = { method: 'hiy' }): Row[] {
  const { G, N, GN, cOf, countries, sectors, E } = f;
  const v = f.model.vTrace;
  const year = f.model.table.year ?? null;
  const B = f.model.B.data;
  const W = vaByOrigin(f);
  const { exporters: exps, sectors: secs } = frameSelection(f, o);
  const bySector = level === 'sector';
  // VS1 per origin row k: Σ_{j∉c(k)} v_k B_kj E_j.
  const vs1 = new Float64Array(GN);
  for (let j = 0; j < GN; j++) {
    const s = cOf[j];
    const col = j * GN;
    const ej = E[j];
    if (ej === 0) continue;
    for (let k = 0; k < GN; k++) if (cOf[k] !== s) vs1[k] += v[k] * B[col + k] * ej;
  }
  const originRows = countries.map((_, t) => Array.from({ length: N }, (_, m) => sectorRows(f, t, m)));
  const rows: Row[] = [];
  for (const { s, exporter, sector, rows: jset } of exportingRows(f, level, exps, secs)) {
    let gexp = 0;
    let dc = 0;
    let fc = 0;
    let vs1s = 0;
    for (const j of jset) {
      let tot = 0;
      for (let t = 0; t < G; t++) tot += W[j + t * GN];
      gexp += E[j];
      dc += W[j + s * GN] * E[j];
      fc += (tot - W[j + s * GN]) * E[j];
      vs1s += vs1[j];
    }
    const row = (oc: string | null, os: string | null, term: string, value: number): Row => ({
      year,
      exporter,
      sector,
      importer: null,
      origin_country: oc,
      origin_sector: os,
      term,
      value,
    });
    rows.push(row(null, null, 'GEXP', gexp), row(null, null, 'DC', dc), row(null, null, 'VS', fc), row(null, null, 'VS1', vs1s));
    for (let t = 0; t < G; t++) {
      if (bySector) {
        for (let m = 0; m < N; m++) {
          let sum = 0;
          for (const j of jset) {
            const col = j * GN;
            let vb = 0;
            for (const k of originRows[t][m]) vb += v[k] * B[k + col];
            sum += vb * E[j];
          }
          rows.push(row(countries[t], sectors[m], 'VA', sum));
        }
      } else {
        let sum = 0;
        for (const j of jset) sum += W[j + t * GN] * E[j];
        rows.push(row(countries[t], null, 'VA', sum));
      }
    }
  }
  return rows;
}

/**
 * The value-added origin matrix V̂ B ŵ (GN × GN, model rows): element (k, j) = v_k B_kj w_j. With
 * w = gross exports it is the HIY matrix; with w = output x, `decompr::leontief(post = "output")`.
 */
export function vaOriginMatrix(model: Model, w: ArrayLike<number>): Matrix {
  const { GN, v } = model;
  const B = model.B.data;
  const out = new Matrix(GN, GN);
  for (let j = 0; j < GN; j++) {
    const o = j * GN;
    const wj = w[j];
    for (let k = 0; k < GN; k++) out.data[o + k] = v[k] * B[o + k] * wj;
  }
  return out;
}

export const HIY_SUMMARY: SummaryMap = { GEXP: plus('GEXP'), DC: plus('DC'), FC: plus('VS') };

export const hiyMethod: TradeMethod = {
  id: 'hiy',
  name: 'Hummels–Ishii–Yi value-added origin of exports (VS)',
  paper: 'Hummels, Ishii & Yi (2001), Journal of International Economics 54(1): 75–96',
  perspectives: ['exporter'],
  approaches: ['source'],
  levels: LEVELS,
  terms: [...HIY_TERMS],
  run(model, o): Result {
    const level = checkLevel(o.level, LEVELS, 'hiy');
    const f = frameOf(model, blocksOf(o));
    const r = frameResult(f, o, level, [...HIY_TERMS], hiyRows(f, level, o));
    return { ...r, columns: HIY_COLUMNS };
  },
  summarize(rows: Row[]): Row[] {
    return summarizeRows(
      rows.filter((r) => r.term !== 'VA'),
      HIY_SUMMARY,
    );
  },
};

registerTradeMethod(hiyMethod);
