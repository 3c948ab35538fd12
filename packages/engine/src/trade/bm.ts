/**
 * Borin–Mancini decomposition of gross exports (and imports): Borin & Mancini (2019, World Bank
 * PRWP 8804; 2023), as the Stata command `icio` computes it (Belotti, Borin & Mancini 2021,
 * Stata Journal 21(3)).
 *
 * Perspectives (the perimeter within which value added is counted once):
 *   exporter          all exports of s (levels country, sector, bilateral, sector-bilateral);
 *   sector            the exports of one sector of s (levels sector, sector-bilateral);
 *   bilateral         the exports of s to r (levels bilateral, sector-bilateral);
 *   sector-bilateral  the exports of one sector of s to r (level sector-bilateral);
 *   world             all exports of the world (level country; FVA differs from exporter);
 *   importer          all imports of r (GIMP = VA + DC, VA counted once at r's border).
 * Approaches: source (first crossing: 13 terms with DAVAX and GVC, GVCB, GVCF) and sink (last
 * crossing: 10 terms with VAXIM). Formulas: bm-perimeter.ts (exports), below (world, imports).
 *
 * Cost: the model's one LU of I − A (B and B·Y from it), the cached local LUs, and per
 * perimeter an N × N system I + W (block update of B) — never a GN-sized factorisation.
 */
import { LU, Matrix, matmul, matvec } from '@catena/linalg';
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { Result, Row } from '../results/result.js';
import { bmContext, exporterData, type BmContext, type ExporterData } from './bm-context.js';
import { blockPerimeter, emptyCells, perimeterCells, rowPerimeters, SINK_TERMS, SOURCE_TERMS, type Cells } from './bm-perimeter.js';
import {
  decompositionResult,
  registerTradeMethod,
  selection,
  SUMMARY_TERMS,
  type DecomposeOptions,
  type Level,
  type Selection,
  type TradeMethod,
} from './decompose.js';

export const BM_PERSPECTIVES = ['exporter', 'world', 'sector', 'bilateral', 'sector-bilateral', 'importer'] as const;
export type BmPerspective = (typeof BM_PERSPECTIVES)[number];

const ALL_LEVELS: Level[] = ['country', 'sector', 'bilateral', 'sector-bilateral'];
/** The levels at which each perspective's perimeter contains the reported flows. */
export const BM_LEVELS: Record<BmPerspective, Level[]> = {
  exporter: ALL_LEVELS,
  sector: ['sector', 'sector-bilateral'],
  bilateral: ['bilateral', 'sector-bilateral'],
  'sector-bilateral': ['sector-bilateral'],
  world: ['country'],
  importer: ALL_LEVELS,
};

export const WORLD_TERMS = ['GEXP', 'DC', 'DVA', 'VAX', 'REF', 'DDC', 'FC', 'FVA', 'FDC'];
export const IMPORT_TERMS = ['GIMP', 'VA', 'DC'];

type BmOptions = Required<Pick<DecomposeOptions, 'perspective' | 'approach' | 'level'>> & DecomposeOptions;

const isBilateral = (l: Level) => l === 'bilateral' || l === 'sector-bilateral';
const isSectoral = (l: Level) => l === 'sector' || l === 'sector-bilateral';

/** Σ_{j∉s} A[(s,n), j] (B Y)[j, r] for every n, r: intermediates leaving s that end in r's final demand. */
function etaAllOf(c: BmContext, s: number, ABY: () => Matrix): Float64Array {
  const { N, G, GN, A, BY } = c;
  const o = s * N;
  const M = ABY().data;
  const out = new Float64Array(N * G);
  for (let r = 0; r < G; r++) {
    for (let n = 0; n < N; n++) {
      let acc = M[o + n + r * GN];
      for (let k = 0; k < N; k++) acc -= A[(o + k) * GN + o + n] * BY[o + k + r * GN];
      out[n + r * N] = acc;
    }
  }
  return out;
}

function lazy<T>(f: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= f());
}

