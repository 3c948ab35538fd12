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
 * Countries are those of the frame (frame.ts): on a table read with `keepSplits` CN1/CN2 and
 * MX1/MX2 belong to the domestic blocks of CHN and MEX, and `blocks` ({ NAFTA: ['MEX', 'USA'] })
 * makes a group of countries one exporter and importer; results are reported for the frame's
 * countries, with the rows of split parts or members summed by sector.
 *
 * Cost: the model's one LU of I − A (B and B·Y from it), the cached local inverses, and per
 * perimeter an n_s × n_s system I + W (block update of B; n_s = N unless s holds split parts or
 * block members) — never a GN-sized factorisation.
 */
import { LU, Matrix, matmul, matvec } from '@catena/linalg';
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { Row } from '../results/result.js';
import { bmContext, exporterData, gather, localApply, type BmContext, type ExporterData } from './bm-context.js';
import {
  blockPerimeter,
  emptyCells,
  foldCells,
  perimeterCells,
  rowPerimeters,
  SINK_TERMS,
  SOURCE_TERMS,
  type Cells,
} from './bm-perimeter.js';
import { blocksOf, frameResult, frameSelection } from './scaffold.js';
import { registerTradeMethod, SUMMARY_TERMS, type DecomposeOptions, type Level, type TradeMethod } from './decompose.js';
import { frameOf, localInverseOf } from './frame.js';

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
type Selection = { exporters: number[]; importers: number[]; sectors: number[] };

const isBilateral = (l: Level) => l === 'bilateral' || l === 'sector-bilateral';
const isSectoral = (l: Level) => l === 'sector' || l === 'sector-bilateral';

/** Σ_{j∉s} A[i, j] (B Y)[j, r] for every row i of s and every r: intermediates leaving s that end in r's final demand. */
function etaAllOf(c: BmContext, d: ExporterData, ABY: () => Matrix): Float64Array {
  const { G, GN, A, BY } = c;
  const { rs, ns } = d;
  const M = ABY().data;
  const out = new Float64Array(ns * G);
  for (let r = 0; r < G; r++) {
    for (let n = 0; n < ns; n++) {
      const i = rs[n];
      let acc = M[i + r * GN];
      for (let k = 0; k < ns; k++) acc -= A[rs[k] * GN + i] * BY[rs[k] + r * GN];
      out[n + r * ns] = acc;
    }
  }
  return out;
}

function lazy<T>(f: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= f());
}

