/**
 * Term cubes: the shared shape of the sector-bilateral decompositions (WWZ, KWW, Miroudot–Ye,
 * TiVA). A cube holds, for each term, a GN × G array (column-major, index j + r·GN): the value
 * for exporting row j (frame country s = cOf[j], sector nOf[j]) and partner frame country r.
 * Entries with r = s are zero. Rows at the four levels are sums over this one array:
 *
 *   sector-bilateral  (s, n, r)          bilateral  (s, r) = Σ_n
 *   sector            (s, n) = Σ_{r≠s}   country    (s)    = Σ_n Σ_{r≠s}
 *
 * Layout: the model's rows, country-major and sector-minor (index g·N + n), as everywhere in the engine.
 * The scaffolding the methods share (selection, Result, summaries, frameMethod) is in scaffold.ts.
 */
import type { Frame } from './frame.js';
import type { Row } from '../results/result.js';
import type { DecomposeOptions, Level } from './decompose.js';
import { frameSelection } from './scaffold.js';

export interface TermCube {
  terms: string[];
  /** One GN × G array per term, in the order of `terms`. */
  data: Float64Array[];
}

/** Rows of frame country s that hold sector n (one row, or one per split part). */
export function sectorRows(f: Frame, s: number, n: number): Int32Array {
  return f.sectorRows(s, n);
}

/** One group of exporting rows that a row of results sums over. */
export interface ExportingRows {
  /** Frame country of the exporter, and its code. */
  s: number;
  exporter: string;
  /** The sector's code at the sector levels, else null. */
  sector: string | null;
  /** Model rows: all rows of s, or those of the sector (one, or one per split part). */
  rows: Int32Array;
}

/**
 * The groups of exporting rows a level reports, in report order: per exporter (frame indices),
 * all its rows at the country and bilateral levels, or the rows of each sector (sector indices)
 * at the sector levels.
 */
export function exportingRows(f: Frame, level: Level, exporters: number[], sectors: number[]): ExportingRows[] {
  const bySector = level === 'sector' || level === 'sector-bilateral';
  return exporters.flatMap((s): ExportingRows[] =>
    bySector
      ? sectors.map((n) => ({ s, exporter: f.countries[s], sector: f.sectors[n], rows: sectorRows(f, s, n) }))
      : [{ s, exporter: f.countries[s], sector: null, rows: f.rows[s] }],
  );
}

/** Rows of a cube at one level, for the exporters, importers and sectors asked for. */
export function cubeRows(f: Frame, cube: TermCube, level: Level, o: DecomposeOptions): Row[] {
  const { G, GN, countries } = f;
  const year = f.model.table.year ?? null;
  const { exporters: exps, importers: imps, sectors: secs } = frameSelection(f, o);
  const byImporter = level === 'bilateral' || level === 'sector-bilateral';
  const { terms, data } = cube;
  const T = terms.length;
  const rows: Row[] = [];
  // Sums of one term over a set of exporting rows and partners.
  const sum = (d: Float64Array, jset: Int32Array, r: number): number => {
    let v = 0;
    if (r >= 0) for (let a = 0; a < jset.length; a++) v += d[jset[a] + r * GN];
    else for (let p = 0; p < G; p++) for (let a = 0; a < jset.length; a++) v += d[jset[a] + p * GN];
    return v;
  };
  for (const { s, exporter, sector, rows: jset } of exportingRows(f, level, exps, secs)) {
    for (const r of byImporter ? imps.filter((r) => r !== s) : [-1]) {
      // Entries at r = s are zero, so the all-partner sum needs no exclusion.
      const importer = r >= 0 ? countries[r] : null;
      for (let t = 0; t < T; t++) rows.push({ year, exporter, sector, importer, term: terms[t], value: sum(data[t], jset, r) });
    }
  }
  return rows;
}