/** The cells (n, r) of exporter s's flows under an export perspective. */
function exportCells(
  c: BmContext,
  d: ExporterData,
  perspective: BmPerspective,
  approach: 'source' | 'sink',
  dests: number[],
  ABY: () => Matrix,
): Cells {
  const out = emptyCells(c, approach);
  const others = Array.from({ length: c.G }, (_, r) => r).filter((r) => r !== d.s);
  const etaAll = lazy(() => etaAllOf(c, d.s, ABY));
  if (perspective === 'exporter' || perspective === 'world') perimeterCells(c, d, blockPerimeter(c, d, others, etaAll), approach, out);
  else if (perspective === 'sector') perimeterCells(c, d, rowPerimeters(c, d, others, etaAll), approach, out);
  else {
    for (const r of dests) {
      if (r === d.s) continue;
      const per = perspective === 'bilateral' ? blockPerimeter(c, d, [r], etaAll) : rowPerimeters(c, d, [r], etaAll);
      perimeterCells(c, d, per, approach, out);
    }
  }
  return out;
}

/** Rows of one unit (exporter s for exports, importer for imports) at a level, from N × G cells. */
function emitRows(
  rows: Row[],
  year: number | null,
  terms: string[],
  cells: Cells,
  level: Level,
  unit: { exporter: string | null; importer: string | null },
  N: number,
  sectors: string[],
  /** Sectors to report, partners (the other country of each cell) to report / to sum over. */
  pick: { sectors: number[]; partners: number[]; allSectors: number[]; allPartners: number[] },
  partnerIsImporter: boolean,
  countries: string[],
): void {
  const rowSet = isSectoral(level) ? pick.sectors : pick.allSectors;
  const colSet = isBilateral(level) ? pick.partners : pick.allPartners;
  const key = (n: number | null, p: number | null): Row => {
    const partner = p === null ? null : countries[p];
    return {
      year,
      exporter: partnerIsImporter ? unit.exporter : (partner ?? unit.exporter),
      sector: n === null ? null : sectors[n],
      importer: partnerIsImporter ? (partner ?? unit.importer) : unit.importer,
      term: '',
      value: 0,
    };
  };
  const groupsN = isSectoral(level) ? rowSet.map((n) => [n]) : [rowSet];
  const groupsP = isBilateral(level) ? colSet.map((p) => [p]) : [colSet];
  for (const gn of groupsN) {
    for (const gp of groupsP) {
      const base = key(isSectoral(level) ? gn[0] : null, isBilateral(level) ? gp[0] : null);
      for (const t of terms) {
        const a = cells[t];
        let acc = 0;
        for (const p of gp) for (const n of gn) acc += a[n + p * N];
        rows.push({ ...base, term: t, value: acc });
      }
    }
  }
}

function exportRows(model: Model, o: BmOptions, sel: Selection): { terms: string[]; rows: Row[] } {
  const c = bmContext(model);
  const { G, N } = c;
  const t = model.table;
  const year = t.year ?? null;
  const perspective = o.perspective as BmPerspective;
  const approach = perspective === 'world' ? 'source' : o.approach;
  const ABY = lazy(() => matmul(model.A, new Matrix(c.GN, G, c.BY)));
  const terms = perspective === 'world' ? WORLD_TERMS : approach === 'source' ? SOURCE_TERMS : SINK_TERMS;
  const allSectors = Array.from({ length: N }, (_, n) => n);
  const rows: Row[] = [];
  const worldFva = perspective === 'world' ? (o.approach === 'sink' ? worldFvaSink(c) : worldFvaSource(c)) : null;
  for (const s of sel.exporters) {
    const d = exporterData(c, s);
    const cells = exportCells(c, d, perspective, approach, sel.importers, ABY);
    const allPartners = Array.from({ length: G }, (_, r) => r).filter((r) => r !== s);
    if (worldFva) {
      // The world perimeter changes only the foreign side: FVA at country level, FDC = FC − FVA.
      cells.FVA.fill(0);
      cells.FVA[allPartners[0] * N] = worldFva[s];
      for (let k = 0; k < cells.FC.length; k++) cells.FDC[k] = cells.FC[k] - cells.FVA[k];
    }
    emitRows(
      rows,
      year,
      terms,
      cells,
      o.level,
      { exporter: t.countries[s], importer: null },
      N,
      t.sectors,
      { sectors: sel.sectors, partners: sel.importers.filter((r) => r !== s), allSectors, allPartners },
      true,
      t.countries,
    );
  }
  return { terms, rows };
}