/** The cells (a, r) of exporter s's flows under an export perspective (over s's rows). */
function exportCells(
  c: BmContext,
  d: ExporterData,
  perspective: BmPerspective,
  approach: 'source' | 'sink',
  dests: number[],
  ABY: () => Matrix,
): Cells {
  const out = emptyCells(d.ns * c.G, approach);
  const others = Array.from({ length: c.G }, (_, r) => r).filter((r) => r !== d.s);
  const etaAll = lazy(() => etaAllOf(c, d, ABY));
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

/** What emitRows needs to write the rows of one unit. */
interface EmitOptions {
  year: number | null;
  terms: string[];
  /** N × G cells of each term (index n + p·N, p the partner country). */
  cells: Cells;
  level: Level;
  /** The reporting unit: exporter s for exports, importer r for imports. */
  unit: { exporter: string | null; importer: string | null };
  N: number;
  sectors: string[];
  /** Sectors to report, partners (the other country of each cell) to report / to sum over. */
  pick: { sectors: number[]; partners: number[]; allSectors: number[]; allPartners: number[] };
  /** Whether the partner of a cell is the importer (exports) or the exporter (imports). */
  partnerIsImporter: boolean;
  countries: string[];
}

/** Rows of one unit (exporter s for exports, importer for imports) at a level, from N × G cells. */
function emitRows(rows: Row[], o: EmitOptions): void {
  const { year, terms, cells, level, unit, N, sectors, pick, partnerIsImporter, countries } = o;
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

function exportRows(c: BmContext, o: BmOptions, sel: Selection): { terms: string[]; rows: Row[] } {
  const { f, G, N } = c;
  const year = f.model.table.year ?? null;
  const perspective = o.perspective as BmPerspective;
  const approach = perspective === 'world' ? 'source' : o.approach;
  const ABY = lazy(() => matmul(f.model.A, new Matrix(c.GN, G, c.BY)));
  const terms = perspective === 'world' ? WORLD_TERMS : approach === 'source' ? SOURCE_TERMS : SINK_TERMS;
  const allSectors = Array.from({ length: N }, (_, n) => n);
  const rows: Row[] = [];
  const worldFva = perspective === 'world' ? (o.approach === 'sink' ? worldFvaSink(c) : worldFvaSource(c)) : null;
  for (const s of sel.exporters) {
    const d = exporterData(c, s);
    const cells = foldCells(c, d, exportCells(c, d, perspective, approach, sel.importers, ABY));
    const allPartners = Array.from({ length: G }, (_, r) => r).filter((r) => r !== s);
    if (worldFva) {
      // The world perimeter changes only the foreign side: FVA at country level, FDC = FC − FVA.
      cells.FVA.fill(0);
      cells.FVA[allPartners[0] * N] = worldFva[s];
      for (let k = 0; k < cells.FC.length; k++) cells.FDC[k] = cells.FC[k] - cells.FVA[k];
    }
    emitRows(rows, {
      year,
      terms,
      cells,
      level: o.level,
      unit: { exporter: f.countries[s], importer: null },
      N,
      sectors: f.sectors,
      pick: { sectors: sel.sectors, partners: sel.importers.filter((r) => r !== s), allSectors, allPartners },
      partnerIsImporter: true,
      countries: f.countries,
    });
  }
  return { terms, rows };
}

/**
 * World perimeter, source approach (BM 2019 eq. 52): foreign value added counted the first time a
 * country other than its origin exports it — produced in t, shipped directly to s, processed in s
 * and exported: FVA_s = Σ_{t≠s} V_t L_tt A_ts L_ss E_s.
 */
function worldFvaSource(c: BmContext): Float64Array {
  const { f, G, GN, A, VLdom } = c;
  const out = new Float64Array(G);
  for (let s = 0; s < G; s++) {
    const rs = f.rows[s];
    const g = localApply(localInverseOf(f, s), gather(f.E, rs));
    let acc = 0;
    for (let k = 0; k < rs.length; k++) {
      const col = rs[k] * GN;
      let sum = 0;
      for (let i = 0; i < GN; i++) if (f.cOf[i] !== s) sum += VLdom[i] * A[col + i];
      acc += sum * g[k];
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
  const { f, G, GN, A, B, VBfor, Wcol } = c;
  const v = f.model.vTrace;
  const AW = matvec(f.model.A, Wcol);
  const finRow = new Float64Array(GN);
  for (let r = 0; r < G; r++) for (let i = 0; i < GN; i++) finRow[i] += f.EsrFin[i + r * GN];
  const Wrex = new Float64Array(GN);
  for (let r = 0; r < G; r++) {
    const rr = f.rows[r];
    const nr = rr.length;
    const rex = new Float64Array(nr);
    for (let i = 0; i < nr; i++) {
      let dom = 0;
      for (let l = 0; l < nr; l++) dom += A[rr[l] * GN + rr[i]] * Wcol[rr[l]];
      rex[i] = finRow[rr[i]] + AW[rr[i]] - dom;
    }
    const w = localApply(localInverseOf(f, r), rex);
    for (let i = 0; i < nr; i++) Wrex[rr[i]] = w[i];
  }
  const out = new Float64Array(G);
  for (let s = 0; s < G; s++) {
    const d = exporterData(c, s);
    const { rs, ns } = d;
    let acc = 0;
    for (let r = 0; r < G; r++) {
      if (r === s) continue;
      const rr = f.rows[r];
      for (let n = 0; n < ns; n++) acc += VBfor[rs[n]] * (d.Efin[n + r * ns] + d.dae[n + r * ns]);
      for (let k = 0; k < ns; k++) {
        // (V_r B_rs)_k · (A_sr Wrex_r)_k
        let vb = 0;
        const bcol = rs[k] * GN;
        for (const i of rr) vb += v[i] * B[bcol + i];
        let aw = 0;
        for (const l of rr) aw += A[l * GN + rs[k]] * Wrex[l];
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
 * intermediates (A_tr, t ≠ r), B̃^r = (I − Ã^r)⁻¹ is a rank-n_r update of B:
 *   v B̃^r = v B − (V B_{·r} (I − A_rr) − v_r) K_r⁻¹ B_{r·},   K_r = B_rr (I − A_rr),
 * and VA of the import flow j → r is (v B̃^r)_j E_jr; DC = GIMP − VA.
 * Cells indexed by (exporting sector n, exporting country s): n + s·N (split parts summed).
 */
function importCells(c: BmContext, r: number): Cells {
  const { f, N, G, GN, A, B, VB } = c;
  const v = f.model.vTrace;
  const rr = f.rows[r];
  const nr = rr.length;
  const ImA = new Matrix(nr, nr);
  for (let k = 0; k < nr; k++) for (let i = 0; i < nr; i++) ImA.data[i + k * nr] = (i === k ? 1 : 0) - A[rr[k] * GN + rr[i]];
  const Brr = new Matrix(nr, nr);
  for (let k = 0; k < nr; k++) for (let i = 0; i < nr; i++) Brr.data[i + k * nr] = B[rr[k] * GN + rr[i]];
  const K = matmul(Brr, ImA);
  const w = new Float64Array(nr);
  for (let k = 0; k < nr; k++) {
    let acc = -v[rr[k]];
    for (let i = 0; i < nr; i++) acc += VB[rr[i]] * ImA.data[i + k * nr];
    w[k] = acc;
  }
  const z = LU.factor(K, { context: `B_rr (I − A_rr) of importer ${f.countries[r]}`, skipConditionCheck: true }).solve(w, true);
  const out: Cells = { GIMP: new Float64Array(N * G), VA: new Float64Array(N * G), DC: new Float64Array(N * G) };
  for (let j = 0; j < GN; j++) {
    const s = f.cOf[j];
    if (s === r) continue;
    const e = f.Esr[j + r * GN];
    let y = 0;
    for (let i = 0; i < nr; i++) y += z[i] * B[j * GN + rr[i]];
    const va = (VB[j] - y) * e;
    const q = f.nOf[j] + s * N;
    out.GIMP[q] += e;
    out.VA[q] += va;
    out.DC[q] += e - va;
  }
  return out;
}

function importRows(c: BmContext, o: BmOptions, sel: Selection): { terms: string[]; rows: Row[] } {
  const { f } = c;
  const year = f.model.table.year ?? null;
  const rows: Row[] = [];
  const allSectors = Array.from({ length: c.N }, (_, n) => n);
  for (const r of sel.importers) {
    const cells = importCells(c, r);
    const allPartners = Array.from({ length: c.G }, (_, s) => s).filter((s) => s !== r);
    emitRows(rows, {
      year,
      terms: IMPORT_TERMS,
      cells,
      level: o.level,
      unit: { exporter: null, importer: f.countries[r] },
      N: c.N,
      sectors: f.sectors,
      pick: { sectors: sel.sectors, partners: sel.exporters.filter((s) => s !== r), allSectors, allPartners },
      partnerIsImporter: false,
      countries: f.countries,
    });
  }
  return { terms: IMPORT_TERMS, rows };
}

function run(model: Model, o: BmOptions) {
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
  const f = frameOf(model, blocksOf(o));
  const c = bmContext(f);
  const sel = frameSelection(f, o);
  const { terms, rows } = imports ? importRows(c, o, sel) : exportRows(c, o, sel);
  return frameResult(f, { ...o, method: 'bm' }, o.level, terms, rows);
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
