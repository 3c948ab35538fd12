/**
 * The scaffolding the frame-based decompositions share: the selection in frame indices, the
 * blocks option, the level check, the Result with its metadata (frameResult), the summaries
 * (summarizeRows) and frameMethod, which makes a TradeMethod from these parts. The term cube
 * itself (the GN × G arrays and their rows at each level) is cube.ts.
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