/**
 * World perimeter, source approach (BM 2019 eq. 52): foreign value added counted the first time a
 * country other than its origin exports it — produced in t, shipped directly to s, processed in s
 * and exported: FVA_s = Σ_{t≠s} V_t L_tt A_ts L_ss E_s.
 */
function worldFvaSource(c: BmContext): Float64Array {
  const { model, G, N, GN, A, VLdom } = c;
  const out = new Float64Array(G);
  for (let s = 0; s < G; s++) {
    const o = s * N;
    const g = model.localLU(s).solve(model.E.slice(o, o + N));
    let acc = 0;
    for (let k = 0; k < N; k++) {
      const col = (o + k) * GN;
      for (let i = 0; i < GN; i++) {
        if (i === o) i += N;
        if (i >= GN) break;
        acc += VLdom[i] * A[col + i] * g[k];
      }
    }
    out[s] = acc;
  }
  return out;
}

/**
 * World perimeter, sink approach (BM 2019 eq. 54, the corrected KWW): foreign value added counted
 * the last time it leaves a country other than its origin:
 *   FVA_s = Σ_{r≠s} [ VBfor_s·(Y_sr + A_sr L_rr Y_rr) + (V_r B_rs)·A_sr L_rr REX_r ],
 *   REX_r = Σ_{j≠r} (Y_rj + A_rj L_jj Y_jj): what r exports for direct absorption abroad.
 */
function worldFvaSink(c: BmContext): Float64Array {
  const { model, G, N, GN, A, B, VBfor, Wcol } = c;
  const v = model.v;
  const AW = matvec(model.A, Wcol);
  const finRow = model.EsrFin.rowSums();
  const Wrex = new Float64Array(GN);
  for (let r = 0; r < G; r++) {
    const p = r * N;
    const rex = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      let dom = 0;
      for (let l = 0; l < N; l++) dom += A[(p + l) * GN + p + i] * Wcol[p + l];
      rex[i] = finRow[p + i] + AW[p + i] - dom;
    }
    Wrex.set(model.localLU(r).solve(rex), p);
  }
  const out = new Float64Array(G);
  for (let s = 0; s < G; s++) {
    const o = s * N;
    const d = exporterData(c, s);
    let acc = 0;
    for (let r = 0; r < G; r++) {
      if (r === s) continue;
      const p = r * N;
      for (let n = 0; n < N; n++) acc += VBfor[o + n] * (d.Efin[n + r * N] + d.dae[n + r * N]);
      for (let k = 0; k < N; k++) {
        // (V_r B_rs)_k · (A_sr Wrex_r)_k
        let vb = 0;
        const bcol = (o + k) * GN + p;
        for (let i = 0; i < N; i++) vb += v[p + i] * B[bcol + i];
        let aw = 0;
        for (let l = 0; l < N; l++) aw += A[(p + l) * GN + o + k] * Wrex[p + l];
        acc += vb * aw;
      }
    }
    out[s] = acc;
  }
  return out;
}

/**
 * Importer perspective (BM 2019 eq. 51): gross imports of r split into value added counted once
 * at r's border (VA, of any origin) and double counting (DC). With Ã^r = A without r's imported
 * intermediates (A_tr, t ≠ r), B̃^r = (I − Ã^r)⁻¹ is a rank-N update of B:
 *   v B̃^r = v B − (V B_{·r} (I − A_rr) − v_r) K_r⁻¹ B_{r·},   K_r = B_rr (I − A_rr),
 * and VA of the import flow j → r is (v B̃^r)_j E_jr; DC = GIMP − VA.
 */
