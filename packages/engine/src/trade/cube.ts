/**
 * Term cubes: the shared shape of the sector-bilateral decompositions (WWZ, KWW, Miroudot–Ye,
 * TiVA). A cube holds, for each term, a GN × G array (column-major, index j + r·GN): the value
 * for exporting country-sector j (country s = ⌊j/N⌋, sector j − s·N) and partner country r.
 * Entries with r = s are zero. Rows at the four levels are sums over this one array:
 *
 *   sector-bilateral  (s, n, r)          bilateral  (s, r) = Σ_n
 *   sector            (s, n) = Σ_{r≠s}   country    (s)    = Σ_n Σ_{r≠s}
 *
 * Layout: the model's rows, country-major and sector-minor (index g·N + n), as everywhere in the engine.
 *
 * Also the scaffolding the frame-based methods share: the selection in frame indices, the groups of
 * exporting rows a level reports (exportingRows), the Result with its metadata (frameResult), the
 * summaries (summarizeRows) and frameMethod, which makes a TradeMethod from these parts.
 */
import { OptionError } from '../errors.js';
import { frameOf, type Frame } from './frame.js';
import type { Result, Row } from '../results/result.js';
import {
  SUMMARY_TERMS,
  decompositionResult,
  selection,
  type DecomposeOptions,
  type Level,
  type MethodId,
  type TradeMethod,
} from './decompose.js';

export interface TermCube {
  terms: string[];
  /** One GN × G array per term, in the order of `terms`. */
  data: Float64Array[];
}

/** The requested exporters, importers and sectors as frame indices (country groups such as EU27 expand to members). */
export function frameSelection(f: Frame, o: DecomposeOptions): { exporters: number[]; importers: number[]; sectors: number[] } {
  const sel = selection(f.model, o);
  // Table country g starts at row g·N; split parts (MX1 …) map to their parent's frame country.
  const toFrame = (gs: number[]) => [...new Set(gs.map((g) => f.cOf[g * f.N]))].sort((a, b) => a - b);
  return { exporters: toFrame(sel.exporters), importers: toFrame(sel.importers), sectors: sel.sectors };
}

/**
 * Groups of countries treated as one domestic block each ({ NAFTA: ['USA', 'CAN', 'MEX'] }), as
 * `exvatools` does for a group exporter; see frame.ts. The option is DecomposeOptions.blocks.
 */
export type BlockOptions = Pick<DecomposeOptions, 'blocks'>;

/** The blocks option of a decomposition call (none by default). */
export function blocksOf(o: DecomposeOptions & BlockOptions): Record<string, string[]> {
  return o.blocks ?? {};
}

/** Checks the level against the method's levels (error names the option and the choices). */
export function checkLevel(level: string, levels: Level[], method: string): Level {
  if (!(levels as string[]).includes(level)) {
    throw new OptionError(`level: found '${level}' for method ${method}, expected one of ${levels.join(', ')}`);
  }
  return level as Level;
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

/** A Result of decomposition rows with the standard metadata (decompositionResult) and the split folding, when done. */
export function frameResult(
  f: Frame,
  o: DecomposeOptions,
  level: Level,
  terms: string[],
  rows: Row[],
  extra: Record<string, unknown> = {},
): Result {
  const base = { ...o, perspective: o.perspective ?? 'exporter', approach: o.approach ?? 'source', level };
  const res = decompositionResult(f.model, base, terms, rows);
  // Countries whose domestic block holds several table countries (CN1/CN2 in CHN, MX1/MX2 in MEX, blocks).
  return { ...res, meta: { ...res.meta, ...(f.folded ? { domesticBlocks: f.members } : {}), ...extra } };
}

/** What a method computed on the frame declares (see frameMethod). */
export interface FrameMethodSpec {
  id: MethodId;
  name: string;
  paper: string;
  levels: Level[];
  /** Every term the method reports, in order (also meta.terms of its Results). */
  terms: readonly string[];
  /** The rows at one level, for the exporters, importers and sectors asked for. */
  rows(f: Frame, level: Level, o: DecomposeOptions): Row[];
  /** Its terms onto the common components. */
  summary: SummaryMap;
  /** Metadata added to every Result. */
  meta?: Record<string, unknown>;
}

/**
 * A TradeMethod of the exporter perspective and source approach computed on the frame of the
 * table (split parts and blocks folded): `run` checks the level, takes the frame of the blocks
 * option and wraps `spec.rows` in frameResult; `summarize` maps rows with `spec.summary`.
 * WWZ, KWW, Miroudot–Ye and TiVA are made with it.
 */
export function frameMethod(spec: FrameMethodSpec): TradeMethod {
  return {
    id: spec.id,
    name: spec.name,
    paper: spec.paper,
    perspectives: ['exporter'],
    approaches: ['source'],
    levels: spec.levels,
    terms: [...spec.terms],
    run(model, o) {
      const level = checkLevel(o.level, spec.levels, spec.id);
      const f = frameOf(model, blocksOf(o));
      return frameResult(f, o, level, [...spec.terms], spec.rows(f, level, o), spec.meta);
    },
    summarize: (rows) => summarizeRows(rows, spec.summary),
  };
}

/** A summary component as a sum of a method's terms (each with coefficient +1 or −1). */
export type SummaryMap = Partial<Record<(typeof SUMMARY_TERMS)[number], Record<string, number>>>;

/**
 * Maps rows of a method onto the common components: rows are grouped by their keys (year,
 * exporter, sector, importer), and each component in `map` is the signed sum of its terms.
 */
export function summarizeRows(rows: Row[], map: SummaryMap): Row[] {
  const groups = new Map<string, { key: Row; terms: Map<string, number> }>();
  for (const r of rows) {
    const k = `${r.year}\u0001${r.exporter}\u0001${r.sector}\u0001${r.importer}`;
    let g = groups.get(k);
    if (!g) {
      g = {
        key: { year: r.year ?? null, exporter: r.exporter ?? null, sector: r.sector ?? null, importer: r.importer ?? null },
        terms: new Map(),
      };
      groups.set(k, g);
    }
    const term = String(r.term);
    g.terms.set(term, (g.terms.get(term) ?? 0) + Number(r.value));
  }
  const out: Row[] = [];
  const known = new Set(Object.values(map).flatMap((parts) => Object.keys(parts ?? {})));
  for (const g of groups.values()) {
    // Groups made only of other terms (e.g. TiVA's FD_VA at home) have no components.
    if (![...g.terms.keys()].some((t) => known.has(t))) continue;
    for (const comp of SUMMARY_TERMS) {
      const parts = map[comp];
      if (!parts) continue;
      let v = 0;
      for (const [term, coef] of Object.entries(parts)) v += coef * (g.terms.get(term) ?? 0);
      out.push({ ...g.key, term: comp, value: v });
    }
  }
  return out;
}

/** Sum of named terms with coefficient 1, for building SummaryMaps. */
export function plus(...terms: string[]): Record<string, number> {
  return Object.fromEntries(terms.map((t) => [t, 1]));
}