function importCells(c: BmContext, r: number): Cells {
  const { model, N, GN, A, B, VB } = c;
  const v = model.v;
  const p = r * N;
  const ImA = new Matrix(N, N);
  for (let k = 0; k < N; k++) for (let i = 0; i < N; i++) ImA.data[i + k * N] = (i === k ? 1 : 0) - A[(p + k) * GN + p + i];
  const Brr = new Matrix(N, N);
  for (let k = 0; k < N; k++) for (let i = 0; i < N; i++) Brr.data[i + k * N] = B[(p + k) * GN + p + i];
  const K = matmul(Brr, ImA);
  const w = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    let acc = -v[p + k];
    for (let i = 0; i < N; i++) acc += VB[p + i] * ImA.data[i + k * N];
    w[k] = acc;
  }
  const z = LU.factor(K, { context: `B_rr (I − A_rr) of importer ${model.table.countries[r]}`, skipConditionCheck: true }).solve(w, true);
  // Cells indexed by (exporting sector n, exporting country s): n + s·N.
  const out: Cells = { GIMP: new Float64Array(GN), VA: new Float64Array(GN), DC: new Float64Array(GN) };
  for (let j = 0; j < GN; j++) {
    const s = Math.floor(j / N);
    if (s === r) continue;
    const e = model.Esr.data[j + r * GN];
    let y = 0;
    for (let i = 0; i < N; i++) y += z[i] * B[j * GN + p + i];
    const va = (VB[j] - y) * e;
    out.GIMP[j] = e;
    out.VA[j] = va;
    out.DC[j] = e - va;
  }
  return out;
}

function importRows(model: Model, o: BmOptions, sel: Selection): { terms: string[]; rows: Row[] } {
  const c = bmContext(model);
  const t = model.table;
  const year = t.year ?? null;
  const rows: Row[] = [];
  const allSectors = Array.from({ length: c.N }, (_, n) => n);
  for (const r of sel.importers) {
    const cells = importCells(c, r);
    const allPartners = Array.from({ length: c.G }, (_, s) => s).filter((s) => s !== r);
    emitRows(
      rows,
      year,
      IMPORT_TERMS,
      cells,
      o.level,
      { exporter: null, importer: t.countries[r] },
      c.N,
      t.sectors,
      { sectors: sel.sectors, partners: sel.exporters.filter((s) => s !== r), allSectors, allPartners },
      false,
      t.countries,
    );
  }
  return { terms: IMPORT_TERMS, rows };
}

function run(model: Model, o: BmOptions): Result {
  const perspective = o.perspective as BmPerspective;
  const levels = BM_LEVELS[perspective];
  if (!levels.includes(o.level)) {
    throw new OptionError(`level '${o.level}' does not fit the ${perspective} perspective of bm; expected one of ${levels.join(', ')}`);
  }
  if (perspective === 'importer' && o.approach === 'sink') {
    throw new OptionError(`approach 'sink' is not defined for the importer perspective of bm; expected source`);
  }
  const imports = perspective === 'importer';
  if (o.importers && !imports && !isBilateral(o.level)) {
    throw new OptionError(`importers select rows at the bilateral and sector-bilateral levels; level is '${o.level}'`);
  }
  if (o.exporters && imports && !isBilateral(o.level)) {
    throw new OptionError(
      `exporters select rows of the importer perspective at the bilateral and sector-bilateral levels; level is '${o.level}'`,
    );
  }
  if (o.sectors && !isSectoral(o.level)) {
    throw new OptionError(`sectors select rows at the sector and sector-bilateral levels; level is '${o.level}'`);
  }
  const sel = selection(model, o);
  const { terms, rows } = imports ? importRows(model, o, sel) : exportRows(model, o, sel);
  return decompositionResult(model, { ...o, method: 'bm' }, terms, rows);
}

export const bmMethod: TradeMethod = {
  id: 'bm',
  name: 'Borin–Mancini',
  paper:
    'Borin & Mancini (2019), Measuring what matters in global value chains and value-added trade, World Bank PRWP 8804; Borin & Mancini (2023); Belotti, Borin & Mancini (2021), icio, Stata Journal 21(3)',
  perspectives: [...BM_PERSPECTIVES],
  approaches: ['source', 'sink'],
  levels: ALL_LEVELS,
  terms: [...SOURCE_TERMS, 'VAXIM'],
  run,
  defaultLevel: (perspective) => BM_LEVELS[perspective as BmPerspective]?.[0] ?? 'country',
  summarize(rows: Row[]): Row[] {
    if (rows.some((r) => r.term === 'GIMP')) {
      throw new OptionError('the importer perspective of bm splits imports (GIMP, VA, DC); it has no summary in export components');
    }
    const keep = new Set<string>(SUMMARY_TERMS);
    return rows.filter((r) => keep.has(String(r.term)));
  },
};

registerTradeMethod(bmMethod);
